/**
 * Keyed diff of virtual trees (contracts §1) against the DOM, with minimal writes.
 *
 * Every managed DOM node remembers the VNode it was last rendered from (`__v`), the id
 * of the instance whose template produced it (`__o`), and, for elements, its managed
 * children (`__kids`). A render produces a fresh VNode tree; we walk it against those
 * records, writing only what changed. Children with a `key` are matched by key, the
 * others by position among unkeyed siblings of the same tag; nodes are moved only when
 * they are not in the longest run that kept its order, so updating or inserting one
 * row of a 1,000-row list touches that row alone.
 *
 * The module takes the document and the hooks it needs from a `scope`, so it runs in
 * Node with a small fake DOM (tests/runtime/js/diff.test.mjs).
 *
 * scope = {
 *   doc, owner,                     // document; id of the instance rendering
 *   classMap: Map|null,             // externalClasses of a component: name → parent's classes
 *   isComponent(tag) → path|null,   // custom component lookup (usingComponents)
 *   createComponent(vnode, scope) → host element (shadow root attached, mount queued)
 *   updateComponent(el, vnode, scope), destroyComponent(el),
 *   isBuiltin(tagName) → bool,      // a registered custom element: set properties
 *   listen(el, eventName),          // a DOM listener for a non-delegated event
 *   animate(el, animation),
 * }
 */

const RPX = /(-?\d*\.?\d+)rpx/g;
const EMPTY = Object.freeze({});

/** Tag name of the DOM element for a WXML tag (`view` → `wx-view`). */
export function domTag(tag) {
  return tag === 'slot' ? 'slot' : `wx-${tag}`;
}

function keyOf(v) {
  return typeof v === 'object' && v !== null && v.key !== undefined && v.key !== null ? v.key : undefined;
}

function sameType(a, b) {
  if (typeof a === 'string') return typeof b === 'string';
  return typeof b === 'object' && a.tag === b.tag;
}

