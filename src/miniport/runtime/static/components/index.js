// Registers every built-in component as a custom element (importing this module is
// enough) and re-exports what the view layer needs: the base stylesheet for plain
// containers and the list of tags that are implemented as custom elements.

import './text.js';
import './button.js';
import './input.js';
import './textarea.js';
import './checkbox.js';
import './radio.js';
import './switch.js';
import './slider.js';
import './form.js';
import './label.js';
import './picker.js';
import './picker-view.js';
import './scroll-view.js';
import './swiper.js';
import './navigator.js';
import './image.js';
import './icon.js';
import './progress.js';
import './rich-text.js';
import './web-view.js';
import './movable.js';

export { baseCss, baseSheet } from './base.css.js';
export { decodeEntities } from './entities.js';
export { setDefaultLang } from './i18n.js';

/** Built-in tags implemented as custom elements (without the `wx-` prefix). */
export const customElementTags = [
  'text', 'button', 'input', 'textarea', 'checkbox', 'checkbox-group', 'radio', 'radio-group',
  'switch', 'slider', 'form', 'label', 'picker', 'picker-view', 'picker-view-column',
  'scroll-view', 'swiper', 'swiper-item', 'navigator', 'image', 'icon', 'progress',
  'rich-text', 'web-view', 'movable-area', 'movable-view',
];

/** Plain built-in containers: bare `wx-*` elements styled by `baseCss`. */
export const plainTags = ['view', 'cover-view', 'block'];
