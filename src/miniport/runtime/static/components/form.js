// <form>: submit collects {name: value} from the named controls inside it (also those
// rendered inside custom components' shadow roots on the same page); reset returns
// each control to the value the page last gave it. Both events carry WeChat's detail.

import { MpElement, define } from './element.js';
import { collectFields } from './form-field.js';

export class WxForm extends MpElement {
  static props = {};

  /** Called by a form-type=submit button (also usable by the view layer). */
  submitForm(_button) {
    const value = {};
    for (const field of collectFields(this)) {
      if (field.name) value[field.name] = field.formValue;
    }
    this.emit('submit', { value });
    return value;
  }

  resetForm() {
    for (const field of collectFields(this)) field.formReset();
    this.emit('reset', {});
  }
}

define('wx-form', WxForm);
