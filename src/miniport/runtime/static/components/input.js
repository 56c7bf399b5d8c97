// <input>: a native <input> in a shadow root. Native input/focus/blur events are
// stopped at the shadow boundary and re-sent as WeChat events with WeChat's detail.
// The page's `value` is applied only when the page changes it, so typing is never
// overwritten by a stale render; `replaceValue()` is how the view layer applies a
// value returned by the bindinput handler.

import { MpElement, Types, define, shadow, swallow, EchoLog } from './element.js';

const CSS = `
:host { display: block; height: 1.4em; min-height: 1.4em; line-height: 1.4em; overflow: hidden;
  cursor: text; font-size: 16px; }
:host([aria-disabled="true"]) { cursor: default; color: #999; }
input { all: unset; display: block; box-sizing: border-box; width: 100%; height: 100%;
  font: inherit; color: inherit; text-align: inherit; letter-spacing: inherit; line-height: inherit; }
input::placeholder { color: #808080; }
`;

/** Characters each WeChat keyboard type can produce; the browser has no such keyboards. */
const ALLOWED = {
  number: /[^0-9]/g,
  digit: /[^0-9.]/g,
  idcard: /[^0-9Xx]/g,
};

export class WxInput extends MpElement {
  static props = {
    value: { type: Types.String, value: '' },
    type: { type: Types.String, value: 'text' },
    password: { type: Types.Boolean, value: false },
    placeholder: { type: Types.String, value: '' },
    placeholderStyle: { type: Types.String, value: '' },
    disabled: { type: Types.Boolean, value: false },
    maxlength: { type: Types.Number, value: 140 },
    focus: { type: Types.Boolean, value: false },
    autoFocus: { type: Types.Boolean, value: false },
    confirmType: { type: Types.String, value: 'done' },
    confirmHold: { type: Types.Boolean, value: false },
    cursor: { type: Types.Number, value: -1 },
    name: { type: Types.String, value: '' },
  };

  isFormField = true;

  firstConnected() {
    const root = shadow(this, CSS, '<style class="ph"></style><input part="input">');
    this._input = root.querySelector('input');
    this._placeholderStyle = root.querySelector('style.ph');
    this._lastKeyCode = 0;
    this._valueDirty = true;
    const input = this._input;
    swallow(input, 'input', 'change', 'focus', 'blur', 'select');
    input.addEventListener('keydown', (e) => this.onKeydown(e));
    input.addEventListener('input', () => this.onInput());
    input.addEventListener('focus', () => this.emit('focus', { value: input.value, height: 0 }));
    input.addEventListener('blur', () =>
      this.emit('blur', { value: input.value, cursor: input.selectionEnd ?? input.value.length }));
    // Clicking the padding of the host should still focus the field.
    this.addEventListener('click', (e) => {
      if (e.composedPath()[0] !== input) this.focusInput();
    });
  }

  propChanged(name, value, old) {
    if (name === 'value' && !this.isEcho(value)) this._valueDirty = true;
    if (name === 'focus' && value && !old) this._focusPending = true;
    super.propChanged(name, value, old);
  }

  render() {
    const input = this._input;
    input.type = this.password || this.type === 'safe-password' ? 'password' : 'text';
    input.inputMode = { number: 'numeric', digit: 'decimal', idcard: 'text' }[this.type] || 'text';
    input.enterKeyHint = { search: 'search', send: 'send', next: 'next', go: 'go' }[this.confirmType] || 'done';
    input.placeholder = this.placeholder;
    input.disabled = this.disabled;
    this.setAttribute('aria-disabled', String(this.disabled));
    if (this.maxlength >= 0) input.maxLength = this.maxlength;
    else input.removeAttribute('maxlength');
    // Only declarations, never a way out of the rule: drop braces and tag openers.
    const ph = this.placeholderStyle.replace(/[{}<]/g, '');
    this._placeholderStyle.textContent = ph ? `input::placeholder{${ph}}` : '';
    if (this._valueDirty) {
      this._valueDirty = false;
      this.setNativeValue(this.value);
    }
    if (this._focusPending || (this.autoFocus && !this._autoFocused)) {
      this._focusPending = false;
      this._autoFocused = true;
      this.focusInput();
    }
  }

  setNativeValue(value) {
    let text = String(value ?? '');
    if (this.maxlength >= 0) text = text.slice(0, this.maxlength);
    if (this._input.value !== text) this._input.value = text;
    if (this.cursor >= 0 && document.activeElement === this) {
      this._input.setSelectionRange(this.cursor, this.cursor);
    }
  }

  /** Applies a value returned by the page's bindinput handler (WeChat replaces the text). */
  replaceValue(value) {
    if (value === undefined || value === null) return;
    const cursor = this._input.selectionEnd;
    this.setNativeValue(typeof value === 'object' && 'value' in value ? value.value : value);
    // The page usually also stores the result (setData, model:value); that arrives as an
    // echo and must not overwrite what the user types after it.
    this.rememberEcho(this._input.value);
    const at = typeof value === 'object' && value.cursor >= 0 ? value.cursor : Math.min(cursor, this._input.value.length);
    if (this.matches(':focus-within')) this._input.setSelectionRange(at, at);
  }

  focusInput() {
    if (!this.disabled) this._input.focus();
  }

  onKeydown(event) {
    this._lastKeyCode = event.keyCode;
    if (event.key === 'Enter') {
      event.preventDefault();
      this.emit('confirm', { value: this._input.value });
      if (!this.confirmHold) this._input.blur();
    }
  }

  onInput() {
    const input = this._input;
    const rule = ALLOWED[this.type];
    if (rule && input.value.search(rule) >= 0) {
      const at = input.selectionEnd;
      const before = input.value.length;
      input.value = input.value.replace(rule, '');
      const pos = Math.max(0, at - (before - input.value.length));
      input.setSelectionRange(pos, pos);
    }
    this.rememberEcho(input.value);
    this.emit('input', { value: input.value, cursor: input.selectionEnd ?? input.value.length, keyCode: this._lastKeyCode });
  }

  /** The text the user sees, for <form> submit. */
  get formValue() {
    return this._input ? this._input.value : this.value;
  }

  formReset() {
    this.setNativeValue(this.value);
  }

  /**
   * The page echoing what the user typed (model:value, or setData in bindinput) arrives
   * a round trip later, when the user may have typed more. A value we reported a moment
   * ago, while the user is still in the field, is such an echo: applying it would drop
   * the newer characters and jump the cursor. Any other value is applied.
   */
  rememberEcho(value) {
    (this._echoes ??= new EchoLog()).add(value);
  }

  isEcho(value) {
    if (!this._echoes || !this._input || !this.matches(':focus-within')) return false;
    return this._echoes.consume(String(value ?? ''));
  }

  /** A <label> wrapping or pointing at this input focuses it. */
  labelActivate() {
    this.focusInput();
  }
}

define('wx-input', WxInput);
