// The scrolling wheel shared by <picker-view-column> and <picker>'s popup: a
// scroll-snapping box whose selected row is the one under the centre indicator.
// It turns "the scrolling came to rest" into one `onSettle(index)` call, and makes
// the wheel a keyboard-operable spinbutton (ArrowUp/Down, PageUp/Down, Home/End).

// Class names carry an mp- prefix because picker-view columns also adopt the page's
// sheets (for indicator-class / mask-class): a page rule for `.mask` must not reach in.
export const WHEEL_CSS = `
.mp-wheel { position: relative; height: 100%; overflow: hidden; }
.mp-scroller { position: absolute; inset: 0; overflow-y: scroll; scroll-snap-type: y mandatory;
  scrollbar-width: none; overscroll-behavior: contain; overflow-anchor: none; }
.mp-scroller::-webkit-scrollbar { display: none; }
.mp-pad { scroll-snap-align: none; }
.mp-mask { position: absolute; inset: 0; pointer-events: none;
  background: linear-gradient(180deg, rgba(255,255,255,.95), rgba(255,255,255,.6)) top / 100% var(--pad) no-repeat,
    linear-gradient(0deg, rgba(255,255,255,.95), rgba(255,255,255,.6)) bottom / 100% var(--pad) no-repeat; }
.mp-indicator { position: absolute; left: 0; right: 0; top: var(--pad); height: var(--row); pointer-events: none;
  border-top: 1px solid #e5e5e5; border-bottom: 1px solid #e5e5e5; box-sizing: border-box; }
.mp-wheel:focus-visible { outline: 2px solid #07c160; outline-offset: -2px; }
`;

export class Wheel {
  /**
   * @param wheel      the .mp-wheel element (focusable, role=spinbutton)
   * @param scroller   the .mp-scroller inside it
   * @param rows       () => the row elements, in order
   * @param onSettle   (index) => void, called when the user changes the selection
   */
  constructor(wheel, scroller, rows, onSettle) {
    this.wheel = wheel;
    this.scroller = scroller;
    this.rows = rows;
    this.onSettle = onSettle;
    this.index = 0;
    // Where our own last scrollTo put the box: a scroll that ends there is not the user's.
    this._expectedTop = 0;
    this._timer = 0;
    wheel.setAttribute('role', 'spinbutton');
    if (!wheel.hasAttribute('tabindex')) wheel.setAttribute('tabindex', '0');
    scroller.addEventListener('scroll', () => this.onScroll());
    scroller.addEventListener('scrollend', () => this.settle());
    wheel.addEventListener('keydown', (e) => this.onKeydown(e));
  }

  get rowHeight() {
    const first = this.rows()[0];
    return (first && first.getBoundingClientRect().height) || 34;
  }

  /** Sizes the padding so the first and last rows can reach the indicator. */
  measure() {
    const row = this.rowHeight;
    const height = this.wheel.clientHeight;
    const pad = Math.max(0, (height - row) / 2);
    this.wheel.style.setProperty('--row', row + 'px');
    this.wheel.style.setProperty('--pad', pad + 'px');
    for (const p of this.scroller.querySelectorAll('.mp-pad')) p.style.height = pad + 'px';
    return row;
  }

  /** Shows row `index` under the indicator without reporting a change. */
  scrollToIndex(index, smooth = false) {
    const count = this.rows().length;
    this.index = Math.min(Math.max(index, 0), Math.max(count - 1, 0));
    const row = this.measure();
    this._expectedTop = this.index * row;
    this.scroller.scrollTo({ top: this._expectedTop, behavior: smooth ? 'smooth' : 'instant' });
    this.updateAria();
  }

  onScroll() {
    // Chromium fires scrollend; the timer covers engines that do not.
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this.settle(), 150);
  }

  settle() {
    clearTimeout(this._timer);
    const count = this.rows().length;
    if (!count) return;
    const top = this.scroller.scrollTop;
    if (Math.abs(top - this._expectedTop) < 1) return;
    const index = Math.min(Math.max(Math.round(top / this.rowHeight), 0), count - 1);
    this._expectedTop = index * this.rowHeight;
    if (index === this.index) return;
    this.index = index;
    this.updateAria();
    this.onSettle(index, true);
  }

  /** Selects `index` as if the user had scrolled there (keyboard, tap on a row). */
  choose(index) {
    const count = this.rows().length;
    const next = Math.min(Math.max(index, 0), count - 1);
    if (next === this.index || count === 0) return;
    this._expectedTop = next * this.rowHeight;
    this.scroller.scrollTo({ top: this._expectedTop, behavior: 'instant' });
    this.index = next;
    this.updateAria();
    this.onSettle(next, true);
  }

  updateAria() {
    const rows = this.rows();
    this.wheel.setAttribute('aria-valuemin', '0');
    this.wheel.setAttribute('aria-valuemax', String(Math.max(rows.length - 1, 0)));
    this.wheel.setAttribute('aria-valuenow', String(this.index));
    const row = rows[this.index];
    if (row) this.wheel.setAttribute('aria-valuetext', row.textContent.trim());
  }

  onKeydown(event) {
    const delta = { ArrowDown: 1, ArrowUp: -1, PageDown: 5, PageUp: -5 }[event.key];
    const count = this.rows().length;
    let next;
    if (delta !== undefined) next = this.index + delta;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = count - 1;
    else return;
    event.preventDefault();
    this.choose(next);
  }
}
