// <picker mode="selector|multiSelector|time|date|region">: its children are what the
// page shows; tapping them opens a bottom sheet of wheels. Confirming emits
// change {value} (selector: index, multiSelector: [indices], time "HH:mm",
// date "YYYY[-MM[-DD]]"); dismissing emits cancel. In multiSelector mode every wheel
// that comes to rest emits columnchange {column, value}, and a new `range` from the
// page updates the open sheet. Region mode has no region data in this host yet: the
// sheet says so and only cancels.

import { MpElement, Types, define, shadow, activateOnKeys } from './element.js';
import { Wheel, WHEEL_CSS } from './wheel.js';
import { langAt, text } from './i18n.js';

const ROW = 34;

const CSS = `${WHEEL_CSS}
:host { display: block; cursor: pointer; -webkit-tap-highlight-color: transparent; }
:host([aria-disabled="true"]) { cursor: default; }
:host(:focus-visible) { outline: 2px solid #07c160; outline-offset: 2px; }
.popup { position: fixed; inset: 0; width: 100%; height: 100%; max-width: none; max-height: none;
  margin: 0; padding: 0; border: 0; background: transparent; overflow: hidden; cursor: default;
  font-size: 17px; color: #000; }
.popup::backdrop { background: transparent; }
.backdrop { position: absolute; inset: 0; background: rgba(0,0,0,.6); }
.sheet { position: absolute; left: 0; right: 0; bottom: 0; background: #fff; border-radius: 12px 12px 0 0;
  animation: rise .2s ease-out; }
@keyframes rise { from { transform: translateY(100%); } }
.head { display: flex; align-items: center; justify-content: space-between; height: 56px; padding: 0 8px; }
.head .title { flex: 1; text-align: center; font-weight: 700; }
.head button { border: 0; background: none; font: inherit; padding: 8px 16px; cursor: pointer; border-radius: 6px; }
.head .confirm { color: #fff; background: #07c160; font-weight: 700; }
.head .confirm:disabled { background: #ccc; }
.head button:focus-visible { outline: 2px solid #576b95; }
.wheels { display: flex; height: ${ROW * 7}px; padding: 0 16px 24px; }
.wheels .mp-wheel { flex: 1; }
.row { height: ${ROW}px; line-height: ${ROW}px; text-align: center; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; scroll-snap-align: center; cursor: pointer; }
.notice { padding: 40px 24px; text-align: center; color: #888; }
`;

const pad2 = (n) => String(n).padStart(2, '0');

function parseTime(s, fallback) {
  const m = /^(\d{1,2}):(\d{1,2})$/.exec(String(s || '').trim());
  return m ? [Math.min(+m[1], 23), Math.min(+m[2], 59)] : fallback;
}

function parseDate(s, fallback) {
  const m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(String(s || '').trim());
  return m ? [+m[1], m[2] ? +m[2] : 1, m[3] ? +m[3] : 1] : fallback;
}

const daysIn = (y, m) => new Date(y, m, 0).getDate();
const range = (from, to) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] ?? 0) - (b[2] ?? 0);

export class WxPicker extends MpElement {
  static props = {
    mode: { type: Types.String, value: 'selector' },
    range: { type: Types.Array, value: [] },
    rangeKey: { type: Types.String, value: '' },
    value: { type: Types.Any, value: null },
    start: { type: Types.String, value: '' },
    end: { type: Types.String, value: '' },
    fields: { type: Types.String, value: 'day' },
    disabled: { type: Types.Boolean, value: false },
    headerText: { type: Types.String, value: '' },
    name: { type: Types.String, value: '' },
  };

  isFormField = true;

  firstConnected() {
    const root = shadow(this, CSS, `<slot></slot>
<dialog class="popup" part="popup" role="none">
  <div class="backdrop"></div>
  <div class="sheet" role="dialog" aria-modal="true">
    <div class="head"><button type="button" class="cancel"></button><span class="title"></span><button type="button" class="confirm"></button></div>
    <div class="wheels"></div>
  </div>
</dialog>`);
    this._popup = root.querySelector('.popup');
    this._wheelsBox = root.querySelector('.wheels');
    this._title = root.querySelector('.title');
    this._cancel = root.querySelector('.cancel');
    this._confirm = root.querySelector('.confirm');
    this.setAttribute('role', 'button');
    this.setAttribute('aria-haspopup', 'dialog');
    activateOnKeys(this);
    this.addEventListener('click', (e) => {
      if (!this._popup.contains(e.composedPath()[0])) this.open();
    });
    root.querySelector('.backdrop').addEventListener('click', () => this.dismiss());
    this._cancel.addEventListener('click', () => this.dismiss());
    this._confirm.addEventListener('click', () => this.confirm());
    // Keys inside the sheet are not the host's Enter/Space.
    this._popup.addEventListener('keydown', (e) => e.stopPropagation());
    // Escape on a modal <dialog> arrives as `cancel`.
    this._popup.addEventListener('cancel', (e) => {
      e.preventDefault();
      this.dismiss();
    });
    // Clicks inside the sheet must not reach the page as taps on the picker.
    this._popup.addEventListener('click', (e) => e.stopPropagation());
  }

