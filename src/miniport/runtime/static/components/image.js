// <image src mode lazy-load>: an <img> in a shadow root sized by `mode`.
// Default box is 320×240 as in WeChat; widthFix/heightFix let one side follow the
// picture's aspect ratio. load {width, height} reports the natural size.

import { MpElement, Types, define, shadow } from './element.js';

const CSS = `
:host { display: inline-block; position: relative; width: 320px; height: 240px; overflow: hidden; }
:host([data-mode="widthFix"]) { height: auto; }
:host([data-mode="heightFix"]) { width: auto; }
img { display: block; width: 100%; height: 100%; object-fit: fill; -webkit-user-drag: none; user-select: none; }
img:not([src]) { visibility: hidden; }
:host([data-mode="widthFix"]) img { height: auto; }
:host([data-mode="heightFix"]) img { width: auto; }
`;

/** object-fit / object-position for each mode; the crop modes do not scale. */
const MODES = {
  scaleToFill: ['fill', 'center'],
  aspectFit: ['contain', 'center'],
  aspectFill: ['cover', 'center'],
  widthFix: ['fill', 'center'],
  heightFix: ['fill', 'center'],
  top: ['none', 'center top'],
  bottom: ['none', 'center bottom'],
  center: ['none', 'center center'],
  left: ['none', 'left center'],
  right: ['none', 'right center'],
  'top left': ['none', 'left top'],
  'top right': ['none', 'right top'],
  'bottom left': ['none', 'left bottom'],
  'bottom right': ['none', 'right bottom'],
};

export class WxImage extends MpElement {
  static props = {
    src: { type: Types.String, value: '' },
    mode: { type: Types.String, value: 'scaleToFill' },
    lazyLoad: { type: Types.Boolean, value: false },
    webp: { type: Types.Boolean, value: false },
    showMenuByLongpress: { type: Types.Boolean, value: false },
  };

  firstConnected() {
    const root = shadow(this, CSS, '<img part="img" alt="" draggable="false">');
    this._img = root.querySelector('img');
    this._img.addEventListener('load', (e) => {
      e.stopPropagation();
      this.emit('load', { width: this._img.naturalWidth, height: this._img.naturalHeight });
    });
    this._img.addEventListener('error', (e) => {
      e.stopPropagation();
      if (this._img.getAttribute('src')) this.emit('error', { errMsg: `GET ${this.src} failed: the image could not be loaded` });
    });
    // Images carry meaning only when the page labels them (aria-label / aria-role).
    if (!this.hasAttribute('role')) this.setAttribute('role', this.hasAttribute('aria-label') ? 'img' : 'presentation');
  }

  disconnectedCallback() {
    this._observer?.disconnect();
    this._observer = null;
  }

  render() {
    const [fit, position] = MODES[this.mode] || MODES.scaleToFill;
    this.setAttribute('data-mode', MODES[this.mode] ? this.mode : 'scaleToFill');
    this._img.style.objectFit = fit;
    this._img.style.objectPosition = position;
    if (this.src === this._shownSrc) return;
    if (this.lazyLoad && this.src && !this._visible) {
      this.watchVisibility();
      return;
    }
    this.load();
  }

  load() {
    this._shownSrc = this.src;
    if (this.src) this._img.setAttribute('src', this.src);
    else this._img.removeAttribute('src');
  }

  /** lazy-load: fetch the picture only when it comes near the viewport. */
  watchVisibility() {
    if (this._observer) return;
    this._observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this._visible = true;
      this._observer.disconnect();
      this._observer = null;
      this.load();
    }, { rootMargin: '50% 0px' });
    this._observer.observe(this);
  }
}

define('wx-image', WxImage);
