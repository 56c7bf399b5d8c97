/**
 * The logic side of the component tree. The view creates component hosts while it
 * renders and tells us (`mount`); we create instances, run created/attached, and answer
 * with their first data. See docs/runtime.md, "View ⇄ logic protocol".
 */

import { applyData, callLifetime, createInstance, resolveRelationPath } from './instance.js';
import { kernel, reportError, safeCall } from './kernel.js';
import { definitionOf } from './registry.js';

const RELATION_PAIRS = { parent: 'child', child: 'parent', ancestor: 'descendant', descendant: 'ancestor' };

/** Handle `{t:'mount', list}`: create each component, reply with its data. */
export function mountComponents(list) {
  const replies = [];
  const created = [];
  for (const m of list) {
    let def;
    try {
      def = definitionOf(m.is);
    } catch (err) {
      reportError(err, `component ${m.is}`);
      replies.push({ id: m.id, error: String(err && err.message) });
      continue;
    }
    const inst = createInstance(def, { id: m.id, is: m.is, owner: m.owner, pageId: m.pageId, attrs: m.attrs });
    inst.__mp.ancestors = m.ancestors || [];
    callLifetime(inst, 'created');
    applyData(inst, m.props || {}, null, true);
    created.push(inst);
  }
  for (const inst of created) {
    callLifetime(inst, 'attached');
    linkRelations(inst);
    const st = inst.__mp;
    st.mounted = true;
    st.pending = null;
    replies.push({
      id: st.id,
      data: inst.data,
      externalClasses: st.def.externalClasses,
      options: {
        multipleSlots: !!st.def.options.multipleSlots,
        styleIsolation: st.def.options.styleIsolation || (st.def.options.addGlobalClass ? 'apply-shared' : 'isolated'),
        virtualHost: !!st.def.options.virtualHost,
      },
    });
  }
  kernel.postView({ t: 'mounted', list: replies });
}

/** The view rendered these instances (children before parents): run `ready`. */
export function readyComponents(ids) {
  for (const id of ids) {
    const inst = kernel.instances.get(id);
    if (!inst || inst.__mp.readyDone || inst.__mp.kind === 'page') continue;
    const page = kernel.instances.get(inst.__mp.pageId);
    if (page && page.__mp.loaded === false) {
      // WeChat runs a component's ready after its page's onLoad and onShow.
      page.__mp.deferredReady.push(id);
      continue;
    }
    inst.__mp.readyDone = true;
    callLifetime(inst, 'ready');
    const cbs = inst.__mp.callbacks;
    if (cbs.length && !inst.__mp.pending) {
      inst.__mp.callbacks = [];
      for (const cb of cbs) safeCall(cb, inst, [], 'setData callback');
    }
  }
}

/** New property values from the parent's template. */
export function updateProps(id, props, attrs) {
  const inst = kernel.instances.get(id);
  if (!inst) return;
  if (attrs) {
    inst.__mp.attrs = attrs;
    inst.id = attrs.id || '';
    inst.dataset = attrs.dataset || {};
  }
  applyData(inst, props, null, true);
}

/** Hosts removed from the view: `detached` (children first, as the view lists them). */
export function unmountComponents(ids) {
  for (const id of ids) destroyInstance(id, 'detached');
}

export function destroyInstance(id, lifetime) {
  const inst = kernel.instances.get(id);
  if (!inst) return;
  const st = inst.__mp;
  if (st.destroyed) return;
  unlinkRelations(inst);
  if (st.kind !== 'page') callLifetime(inst, lifetime);
  st.destroyed = true;
  kernel.instances.delete(id);
}

/**
 * `{t:'event', owner, handler, event, ref}`: call the handler method on its owner. With
 * `ref` (an input event's own handler) a returned value goes back to the view.
 */
