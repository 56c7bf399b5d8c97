// What <checkbox> and <radio> share: their properties, the checked state the element
// keeps itself (the page's `checked` sets it; a user's tap changes it), and how that
// state and the colour reach the accessibility tree and the indicator.

import { MpElement, Types, activateOnKeys, setAttr, setVar } from './element.js';

export class CheckableElement extends MpElement {
  static props = {
    value: { type: Types.String, value: '' },
    checked: { type: Types.Boolean, value: false },
    disabled: { type: Types.Boolean, value: false },
    color: { type: Types.String, value: '#09BB07' },
  };

  /** Subclasses name their ARIA role, indicator element and colour variable. */
  static role = 'checkbox';
  static indicator = '.box';
  static colorVar = '--mp-check-color';

  /** Call from `firstConnected` once the shadow root exists. */
  initCheckable() {
    this.setAttribute('role', this.constructor.role);
    this._state = this.checked;
    activateOnKeys(this);
  }

  propChanged(name, value, old) {
    if (name === 'checked') this._state = value;
    super.propChanged(name, value, old);
  }

  render() {
    setAttr(this, 'aria-checked', String(this.isChecked));
    setAttr(this, 'aria-disabled', String(this.disabled));
    setAttr(this, 'tabindex', this.disabled ? null : '0');
    this._indicator ??= this.shadowRoot.querySelector(this.constructor.indicator);
    setVar(this._indicator, this.constructor.colorVar, this.color);
  }

  get isChecked() {
    return this._state ?? this.checked;
  }

  setChecked(on) {
    this._state = on;
    this.render();
  }
}
