// <switch type="switch|checkbox" checked color>: role=switch; change {value: bool}.

import { MpElement, Types, define, shadow, activateOnKeys, setAttr, setVar } from './element.js';

const CSS = `
:host { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; vertical-align: middle;
  -webkit-tap-highlight-color: transparent; }
:host([aria-disabled="true"]) { cursor: default; opacity: 0.5; }
:host(:focus-visible) { outline: 2px solid #07c160; outline-offset: 2px; }
.track { position: relative; box-sizing: border-box; width: 52px; height: 32px; border-radius: 16px;
  border: 1px solid #dfdfdf; background: #dfdfdf; transition: background-color .2s, border-color .2s; flex: none; }
.track::before { content: ""; position: absolute; inset: 0; border-radius: 15px; background: #fdfdfd;
  transition: transform .3s; }
.track::after { content: ""; position: absolute; top: 0; left: 0; width: 30px; height: 30px; border-radius: 15px;
  background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.4); transition: transform .3s; }
:host([aria-checked="true"]) .track { background: var(--mp-switch-color); border-color: var(--mp-switch-color); }
:host([aria-checked="true"]) .track::before { transform: scale(0); }
:host([aria-checked="true"]) .track::after { transform: translateX(20px); }
.box { display: none; box-sizing: border-box; width: 22px; height: 22px; border: 1px solid #d1d1d1;
  border-radius: 3px; align-items: center; justify-content: center; color: var(--mp-switch-color); }
.box svg { width: 18px; height: 18px; visibility: hidden; }
:host([aria-checked="true"]) .box svg { visibility: visible; }
:host([data-type="checkbox"]) .track { display: none; }
:host([data-type="checkbox"]) .box { display: inline-flex; }
.ui { display: contents; }
`;

export class WxSwitch extends MpElement {
  static props = {
    checked: { type: Types.Boolean, value: false },
    disabled: { type: Types.Boolean, value: false },
    type: { type: Types.String, value: 'switch' },
    color: { type: Types.String, value: '#04BE02' },
    name: { type: Types.String, value: '' },
  };

  isFormField = true;

  firstConnected() {
    shadow(this, CSS, '<span class="ui"><span class="track" part="track"></span><span class="box" part="box"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4.5 12.5l5 5 10-11" fill="none" stroke="currentColor" stroke-width="2.6"/></svg></span></span><slot></slot>');
    this._state = this.checked;
    activateOnKeys(this);
    this.addEventListener('click', () => this.toggle());
  }

  propChanged(name, value, old) {
    if (name === 'checked') this._state = value;
    super.propChanged(name, value, old);
  }

  render() {
    const kind = this.type === 'checkbox' ? 'checkbox' : 'switch';
    setAttr(this, 'role', kind);
    setAttr(this, 'data-type', kind);
    setAttr(this, 'aria-checked', String(this._state));
    setAttr(this, 'aria-disabled', String(this.disabled));
    setAttr(this, 'tabindex', this.disabled ? null : '0');
    // On our own wrapper (both drawings inherit it): the host's style belongs to the page.
    this._ui ??= this.shadowRoot.querySelector('.ui');
    setVar(this._ui, '--mp-switch-color', this.color);
  }

  toggle() {
    if (this.disabled) return;
    this._state = !this._state;
    this.render();
    this.emit('change', { value: this._state });
  }

  labelActivate() {
    this.toggle();
  }

  get formValue() {
    return Boolean(this._state);
  }

  formReset() {
    this._state = this.checked;
    this.render();
  }
}

define('wx-switch', WxSwitch);