export function dispatchEvent(msg) {
  const inst = kernel.instances.get(msg.owner);
  if (!inst) return;
  const fn = inst[msg.handler];
  if (typeof fn !== 'function') {
    kernel.postHost({ t: 'log', level: 'warn', args: [`Component "${inst.is}" does not have a method "${msg.handler}" to handle event "${msg.event.type}".`] });
    return;
  }
  const result = safeCall(fn, inst, [msg.event], `${inst.is}.${msg.handler}`);
  if (msg.ref === undefined) return;
  const reply = inputReplacement(result);
  if (reply) kernel.postView({ t: 'input:replace', ref: msg.ref, ...reply });
}

/**
 * What a bindinput handler's return value asks the field to show: a string (or number)
 * replaces the text, `{value, cursor}` also places the cursor. Anything else (undefined,
 * a Promise from an async handler) leaves the typed text alone and sends nothing.
 */
export function inputReplacement(result) {
  if (typeof result === 'string' || typeof result === 'number') return { value: String(result) };
  if (result && typeof result === 'object' && typeof result.then !== 'function' && 'value' in result) {
    const out = { value: String(result.value ?? '') };
    const cursor = Number(result.cursor);
    if (Number.isInteger(cursor) && cursor >= 0) out.cursor = cursor;
    return out;
  }
  return null;
}

/** `model:` two-way binding written back by the view. */
export function applyModel(msg) {
  const inst = kernel.instances.get(msg.owner);
  if (inst) applyData(inst, { [msg.path]: msg.value }, null, false);
}

/** Call pageLifetimes.X on every component of a page. */
export function pageLifetime(pageId, name, args = []) {
  for (const inst of kernel.instances.values()) {
    const st = inst.__mp;
    if (st.pageId !== pageId || st.kind === 'page') continue;
    for (const fn of st.def.pageLifetimes[name]) safeCall(fn, inst, args, `${inst.is} pageLifetimes.${name}`);
  }
}

/** Destroy every component instance of a page (page unload). */
export function destroyPageComponents(pageId) {
  const ids = [];
  for (const inst of kernel.instances.values()) if (inst.__mp.pageId === pageId && inst.__mp.kind !== 'page') ids.push(inst.__mp.id);
  for (const id of ids.reverse()) destroyInstance(id, 'detached');
}

// ---- relations: parent/child and ancestor/descendant between component paths ----

function relationFor(inst, otherPath, types) {
  for (const [key, rel] of Object.entries(inst.__mp.def.relations)) {
    if (types.includes(rel.type) && resolveRelationPath(inst, key) === otherPath) return { key: resolveRelationPath(inst, key), rel };
  }
  return null;
}

function linkRelations(inst) {
  const ancestors = inst.__mp.ancestors;
  for (let i = 0; i < ancestors.length; i++) {
    const other = kernel.instances.get(ancestors[i]);
    if (!other) continue;
    const mine = relationFor(inst, other.is, i === 0 ? ['parent', 'ancestor'] : ['ancestor']);
    if (!mine) continue;
    const theirs = relationFor(other, inst.is, [RELATION_PAIRS[mine.rel.type]]);
    if (!theirs) continue;
    link(inst, mine, other);
    link(other, theirs, inst);
  }
}

function link(inst, found, other) {
  const st = inst.__mp;
  if (!st.relations.has(found.key)) st.relations.set(found.key, []);
  st.relations.get(found.key).push(other);
  st.linked.push({ other, found });
  if (typeof found.rel.linked === 'function') safeCall(found.rel.linked, inst, [other], `${inst.is} relations.linked`);
}

function unlinkRelations(inst) {
  for (const { other, found } of inst.__mp.linked) {
    for (const entry of other.__mp.linked.filter((l) => l.other === inst)) {
      const list = other.__mp.relations.get(entry.found.key) || [];
      list.splice(list.indexOf(inst), 1);
      if (typeof entry.found.rel.unlinked === 'function') safeCall(entry.found.rel.unlinked, other, [inst], `${other.is} relations.unlinked`);
    }
    other.__mp.linked = other.__mp.linked.filter((l) => l.other !== inst);
    if (typeof found.rel.unlinked === 'function') safeCall(found.rel.unlinked, inst, [other], `${inst.is} relations.unlinked`);
  }
  inst.__mp.linked = [];
  inst.__mp.relations.clear();
}

