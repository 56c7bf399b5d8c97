// <scroll-view scroll-x scroll-y scroll-top scroll-left scroll-into-view …>.
// The scrolling box lives in the shadow root (so the element's own native `scroll`
// never reaches the view layer); its light-DOM children are slotted into it. Scroll
// events carry WeChat's detail, and scrolltoupper/scrolltolower fire once each time
// the position enters the threshold zone.

import { MpElement, Types, define, shadow, rpxUnit } from './element.js';

const CSS = `
:host { display: block; position: relative; overflow: hidden; }
.scroller { box-sizing: border-box; width: 100%; height: 100%; max-height: inherit; overflow: hidden;
  overscroll-behavior: contain; -webkit-overflow-scrolling: touch; }
:host([data-x]) .scroller { overflow-x: auto; }
:host([data-y]) .scroller { overflow-y: auto; }
/* enable-flex: the page's flex settings on <scroll-view> lay out its children. */
:host([data-flex]) .scroller { display: flex; flex-direction: inherit; flex-wrap: inherit;
  align-items: inherit; align-content: inherit; justify-content: inherit; gap: inherit; }
:host([data-hide-bar]) .scroller { scrollbar-width: none; }
:host([data-hide-bar]) .scroller::-webkit-scrollbar { display: none; }
.refresher { display: none; align-items: center; justify-content: center; overflow: hidden; height: 0;
  color: #888; font-size: 13px; }
:host([data-refresher]) .refresher { display: flex; }
.dots::after { content: "···"; letter-spacing: 3px; }
`;

export class WxScrollView extends MpElement {
  static props = {
    scrollX: { type: Types.Boolean, value: false },
    scrollY: { type: Types.Boolean, value: false },
    upperThreshold: { type: Types.Number, value: 50 },
    lowerThreshold: { type: Types.Number, value: 50 },
    scrollTop: { type: Types.Any, value: null },
    scrollLeft: { type: Types.Any, value: null },
    scrollIntoView: { type: Types.String, value: '' },
    scrollWithAnimation: { type: Types.Boolean, value: false },
    enableBackToTop: { type: Types.Boolean, value: false },
    showScrollbar: { type: Types.Boolean, value: true },
    enhanced: { type: Types.Boolean, value: false },
    enableFlex: { type: Types.Boolean, value: false },
    refresherEnabled: { type: Types.Boolean, value: false },
    refresherThreshold: { type: Types.Number, value: 45 },
    refresherTriggered: { type: Types.Boolean, value: false },
  };

  firstConnected() {
    const root = shadow(this, CSS,
      '<div class="scroller" part="scroller"><div class="refresher" part="refresher"><span class="dots"></span></div><slot></slot></div>');
    this._scroller = root.querySelector('.scroller');
    this._refresher = root.querySelector('.refresher');
    this._last = { top: 0, left: 0 };
    this._inUpper = { x: true, y: true };
    this._inLower = { x: false, y: false };
    for (const name of ['scrollTop', 'scrollLeft', 'scrollIntoView']) this.pendingScroll.add(name);
    this._scroller.addEventListener('scroll', () => this.onScroll());
    this._scroller.addEventListener('wheel', (e) => this.onWheelPull(e), { passive: true });
  }

  /** Scroll positions to apply at the next render; properties may arrive before attach. */
  get pendingScroll() {
    if (!this._pending) this._pending = new Set();
    return this._pending;
  }

  propChanged(name, value, old) {
    if (name === 'scrollTop' || name === 'scrollLeft' || name === 'scrollIntoView') this.pendingScroll.add(name);
    if (name === 'refresherTriggered') this.showRefresher(value);
    super.propChanged(name, value, old);
  }

