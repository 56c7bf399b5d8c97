// Default styles for the plain built-in containers, which are not custom elements
// but bare `wx-*` elements. The view layer adopts `baseSheet()` into every page and
// component shadow root (before app/page/component sheets, so mini-program CSS
// overrides it). Interactive built-ins carry their defaults in their own shadow
// roots as `:host` rules, which mini-program CSS overrides as well.

export const baseCss = `
wx-view, wx-cover-view, wx-page, wx-block,
wx-form, wx-label, wx-navigator, wx-scroll-view, wx-swiper-item { display: block; }
wx-text { display: inline; white-space: pre-line; user-select: none; -webkit-user-select: none; }
wx-text[data-selectable] { user-select: text; -webkit-user-select: text; }
wx-label, wx-navigator { cursor: pointer; }
wx-page { min-height: 100%; }
wx-view[hidden], wx-text[hidden], wx-cover-view[hidden], wx-block[hidden],
[hidden]:is(wx-button, wx-image, wx-input, wx-textarea, wx-checkbox, wx-radio, wx-switch,
  wx-slider, wx-picker, wx-picker-view, wx-form, wx-label, wx-scroll-view, wx-swiper,
  wx-swiper-item, wx-navigator, wx-icon, wx-progress, wx-rich-text, wx-web-view,
  wx-checkbox-group, wx-radio-group, wx-movable-area, wx-movable-view) { display: none !important; }
`;

let sheet = null;

/** The one shared CSSStyleSheet holding `baseCss` (created on first use). */
export function baseSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(baseCss);
  }
  return sheet;
}
