/**
 * Component and page instances of the logic layer: `this` inside mini-program code.
 *
 * An instance owns its `data`; `setData` changes it at once, runs observers, and queues
 * the patch for the view. Internal state hangs off a non-enumerable `__mp` so that
 * `this` looks like WeChat's: data, properties, methods, and the documented calls.
 */

import { getPath, isPrefix, parsePath, setPath } from '../common/path.js';
import { clone, coerceProperty } from './definition.js';
import { createIntersectionObserver } from './intersection.js';
import { kernel, reportError, safeCall, scheduleFlush } from './kernel.js';
import { matchesSelector } from './selector.js';

const MAX_OBSERVER_DEPTH = 32;

const proto = {
  setData(patch, callback) {
    if (!patch || typeof patch !== 'object') throw new TypeError('setData: expected an object like {"a.b": 1}');
    applyData(this, patch, callback, false);
  },

  /** WeChat batches the setData calls made inside `fn`; ours are batched per tick anyway. */
  groupSetData(fn) {
    if (typeof fn === 'function') fn.call(this);
  },

  getOpenerEventChannel() {
    return this.__mp.eventChannel || (this.__mp.eventChannel = createEventChannel());
  },

  getTabBar() {
    return null;
  },

  triggerEvent(name, detail, options = {}) {
    const st = this.__mp;
    if (st.kind === 'page') return;
    kernel.postView({
      t: 'trigger', id: st.id, name: String(name), detail: detail === undefined ? {} : detail,
      options: { bubbles: !!options.bubbles, composed: !!options.composed, capturePhase: !!options.capturePhase },
    });
  },

  selectComponent(selector) {
    const found = findOwned(this, selector, false);
    return found.length ? exported(found[0], this) : null;
  },

  selectAllComponents(selector) {
    return findOwned(this, selector, true).map((c) => exported(c, this));
  },

  selectOwnerComponent() {
    const owner = kernel.instances.get(this.__mp.owner);
    return owner || null;
  },

  getRelationNodes(path) {
    const list = this.__mp.relations.get(resolveRelationPath(this, path));
    return list ? list.slice() : [];
  },

  createSelectorQuery() {
    return kernel.wx.createSelectorQuery().in(this);
  },

  createIntersectionObserver(options) {
    return createIntersectionObserver(this.__mp.id, options);
  },

  getPageId() {
    return this.__mp.pageId;
  },

  hasBehavior(b) {
    return this.__mp.def.builtinBehaviors.includes(b);
  },
};

/** The EventChannel of navigateTo's `events`: on/once/off/emit inside one page pair. */
export function createEventChannel() {
  const listeners = new Map();
  return {
    on(name, fn) { (listeners.get(name) || listeners.set(name, []).get(name)).push({ fn, once: false }); },
    once(name, fn) { (listeners.get(name) || listeners.set(name, []).get(name)).push({ fn, once: true }); },
    off(name, fn) { listeners.set(name, (listeners.get(name) || []).filter((l) => fn && l.fn !== fn)); },
    emit(name, ...args) {
      const list = listeners.get(name) || [];
      listeners.set(name, list.filter((l) => !l.once));
      for (const l of list) safeCall(l.fn, null, args, `EventChannel "${name}"`);
    },
  };
}

/** Make a new instance of `def`; nothing is called yet. */
export function createInstance(def, init) {
  const inst = Object.create(proto);
  const data = clone(def.data);
  for (const [name, prop] of Object.entries(def.properties)) data[name] = clone(prop.value);
  const state = {
    def,
    id: init.id,
    kind: def.kind,
    is: init.is,
    owner: init.owner || null,
    pageId: init.pageId || init.id,
    attrs: init.attrs || { id: '', class: '', dataset: {} },
    pending: null,
    callbacks: [],
    mounted: false,
    destroyed: false,
    observerDepth: 0,
    relations: new Map(),
    linked: [],
  };
  Object.defineProperty(inst, '__mp', { value: state, enumerable: false });
  inst.data = data;
  inst.properties = data;
  inst.is = init.is;
  inst.id = state.attrs.id || '';
  inst.dataset = state.attrs.dataset || {};
  for (const [name, fn] of Object.entries(def.methods)) inst[name] = fn;
  for (const [name, value] of Object.entries(def.fields)) inst[name] = clone(value);
  kernel.instances.set(init.id, inst);
  return inst;
}

