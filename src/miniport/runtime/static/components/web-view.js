// <web-view src>: embedding arbitrary web pages inside a mini-program would let a
// partner's page reach past the sandbox, so this host does not support it. The
// component shows a visible, bilingual notice with the address instead, and fires
// `error` so the page can react.

import { MpElement, Types, define, shadow } from './element.js';
import { langAt, text } from './i18n.js';

const CSS = `
:host { display: block; box-sizing: border-box; padding: 24px 16px; background: #f7f7f7; color: #666;
  font-size: 14px; text-align: center; border: 1px dashed #ccc; }
.src { display: block; margin-top: 8px; color: #999; word-break: break-all; }
`;

export class WxWebView extends MpElement {
  static props = { src: { type: Types.String, value: '' } };

  firstConnected() {
    const root = shadow(this, CSS, '<div class="msg" part="message"></div><code class="src" part="src"></code>');
    this._msg = root.querySelector('.msg');
    this._src = root.querySelector('.src');
    this.setAttribute('role', 'note');
  }

  render() {
    const lang = langAt(this);
    this._msg.textContent = text(lang, 'webViewUnsupported');
    this._src.textContent = this.src;
    if (this.src !== this._reported) {
      this._reported = this.src;
      this.emit('error', { src: this.src, errMsg: 'web-view:fail not supported in this host' });
    }
  }
}

define('wx-web-view', WxWebView);
