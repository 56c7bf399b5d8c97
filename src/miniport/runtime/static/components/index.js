// Registers every built-in component as a custom element (importing this module is
// enough) and re-exports what the view layer needs: the base stylesheet for plain
// containers, and the list of tags that are built-ins.

import './text.js';
import './button.js';
import './input.js';
import './textarea.js';
import './checkbox.js';
import './radio.js';
import './switch.js';
import './slider.js';
import './form.js';

export { baseCss, baseSheet } from './base.css.js';
export { decodeEntities } from './entities.js';
