// <label for="id">: tapping the label activates a control, as a native label does.
// With `for`, the control is the element with that id in the label's own root (the
// page or the custom component it is in); without it, the first control inside the
// label. Taps that land on the control itself are left to the control.

import { MpElement, Types, define } from './element.js';

const CONTROLS = 'wx-checkbox, wx-radio, wx-switch, wx-button, wx-input, wx-textarea';

export class WxLabel extends MpElement {
  static props = { for: { type: Types.String, value: '' } };

  firstConnected() {
    this.addEventListener('click', (e) => this.onClick(e));
  }

  /** The control this label activates, or null. */
  get control() {
    if (this.for) {
      const root = this.getRootNode();
      const target = root.getElementById ? root.getElementById(this.for) : null;
      return target && target.matches(CONTROLS) ? target : null;
    }
    return this.querySelector(CONTROLS);
  }

  onClick(event) {
    const path = event.composedPath();
    const here = path.indexOf(this);
    if (path.slice(0, here).some((n) => n.nodeType === 1 && n.matches(CONTROLS))) return;
    const control = this.control;
    if (control && typeof control.labelActivate === 'function') control.labelActivate();
  }
}

define('wx-label', WxLabel);
