/**
 * The view side of pages and components: renders each instance's compiled template
 * with its data into its root, creates custom component hosts with shadow roots, and
 * speaks the view ⇄ logic protocol (docs/runtime.md): `mount` / `mounted` for new
 * components, `props` when a parent passes new values, `unmount`, `ready` once a wave
 * of components has rendered, `rendered` after each setData batch.
 */

import { applyPatchCopying } from '../common/path.js';
import { destroyNodes, patchChildren } from './diff.js';
import { sheetsFor } from './styles.js';

const SPECIAL_ATTRS = new Set(['id', 'class', 'style', 'slot', 'hidden', 'animation']);
const DELEGATED = new Set(['tap', 'longpress', 'longtap', 'touchstart', 'touchmove', 'touchend', 'touchcancel']);
const VALID_CE = /^[a-z][a-z0-9._-]*-[a-z0-9._-]*$/;

/**
 * One running view: `env` = { doc, view (linked view bundle), config, post (to logic),
 * baseSheets, isBuiltin, onDomEvent, animate, resolveSrc, report }.
 */
export class ViewTree {
  constructor(env) {
    this.env = env;
    this.recs = new Map();
    this.pages = new Map();
    this.seq = 0;
    this.pendingMounts = [];
    this.pendingProps = [];
    this.pendingUnmounts = [];
  }

  // ---- scopes: what diff.js calls back into ----

  scopeFor(rec) {
    const tree = this;
    const env = this.env;
    return {
      doc: env.doc,
      owner: rec.id,
      rec,
      classMap: rec.classMap || null,
      isComponent(tag) {
        const p = rec.using[tag];
        return p || null;
      },
      createComponent(v, scope, path) {
        return tree.createComponent(v, scope, path);
      },
      updateComponent(el, v) {
        tree.updateComponent(el, v);
      },
      destroyComponent(el) {
        tree.destroyComponent(el);
      },
      isBuiltin: env.isBuiltin,
      listen(el, name) {
        if (DELEGATED.has(name)) return;
        const ls = el.__ls || (el.__ls = new Set());
        if (ls.has(name)) return;
        ls.add(name);
        el.addEventListener(name, env.onDomEvent);
      },
      animate: env.animate,
      report: env.report,
      resolveSrc: env.resolveAsset ? (value) => env.resolveAsset(value, rec.is) : null,
    };
  }

  // ---- pages ----

  createPage(msg, pageEl) {
    const cfg = this.env.config.pages[msg.route] || {};
    const rec = {
      id: msg.pageId,
      kind: 'page',
      is: msg.route,
      pageId: msg.pageId,
      owner: null,
      root: pageEl.wrapper,
      shadow: pageEl.root,
      host: pageEl.body,
      template: `${msg.route}.wxml`,
      using: usingOf(cfg),
      data: msg.data || {},
      kids: [],
      sheets: sheetsFor([...(this.env.config.app.styles || []), ...(cfg.styles || [])]),
      classMap: null,
      destroyed: false,
    };
    pageEl.root.adoptedStyleSheets = [...this.env.baseSheets, ...rec.sheets];
    rec.scope = this.scopeFor(rec);
    this.recs.set(rec.id, rec);
    const page = { el: pageEl, rec, outstanding: 0, wave: [], readySent: false };
    this.pages.set(msg.pageId, page);
    this.render(rec);
    this.flush();
    this.checkWave(page);
    return page;
  }

  destroyPage(pageId) {
    const page = this.pages.get(pageId);
    if (!page) return;
    const silent = [];
    // The logic layer already unloaded the page and its components: no unmount messages.
    const saved = this.pendingUnmounts;
    this.pendingUnmounts = silent;
    destroyNodes(page.rec.kids, page.rec.scope);
    this.pendingUnmounts = saved;
    this.recs.delete(pageId);
    this.pages.delete(pageId);
    page.el.scroller.remove();
  }

  // ---- components ----

  createComponent(v, scope, path) {
    const doc = this.env.doc;
    const tag = VALID_CE.test(v.tag) && !this.env.isBuiltin(v.tag) ? v.tag : `mp-${v.tag.replace(/[^a-z0-9._-]/gi, '-').toLowerCase()}`;
    const el = doc.createElement(tag);
    const shadow = el.attachShadow({ mode: 'open' });
    const cfg = this.env.config.components[path] || {};
    const rec = {
      id: `c${++this.seq}`,
      kind: 'component',
      is: path,
      pageId: scope.rec.pageId,
      owner: scope.rec.id,
      parentRec: scope.rec,
      root: shadow,
      shadow,
      host: el,
      template: `${path}.wxml`,
      using: usingOf(cfg),
      config: cfg,
      data: null,
      kids: [],
      classMap: null,
      externalClasses: [],
      destroyed: false,
    };
    rec.scope = this.scopeFor(rec);
    el.__c = rec;
    el.__props = propsOf(v.attrs);
    this.recs.set(rec.id, rec);
    this.pendingMounts.push(rec);
    return el;
  }

