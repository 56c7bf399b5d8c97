// The base class of every interactive built-in component.
//
// The view layer assigns WXML attributes as camelCase element properties
// (`el.maxlength = 10`), so each component declares its properties once in
// `static props`; this module turns the declaration into accessors that coerce
// the value the way WeChat does, and batches re-rendering into one microtask so
// that assigning five properties renders once. Attributes (kebab-case) are also
// observed, which keeps hand-written HTML (the test harness, docs) working.

/** Coercions applied when a property is assigned, named as WeChat's property types. */
export const Types = {
  String: (v) => (v == null ? '' : String(v)),
  Number: (v) => {
    const n = typeof v === 'number' ? v : parseFloat(v);
    return Number.isFinite(n) ? n : 0;
  },
  // WXML `disabled="{{false}}"` arrives as false; a bare attribute arrives as "".
  Boolean: (v) => v === true || v === '' || (v != null && v !== false && v !== 'false' && v !== 0),
  Array: (v) => (Array.isArray(v) ? v : v == null || v === '' ? [] : [v]),
  Any: (v) => v,
};

const kebab = (name) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export class MpElement extends HTMLElement {
  /** {camelName: {type: Types.X, value: default}}; subclasses override. */
  static props = {};

  static get observedAttributes() {
    return Object.keys(this.props).map(kebab);
  }

  /** Installs accessors for `props` on the class; called once by `define`. */
  static installProps() {
    for (const [name, spec] of Object.entries(this.props)) {
      Object.defineProperty(this.prototype, name, {
        configurable: true,
        get() {
          return name in this._props ? this._props[name] : spec.value;
        },
        set(raw) {
          const value = spec.type(raw);
          const old = this[name];
          this._props[name] = value;
          if (!Object.is(old, value) || typeof value === 'object') this.propChanged(name, value, old);
        },
      });
    }
  }

  constructor() {
    super();
    this._props = {};
    this._renderQueued = false;
    this._connectedOnce = false;
  }

  attributeChangedCallback(attr, _old, value) {
    const name = attr.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    // A property assigned by the view layer wins over a later attribute of the same name.
    this[name] = value === null ? this.constructor.props[name].value : parseAttr(value);
  }

  connectedCallback() {
    if (!this._connectedOnce) {
      this._connectedOnce = true;
      this.firstConnected();
    }
    this.requestRender();
  }

  /** Runs once, on first insertion: build the shadow DOM here, not in the constructor. */
  firstConnected() {}

  /** Called after a property changed; the default schedules a render. */
  propChanged(_name, _value, _old) {
    this.requestRender();
  }

  requestRender() {
    if (this._renderQueued) return;
    this._renderQueued = true;
    queueMicrotask(() => {
      this._renderQueued = false;
      if (this._connectedOnce) this.render();
    });
  }

  /** Brings the shadow DOM in line with the properties; must be idempotent. */
  render() {}

  /** Dispatches a WeChat event: a CustomEvent whose detail is WeChat's detail. */
  emit(type, detail = {}, { bubbles = false, composed = false } = {}) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles, composed }));
  }
}

/** Attribute text → property value: JSON for arrays/objects/numbers, else the text. */
function parseAttr(text) {
  const t = text.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}

/** Registers `cls` as `tag` once; a second registration (two runtimes on one page) is a no-op. */
export function define(tag, cls) {
  if (customElements.get(tag)) return;
  if (cls.installProps) cls.installProps();
  customElements.define(tag, cls);
}

const sheets = new Map();
const templates = new Map();

/** One shared CSSStyleSheet per distinct CSS text: instances never re-parse CSS. */
export function sheetFor(css) {
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  return sheet;
}

/**
 * Creates an open shadow root holding `css` and `html`; returns the root. The markup
 * is parsed once per component type and cloned for each instance, which keeps a list
 * of a thousand buttons cheap.
 */
export function shadow(host, css, html, init = {}) {
  const root = host.attachShadow({ mode: 'open', ...init });
  root.adoptedStyleSheets = [sheetFor(css)];
  let template = templates.get(html);
  if (!template) {
    template = document.createElement('template');
    template.innerHTML = html;
    templates.set(html, template);
  }
  root.append(template.content.cloneNode(true));
  return root;
}

/** Nearest ancestor (not self) matching `selector`, walking light-DOM parents and
 * crossing from a shadow root to its host (a form inside a custom component's
 * shadow root still finds the page's wx-form). */
export function closestComposed(node, selector) {
  for (let n = parentAcrossShadow(node); n; n = parentAcrossShadow(n)) {
    if (n.nodeType === 1 && n.matches(selector)) return n;
  }
  return null;
}

function parentAcrossShadow(node) {
  const parent = node.parentNode;
  return parent instanceof ShadowRoot ? parent.host : parent;
}

/** Stops a native event from leaving the shadow root, so only our CustomEvent is seen. */
export function swallow(target, ...types) {
  for (const type of types) target.addEventListener(type, (e) => e.stopPropagation());
}

/** Makes a host keyboard-operable: Enter and Space act like a click. */
export function activateOnKeys(host) {
  host.addEventListener('keydown', (e) => {
    if (e.target !== host) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      host.click();
    }
  });
}

/**
 * Sets (or, for null/undefined, removes) an attribute only when it changes: rewriting
 * an equal value still costs a style invalidation, which adds up over long lists.
 */
export function setAttr(host, name, value) {
  if (value === null || value === undefined) {
    if (host.hasAttribute(name)) host.removeAttribute(name);
  } else if (host.getAttribute(name) !== String(value)) {
    host.setAttribute(name, String(value));
  }
}

/** Sets a CSS custom property on `el` only when it changes. */
export function setVar(el, name, value) {
  if (el.style.getPropertyValue(name) !== value) el.style.setProperty(name, value);
}

/** Pixels in one rpx where `el` is: the page container's --mp-rpx, else width / 750. */
export function rpxUnit(el) {
  const v = parseFloat(getComputedStyle(el).getPropertyValue('--mp-rpx'));
  return Number.isFinite(v) && v > 0 ? v : (window.innerWidth || 375) / 750;
}

/** Adds or removes a `hover-class` value, which may hold several class names. */
export function toggleClasses(el, classes, on) {
  for (const name of String(classes || '').split(/\s+/)) {
    if (name && name !== 'none') el.classList.toggle(name, on);
  }
}

/**
 * Values a control reported to the page (input text, swiper index), kept for a moment so
 * the page echoing one back a round trip later can be told from a new value the page
 * sets on purpose. Entries expire after `ttl` ms: an echo comes back well within that.
 */
export class EchoLog {
  constructor(ttl = 1000) {
    this.ttl = ttl;
    this.entries = [];
  }

  add(value) {
    this.entries.push({ value, at: performance.now() });
    if (this.entries.length > 50) this.entries.shift();
  }

  /** True (and forgets it and anything older) when `value` is a recent report. */
  consume(value) {
    const now = performance.now();
    this.entries = this.entries.filter((e) => now - e.at <= this.ttl);
    const at = this.entries.findIndex((e) => e.value === value);
    if (at < 0) return false;
    this.entries.splice(0, at + 1);
    return true;
  }
}
