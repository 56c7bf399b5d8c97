// <navigator url open-type delta>: a link the container carries out. Tapping it
// dispatches a bubbling, composed `mp-navigate` request ({url, openType, delta})
// that the page container listens for at its root and turns into a route change.

import { MpElement, Types, define, shadow, activateOnKeys, toggleClasses } from './element.js';

const CSS = `
:host { display: block; cursor: pointer; -webkit-tap-highlight-color: transparent; }
:host([data-hover]) { background-color: rgba(0,0,0,.1); opacity: .7; }
:host(:focus-visible) { outline: 2px solid #07c160; outline-offset: 2px; }
`;

const OPEN_TYPES = new Set(['navigate', 'redirect', 'switchTab', 'reLaunch', 'navigateBack', 'exit']);

export class WxNavigator extends MpElement {
  static props = {
    url: { type: Types.String, value: '' },
    openType: { type: Types.String, value: 'navigate' },
    delta: { type: Types.Number, value: 1 },
    target: { type: Types.String, value: 'self' },
    appId: { type: Types.String, value: '' },
    path: { type: Types.String, value: '' },
    hoverClass: { type: Types.String, value: 'navigator-hover' },
  };

  firstConnected() {
    shadow(this, CSS, '<slot></slot>');
    this.setAttribute('role', 'link');
    this.setAttribute('tabindex', '0');
    activateOnKeys(this);
    this.addEventListener('click', () => this.navigate());
    this.addEventListener('pointerdown', () => this.setHover(true));
    for (const t of ['pointerup', 'pointerleave', 'pointercancel']) this.addEventListener(t, () => this.setHover(false));
  }

  setHover(on) {
    if (this.hoverClass === 'none') return;
    this.toggleAttribute('data-hover', on && this.hoverClass === 'navigator-hover');
    if (this.hoverClass !== 'navigator-hover') toggleClasses(this, this.hoverClass, on);
  }

  navigate() {
    const openType = OPEN_TYPES.has(this.openType) ? this.openType : 'navigate';
    const detail = { url: this.url, openType, delta: this.delta > 0 ? this.delta : 1 };
    if (this.target === 'miniProgram') Object.assign(detail, { target: 'miniProgram', appId: this.appId, path: this.path });
    this.emit('mp-navigate', detail, { bubbles: true, composed: true });
  }
}

define('wx-navigator', WxNavigator);
