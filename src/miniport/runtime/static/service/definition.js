/**
 * Turning `Page({...})`, `Component({...})` and `Behavior({...})` options into one
 * normalised definition, with behaviors merged in WeChat's order (behaviors first, in
 * the order listed, the component's own fields last and winning).
 */

import { parsePath } from '../common/path.js';

export const LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
export const PAGE_LIFETIMES = ['show', 'hide', 'resize', 'routeDone'];
export const PAGE_HOOKS = [
  'onLoad', 'onShow', 'onReady', 'onHide', 'onUnload', 'onPullDownRefresh', 'onReachBottom',
  'onPageScroll', 'onShareAppMessage', 'onShareTimeline', 'onAddToFavorites', 'onResize',
  'onTabItemTap', 'onSaveExitState',
];
const PAGE_RESERVED = new Set(['data', 'behaviors', 'options', 'observers', 'lifetimes', 'pageLifetimes']);

const BEHAVIOR = Symbol('miniport.behavior');

function emptyDefinition(kind) {
  return {
    kind,
    is: '',
    properties: {},
    data: {},
    methods: {},
    fields: {},
    observers: [],
    lifetimes: Object.fromEntries(LIFETIMES.map((n) => [n, []])),
    pageLifetimes: Object.fromEntries(PAGE_LIFETIMES.map((n) => [n, []])),
    relations: {},
    externalClasses: [],
    options: {},
    exportFn: null,
    builtinBehaviors: [],
  };
}

const TYPE_DEFAULTS = new Map([
  [String, ''],
  [Number, 0],
  [Boolean, false],
  [Object, null],
  [Array, []],
]);

/** `{a: String}` or `{a: {type, value, observer, optionalTypes}}` → one shape. */
export function normalizeProperty(name, spec) {
  if (spec === null || typeof spec === 'function') spec = { type: spec };
  if (typeof spec !== 'object') throw new TypeError(`property "${name}": expected a type or {type, value}, got ${typeof spec}`);
  const type = spec.type === undefined ? null : spec.type;
  const value = 'value' in spec ? spec.value : TYPE_DEFAULTS.has(type) ? TYPE_DEFAULTS.get(type) : null;
  return { type, optionalTypes: spec.optionalTypes || [], value, observer: spec.observer || null };
}

function typeMatches(type, v) {
  switch (type) {
    case String: return typeof v === 'string';
    case Number: return typeof v === 'number';
    case Boolean: return typeof v === 'boolean';
    case Array: return Array.isArray(v);
    case Object: return typeof v === 'object' && v !== null && !Array.isArray(v);
    default: return true;
  }
}

/** Convert a value given by a parent template to the property's declared type. */
export function coerceProperty(prop, v) {
  if (prop.type === null || typeMatches(prop.type, v)) return v;
  for (const t of prop.optionalTypes) if (typeMatches(t, v)) return v;
  if (v === undefined || v === null) return clone(prop.value);
  switch (prop.type) {
    case String: return typeof v === 'object' ? JSON.stringify(v) : String(v);
    case Number: { const n = Number(v); return Number.isNaN(n) ? clone(prop.value) : n; }
    case Boolean: return v === 'false' ? false : Boolean(v);
    case Array: return Array.isArray(v) ? v : clone(prop.value);
    case Object: return typeof v === 'object' ? v : clone(prop.value);
    default: return v;
  }
}

/** `'a, b.c, list[0].**'` → [{segs, wildcard}] */
export function parseObserverKey(key) {
  return key.split(',').map((raw) => {
    const text = raw.trim();
    if (text === '**') return { segs: [], wildcard: true };
    if (text.endsWith('.**')) return { segs: parsePath(text.slice(0, -3)), wildcard: true };
    return { segs: parsePath(text), wildcard: false };
  });
}

/** Deep copy of JSON-like data, so every instance starts with its own `data`. */
export function clone(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone);
  if (v instanceof Date) return new Date(v.getTime());
  const out = {};
  for (const k of Object.keys(v)) out[k] = clone(v[k]);
  return out;
}

function merge(def, src) {
  Object.assign(def.properties, src.properties);
  Object.assign(def.data, clone(src.data));
  Object.assign(def.methods, src.methods);
  Object.assign(def.fields, src.fields);
  def.observers.push(...src.observers);
  for (const n of LIFETIMES) def.lifetimes[n].push(...src.lifetimes[n]);
  for (const n of PAGE_LIFETIMES) def.pageLifetimes[n].push(...src.pageLifetimes[n]);
  Object.assign(def.relations, src.relations);
  for (const c of src.externalClasses) if (!def.externalClasses.includes(c)) def.externalClasses.push(c);
  if (src.exportFn) def.exportFn = src.exportFn;
  def.builtinBehaviors.push(...src.builtinBehaviors);
}

/**
 * Normalise options of `kind` 'component' | 'page' | 'behavior'. Pages written with
 * `Page()` keep every top-level function as a method and every other field as an
 * instance field, as WeChat does.
 */
export function normalize(options, kind) {
  if (!options || typeof options !== 'object') throw new TypeError(`${kind}(): expected an options object`);
  const def = emptyDefinition(kind);
  for (const b of options.behaviors || []) {
    if (typeof b === 'string') def.builtinBehaviors.push(b);
    else if (b && b[BEHAVIOR]) merge(def, b[BEHAVIOR]);
    else throw new TypeError(`${kind}(): behaviors must contain values returned by Behavior() or "wx://" names`);
  }
  const own = emptyDefinition(kind);
  for (const [name, spec] of Object.entries(options.properties || {})) own.properties[name] = normalizeProperty(name, spec);
  own.data = typeof options.data === 'function' ? options.data() : options.data || {};
  if (kind === 'page') {
    for (const [k, v] of Object.entries(options)) {
      if (PAGE_RESERVED.has(k)) continue;
      if (typeof v === 'function') own.methods[k] = v;
      else own.fields[k] = v;
    }
  } else {
    Object.assign(own.methods, options.methods || {});
  }
  const lifetimes = options.lifetimes || {};
  for (const n of LIFETIMES) {
    const fn = lifetimes[n] || (kind !== 'page' ? options[n] : null);
    if (typeof fn === 'function') own.lifetimes[n].push(fn);
  }
  const pageLifetimes = options.pageLifetimes || {};
  for (const n of PAGE_LIFETIMES) if (typeof pageLifetimes[n] === 'function') own.pageLifetimes[n].push(pageLifetimes[n]);
  for (const [key, fn] of Object.entries(options.observers || {})) {
    if (typeof fn !== 'function') throw new TypeError(`observers["${key}"] must be a function`);
    own.observers.push({ key, paths: parseObserverKey(key), fn });
  }
  own.relations = options.relations || {};
  own.externalClasses = (options.externalClasses || []).slice();
  own.exportFn = typeof options.export === 'function' ? options.export : null;
  merge(def, own);
  def.options = { ...(options.options || {}) };
  return def;
}

/** `Behavior({...})`: an opaque value that components list in `behaviors`. */
export function Behavior(options) {
  return Object.freeze({ [BEHAVIOR]: normalize(options, 'behavior') });
}
