// <text selectable space decode>. Plain text needs no work: the view layer puts text
// nodes inside <wx-text>. With `space` or `decode`, the displayed text differs from
// the source text, so the shadow root shows a transformed copy of each text child
// while element children (nested <text>) are slotted through manual slot assignment.
// The light DOM stays exactly as the view layer wrote it, so its diff keeps working.

import { MpElement, Types, define } from './element.js';
import { decodeEntities } from './entities.js';

const SPACES = { ensp: '\u2002', emsp: '\u2003', nbsp: '\u00a0' };

const CSS = `
:host { display: inline; white-space: pre-line; user-select: none; -webkit-user-select: none; }
:host([data-selectable]) { user-select: text; -webkit-user-select: text; }
`;

export class WxText extends MpElement {
  static props = {
    selectable: { type: Types.Boolean, value: false },
    userSelect: { type: Types.Boolean, value: false },
    space: { type: Types.String, value: '' },
    decode: { type: Types.Boolean, value: false },
  };

  firstConnected() {
    this._root = this.attachShadow({ mode: 'open', slotAssignment: 'manual' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    this._root.adoptedStyleSheets = [sheet];
    this._observer = new MutationObserver(() => this.requestRender());
    this._observer.observe(this, { childList: true, characterData: true, subtree: true });
  }

  render() {
    this.toggleAttribute('data-selectable', this.selectable || this.userSelect);
    const root = this._root;
    root.replaceChildren();
    for (const child of this.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        root.append(this.transform(child.data));
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const slot = document.createElement('slot');
        root.append(slot);
        slot.assign(child);
      }
    }
  }

  transform(source) {
    let out = source;
    const space = SPACES[this.space];
    if (space) out = out.replace(/ /g, space);
    if (this.decode) out = decodeEntities(out);
    return out;
  }
}

define('wx-text', WxText);