  render() {
    this.toggleAttribute('data-x', this.scrollX);
    this.toggleAttribute('data-y', this.scrollY);
    this.toggleAttribute('data-hide-bar', !this.showScrollbar);
    this.toggleAttribute('data-flex', this.enableFlex);
    this.toggleAttribute('data-refresher', this.refresherEnabled);
    const pending = this._pending;
    this._pending = new Set();
    // Positions apply after layout, so children added in the same update count.
    requestAnimationFrame(() => {
      const behavior = this.scrollWithAnimation ? 'smooth' : 'instant';
      if (pending.has('scrollIntoView') && this.scrollIntoView) this.scrollToId(this.scrollIntoView, behavior);
      else {
        const to = {};
        if (pending.has('scrollTop') && this.scrollTop !== null && this.scrollTop !== '') to.top = toPx(this.scrollTop, this);
        if (pending.has('scrollLeft') && this.scrollLeft !== null && this.scrollLeft !== '') to.left = toPx(this.scrollLeft, this);
        if ('top' in to || 'left' in to) this._scroller.scrollTo({ ...to, behavior });
      }
    });
  }

  /** scroll-into-view: the element with that id in the same root as this scroll-view. */
  scrollToId(id, behavior) {
    const root = this.getRootNode();
    const target = root.getElementById ? root.getElementById(id) : null;
    if (!target || !this.contains(target)) return;
    const box = this._scroller.getBoundingClientRect();
    const rect = target.getBoundingClientRect();
    const to = {};
    if (this.scrollY) to.top = this._scroller.scrollTop + rect.top - box.top;
    if (this.scrollX) to.left = this._scroller.scrollLeft + rect.left - box.left;
    this._scroller.scrollTo({ ...to, behavior });
  }

  onScroll() {
    const s = this._scroller;
    const detail = {
      scrollLeft: s.scrollLeft, scrollTop: s.scrollTop,
      scrollHeight: s.scrollHeight, scrollWidth: s.scrollWidth,
      deltaX: s.scrollLeft - this._last.left, deltaY: s.scrollTop - this._last.top,
    };
    this._last = { top: s.scrollTop, left: s.scrollLeft };
    this.emit('scroll', detail);
    this.checkEdge('y', s.scrollTop, s.scrollHeight - s.clientHeight, 'top', 'bottom');
    this.checkEdge('x', s.scrollLeft, s.scrollWidth - s.clientWidth, 'left', 'right');
  }

  checkEdge(axis, pos, max, upperName, lowerName) {
    if (axis === 'y' ? !this.scrollY : !this.scrollX) return;
    const inUpper = pos <= this.upperThreshold;
    const inLower = max - pos <= this.lowerThreshold;
    if (inUpper && !this._inUpper[axis]) this.emit('scrolltoupper', { direction: upperName });
    if (inLower && !this._inLower[axis]) this.emit('scrolltolower', { direction: lowerName });
    this._inUpper[axis] = inUpper;
    this._inLower[axis] = inLower;
  }

  /** A simple pull-to-refresh for mouse and trackpad: pulling past the top triggers it. */
  onWheelPull(event) {
    if (!this.refresherEnabled || this._refreshing || this._scroller.scrollTop > 0 || event.deltaY >= 0) return;
    this._pull = (this._pull || 0) - event.deltaY;
    this.emit('refresherpulling', { dy: this._pull });
    if (this._pull >= this.refresherThreshold) {
      this._pull = 0;
      this.showRefresher(true);
      this.emit('refresherrefresh', { dy: this.refresherThreshold });
    }
  }

  showRefresher(on) {
    if (!this._refresher) return;
    const was = this._refreshing;
    this._refreshing = on;
    this._refresher.style.height = on ? this.refresherThreshold + 'px' : '0';
    if (was && !on) this.emit('refresherrestore', {});
  }
}

/** Numbers are px; strings may say "120px" or "240rpx". */
function toPx(v, el) {
  if (typeof v === 'number') return v;
  const s = String(v).trim();
  if (s.endsWith('rpx')) return parseFloat(s) * rpxUnit(el);
  return parseFloat(s) || 0;
}

define('wx-scroll-view', WxScrollView);
