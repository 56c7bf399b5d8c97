// A tiny DOM for unit tests of the view layer in Node: enough of Node, Element, Text
// and ShadowRoot for diff.js and events.js, and a count of every DOM write so tests
// can assert that an update was minimal.

export class FakeDocument {
  constructor() {
    this.writes = 0;
    this.created = 0;
  }

  createElement(tag) {
    this.created++;
    return new FakeElement(this, tag);
  }

  createTextNode(text) {
    this.created++;
    return new FakeText(this, text);
  }
}

class FakeNode {
  constructor(doc) {
    this.ownerDocument = doc;
    this.parentNode = null;
    this.childNodes = [];
  }

  get nextSibling() {
    const p = this.parentNode;
    if (!p) return null;
    const i = p.childNodes.indexOf(this);
    return p.childNodes[i + 1] || null;
  }

  getRootNode() {
    let n = this;
    while (n.parentNode) n = n.parentNode;
    return n;
  }

  appendChild(child) {
    return this.insertBefore(child, null);
  }

  insertBefore(child, ref) {
    this.ownerDocument.writes++;
    if (child.parentNode) child.parentNode.childNodes.splice(child.parentNode.childNodes.indexOf(child), 1);
    const i = ref ? this.childNodes.indexOf(ref) : -1;
    if (i < 0) this.childNodes.push(child);
    else this.childNodes.splice(i, 0, child);
    child.parentNode = this;
    return child;
  }

  removeChild(child) {
    this.ownerDocument.writes++;
    this.childNodes.splice(this.childNodes.indexOf(child), 1);
    child.parentNode = null;
    return child;
  }

  get textContent() {
    return this.childNodes.map((c) => c.textContent).join('');
  }
}

export class FakeText extends FakeNode {
  constructor(doc, text) {
    super(doc);
    this.nodeType = 3;
    this._data = text;
  }

  get data() {
    return this._data;
  }

  set data(v) {
    this.ownerDocument.writes++;
    this._data = v;
  }

  get textContent() {
    return this._data;
  }
}

export class FakeShadowRoot extends FakeNode {
  constructor(doc, host) {
    super(doc);
    this.nodeType = 11;
    this.host = host;
  }
}

export class FakeElement extends FakeNode {
  constructor(doc, tag) {
    super(doc);
    this.nodeType = 1;
    this.localName = tag;
    this.attributes = {};
    this._className = '';
    this._id = '';
    this._hidden = false;
    this.shadowRoot = null;
    this.assignedSlot = null;
    const self = this;
    this.style = {
      _css: '',
      get cssText() {
        return this._css;
      },
      set cssText(v) {
        self.ownerDocument.writes++;
        this._css = v;
      },
    };
  }

  get className() {
    return this._className;
  }

  set className(v) {
    this.ownerDocument.writes++;
    this._className = v;
  }

  get id() {
    return this._id;
  }

  set id(v) {
    this.ownerDocument.writes++;
    this._id = v;
  }

  get hidden() {
    return this._hidden;
  }

  set hidden(v) {
    this.ownerDocument.writes++;
    this._hidden = v;
  }

  setAttribute(name, value) {
    this.ownerDocument.writes++;
    this.attributes[name] = String(value);
  }

  removeAttribute(name) {
    if (name in this.attributes) this.ownerDocument.writes++;
    delete this.attributes[name];
  }

  getAttribute(name) {
    return name in this.attributes ? this.attributes[name] : null;
  }

  attachShadow() {
    this.shadowRoot = new FakeShadowRoot(this.ownerDocument, this);
    return this.shadowRoot;
  }

  addEventListener() {}
}

/** A scope for diff.js rendering plain built-ins (no custom components). */
export function plainScope(doc, owner = 'p1') {
  return {
    doc,
    owner,
    classMap: null,
    isComponent: () => null,
    createComponent() {
      throw new Error('no components in this scope');
    },
    updateComponent() {},
    destroyComponent() {},
    isBuiltin: () => false,
    listen() {},
  };
}
