// <button>: types, sizes, plain, disabled, loading, form-type and open-type=share.
// The host element itself is the accessible button (role=button, focusable); its
// light-DOM children are the label, shown through a slot next to the spinner.

import { MpElement, Types, define, shadow, activateOnKeys, closestComposed, setAttr, toggleClasses } from './element.js';

const CSS = `
:host {
  position: relative; display: block; box-sizing: border-box; width: 184px;
  margin: 0 auto; padding: 12px 24px; border-radius: 8px; font-size: 17px;
  font-weight: 700; line-height: 1.41; text-align: center; cursor: pointer;
  background: #f2f2f2; color: #06ae56; user-select: none; -webkit-user-select: none;
  -webkit-tap-highlight-color: transparent;
}
:host([type="primary"]) { background: #07c160; color: #fff; }
:host([type="warn"]) { color: #fa5151; }
:host([size="mini"]) { display: inline-block; width: auto; padding: 0 0.75em; font-size: 16px; line-height: 2.3; }
:host([data-plain]) { background: transparent; border: 1px solid #353535; color: #353535; }
:host([data-plain][type="primary"]) { border-color: #07c160; color: #07c160; }
:host([data-plain][type="warn"]) { border-color: #fa5151; color: #fa5151; }
:host([data-hover]) { filter: brightness(0.9); }
:host([aria-disabled="true"]) { cursor: default; opacity: 0.6; filter: none; }
:host(:focus-visible) { outline: 2px solid #07c160; outline-offset: 2px; }
.spinner { display: none; width: 1em; height: 1em; margin-right: 0.34em; vertical-align: -0.15em;
  border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%;
  box-sizing: border-box; animation: spin 0.8s linear infinite; }
:host([aria-busy="true"]) .spinner { display: inline-block; }
@keyframes spin { to { transform: rotate(360deg); } }
`;

export class WxButton extends MpElement {
  static props = {
    type: { type: Types.String, value: 'default' },
    size: { type: Types.String, value: 'default' },
    plain: { type: Types.Boolean, value: false },
    disabled: { type: Types.Boolean, value: false },
    loading: { type: Types.Boolean, value: false },
    formType: { type: Types.String, value: '' },
    openType: { type: Types.String, value: '' },
    hoverClass: { type: Types.String, value: 'button-hover' },
  };

  firstConnected() {
    shadow(this, CSS, '<span class="spinner" part="spinner"></span><slot></slot>');
    this.setAttribute('role', 'button');
    activateOnKeys(this);
    this.addEventListener('click', (e) => this.onClick(e));
    this.addEventListener('pointerdown', () => this.setPressed(true));
    for (const t of ['pointerup', 'pointerleave', 'pointercancel']) {
      this.addEventListener(t, () => this.setPressed(false));
    }
  }

  render() {
    // type/size are reflected as attributes only for our own :host styling.
    setAttr(this, 'type', this.type);
    setAttr(this, 'size', this.size);
    setAttr(this, 'data-plain', this.plain ? '' : null);
    setAttr(this, 'aria-disabled', this.disabled ? 'true' : 'false');
    setAttr(this, 'aria-busy', this.loading ? 'true' : null);
    setAttr(this, 'tabindex', this.disabled ? null : '0');
  }

  setPressed(on) {
    const pressed = on && !this.disabled;
    this.toggleAttribute('data-hover', pressed);
    if (this.hoverClass !== 'button-hover') toggleClasses(this, this.hoverClass, pressed);
  }

  onClick(event) {
    if (this.disabled) {
      // A disabled button must not submit or share; the view layer also skips tap.
      event.stopImmediatePropagation();
      return;
    }
    if (this.formType === 'submit' || this.formType === 'reset') {
      const form = closestComposed(this, 'wx-form');
      if (form) this.formType === 'submit' ? form.submitForm(this) : form.resetForm();
    }
    if (this.openType === 'share') {
      // The container owns sharing; it listens for this request at the page root.
      this.emit('mp-share', { from: 'button', target: { id: this.id, dataset: { ...this.dataset } } },
        { bubbles: true, composed: true });
    } else if (this.openType) {
      this.emit('mp-open-type', { openType: this.openType }, { bubbles: true, composed: true });
    }
  }
}

define('wx-button', WxButton);
