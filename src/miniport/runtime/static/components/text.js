// <text selectable space decode>. Plain text needs no work: the view layer puts text
// nodes inside <wx-text> and base.css.js styles it, so a list of a thousand <text>
// costs no more than a thousand spans. Only with `space` or `decode` does the shown
// text differ from the source text; then a shadow root shows a transformed copy of
// each text child, while element children (nested <text>) are slotted through manual
// slot assignment. The light DOM stays exactly as the view layer wrote it, so its diff
// keeps working either way.

import { MpElement, Types, define } from './element.js';
import { decodeEntities } from './entities.js';

const SPACES = { ensp: '\u2002', emsp: '\u2003', nbsp: '\u00a0' };

export class WxText extends MpElement {
  static props = {
    selectable: { type: Types.Boolean, value: false },
    userSelect: { type: Types.Boolean, value: false },
    space: { type: Types.String, value: '' },
    decode: { type: Types.Boolean, value: false },
  };

  render() {
    // A data attribute, not a class: the class attribute belongs to the page.
    this.toggleAttribute('data-selectable', this.selectable || this.userSelect);
    const transforms = Boolean(SPACES[this.space]) || this.decode;
    if (!transforms && !this._root) return;
    if (!this._root) {
      this._root = this.attachShadow({ mode: 'open', slotAssignment: 'manual' });
      this._observer = new MutationObserver(() => this.requestRender());
      this._observer.observe(this, { childList: true, characterData: true, subtree: true });
    }
    const root = this._root;
    root.replaceChildren();
    if (!transforms) {
      // space/decode were switched off again: show the children as they are.
      const slot = document.createElement('slot');
      root.append(slot);
      slot.assign(...this.childNodes);
      return;
    }
    for (const child of this.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        root.append(this.transform(child.data));
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const slot = document.createElement('slot');
        root.append(slot);
        slot.assign(child);
      }
    }
  }

  transform(source) {
    let out = source;
    const space = SPACES[this.space];
    if (space) out = out.replace(/ /g, space);
    if (this.decode) out = decodeEntities(out);
    return out;
  }
}

define('wx-text', WxText);
