// <radio> and <radio-group>: at most one radio of a group is checked; choosing one
// makes the group emit change {value}. Arrow keys move the choice, as in native
// radio groups.

import { CheckableElement } from './checkable.js';
import { MpElement, Types, define, shadow, closestComposed } from './element.js';

const CSS = `
:host { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; vertical-align: middle;
  -webkit-tap-highlight-color: transparent; }
:host([aria-disabled="true"]) { cursor: default; opacity: 0.5; }
:host(:focus-visible) { outline: 2px solid #07c160; outline-offset: 2px; }
.dot { box-sizing: border-box; width: 22px; height: 22px; border: 1px solid #d1d1d1; border-radius: 50%;
  background: #fff; display: inline-flex; align-items: center; justify-content: center; flex: none; }
:host([aria-checked="true"]) .dot { background: var(--mp-radio-color, #09bb07); border-color: var(--mp-radio-color, #09bb07); }
.dot svg { width: 16px; height: 16px; color: #fff; visibility: hidden; }
:host([aria-checked="true"]) .dot svg { visibility: visible; }
`;

const TICK = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4.5 12.5l5 5 10-11" fill="none" stroke="currentColor" stroke-width="2.8" stroke-linecap="round" stroke-linejoin="round"/></svg>';

export class WxRadio extends CheckableElement {
  static role = 'radio';
  static indicator = '.dot';
  static colorVar = '--mp-radio-color';

  firstConnected() {
    shadow(this, CSS, `<span class="dot" part="dot">${TICK}</span><slot></slot>`);
    this.initCheckable();
    this.addEventListener('click', () => this.choose());
    this.addEventListener('keydown', (e) => this.onArrow(e));
  }

  get group() {
    return closestComposed(this, 'wx-radio-group');
  }

  choose() {
    if (this.disabled || this.isChecked) return;
    const group = this.group;
    if (group) for (const other of group.radios) if (other !== this) other.setChecked(false);
    this.setChecked(true);
    if (group) group.emit('change', { value: this.value });
  }

  onArrow(event) {
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    const group = this.group;
    if (!step || !group) return;
    event.preventDefault();
    const radios = group.radios.filter((r) => !r.disabled);
    const next = radios[(radios.indexOf(this) + step + radios.length) % radios.length];
    next.focus();
    next.choose();
  }

  labelActivate() {
    this.choose();
  }
}

export class WxRadioGroup extends MpElement {
  static props = { name: { type: Types.String, value: '' } };

  isFormField = true;

  firstConnected() {
    this.setAttribute('role', 'radiogroup');
  }

  get radios() {
    return [...this.querySelectorAll('wx-radio')].filter((r) => closestComposed(r, 'wx-radio-group') === this);
  }

  get formValue() {
    const chosen = this.radios.find((r) => r.isChecked);
    return chosen ? chosen.value : '';
  }

  formReset() {
    for (const radio of this.radios) radio.setChecked(radio.checked);
  }
}

define('wx-radio', WxRadio);
define('wx-radio-group', WxRadioGroup);
