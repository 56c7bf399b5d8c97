/**
 * Entry of the view layer, running inside the sandboxed iframe of one mini-program
 * (opaque origin: no access to the host's DOM, cookies or storage; a CSP forbids
 * connections). It receives from the host, once, the package's view bundle, styles,
 * config, assets and a MessagePort to the logic worker; afterwards it hears only
 * data from the logic layer, never code.
 */

import { createView, loadViewBundle } from '../common/wxml-runtime.js';
import { joinPath, dirname } from '../common/url.js';
import { dispatch } from './events.js';
import { ViewTree } from './instances.js';
import { createPageElement, startRefresh, stopRefresh } from './page.js';
import { disconnect as ioDisconnect, observe as ioObserve } from './intersection.js';
import { runQuery } from './query.js';
import { setStyleSources } from './styles.js';

const doc = document;
let components = null;
let port = null;
let tree = null;
const pageEls = new Map();
const assetUrls = new Map();
/** Timing of the last setData batch, read by benchmarks/runtime.py. */
const stats = { lastData: null };
window.__miniportStats = stats;

function post(msg) {
  port.postMessage(msg);
}

function report(err, where) {
  const message = err && err.message ? err.message : String(err);
  post({ t: 'error', where: `view: ${where}`, message, stack: String((err && err.stack) || ''), location: null });
}

/** A package path (absolute or relative to `from`) → a blob: URL of the asset. */
function resolveAsset(ref, from) {
  if (typeof ref !== 'string' || !ref || /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) return ref;
  const path = ref.startsWith('/') ? joinPath('', ref.slice(1)) : joinPath(dirname(from || ''), ref);
  return assetUrls.get(path) || ref;
}

function isBuiltin(localName) {
  return !!customElements.get(localName.startsWith('wx-') ? localName : `wx-${localName}`);
}

// ---- DOM events → WeChat events ----

function managedTarget(e) {
  for (const node of e.composedPath()) {
    if (node.__v !== undefined) return node.nodeType === 3 ? node.parentNode : node;
    if (node === doc) break;
  }
  return null;
}

function touchList(e) {
  return [{ identifier: e.pointerId ?? 0, pageX: e.pageX, pageY: e.pageY, clientX: e.clientX, clientY: e.clientY, force: e.pressure ?? 1 }];
}

function fire(target, type, e, detail, extra = {}) {
  return dispatch(target, {
    type, detail, timeStamp: Math.round(e.timeStamp), bubbles: true, composed: true, capture: true,
    touches: e.type === 'pointerup' || e.type === 'click' ? [] : touchList(e), changedTouches: touchList(e), ...extra,
  }, post);
}

function insideDisabled(e) {
  return e.composedPath().some((n) => n.localName === 'wx-button' && n.disabled);
}

let press = null;
let suppressClick = false;

// ---- hover-class on plain elements (built-ins like wx-button handle their own) ----

let hovered = null;

function hoverStart(e) {
  let el = null;
  for (const node of e.composedPath()) {
    const attrs = node.__v && node.__v.attrs;
    if (attrs && attrs['hover-class'] && attrs['hover-class'] !== 'none' && !node.__builtin) {
      el = node;
      break;
    }
    if (attrs && attrs['hover-stop-propagation']) break;
  }
  if (!el) return;
  const attrs = el.__v.attrs;
  const classes = String(attrs['hover-class']).split(/\s+/).filter(Boolean);
  const timer = setTimeout(() => el.classList.add(...classes), Number(attrs['hover-start-time'] ?? 50));
  hovered = { el, classes, timer, stay: Number(attrs['hover-stay-time'] ?? 400) };
}

function hoverEnd() {
  if (!hovered) return;
  const { el, classes, timer, stay } = hovered;
  hovered = null;
  clearTimeout(timer);
  setTimeout(() => el.classList.remove(...classes), stay);
}

function onPointerDown(e) {
  hoverStart(e);
  const target = managedTarget(e);
  if (!target) return;
  fire(target, 'touchstart', e, {});
  press = { target, x: e.clientX, y: e.clientY, timer: setTimeout(() => {
    if (!press) return;
    const n = fire(press.target, 'longpress', e, { x: e.pageX, y: e.pageY }) + fire(press.target, 'longtap', e, { x: e.pageX, y: e.pageY });
    if (n > 0) suppressClick = true;
    press.long = true;
  }, 350) };
}

function onPointerMove(e) {
  if (!press) return;
  if (Math.abs(e.clientX - press.x) > 10 || Math.abs(e.clientY - press.y) > 10) clearTimeout(press.timer);
  fire(press.target, 'touchmove', e, {});
}

function onPointerUp(e) {
  hoverEnd();
  if (!press) return;
  clearTimeout(press.timer);
  fire(press.target, e.type === 'pointercancel' ? 'touchcancel' : 'touchend', e, {});
  press = null;
}

function onClick(e) {
  if (suppressClick) {
    suppressClick = false;
    return;
  }
  const target = managedTarget(e);
  if (!target || insideDisabled(e)) return;
  fire(target, 'tap', e, { x: e.pageX, y: e.pageY });
}

