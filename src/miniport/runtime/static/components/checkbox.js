// <checkbox> and <checkbox-group>. A checkbox keeps its own checked state (the page's
// `checked` sets it); toggling one tells its group, which emits change with the
// values of all checked boxes in document order. Only the group is a form field.

import { CheckableElement } from './checkable.js';
import { MpElement, Types, define, shadow, closestComposed } from './element.js';

const TICK = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4.5 12.5l5 5 10-11" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>';

const CSS = `
:host { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; vertical-align: middle;
  -webkit-tap-highlight-color: transparent; }
:host([aria-disabled="true"]) { cursor: default; opacity: 0.5; }
:host(:focus-visible) { outline: 2px solid #07c160; outline-offset: 2px; }
.box { box-sizing: border-box; width: 22px; height: 22px; border: 1px solid #d1d1d1; border-radius: 3px;
  background: #fff; display: inline-flex; align-items: center; justify-content: center; color: var(--mp-check-color, #09bb07); flex: none; }
.box svg { width: 18px; height: 18px; visibility: hidden; }
:host([aria-checked="true"]) .box svg { visibility: visible; }
`;

export class WxCheckbox extends CheckableElement {
  static role = 'checkbox';
  static indicator = '.box';
  static colorVar = '--mp-check-color';

  firstConnected() {
    shadow(this, CSS, `<span class="box" part="box">${TICK}</span><slot></slot>`);
    this.initCheckable();
    this.addEventListener('click', () => this.toggle());
  }

  toggle() {
    if (this.disabled) return;
    this.setChecked(!this.isChecked);
    const group = closestComposed(this, 'wx-checkbox-group');
    if (group) group.emitChange();
  }

  labelActivate() {
    this.toggle();
  }
}

export class WxCheckboxGroup extends MpElement {
  static props = { name: { type: Types.String, value: '' } };

  isFormField = true;

  firstConnected() {
    this.setAttribute('role', 'group');
  }

  /** The checkboxes that belong to this group (not to a nested one). */
  get boxes() {
    return [...this.querySelectorAll('wx-checkbox')].filter(
      (box) => closestComposed(box, 'wx-checkbox-group') === this);
  }

  emitChange() {
    this.emit('change', { value: this.formValue });
  }

  get formValue() {
    return this.boxes.filter((b) => b.isChecked).map((b) => b.value);
  }

  formReset() {
    for (const box of this.boxes) box.setChecked(box.checked);
  }
}

define('wx-checkbox', WxCheckbox);
define('wx-checkbox-group', WxCheckboxGroup);