  propChanged(name, value, old) {
    if (name === 'value' || name === 'mode') this._chosen = undefined;
    if ((name === 'range' || name === 'rangeKey') && this.isOpen) queueMicrotask(() => this.refreshColumns());
    super.propChanged(name, value, old);
  }

  render() {
    this.setAttribute('aria-disabled', String(this.disabled));
    if (this.disabled) this.removeAttribute('tabindex');
    else this.setAttribute('tabindex', '0');
  }

  get isOpen() {
    return Boolean(this._popup && this._popup.open);
  }

  // ---- the value model: each mode as columns of {labels, values} --------------

  /** The current value in WeChat's shape: what confirm last chose, else the page's. */
  get currentValue() {
    return this._chosen !== undefined ? this._chosen : this.value;
  }

  get dateBounds() {
    return [parseDate(this.start, [1900, 1, 1]), parseDate(this.end, [2100, 12, 31])];
  }

  /** The state (one entry per column, each one of that column's values) for a value. */
  stateFor(value) {
    switch (this.mode) {
      case 'multiSelector':
        return this.range.map((_, i) => Number(Array.isArray(value) ? value[i] : 0) || 0);
      case 'time':
        return parseTime(value, parseTime(this.start, [0, 0]));
      case 'date': {
        const now = new Date();
        const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()];
        const [lo, hi] = this.dateBounds;
        let state = parseDate(value, today);
        if (cmp(state, lo) < 0) state = lo;
        if (cmp(state, hi) > 0) state = hi;
        return state.slice(0, this.dateColumnCount);
      }
      default:
        return [Number(value) || 0];
    }
  }

  get dateColumnCount() {
    return { year: 1, month: 2 }[this.fields] || 3;
  }

  label(item) {
    if (item !== null && typeof item === 'object') return String(this.rangeKey ? item[this.rangeKey] ?? '' : JSON.stringify(item));
    return String(item ?? '');
  }

  /** Columns for `state`; later columns depend on earlier ones (days of a month). */
  columnsFor(state) {
    const lang = langAt(this);
    switch (this.mode) {
      case 'multiSelector':
        return this.range.map((col) => {
          const items = Array.isArray(col) ? col : [];
          return { labels: items.map((it) => this.label(it)), values: items.map((_, i) => i) };
        });
      case 'time': {
        const [sh, sm] = parseTime(this.start, [0, 0]);
        const [eh, em] = parseTime(this.end, [23, 59]);
        const hours = range(sh, eh);
        const h = state[0];
        const minutes = range(h === sh ? sm : 0, h === eh ? em : 59);
        return [
          { labels: hours.map(pad2), values: hours },
          { labels: minutes.map(pad2), values: minutes },
        ];
      }
      case 'date': {
        const [lo, hi] = this.dateBounds;
        const [y, m] = state;
        const years = range(lo[0], hi[0]);
        const months = range(y === lo[0] ? lo[1] : 1, y === hi[0] ? hi[1] : 12);
        const atLo = y === lo[0] && m === lo[1];
        const atHi = y === hi[0] && m === hi[1];
        const days = range(atLo ? lo[2] : 1, atHi ? Math.min(hi[2], daysIn(y, m)) : daysIn(y, m));
        const cols = [
          { labels: years.map((v) => v + text(lang, 'year')), values: years },
          { labels: months.map((v) => pad2(v) + text(lang, 'month')), values: months },
          { labels: days.map((v) => pad2(v) + text(lang, 'day')), values: days },
        ];
        return cols.slice(0, this.dateColumnCount);
      }
      case 'region':
        return [];
      default:
        return [{ labels: this.range.map((it) => this.label(it)), values: this.range.map((_, i) => i) }];
    }
  }

  /** Moves every entry of `state` onto a value its column offers (nearest one). */
  settleState(state) {
    for (let i = 0; i < 8; i++) {
      const cols = this.columnsFor(state);
      let moved = false;
      cols.forEach((col, c) => {
        if (!col.values.length || col.values.includes(state[c])) return;
        const nearest = col.values.reduce((a, b) => (Math.abs(b - state[c]) < Math.abs(a - state[c]) ? b : a));
        state[c] = nearest;
        moved = true;
      });
      if (!moved) return cols;
    }
    return this.columnsFor(state);
  }

  valueFor(state) {
    switch (this.mode) {
      case 'multiSelector':
        return state.slice();
      case 'time':
        return `${pad2(state[0])}:${pad2(state[1])}`;
      case 'date':
        return [String(state[0]).padStart(4, '0'), pad2(state[1]), pad2(state[2])].slice(0, this.dateColumnCount).join('-');
      default:
        return state[0];
    }
  }

  // ---- the sheet ------------------------------------------------------------------

  open() {
    if (this.disabled || this.isOpen) return;
    const lang = langAt(this);
    this._returnFocus = document.activeElement;
    this._cancel.textContent = text(lang, 'cancel');
    this._confirm.textContent = text(lang, 'confirm');
    this._title.textContent = this.headerText;
    this._popup.querySelector('.sheet').setAttribute('aria-label', this.headerText || text(lang, 'confirm'));
    this._state = this.stateFor(this.currentValue);
    // A modal <dialog> sits in the top layer: no transformed or clipping ancestor (a
    // swiper item, a scroll-view) can confine the sheet, and the page behind is inert.
    this._popup.showModal();
    this.refreshColumns();
    const first = this._wheelsBox.querySelector('.mp-wheel') || this._cancel;
    first.focus();
  }

  /** (Re)builds the wheels for the current state, keeping each wheel's position. */
  refreshColumns() {
    if (!this.isOpen) return;
    const box = this._wheelsBox;
    if (this.mode === 'region') {
      box.innerHTML = '';
      const notice = document.createElement('div');
      notice.className = 'notice';
      notice.textContent = text(langAt(this), 'regionUnsupported');
      box.append(notice);
      this._confirm.disabled = true;
      return;
    }
    this._confirm.disabled = false;
    const columns = this.settleState(this._state);
    this._state.length = columns.length;
    this._wheels = this._wheels || [];
    while (box.children.length > columns.length) box.lastElementChild.remove();
    this._wheels.length = Math.min(this._wheels.length, columns.length);
    columns.forEach((col, c) => {
      let wheel = this._wheels[c];
      if (!wheel) {
        wheel = this.createWheel(c);
        this._wheels[c] = wheel;
        box.append(wheel.wheel);
      }
      const scroller = wheel.scroller;
      const labels = col.labels.join('\u0000');
      if (wheel.labels !== labels) {
        wheel.labels = labels;
        const rows = col.labels.map((label, i) => {
          const row = document.createElement('div');
          row.className = 'row';
          row.textContent = label;
          row.addEventListener('click', () => wheel.choose(i));
          return row;
        });
        scroller.replaceChildren(padDiv(), ...rows, padDiv());
        wheel.rowsChanged = true;
      }
      wheel.values = col.values;
      const index = Math.max(0, col.values.indexOf(this._state[c]));
      this._state[c] = col.values[index];
      if (wheel.index !== index || !wheel.placed || wheel.rowsChanged) {
        wheel.placed = true;
        wheel.scrollToIndex(index);
      }
      wheel.rowsChanged = false;
    });
  }

  createWheel(column) {
    const el = document.createElement('div');
    el.className = 'mp-wheel';
    el.innerHTML = '<div class="mp-scroller"></div><div class="mp-mask"></div><div class="mp-indicator"></div>';
    const scroller = el.querySelector('.mp-scroller');
    const wheel = new Wheel(el, scroller, () => [...scroller.querySelectorAll('.row')], (index) => {
      this._state[column] = wheel.values[index];
      if (this.mode === 'multiSelector') this.emit('columnchange', { column, value: index });
      this.refreshColumns();
    });
    return wheel;
  }

  close() {
    this._popup.close();
    this._wheels = [];
    this._wheelsBox.replaceChildren();
    if (this._returnFocus && this._returnFocus.isConnected) this.focus();
  }

  confirm() {
    if (this.mode === 'region') return;
    const value = this.valueFor(this._state);
    this._chosen = value;
    this.close();
    this.emit('change', { value });
  }

  dismiss() {
    this.close();
    this.emit('cancel', {});
  }

  get formValue() {
    const v = this.currentValue;
    if (this.mode === 'selector') return Number(v) || 0;
    if (this.mode === 'multiSelector') return Array.isArray(v) ? v.map((i) => Number(i) || 0) : [];
    return v === null || v === undefined ? '' : v;
  }

  formReset() {
    this._chosen = undefined;
  }
}

function padDiv() {
  const p = document.createElement('div');
  p.className = 'mp-pad';
  return p;
}

define('wx-picker', WxPicker);