const MODEL_EVENT = { 'wx-input': 'input', 'wx-textarea': 'input' };

// ---- values returned by bindinput handlers ----
// An input event's own handler gets a `ref`; the logic layer answers with
// `input:replace {ref, value, cursor}` only when the handler returned a value, so a
// handler returning nothing costs no message. Only the field's latest input event may
// replace its text: an answer to an older one arrives after the user typed more, and
// applying it would drop those characters (the newer event's answer follows anyway).

let inputRef = 0;
/** ref → the field it was given for; one entry per field, its latest input event. */
const inputRefs = new Map();

function inputReply(target) {
  if (typeof target.replaceValue !== 'function') return null;
  if (target.__mpInputRef) inputRefs.delete(target.__mpInputRef);
  const ref = ++inputRef;
  target.__mpInputRef = ref;
  inputRefs.set(ref, target);
  // Fields removed from the page would otherwise stay referenced here.
  if (inputRefs.size > 64) for (const [r, el] of inputRefs) if (!el.isConnected) inputRefs.delete(r);
  return { node: target, ref };
}

function replaceInput(msg) {
  const el = inputRefs.get(msg.ref);
  if (!el || !el.isConnected) return;
  el.replaceValue(msg.cursor >= 0 ? { value: msg.value, cursor: msg.cursor } : msg.value);
  // model:value keeps what the field shows, as the page's own value.
  const path = el.__v && el.__v.models && el.__v.models.value;
  if (path) post({ t: 'model', owner: el.__o, path, value: el.formValue });
}

/** Events of built-in components (CustomEvents) on elements that bind them. */
function onDomEvent(e) {
  const el = e.currentTarget;
  if (!e.__mpSeen) {
    e.__mpSeen = true;
    const target = managedTarget(e) || el;
    const reply = e.type === 'input' && e.composedPath()[0] === target ? inputReply(target) : null;
    dispatch(target, {
      type: e.type, detail: e.detail ?? {}, timeStamp: Math.round(e.timeStamp),
      bubbles: e.bubbles, composed: e.composed, capture: false,
    }, post, reply);
  }
  const models = el.__v && el.__v.models;
  if (models && (MODEL_EVENT[el.localName] || 'change') === e.type && e.detail && typeof e.detail === 'object') {
    for (const [attr, path] of Object.entries(models)) {
      const value = attr === 'value' || !(attr in e.detail) ? e.detail.value : e.detail[attr];
      post({ t: 'model', owner: el.__o, path, value });
    }
  }
}

function animate(el, animation) {
  if (!animation || !Array.isArray(animation.actions)) return;
  let delay = 0;
  for (const action of animation.actions) {
    const transforms = [];
    const styles = {};
    for (const a of action.animates || []) {
      if (a.type === 'style') styles[a.args[0]] = a.args[1];
      else transforms.push(`${a.type}(${a.args.map((x) => (typeof x === 'number' && !/^(scale|matrix)/.test(a.type) ? (a.type.startsWith('rotate') || a.type.startsWith('skew') ? `${x}deg` : `${x}px`) : x)).join(',')})`);
    }
    const frame = { ...styles };
    if (transforms.length) frame.transform = transforms.join(' ');
    const t = action.option.transition;
    if (action.option.transformOrigin && action.option.transformOrigin !== '50% 50% 0') el.style.transformOrigin = action.option.transformOrigin;
    el.animate([frame], { duration: t.duration, easing: t.timingFunction === 'step-start' ? 'steps(1, start)' : t.timingFunction.replace(/-/g, '-'), delay: delay + t.delay, fill: 'forwards' });
    delay += t.delay + t.duration;
  }
}

// ---- messages from the logic layer ----

function showOnly(pageId) {
  for (const [id, el] of pageEls) el.scroller.setAttribute('aria-hidden', id === pageId ? 'false' : 'true');
}

function onLogic(msg) {
  switch (msg.t) {
    case 'page:create': {
      const el = createPageElement(doc, doc.getElementById('stage'), { ...msg, window: msg.window || {} }, post);
      el.scroller.style.setProperty('--mp-rpx', `${doc.documentElement.clientWidth / 750}px`);
      pageEls.set(msg.pageId, el);
      showOnly(msg.pageId);
      tree.createPage(msg, el);
      return;
    }
    case 'page:show': return showOnly(msg.pageId);
    case 'page:hide': {
      const el = pageEls.get(msg.pageId);
      if (el) el.scroller.setAttribute('aria-hidden', 'true');
      return;
    }
    case 'page:destroy': {
      tree.destroyPage(msg.pageId);
      pageEls.delete(msg.pageId);
      return;
    }
    case 'mounted': return tree.mounted(msg.list);
    case 'data': {
      const t0 = performance.now();
      tree.applyData(msg);
      stats.lastData = { renderMs: performance.now() - t0, at: t0 };
      return undefined;
    }
    case 'trigger': {
      const rec = tree.recs.get(msg.id);
      if (!rec) return;
      dispatch(rec.host, { type: msg.name, detail: msg.detail, timeStamp: Math.round(performance.now()), bubbles: msg.options.bubbles, composed: msg.options.composed, capture: msg.options.capturePhase }, post);
      return;
    }
    case 'api': return answer(msg);
    case 'input:replace': return replaceInput(msg);
    case 'io:observe': {
      const rec = tree.recs.get(msg.scope);
      const el = rec && pageEls.get(rec.pageId);
      if (rec && el) ioObserve(msg, rec.shadow, el.scroller, post);
      return undefined;
    }
    case 'io:disconnect': return ioDisconnect(msg.id);
    default:
  }
}

