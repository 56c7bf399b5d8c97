// <rich-text nodes space>: renders sanitized markup (see sanitize.js) in a shadow
// root that adopts the style sheets of the page or component it sits in, so the
// `class` names in the nodes are styled by the page's WXSS as in WeChat, while the
// markup itself can never reach outside the component.

import { MpElement, Types, define, sheetFor } from './element.js';
import { buildRichText } from './sanitize.js';

const SPACES = { ensp: '\u2002', emsp: '\u2003', nbsp: '\u00a0' };

export class WxRichText extends MpElement {
  static props = {
    nodes: { type: Types.Any, value: [] },
    space: { type: Types.String, value: '' },
    userSelect: { type: Types.Boolean, value: false },
  };

  firstConnected() {
    this._root = this.attachShadow({ mode: 'open' });
  }

  render() {
    const outer = this.getRootNode();
    const own = sheetFor(`:host{display:block;${this.userSelect ? '' : 'user-select:none;-webkit-user-select:none;'}} img{max-width:100%}`);
    this._root.adoptedStyleSheets = [...(outer.adoptedStyleSheets || []), own];
    const space = SPACES[this.space];
    const transform = space ? (t) => t.replace(/ /g, space) : undefined;
    this._root.replaceChildren(buildRichText(this.nodes, transform));
  }
}

define('wx-rich-text', WxRichText);