/** `width: 10rpx` → `width: calc(10 * var(--mp-rpx))` for inline styles. */
export function styleText(value) {
  if (value === null || value === undefined || value === false) return '';
  const text = typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}:${v}`).join(';') : String(value);
  return text.includes('rpx') ? text.replace(RPX, 'calc($1 * var(--mp-rpx))') : text;
}

function mapClasses(value, classMap) {
  const text = value === null || value === undefined || value === false ? '' : String(value);
  if (!classMap || classMap.size === 0) return text;
  return text.split(/\s+/).map((c) => (classMap.has(c) ? classMap.get(c) : c)).join(' ');
}

export function camel(name) {
  return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

/** Attributes that are not element properties/attributes but handled specially. */
function setAttr(el, name, value, scope, isHost, builtin) {
  switch (name) {
    case 'class':
      el.className = mapClasses(value, scope.classMap);
      return;
    case 'style':
      el.style.cssText = styleText(value);
      return;
    case 'id':
      el.id = value === null || value === undefined ? '' : String(value);
      return;
    case 'hidden':
      el.hidden = !!value && value !== 'false';
      return;
    case 'slot':
      if (value) el.setAttribute('slot', String(value));
      else el.removeAttribute('slot');
      return;
    case 'animation':
      if (value && scope.animate) scope.animate(el, value);
      return;
    case 'src':
      if (scope.resolveSrc) value = scope.resolveSrc(value);
      break;
    default:
  }
  if (isHost || name.startsWith('data-') || name.startsWith('generic:')) return;
  if (builtin) {
    // A built-in that throws on one property must not stop the rest of the page.
    try {
      el[camel(name)] = value;
    } catch (err) {
      if (scope.report) scope.report(err, `<${el.localName} ${name}>`);
    }
  } else if (value === null || value === undefined || value === false) {
    el.removeAttribute(name);
  } else {
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

function patchAttrs(el, oldAttrs, newAttrs, scope, isHost, builtin) {
  // Hot path of every update: one pass over the new attributes, and a second pass for
  // removals only when the old ones had a name the new ones lack.
  let kept = 0;
  const mapped = scope.classMap !== null && scope.classMap !== undefined;
  for (const name in newAttrs) {
    const value = newAttrs[name];
    if (oldAttrs !== null && name in oldAttrs) {
      kept++;
      if (oldAttrs[name] === value && !(mapped && name === 'class')) continue;
    }
    setAttr(el, name, value, scope, isHost, builtin);
  }
  if (oldAttrs === null) return;
  let total = 0;
  for (const _ in oldAttrs) total++;
  if (total === kept) return;
  for (const name in oldAttrs) {
    if (name in newAttrs) continue;
    setAttr(el, name, name === 'class' || name === 'style' ? '' : undefined, scope, isHost, builtin);
  }
}

function listenAll(el, v, scope) {
  if (v.events) for (const e of v.events) scope.listen(el, e.name);
  if (v.models) {
    scope.listen(el, 'input');
    scope.listen(el, 'change');
  }
}

/** Create the DOM for one VNode (and its subtree). */
export function createNode(v, scope) {
  const doc = scope.doc;
  if (typeof v !== 'object' || v === null) {
    const text = doc.createTextNode(v === null || v === undefined ? '' : String(v));
    text.__v = text.data;
    return text;
  }
  const path = v.tag === 'slot' ? null : scope.isComponent(v.tag);
  let el;
  let builtin = false;
  if (path) {
    el = scope.createComponent(v, scope, path);
  } else {
    el = doc.createElement(domTag(v.tag));
    builtin = !!(scope.isBuiltin && scope.isBuiltin(el.localName));
  }
  el.__o = scope.owner;
  el.__v = v;
  el.__builtin = builtin;
  patchAttrs(el, null, v.attrs || EMPTY, scope, !!path, builtin);
  if (v.tag === 'slot') el.name = (v.attrs && v.attrs.name) || '';
  listenAll(el, v, scope);
  const kids = v.children || [];
  const out = new Array(kids.length);
  for (let i = 0; i < kids.length; i++) {
    const child = createNode(kids[i], scope);
    el.appendChild(child);
    out[i] = child;
  }
  el.__kids = out;
  return el;
}

/** Update `node` (rendered from a VNode of the same type) to VNode `v`. */
export function patchNode(node, v, scope) {
  const old = node.__v;
  if (typeof v !== 'object' || v === null) {
    const text = v === null || v === undefined ? '' : String(v);
    if (old !== text) {
      node.data = text;
      node.__v = text;
    }
    return;
  }
  if (old === v) return;
  const isHost = !!node.__c;
  patchAttrs(node, old.attrs || EMPTY, v.attrs || EMPTY, scope, isHost, node.__builtin);
  if (v.events !== old.events || v.models !== old.models) listenAll(node, v, scope);
  node.__v = v;
  if (isHost) scope.updateComponent(node, v, scope);
  node.__kids = patchChildren(node, node.__kids || [], v.children || [], scope);
}

/** Remove a managed node; component hosts inside it are reported as destroyed. */
export function removeNode(parent, node, scope) {
  parent.removeChild(node);
  destroyTree(node, scope);
}

/** Report every component host in these (already detached) nodes as destroyed. */
export function destroyNodes(nodes, scope) {
  for (let i = 0; i < nodes.length; i++) destroyTree(nodes[i], scope);
}

function destroyTree(node, scope) {
  const kids = node.__kids;
  if (kids) for (let i = 0; i < kids.length; i++) destroyTree(kids[i], scope);
  if (node.__c) scope.destroyComponent(node);
}

/**
 * Longest increasing subsequence of `arr` ignoring -1 entries; returns a boolean mask
 * of the positions that stay in place.
 */
export function stableMask(arr) {
  const n = arr.length;
  const prev = new Int32Array(n);
  const tails = [];
  for (let i = 0; i < n; i++) {
    const x = arr[i];
    if (x < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[tails[mid]] < x) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const keep = new Uint8Array(n);
  let k = tails.length ? tails[tails.length - 1] : -1;
  while (k >= 0) {
    keep[k] = 1;
    k = prev[k];
  }
  return keep;
}

/**
 * Make `parent`'s managed children (`oldNodes`) match `vnodes`; returns the new list of
 * managed children. Unmanaged nodes (a built-in's own light DOM) are left alone.
 */
export function patchChildren(parent, oldNodes, vnodes, scope) {
  const n = vnodes.length;
  const m = oldNodes.length;
  // Fast path: same shape, no keys moved — patch in place, no DOM moves at all.
  let same = n === m;
  for (let i = 0; same && i < n; i++) {
    const o = oldNodes[i].__v;
    const v = vnodes[i];
    if (typeof o === 'string' || typeof v !== 'object' || v === null) {
      same = typeof o === 'string' && (typeof v !== 'object' || v === null);
    } else {
      same = o.tag === v.tag && o.key === v.key;
    }
  }
  if (same) {
    for (let i = 0; i < n; i++) patchNode(oldNodes[i], vnodes[i], scope);
    return oldNodes;
  }

  let keyed = null;
  for (let i = 0; i < m; i++) {
    const k = keyOf(oldNodes[i].__v);
    if (k !== undefined) (keyed || (keyed = new Map())).set(k, i);
  }
  const used = new Uint8Array(m);
  const from = new Int32Array(n).fill(-1);
  let cursor = 0;
  for (let j = 0; j < n; j++) {
    const v = vnodes[j];
    const k = keyOf(v);
    let i = -1;
    if (k !== undefined) {
      if (keyed && keyed.has(k)) {
        i = keyed.get(k);
        if (used[i] || !sameType(oldNodes[i].__v, v)) i = -1;
      }
    } else {
      while (cursor < m && (used[cursor] || keyOf(oldNodes[cursor].__v) !== undefined)) cursor++;
      if (cursor < m && sameType(oldNodes[cursor].__v, v)) i = cursor++;
    }
    if (i >= 0) {
      used[i] = 1;
      from[j] = i;
    }
  }
  for (let i = 0; i < m; i++) if (!used[i]) removeNode(parent, oldNodes[i], scope);
  const keep = stableMask(from);
  const out = new Array(n);
  // Children are placed from the last to the first, each before its successor; the
  // last goes to the end of the parent.
  let next = null;
  for (let j = n - 1; j >= 0; j--) {
    let node;
    if (from[j] >= 0) {
      node = oldNodes[from[j]];
      patchNode(node, vnodes[j], scope);
      if (!keep[j]) parent.insertBefore(node, next);
    } else {
      node = createNode(vnodes[j], scope);
      parent.insertBefore(node, next);
    }
    out[j] = node;
    next = node;
  }
  return out;
}
