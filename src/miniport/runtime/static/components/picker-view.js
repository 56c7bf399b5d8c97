// <picker-view value indicator-style mask-style> and <picker-view-column>: an
// inline set of wheels whose rows are the column's children. When a wheel comes to
// rest on a new row, the picker-view emits change {value: [row index per column]}.

import { MpElement, Types, define, shadow, closestComposed, setAttr, sheetFor } from './element.js';
import { Wheel, WHEEL_CSS } from './wheel.js';

const VIEW_CSS = `
:host { display: block; position: relative; height: 200px; overflow: hidden; }
.columns { display: flex; height: 100%; }
::slotted(*) { flex: 1; min-width: 0; height: 100%; }
`;

const COLUMN_CSS = `${WHEEL_CSS}
:host { display: block; height: 100%; min-width: 0; }
::slotted(*) { scroll-snap-align: center; }
`;

export class WxPickerView extends MpElement {
  static props = {
    value: { type: Types.Array, value: [] },
    indicatorStyle: { type: Types.String, value: '' },
    indicatorClass: { type: Types.String, value: '' },
    maskStyle: { type: Types.String, value: '' },
    maskClass: { type: Types.String, value: '' },
    immediateChange: { type: Types.Boolean, value: false },
    name: { type: Types.String, value: '' },
  };

  isFormField = true;

  firstConnected() {
    shadow(this, VIEW_CSS, '<div class="columns" part="columns"><slot></slot></div>');
    this.addEventListener('pointerdown', () => this.emit('pickstart', {}));
  }

  propChanged(name, value, old) {
    if (name === 'value') this._valueDirty = true;
    super.propChanged(name, value, old);
  }

  get columns() {
    return [...this.children].filter((c) => c.localName === 'wx-picker-view-column');
  }

  render() {
    const value = this.value;
    this.columns.forEach((column, i) => {
      column.applyStyles(this.indicatorStyle, this.maskStyle, this.indicatorClass, this.maskClass);
      // Only move wheels that are not already there: the page echoing `change` must not
      // interrupt a wheel the user is spinning.
      const index = Number(value[i]) || 0;
      if (!column.placed || (this._valueDirty && column.index !== index)) column.showIndex(index);
    });
    this._valueDirty = false;
  }

  /** Called by a column that came to rest on a new row by the user's doing. */
  columnSettled() {
    this.emit('change', { value: this.formValue });
    this.emit('pickend', {});
  }

  get formValue() {
    return this.columns.map((c) => c.index);
  }

  formReset() {
    this._valueDirty = true;
    this.render();
  }
}

export class WxPickerViewColumn extends MpElement {
  static props = {};

  firstConnected() {
    const root = shadow(this, COLUMN_CSS,
      '<div class="mp-wheel" part="wheel"><div class="mp-scroller"><div class="mp-pad"></div><slot></slot><div class="mp-pad"></div></div><div class="mp-mask" part="mask"></div><div class="mp-indicator" part="indicator"></div></div>');
    this._slot = root.querySelector('slot');
    this._mask = root.querySelector('.mp-mask');
    this._indicator = root.querySelector('.mp-indicator');
    this.wheel = new Wheel(root.querySelector('.mp-wheel'), root.querySelector('.mp-scroller'),
      () => this._slot.assignedElements(),
      () => this.pickerView?.columnSettled());
    this._slot.addEventListener('slotchange', () => this.wheel.scrollToIndex(this.wheel.index));
    this._resize = new ResizeObserver(() => this.wheel.scrollToIndex(this.wheel.index));
    this._resize.observe(this);
  }

  get pickerView() {
    return closestComposed(this, 'wx-picker-view');
  }

  get index() {
    return this.wheel ? this.wheel.index : 0;
  }

  showIndex(index) {
    if (!this.wheel) return;
    this.placed = true;
    this.wheel.scrollToIndex(index);
  }

  /**
   * indicator-style / mask-style as inline styles; indicator-class / mask-class from the
   * sheets of the page or component the picker-view is in, adopted into this root.
   */
  applyStyles(indicatorStyle, maskStyle, indicatorClass = '', maskClass = '') {
    if (!this._indicator) return;
    this._indicator.style.cssText = indicatorStyle;
    this._mask.style.cssText = maskStyle;
    setAttr(this._indicator, 'class', `mp-indicator ${indicatorClass}`.trim());
    setAttr(this._mask, 'class', `mp-mask ${maskClass}`.trim());
    const outer = (this.pickerView || this).getRootNode().adoptedStyleSheets || [];
    const sheets = indicatorClass || maskClass ? [...outer, sheetFor(COLUMN_CSS)] : [sheetFor(COLUMN_CSS)];
    const current = this.shadowRoot.adoptedStyleSheets;
    if (sheets.length !== current.length || sheets.some((sh, i) => sh !== current[i])) {
      this.shadowRoot.adoptedStyleSheets = sheets;
    }
  }
}

define('wx-picker-view', WxPickerView);
define('wx-picker-view-column', WxPickerViewColumn);