function answer(msg) {
  const ok = (res) => post({ t: 'api:result', cb: msg.cb, ok: true, res });
  const fail = (errMsg) => post({ t: 'api:result', cb: msg.cb, ok: false, errMsg });
  const a = msg.args || {};
  const pageEl = pageEls.get(a.pageId || (a.scope && tree.recs.get(a.scope) && tree.recs.get(a.scope).pageId));
  switch (msg.name) {
    case 'query': {
      const rec = tree.recs.get(a.scope);
      const el = rec && pageEls.get(rec.pageId);
      return ok(runQuery(rec, el, a.items));
    }
    case 'pageScrollTo': {
      if (!pageEl) return fail('pageScrollTo:fail no page');
      let top = Number(a.scrollTop) || 0;
      if (a.selector) {
        const rec = tree.recs.get(a.pageId);
        const found = rec && runQuery(rec, pageEl, [{ selector: a.selector, all: false, fields: { rect: true } }])[0];
        if (!found) return fail(`pageScrollTo:fail selector "${a.selector}" matched nothing`);
        top = found.top + pageEl.scroller.scrollTop;
      }
      pageEl.scroller.scrollTo({ top, behavior: a.duration ? 'smooth' : 'auto' });
      return ok({});
    }
    case 'pullDown': {
      if (!pageEl) return fail('no page');
      if (a.start) startRefresh(pageEl, post);
      else stopRefresh(pageEl);
      return ok({});
    }
    default:
      return fail(`${msg.name}:fail unknown view call`);
  }
}

// ---- start ----

async function init(msg) {
  port = msg.port;
  for (const [path, bytes] of Object.entries(msg.assets || {})) {
    assetUrls.set(path, URL.createObjectURL(new Blob([bytes], { type: mimeOf(path) })));
  }
  setStyleSources(msg.styles || {}, resolveAsset);
  let view = null;
  const defs = [];
  for (const text of msg.views || []) {
    try {
      const def = loadViewBundle(text);
      if (def) defs.push(def);
    } catch (err) {
      report(err, 'loading the view bundle');
    }
  }
  if (defs.length) {
    const merged = { format: 1, templates: {}, wxs: {} };
    for (const d of defs) {
      Object.assign(merged.templates, d.templates);
      Object.assign(merged.wxs, d.wxs);
    }
    view = createView(merged);
  }
  const baseSheets = components && components.baseSheet ? [components.baseSheet()] : [];
  tree = new ViewTree({
    doc, view, config: msg.config, post, baseSheets, report, animate, onDomEvent, stats,
    isBuiltin: (name) => isBuiltin(name),
    resolveAsset,
  });
  doc.addEventListener('click', onClick);
  doc.addEventListener('pointerdown', onPointerDown);
  doc.addEventListener('pointermove', onPointerMove);
  doc.addEventListener('pointerup', onPointerUp);
  doc.addEventListener('pointercancel', onPointerUp);
  doc.addEventListener('mp-navigate', (e) => {
    const d = e.detail || {};
    post({ t: 'navigate', url: d.url, openType: d.openType, delta: d.delta });
  });
  doc.addEventListener('mp-share', (e) => {
    const page = [...pageEls.values()].find((p) => p.scroller.getAttribute('aria-hidden') === 'false');
    if (page) post({ t: 'page:hook', pageId: page.pageId, name: 'onShareAppMessage', args: [e.detail || {}] });
  });
  port.onmessage = (e) => {
    try {
      onLogic(e.data);
    } catch (err) {
      report(err, `handling ${e.data && e.data.t}`);
    }
  };
  port.start && port.start();
}

const MIME = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp', mp3: 'audio/mpeg', mp4: 'video/mp4', woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf' };
function mimeOf(path) {
  return MIME[path.split('.').pop().toLowerCase()] || 'application/octet-stream';
}

window.addEventListener('message', (e) => {
  if (e.source !== window.parent || !e.data || e.data.t !== 'init') return;
  // Built-ins (picker buttons, …) speak the host's language.
  if (e.data.lang && components && components.setDefaultLang) components.setDefaultLang(e.data.lang);
  init(e.data).catch((err) => report(err, 'init'));
});

window.addEventListener('error', (e) => {
  // The browser's own "ResizeObserver loop" notice is not an error of the mini-program.
  if (!port || /^ResizeObserver loop/.test(e.message || '')) return;
  report(e.error || new Error(e.message), 'uncaught');
});

import('../components/index.js')
  .then((m) => { components = m; })
  .catch((err) => console.error('built-in components could not be loaded', err))
  .finally(() => window.parent.postMessage({ t: 'view:hello' }, '*'));
