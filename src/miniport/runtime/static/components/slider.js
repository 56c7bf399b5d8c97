// <slider>: drag the handle (or press arrow keys, Home, End, PageUp/PageDown);
// `changing` fires while dragging, `change` once when the value is settled.

import { MpElement, Types, define, shadow } from './element.js';

const CSS = `
:host { display: block; margin: 10px 18px; padding: 0; touch-action: none; user-select: none; -webkit-user-select: none; }
:host([aria-disabled="true"]) { opacity: 0.6; }
:host(:focus-visible) { outline: 2px solid #07c160; outline-offset: 4px; }
.row { display: flex; align-items: center; min-height: 28px; }
.rail { position: relative; flex: 1; height: 2px; border-radius: 5px; cursor: pointer; }
.fill { position: absolute; left: 0; top: 0; height: 100%; border-radius: 5px; }
.thumb { position: absolute; top: 50%; box-sizing: border-box; border-radius: 50%;
  box-shadow: 0 0 4px rgba(0,0,0,.2); transform: translate(-50%, -50%); cursor: grab; }
.rail::before { content: ""; position: absolute; left: 0; right: 0; top: -14px; bottom: -14px; }
.value { min-width: 3em; margin-left: 14px; font-size: 14px; color: #888; text-align: left; display: none; }
:host([data-show-value]) .value { display: block; }
`;

export class WxSlider extends MpElement {
  static props = {
    min: { type: Types.Number, value: 0 },
    max: { type: Types.Number, value: 100 },
    step: { type: Types.Number, value: 1 },
    value: { type: Types.Number, value: 0 },
    disabled: { type: Types.Boolean, value: false },
    color: { type: Types.String, value: '' },
    selectedColor: { type: Types.String, value: '' },
    activeColor: { type: Types.String, value: '#1aad19' },
    backgroundColor: { type: Types.String, value: '#e9e9e9' },
    blockSize: { type: Types.Number, value: 28 },
    blockColor: { type: Types.String, value: '#ffffff' },
    showValue: { type: Types.Boolean, value: false },
    name: { type: Types.String, value: '' },
  };

  isFormField = true;

  firstConnected() {
    const root = shadow(this, CSS,
      '<div class="row"><div class="rail" part="rail"><div class="fill" part="fill"></div><div class="thumb" part="thumb"></div></div><span class="value" part="value"></span></div>');
    this._rail = root.querySelector('.rail');
    this._fill = root.querySelector('.fill');
    this._thumb = root.querySelector('.thumb');
    this._valueText = root.querySelector('.value');
    this._current = this.clamp(this.value);
    this.setAttribute('role', 'slider');
    this._rail.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.addEventListener('keydown', (e) => this.onKeydown(e));
  }

  propChanged(name, value, old) {
    // While the user drags, the page's echo of `changing` is older than the thumb.
    if (['value', 'min', 'max', 'step'].includes(name) && this._rail && !this._dragging) {
      this._current = this.clamp(this.value);
    }
    super.propChanged(name, value, old);
  }

  clamp(raw) {
    const { min, max } = this;
    const step = this.step > 0 ? this.step : 1;
    const stepped = min + Math.round((raw - min) / step) * step;
    const value = Math.min(Math.max(stepped, min), Math.max(min, max));
    // Remove float noise from decimal steps (0.1 + 0.2).
    return Number(value.toFixed(10));
  }

  render() {
    const range = this.max - this.min || 1;
    const percent = ((this._current - this.min) / range) * 100;
    const active = this.selectedColor || this.activeColor;
    this._rail.style.background = this.color || this.backgroundColor;
    this._fill.style.background = active;
    this._fill.style.width = percent + '%';
    const size = Math.min(Math.max(this.blockSize, 12), 28);
    Object.assign(this._thumb.style, {
      left: percent + '%', width: size + 'px', height: size + 'px', background: this.blockColor,
    });
    this._valueText.textContent = String(this._current);
    this.toggleAttribute('data-show-value', this.showValue);
    this.setAttribute('aria-valuemin', String(this.min));
    this.setAttribute('aria-valuemax', String(this.max));
    this.setAttribute('aria-valuenow', String(this._current));
    this.setAttribute('aria-disabled', String(this.disabled));
    if (this.disabled) this.removeAttribute('tabindex');
    else this.setAttribute('tabindex', '0');
  }

  valueAt(clientX) {
    const rect = this._rail.getBoundingClientRect();
    const ratio = rect.width ? (clientX - rect.left) / rect.width : 0;
    return this.clamp(this.min + Math.min(Math.max(ratio, 0), 1) * (this.max - this.min));
  }

  onPointerDown(event) {
    if (this.disabled) return;
    event.preventDefault();
    this._rail.setPointerCapture?.(event.pointerId);
    this._dragging = true;
    const start = this._current;
    const move = (e) => {
      const next = this.valueAt(e.clientX);
      if (next !== this._current) {
        this._current = next;
        this.render();
        this.emit('changing', { value: next });
      }
    };
    const up = (e) => {
      this._rail.removeEventListener('pointermove', move);
      this._rail.removeEventListener('pointerup', up);
      this._rail.removeEventListener('pointercancel', up);
      this._dragging = false;
      if (e.type === 'pointerup') {
        this._current = this.valueAt(e.clientX);
        this.render();
      }
      // A tap on the rail is a change too; a press that ends where it began is not.
      if (this._current !== start) this.emit('change', { value: this._current });
    };
    this._rail.addEventListener('pointermove', move);
    this._rail.addEventListener('pointerup', up);
    this._rail.addEventListener('pointercancel', up);
  }

  onKeydown(event) {
    if (this.disabled || event.target !== this) return;
    const step = this.step > 0 ? this.step : 1;
    const big = Math.max(step, (this.max - this.min) / 10);
    const next = {
      ArrowRight: this._current + step, ArrowUp: this._current + step,
      ArrowLeft: this._current - step, ArrowDown: this._current - step,
      PageUp: this._current + big, PageDown: this._current - big,
      Home: this.min, End: this.max,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const value = this.clamp(next);
    if (value === this._current) return;
    this._current = value;
    this.render();
    this.emit('change', { value });
  }

  get formValue() {
    return this._current;
  }

  formReset() {
    this._current = this.clamp(this.value);
    this.render();
  }
}

define('wx-slider', WxSlider);
