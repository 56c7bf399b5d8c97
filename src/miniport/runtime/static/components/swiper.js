// <swiper> / <swiper-item>: a carousel. Items stay where the view layer put them
// (light DOM, their own style attribute untouched); the swiper positions them with
// a generated style sheet in its shadow root, one ::slotted rule per index, so a
// circular swiper can wrap items around without cloning any DOM.
//
// Events: change {current, currentItemId, source} when the user (source "touch") or
// autoplay ("autoplay") moves it; transition {dx, dy} while dragging;
// animationfinish {current, currentItemId, source} when movement settles.

import { MpElement, Types, define, shadow, EchoLog } from './element.js';

const CSS = `
:host { display: block; position: relative; height: 150px; overflow: hidden; touch-action: pan-y;
  user-select: none; -webkit-user-select: none; }
:host([data-vertical]) { touch-action: pan-x; }
:host(:focus-visible) { outline: 2px solid #07c160; outline-offset: -2px; }
.viewport { position: absolute; inset: 0; overflow: hidden; }
::slotted(*) { position: absolute; top: 0; left: 0; width: 100%; height: 100%; box-sizing: border-box;
  overflow: hidden; will-change: transform; }
.dots { position: absolute; display: flex; gap: 8px; left: 50%; bottom: 10px; transform: translateX(-50%);
  pointer-events: none; }
:host([data-vertical]) .dots { flex-direction: column; left: auto; right: 10px; top: 50%; bottom: auto;
  transform: translateY(-50%); }
.dot { width: 8px; height: 8px; border-radius: 50%; transition: background-color .3s; }
`;

const EASINGS = {
  default: 'ease', linear: 'linear', easeInCubic: 'cubic-bezier(0.32, 0, 0.67, 0)',
  easeOutCubic: 'cubic-bezier(0.33, 1, 0.68, 1)', easeInOutCubic: 'cubic-bezier(0.65, 0, 0.35, 1)',
};

export class WxSwiper extends MpElement {
  static props = {
    indicatorDots: { type: Types.Boolean, value: false },
    indicatorColor: { type: Types.String, value: 'rgba(0, 0, 0, .3)' },
    indicatorActiveColor: { type: Types.String, value: '#000000' },
    autoplay: { type: Types.Boolean, value: false },
    current: { type: Types.Number, value: 0 },
    currentItemId: { type: Types.String, value: '' },
    interval: { type: Types.Number, value: 5000 },
    duration: { type: Types.Number, value: 500 },
    circular: { type: Types.Boolean, value: false },
    vertical: { type: Types.Boolean, value: false },
    previousMargin: { type: Types.String, value: '0px' },
    nextMargin: { type: Types.String, value: '0px' },
    displayMultipleItems: { type: Types.Number, value: 1 },
    easingFunction: { type: Types.String, value: 'default' },
  };

