// <movable-area> and <movable-view>: a box the user drags inside its area.
// Supported: x, y (px numbers or "Npx"/"Nrpx"), direction all/vertical/horizontal/none,
// disabled, out-of-bounds, animation; change {x, y, source} while dragging ("touch")
// and when the page moves it (""). Not supported: inertia, damping/friction, scale.
//
// The view's position is written into a small style sheet in its own shadow root
// (`:host { transform }`), because the element's style attribute belongs to the page.

import { MpElement, Types, define, shadow, closestComposed, rpxUnit, sheetFor } from './element.js';

const AREA_CSS = ':host { display: block; position: relative; width: 10px; height: 10px; }';
const VIEW_CSS = `:host { display: block; position: absolute; top: 0; left: 0; width: 10px; height: 10px;
  touch-action: none; user-select: none; -webkit-user-select: none; }`;

export class WxMovableArea extends MpElement {
  static props = { scaleArea: { type: Types.Boolean, value: false } };

  firstConnected() {
    shadow(this, AREA_CSS, '<slot></slot>');
  }
}

export class WxMovableView extends MpElement {
  static props = {
    x: { type: Types.Any, value: 0 },
    y: { type: Types.Any, value: 0 },
    direction: { type: Types.String, value: 'none' },
    disabled: { type: Types.Boolean, value: false },
    outOfBounds: { type: Types.Boolean, value: false },
    animation: { type: Types.Boolean, value: true },
    inertia: { type: Types.Boolean, value: false },
    scale: { type: Types.Boolean, value: false },
  };

  firstConnected() {
    const root = shadow(this, VIEW_CSS, '<slot></slot>');
    this._position = new CSSStyleSheet();
    root.adoptedStyleSheets = [sheetFor(VIEW_CSS), this._position];
    this._at = { x: 0, y: 0 };
    this._placeDirty = true;
    this.addEventListener('pointerdown', (e) => this.onPointerDown(e));
  }

  propChanged(name, value, old) {
    if (name === 'x' || name === 'y') this._placeDirty = true;
    super.propChanged(name, value, old);
  }

  render() {
    if (!this._placeDirty) return;
    this._placeDirty = false;
    const initial = !this._placedOnce;
    this._placedOnce = true;
    // Positions need layout (area and view sizes): apply after it.
    requestAnimationFrame(() => {
      const next = this.clampPosition(toPx(this.x, this), toPx(this.y, this));
      if (next.x === this._at.x && next.y === this._at.y) return;
      this.place(next, this.animation && !initial);
      // The first placement is where the page put it, not a move.
      if (!initial) this.emit('change', { x: next.x, y: next.y, source: '' });
    });
  }

  get area() {
    return closestComposed(this, 'wx-movable-area') || this.parentElement;
  }

  /** The furthest the view may go: the area minus the view (0 when it is larger). */
  bounds() {
    const area = this.area;
    const maxX = area ? Math.max(0, area.clientWidth - this.offsetWidth) : Infinity;
    const maxY = area ? Math.max(0, area.clientHeight - this.offsetHeight) : Infinity;
    return { maxX, maxY };
  }

  clampPosition(x, y) {
    if (this.outOfBounds) return { x, y };
    const { maxX, maxY } = this.bounds();
    return { x: Math.min(Math.max(x, 0), maxX), y: Math.min(Math.max(y, 0), maxY) };
  }

  place({ x, y }, animate) {
    this._at = { x, y };
    const transition = animate ? 'transition: transform .3s ease-out;' : '';
    this._position.replaceSync(`:host { transform: translate(${x}px, ${y}px); ${transition} }`);
  }

  onPointerDown(event) {
    const canX = this.direction === 'all' || this.direction === 'horizontal';
    const canY = this.direction === 'all' || this.direction === 'vertical';
    if (this.disabled || (!canX && !canY) || event.button !== 0) return;
    this.setPointerCapture?.(event.pointerId);
    const start = { px: event.clientX, py: event.clientY, ...this._at };
    const move = (e) => {
      const x = canX ? start.x + e.clientX - start.px : start.x;
      const y = canY ? start.y + e.clientY - start.py : start.y;
      const next = this.clampPosition(x, y);
      if (next.x === this._at.x && next.y === this._at.y) return;
      this.place(next, false);
      const { maxX, maxY } = this.bounds();
      const beyond = next.x < 0 || next.y < 0 || next.x > maxX || next.y > maxY;
      this.emit('change', { x: next.x, y: next.y, source: beyond ? 'touch-out-of-bounds' : 'touch' });
    };
    const up = () => {
      this.removeEventListener('pointermove', move);
      this.removeEventListener('pointerup', up);
      this.removeEventListener('pointercancel', up);
    };
    this.addEventListener('pointermove', move);
    this.addEventListener('pointerup', up);
    this.addEventListener('pointercancel', up);
  }
}

function toPx(v, el) {
  if (typeof v === 'number') return v;
  const s = String(v ?? '').trim();
  if (s.endsWith('rpx')) return parseFloat(s) * rpxUnit(el);
  return parseFloat(s) || 0;
}

define('wx-movable-area', WxMovableArea);
define('wx-movable-view', WxMovableView);