/** Call a lifetime (`created`, `attached`…) of every behavior and the component. */
export function callLifetime(inst, name, args = []) {
  for (const fn of inst.__mp.def.lifetimes[name]) safeCall(fn, inst, args, `${inst.is} lifetimes.${name}`);
}

/** Call a page hook (`onLoad`…) when the page defines it. */
export function callHook(inst, name, args = []) {
  const fn = inst[name];
  if (typeof fn === 'function') return safeCall(fn, inst, args, `${inst.is}.${name}`);
  return undefined;
}

/**
 * Apply a patch to an instance's data. `fromParent` marks property values set by the
 * parent's template: they are converted to the declared type, and only changed ones
 * count.
 */
export function applyData(inst, patch, callback, fromParent) {
  const st = inst.__mp;
  if (st.destroyed) return;
  const def = st.def;
  const changed = [];
  for (const key of Object.keys(patch)) {
    const segs = parsePath(key);
    let value = patch[key];
    const prop = segs.length === 1 ? def.properties[segs[0]] : undefined;
    const old = segs.length === 1 ? inst.data[segs[0]] : undefined;
    if (fromParent) {
      if (!prop) continue;
      value = coerceProperty(prop, value);
      if (value === old && (value === null || typeof value !== 'object')) continue;
    }
    setPath(inst.data, segs, value);
    changed.push({ segs, prop, old, value, key });
    if (st.mounted) {
      if (!st.pending) st.pending = new Map();
      st.pending.delete(key);
      st.pending.set(key, value);
    }
  }
  if (typeof callback === 'function') st.callbacks.push(callback);
  if (changed.length || st.callbacks.length) scheduleFlush(inst);
  if (changed.length) runObservers(inst, changed);
}

function runObservers(inst, changed) {
  const st = inst.__mp;
  if (st.observerDepth >= MAX_OBSERVER_DEPTH) {
    reportError(new Error(`observers of ${inst.is} call setData in a loop; stopped after ${MAX_OBSERVER_DEPTH} rounds`), 'observers');
    return;
  }
  st.observerDepth += 1;
  try {
    for (const c of changed) {
      if (!c.prop || !c.prop.observer) continue;
      if (c.value === c.old && (c.value === null || typeof c.value !== 'object')) continue;
      const fn = typeof c.prop.observer === 'function' ? c.prop.observer : inst[c.prop.observer];
      if (typeof fn === 'function') safeCall(fn, inst, [c.value, c.old, c.segs], `${inst.is} property observer "${c.key}"`);
    }
    for (const obs of st.def.observers) {
      if (!obs.paths.some((p) => changed.some((c) => observerHit(p, c.segs)))) continue;
      const args = obs.paths.map((p) => getPath(inst.data, p.segs));
      safeCall(obs.fn, inst, args, `${inst.is} observers["${obs.key}"]`);
    }
  } finally {
    st.observerDepth -= 1;
  }
}

/**
 * Does setting `segs` fire an observer on `path`? Yes when the set path is the watched
 * one or above it; for `.**` observers also when it is anywhere below.
 */
export function observerHit(path, segs) {
  if (isPrefix(segs, path.segs)) return true;
  return path.wildcard && isPrefix(path.segs, segs);
}

function findOwned(inst, selector, all) {
  const out = [];
  const id = inst.__mp.id;
  for (const other of kernel.instances.values()) {
    const st = other.__mp;
    if (st.owner !== id || st.destroyed || st.kind === 'page') continue;
    if (matchesSelector(selector, st)) {
      out.push(other);
      if (!all) break;
    }
  }
  return out;
}

function exported(target, caller) {
  const fn = target.__mp.def.exportFn;
  return fn ? safeCall(fn, target, [caller], `${target.is}.export`) : target;
}

function resolveRelationPath(inst, path) {
  if (!path.startsWith('.') && !path.startsWith('/')) return path;
  const base = inst.is.split('/').slice(0, -1);
  const parts = path.startsWith('/') ? [] : base;
  for (const p of path.replace(/^\//, '').split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p) parts.push(p);
  }
  return parts.join('/');
}

export { resolveRelationPath };