  updateComponent(el, v) {
    const rec = el.__c;
    const next = propsOf(v.attrs);
    const prev = el.__props;
    let changed = null;
    for (const k in next) {
      if (prev[k] !== next[k]) (changed || (changed = {}))[k] = next[k];
    }
    const attrsChanged = attrsKey(v.attrs) !== attrsKey(el.__prevAttrs || {});
    el.__props = next;
    el.__prevAttrs = v.attrs;
    if (rec.data && rec.externalClasses.length && this.updateClassMap(rec, v.attrs)) this.render(rec);
    if (changed || attrsChanged) this.pendingProps.push({ t: 'props', id: rec.id, props: changed || {}, attrs: hostAttrs(v) });
  }

  destroyComponent(el) {
    const rec = el.__c;
    if (!rec || rec.destroyed) return;
    destroyNodes(rec.kids, rec.scope);
    rec.destroyed = true;
    this.recs.delete(rec.id);
    this.pendingUnmounts.push(rec.id);
  }

  updateClassMap(rec, attrs) {
    let map = null;
    for (const name of rec.externalClasses) {
      const value = attrs && attrs[name];
      if (value !== undefined) (map || (map = new Map())).set(name, String(value));
    }
    const before = rec.classMap ? [...rec.classMap].join('|') : '';
    const after = map ? [...map].join('|') : '';
    rec.classMap = map;
    rec.scope.classMap = map;
    return before !== after;
  }

  /** `{t:'mounted', list}`: first data of new components arrived; render them. */
  mounted(list) {
    const pagesTouched = new Set();
    for (const m of list) {
      const rec = this.recs.get(m.id);
      const page = rec && this.pages.get(rec.pageId);
      if (page) {
        page.outstanding -= 1;
        pagesTouched.add(page);
      }
      if (!rec || rec.destroyed) continue;
      if (m.error) {
        rec.data = {};
        continue;
      }
      rec.data = m.data || {};
      rec.externalClasses = m.externalClasses || [];
      const options = m.options || {};
      const isolation = rec.config.styleIsolation && rec.config.styleIsolation !== 'isolated' ? rec.config.styleIsolation : options.styleIsolation;
      this.adoptComponentSheets(rec, isolation);
      if (rec.externalClasses.length) this.updateClassMap(rec, rec.host.__v && rec.host.__v.attrs);
      this.render(rec);
      if (page) page.wave.push(rec.id);
    }
    this.flush();
    for (const page of pagesTouched) this.checkWave(page);
  }

  adoptComponentSheets(rec, isolation) {
    const own = sheetsFor(rec.config.styles || []);
    let sheets = [...this.env.baseSheets];
    const page = this.pages.get(rec.pageId);
    if ((isolation === 'apply-shared' || isolation === 'shared') && page) sheets.push(...page.rec.sheets);
    if (rec.externalClasses.length && rec.parentRec && rec.parentRec.sheets) sheets.push(...rec.parentRec.sheets);
    sheets.push(...own);
    rec.sheets = own;
    rec.shadow.adoptedStyleSheets = [...new Set(sheets)];
    if (isolation === 'shared' && page && !page.rec.sheets.some((s) => own.includes(s))) {
      page.rec.sheets.push(...own);
      page.el.root.adoptedStyleSheets = [...new Set([...page.el.root.adoptedStyleSheets, ...own])];
    }
  }

  /** When every component of a wave has rendered: `ready` children-first, then onReady. */
  checkWave(page) {
    if (page.outstanding > 0) return;
    if (page.wave.length) {
      this.env.post({ t: 'ready', ids: page.wave.slice().reverse() });
      page.wave = [];
    }
    if (!page.readySent) {
      page.readySent = true;
      this.env.post({ t: 'page:ready', pageId: page.rec.id });
    }
  }

  // ---- data ----

