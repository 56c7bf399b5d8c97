// <textarea>: like <input> (see input.js for the event and value rules) plus
// auto-height and the linechange event, which reports the new line count whenever
// wrapping or newlines change it.

import { MpElement, Types, define, shadow, swallow, rpxUnit, EchoLog } from './element.js';

const CSS = `
:host { display: block; width: 300px; height: 150px; cursor: text; font-size: 16px; line-height: 1.4; }
:host([data-auto-height]) { height: auto; min-height: 1.4em; }
:host([aria-disabled="true"]) { cursor: default; color: #999; }
textarea { all: unset; display: block; box-sizing: border-box; width: 100%; height: 100%;
  font: inherit; color: inherit; line-height: inherit; white-space: pre-wrap; overflow-wrap: break-word;
  resize: none; overflow-y: auto; }
:host([data-auto-height]) textarea { overflow: hidden; }
textarea::placeholder { color: #808080; }
`;

export class WxTextarea extends MpElement {
  static props = {
    value: { type: Types.String, value: '' },
    placeholder: { type: Types.String, value: '' },
    placeholderStyle: { type: Types.String, value: '' },
    disabled: { type: Types.Boolean, value: false },
    maxlength: { type: Types.Number, value: 140 },
    focus: { type: Types.Boolean, value: false },
    autoFocus: { type: Types.Boolean, value: false },
    autoHeight: { type: Types.Boolean, value: false },
    confirmType: { type: Types.String, value: 'return' },
    confirmHold: { type: Types.Boolean, value: false },
    name: { type: Types.String, value: '' },
  };

  isFormField = true;

  firstConnected() {
    const root = shadow(this, CSS, '<style class="ph"></style><textarea part="textarea"></textarea>');
    const area = (this._area = root.querySelector('textarea'));
    this._placeholderStyle = root.querySelector('style.ph');
    this._valueDirty = true;
    this._lineCount = 0;
    this._lastKeyCode = 0;
    swallow(area, 'input', 'change', 'focus', 'blur', 'select');
    area.addEventListener('keydown', (e) => {
      this._lastKeyCode = e.keyCode;
      // WeChat's "return" confirm-type inserts a newline; any other type confirms.
      if (e.key === 'Enter' && this.confirmType !== 'return') {
        e.preventDefault();
        this.emit('confirm', { value: area.value });
        if (!this.confirmHold) area.blur();
      }
    });
    area.addEventListener('input', () => {
      this.rememberEcho(area.value);
      this.emit('input', { value: area.value, cursor: area.selectionEnd, keyCode: this._lastKeyCode });
      this.measure();
    });
    area.addEventListener('focus', () => this.emit('focus', { value: area.value, height: 0 }));
    area.addEventListener('blur', () => this.emit('blur', { value: area.value, cursor: area.selectionEnd }));
    this._resizeObserver = new ResizeObserver(() => this.measure());
    this._resizeObserver.observe(this);
  }

  propChanged(name, value, old) {
    if (name === 'value' && !this.isEcho(value)) this._valueDirty = true;
    if (name === 'focus' && value && !old) this._focusPending = true;
    super.propChanged(name, value, old);
  }

  render() {
    const area = this._area;
    area.placeholder = this.placeholder;
    area.disabled = this.disabled;
    this.setAttribute('aria-disabled', String(this.disabled));
    this.toggleAttribute('data-auto-height', this.autoHeight);
    if (this.maxlength >= 0) area.maxLength = this.maxlength;
    else area.removeAttribute('maxlength');
    const ph = this.placeholderStyle.replace(/[{}<]/g, '');
    this._placeholderStyle.textContent = ph ? `textarea::placeholder{${ph}}` : '';
    if (this._valueDirty) {
      this._valueDirty = false;
      this.setNativeValue(this.value);
    }
    if (this._focusPending || (this.autoFocus && !this._autoFocused)) {
      this._focusPending = false;
      this._autoFocused = true;
      if (!this.disabled) area.focus();
    }
    this.measure();
  }

  setNativeValue(value) {
    let text = String(value ?? '');
    if (this.maxlength >= 0) text = text.slice(0, this.maxlength);
    if (this._area.value !== text) this._area.value = text;
  }

  /** Applies a value returned by the page's bindinput handler (WeChat replaces the text). */
  replaceValue(value) {
    if (value === undefined || value === null) return;
    const area = this._area;
    const cursor = area.selectionEnd;
    this.setNativeValue(typeof value === 'object' && 'value' in value ? value.value : value);
    // As for wx-input: the page storing the result too must not undo later typing.
    this.rememberEcho(area.value);
    const at = typeof value === 'object' && value.cursor >= 0 ? value.cursor : Math.min(cursor, area.value.length);
    if (this.matches(':focus-within')) area.setSelectionRange(at, at);
    this.measure();
  }

  /** Grows the box in auto-height mode and reports line-count changes. */
  measure() {
    const area = this._area;
    if (!area || !this.isConnected) return;
    const style = getComputedStyle(area);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4;
    // Measure the text's own height: with the box collapsed, scrollHeight is the content.
    const scrollTop = area.scrollTop;
    area.style.height = '0px';
    const contentHeight = area.scrollHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    area.style.height = this.autoHeight ? area.scrollHeight + 'px' : '';
    area.scrollTop = scrollTop;
    const lineCount = area.value ? Math.max(1, Math.round(contentHeight / lineHeight)) : 1;
    if (lineCount !== this._lineCount) {
      const first = this._lineCount === 0;
      this._lineCount = lineCount;
      if (!first) {
        const height = lineCount * lineHeight;
        const rpx = height / rpxUnit(this);
        this.emit('linechange', { height, heightRpx: Math.round(rpx), lineCount });
      }
    }
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
    if (!this._echoes || !this._area || !this.matches(':focus-within')) return false;
    return this._echoes.consume(String(value ?? ''));
  }

  labelActivate() {
    if (!this.disabled) this._area.focus();
  }

  get formValue() {
    return this._area ? this._area.value : this.value;
  }

  formReset() {
    this.setNativeValue(this.value);
    this.measure();
  }
}

define('wx-textarea', WxTextarea);