  firstConnected() {
    const root = shadow(this, CSS, '<div class="viewport" part="viewport"><slot></slot></div><div class="dots" part="dots" aria-hidden="true"></div>');
    this._layout = new CSSStyleSheet();
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this._layout];
    this._dots = root.querySelector('.dots');
    this._viewport = root.querySelector('.viewport');
    this._index = 0;
    this._offsets = [];
    this._currentDirty = true;
    this.setAttribute('role', 'region');
    this.setAttribute('aria-roledescription', 'carousel');
    this.setAttribute('tabindex', '0');
    root.querySelector('slot').addEventListener('slotchange', () => this.requestRender());
    this.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.addEventListener('keydown', (e) => this.onKeydown(e));
    // A drag must not end in a tap on the item under the pointer.
    this.addEventListener('click', (e) => {
      if (this._dragged) {
        e.stopPropagation();
        e.preventDefault();
        this._dragged = false;
      }
    }, true);
  }

  disconnectedCallback() {
    clearInterval(this._timer);
    this._timer = 0;
    this._autoplayOn = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this._autoplayOn = false;
  }

  propChanged(name, value, old) {
    if (name === 'current' && this.isEcho(value)) return;
    if (name === 'current' || name === 'currentItemId') this._currentDirty = true;
    if (name === 'autoplay' || name === 'interval') this._autoplayOn = false;
    super.propChanged(name, value, old);
  }

  get items() {
    return [...this.children].filter((c) => c.localName === 'wx-swiper-item');
  }

  /** The largest index `current` may take: a non-circular row of k-up items stops early. */
  get maxIndex() {
    const n = this.items.length;
    const k = Math.max(1, Math.floor(this.displayMultipleItems) || 1);
    return this.circular ? n - 1 : Math.max(0, n - k);
  }

  render() {
    this.toggleAttribute('data-vertical', this.vertical);
    const items = this.items;
    if (this._currentDirty) {
      this._currentDirty = false;
      let index = this.current;
      if (this.currentItemId) {
        const byId = items.findIndex((it) => it.itemId === this.currentItemId);
        if (byId >= 0) index = byId;
      }
      const next = Math.min(Math.max(Math.round(index), 0), this.maxIndex);
      if (next !== this._index) this.goTo(next, '', { silent: true });
    }
    if (this._index > this.maxIndex) this._index = this.maxIndex;
    this.layout(this._index, true);
    this.renderDots();
    this.setupAutoplay();
  }

  /** Places every item relative to `position` (a float while dragging). */
  layout(position, animate) {
    const items = this.items;
    const n = items.length;
    const k = Math.max(1, Math.floor(this.displayMultipleItems) || 1);
    const axis = this.vertical ? 'Y' : 'X';
    const easing = EASINGS[this.easingFunction] || EASINGS.default;
    const margin = this.vertical ? ['top', 'height'] : ['left', 'width'];
    let css = `::slotted(*) { ${margin[0]}: ${cssLength(this.previousMargin)}; ${margin[1]}: calc((100% - ${cssLength(this.previousMargin)} - ${cssLength(this.nextMargin)}) / ${k}); }\n`;
    const elements = [...this.children];
    items.forEach((item, i) => {
      let offset = i - position;
      if (this.circular && n > k) {
        // Put each item on the side that is nearer, so the row wraps around.
        const half = n / 2;
        while (offset < -half + (k - 1) / 2) offset += n;
        while (offset >= half + (k - 1) / 2) offset -= n;
      }
      const jumped = this._offsets[i] !== undefined && Math.abs(offset - this._offsets[i]) > 1.5;
      this._offsets[i] = offset;
      const transition = animate && !jumped ? `transform ${this.duration}ms ${easing}` : 'none';
      css += `::slotted(:nth-child(${elements.indexOf(item) + 1})) { transform: translate${axis}(${offset * 100}%); transition: ${transition}; }\n`;
    });
    this._layout.replaceSync(css);
  }

  renderDots() {
    const n = this.items.length;
    this._dots.style.display = this.indicatorDots && n > 1 ? '' : 'none';
    if (this._dots.children.length !== n) {
      this._dots.replaceChildren(...Array.from({ length: n }, () => Object.assign(document.createElement('span'), { className: 'dot' })));
    }
    [...this._dots.children].forEach((dot, i) => {
      dot.style.backgroundColor = i === this._index ? this.indicatorActiveColor : this.indicatorColor;
      dot.toggleAttribute('data-active', i === this._index);
    });
  }

  itemIdAt(index) {
    const item = this.items[index];
    return item ? item.itemId || '' : '';
  }

  /** Moves to `index`; emits change (unless silent) and, once settled, animationfinish. */
  goTo(index, source, { silent = false } = {}) {
    const n = this.items.length;
    if (!n) return;
    let next = index;
    if (this.circular) next = ((index % n) + n) % n;
    else next = Math.min(Math.max(index, 0), this.maxIndex);
    const changed = next !== this._index;
    this._index = next;
    this.layout(next, true);
    this.renderDots();
    if (changed && !silent) {
      (this._echoes ??= new EchoLog()).add(next);
      this.emit('change', { current: next, currentItemId: this.itemIdAt(next), source });
    }
    clearTimeout(this._finishTimer);
    this._finishTimer = setTimeout(() => {
      this.emit('animationfinish', { current: next, currentItemId: this.itemIdAt(next), source });
    }, this.duration);
  }

  /**
   * The page echoing `change` into `current` (the usual bindchange → setData) arrives a
   * round trip later; after two quick swipes, the echo of the first would pull the
   * swiper back. A value this swiper reported itself is such an echo and is skipped.
   */
  isEcho(value) {
    return Boolean(this._echoes && this._echoes.consume(Math.round(Number(value))));
  }

  setupAutoplay() {
    if (this._autoplayOn === this.autoplay && this._timer) return;
    clearInterval(this._timer);
    this._timer = 0;
    this._autoplayOn = this.autoplay;
    if (!this.autoplay || this.items.length < 2) return;
    this._timer = setInterval(() => {
      if (this._dragging || !this.isConnected) return;
      // Without circular, autoplay returns to the first item after the last.
      const next = this._index + 1 > this.maxIndex && !this.circular ? 0 : this._index + 1;
      this.goTo(next, 'autoplay');
    }, Math.max(this.interval, 100));
  }

  onPointerDown(event) {
    if (event.button !== 0 || this.items.length < 2) return;
    const startX = event.clientX;
    const startY = event.clientY;
    const startTime = performance.now();
    const size = this.vertical ? this._viewport.clientHeight : this._viewport.clientWidth;
    const k = Math.max(1, Math.floor(this.displayMultipleItems) || 1);
    const itemSize = size / k || 1;
    this._dragging = true;
    this._dragged = false;
    const delta = (e) => (this.vertical ? e.clientY - startY : e.clientX - startX);
    const move = (e) => {
      const d = delta(e);
      if (!this._dragged && Math.abs(d) < 5) return;
      if (!this._dragged) this.setPointerCapture?.(e.pointerId);
      this._dragged = true;
      let position = this._index - d / itemSize;
      if (!this.circular) position = Math.min(Math.max(position, -0.3), this.maxIndex + 0.3);
      this.layout(position, false);
      this.emit('transition', { dx: startX - e.clientX, dy: startY - e.clientY });
    };
    const up = (e) => {
      this.removeEventListener('pointermove', move);
      this.removeEventListener('pointerup', up);
      this.removeEventListener('pointercancel', up);
      this._dragging = false;
      if (!this._dragged) return;
      const d = e.type === 'pointercancel' ? 0 : delta(e);
      const velocity = d / Math.max(performance.now() - startTime, 1);
      let step = 0;
      if (Math.abs(d) > itemSize / 2 || (Math.abs(velocity) > 0.3 && Math.abs(d) > 10)) step = d < 0 ? 1 : -1;
      if (step) this.goTo(this._index + step, 'touch');
      else this.layout(this._index, true);
    };
    this.addEventListener('pointermove', move);
    this.addEventListener('pointerup', up);
    this.addEventListener('pointercancel', up);
  }

  onKeydown(event) {
    if (event.target !== this) return;
    const prev = this.vertical ? 'ArrowUp' : 'ArrowLeft';
    const next = this.vertical ? 'ArrowDown' : 'ArrowRight';
    if (event.key !== prev && event.key !== next) return;
    event.preventDefault();
    this.goTo(this._index + (event.key === next ? 1 : -1), 'touch');
  }
}

export class WxSwiperItem extends MpElement {
  static props = {
    itemId: { type: Types.String, value: '' },
    skipHiddenItemLayout: { type: Types.Boolean, value: false },
  };

  firstConnected() {
    this.setAttribute('role', 'group');
    this.setAttribute('aria-roledescription', 'slide');
  }
}

function cssLength(v) {
  const s = String(v).trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return `${s}px`;
  if (/^-?\d+(\.\d+)?rpx$/.test(s)) return `calc(${parseFloat(s)} * var(--mp-rpx, 0.5px))`;
  return /^-?\d+(\.\d+)?(px|%|em|rem|vw|vh)$/.test(s) ? s : '0px';
}

define('wx-swiper', WxSwiper);
define('wx-swiper-item', WxSwiperItem);