  /** `{t:'data', seq, batch}`: apply each patch and re-render what changed. */
  applyData(msg) {
    const dirty = [];
    for (const [id, patch] of msg.batch) {
      const rec = this.recs.get(id);
      if (!rec || rec.destroyed || !rec.data) continue;
      applyPatchCopying(rec.data, patch);
      if (!dirty.includes(rec)) dirty.push(rec);
      if (rec.kind === 'component') this.writeBackModels(rec, patch);
    }
    for (const rec of dirty) if (!rec.destroyed) this.render(rec);
    this.flush();
    for (const page of this.pages.values()) if (page.outstanding === 0 && page.wave.length) this.checkWave(page);
    this.env.post({ t: 'rendered', seq: msg.seq });
  }

  /** `model:prop="{{x}}"` on a component: the child changed `prop`, update the parent. */
  writeBackModels(rec, patch) {
    const models = rec.host.__v && rec.host.__v.models;
    if (!models) return;
    for (const key of Object.keys(patch)) {
      const name = key.split(/[.[]/)[0];
      const attr = Object.keys(models).find((a) => a === name || camelCase(a) === name);
      if (attr) this.env.post({ t: 'model', owner: rec.owner, path: models[attr], value: rec.data[name] });
    }
  }

  render(rec) {
    const view = this.env.view;
    let vnodes = [];
    const t0 = performance.now();
    if (view && view.has(rec.template)) {
      try {
        vnodes = view.render(rec.template, rec.data);
      } catch (err) {
        this.env.report(err, `rendering ${rec.template}`);
        return;
      }
    } else if (rec.kind === 'page' && !rec.missingReported) {
      // A component may have no template; a page without one shows nothing, so say why.
      rec.missingReported = true;
      this.env.report(new Error(`${rec.template} is not in the package; rebuild it, or check app.json's pages`), 'rendering');
    }
    const t1 = performance.now();
    try {
      rec.kids = patchChildren(rec.root, rec.kids, vnodes, rec.scope);
    } catch (err) {
      this.env.report(err, `updating ${rec.template}`);
    }
    if (this.env.stats) this.env.stats.lastRender = { templateMs: t1 - t0, diffMs: performance.now() - t1 };
  }

  /** Send what this render pass produced: unmounts, property updates, mounts. */
  flush() {
    if (this.pendingUnmounts.length) {
      this.env.post({ t: 'unmount', ids: this.pendingUnmounts });
      this.pendingUnmounts = [];
    }
    for (const p of this.pendingProps) this.env.post(p);
    this.pendingProps = [];
    if (!this.pendingMounts.length) return;
    const list = [];
    for (const rec of this.pendingMounts) {
      if (rec.destroyed) continue;
      const page = this.pages.get(rec.pageId);
      if (page) page.outstanding += 1;
      const v = rec.host.__v;
      rec.host.__prevAttrs = v.attrs;
      list.push({ id: rec.id, is: rec.is, owner: rec.owner, pageId: rec.pageId, props: rec.host.__props, attrs: hostAttrs(v), ancestors: ancestorsOf(rec.host) });
    }
    this.pendingMounts = [];
    if (list.length) this.env.post({ t: 'mount', list });
  }
}

function usingOf(cfg) {
  const out = {};
  for (const [tag, p] of Object.entries(cfg.usingComponents || {})) out[tag] = p.startsWith('/') ? p.slice(1) : p;
  return out;
}

function propsOf(attrs) {
  const out = {};
  if (!attrs) return out;
  for (const name in attrs) {
    if (SPECIAL_ATTRS.has(name) || name.startsWith('data-') || name.startsWith('mark:') || name.startsWith('generic:')) continue;
    out[camelCase(name)] = attrs[name];
  }
  return out;
}

function camelCase(name) {
  return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

function hostAttrs(v) {
  const attrs = v.attrs || {};
  const dataset = {};
  for (const name in attrs) {
    if (name.startsWith('data-')) dataset[camelCase(name.slice(5).toLowerCase())] = attrs[name];
  }
  return { id: attrs.id ? String(attrs.id) : '', class: attrs.class ? String(attrs.class) : '', dataset, tag: v.tag };
}

function attrsKey(attrs) {
  let s = `${attrs.id || ''}|${attrs.class || ''}`;
  for (const name in attrs) if (name.startsWith('data-')) s += `|${name}=${typeof attrs[name] === 'object' ? JSON.stringify(attrs[name]) : attrs[name]}`;
  return s;
}

/** Component instance ids of the hosts above `el` in the composed tree, nearest first. */
function ancestorsOf(el) {
  const out = [];
  let node = el.parentNode;
  while (node) {
    if (node.__c) out.push(node.__c.id);
    if (node.nodeType === 11) {
      if (node.__pageRoot) break;
      node = node.host;
    } else {
      node = node.parentNode;
    }
  }
  return out;
}
