/**
 * The host's side of wx APIs the logic worker cannot answer itself: network (behind
 * the domain policy, never with the host's cookies), UI (container/ui.js), clipboard,
 * network type, tabBar changes, and hooks the host application provides (login,
 * getUserProfile, and any custom API registered by name).
 */

import * as ui from './ui.js';
import { checkUrl, PolicyError } from './policy.js';

const FORBIDDEN_HEADERS = new Set(['cookie', 'cookie2', 'referer', 'host', 'origin', 'connection', 'content-length']);

function headersOf(header) {
  const out = {};
  for (const [k, v] of Object.entries(header || {})) if (!FORBIDDEN_HEADERS.has(k.toLowerCase())) out[k] = String(v);
  return out;
}

function queryString(data) {
  return Object.entries(data).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : v)}`).join('&');
}

/**
 * Where a request that passed the domain policy actually goes. A host may route
 * mini-program traffic through its own gateway (`policy.gateway(url) → URL`); the
 * allow-list is always checked against the URL the mini-program asked for.
 */
function viaGateway(ctx, url) {
  const gateway = ctx.policy && ctx.policy.gateway;
  if (typeof gateway !== 'function') return url;
  const routed = gateway(new URL(url.href));
  return routed instanceof URL ? routed : new URL(String(routed));
}

/** Ask the host (and through it the user) for a permission scope; allowed when no hook. */
async function permitted(ctx, scope) {
  return typeof ctx.permission !== 'function' || (await ctx.permission(scope)) === true;
}

function responseHeaders(res) {
  const out = {};
  res.headers.forEach((v, k) => { out[k] = v; });
  return out;
}

/** An AbortController for bridge call `cb`, so RequestTask.abort() can cancel it. */
function controllerFor(ctx) {
  const ctl = new AbortController();
  if (ctx.callId !== undefined && ctx.aborts) ctx.aborts.set(ctx.callId, ctl);
  return ctl;
}

function withTimeoutAnd(ctx, ms) {
  const ctl = controllerFor(ctx);
  const timer = setTimeout(() => ctl.abort(new DOMException('timeout', 'TimeoutError')), ms);
  return {
    signal: ctl.signal,
    done: () => {
      clearTimeout(timer);
      if (ctx.aborts) ctx.aborts.delete(ctx.callId);
    },
  };
}

function failReason(err) {
  if (err && err.name === 'TimeoutError') return 'timeout';
  if (err && err.name === 'AbortError') return 'abort';
  return (err && err.message) || String(err);
}

async function request(ctx, o) {
  const url = checkUrl(ctx.policy, 'request', 'request', o.url);
  const method = String(o.method || 'GET').toUpperCase();
  const headers = headersOf(o.header);
  let body;
  if (o.data !== undefined && o.data !== null) {
    if (method === 'GET' || method === 'HEAD') {
      if (typeof o.data === 'object') {
        const qs = queryString(o.data);
        if (qs) url.search += (url.search ? '&' : '') + qs;
      }
    } else if (o.data instanceof ArrayBuffer || typeof o.data === 'string') {
      body = o.data;
    } else {
      const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type');
      if (type && type[1].includes('x-www-form-urlencoded')) body = queryString(o.data);
      else {
        body = JSON.stringify(o.data);
        if (!type) headers['content-type'] = 'application/json';
      }
    }
  }
  const t = withTimeoutAnd(ctx, Number(o.timeout) || 60000);
  let res;
  try {
    res = await fetch(viaGateway(ctx, url).href, { method, headers, body, credentials: 'omit', redirect: 'follow', referrerPolicy: 'no-referrer', signal: t.signal });
  } catch (err) {
    throw { errMsg: `request:fail ${failReason(t.signal.reason || err)}` };
  } finally {
    t.done();
  }
  let data;
  if (o.responseType === 'arraybuffer') data = await res.arrayBuffer();
  else {
    data = await res.text();
    if ((o.dataType || 'json') === 'json') {
      try { data = JSON.parse(data); } catch { /* WeChat keeps the text when it is not JSON */ }
    }
  }
  return { data, statusCode: res.status, header: responseHeaders(res), cookies: [] };
}

async function downloadFile(ctx, o) {
  const url = checkUrl(ctx.policy, 'download', 'downloadFile', o.url);
  const t = withTimeoutAnd(ctx, Number(o.timeout) || 60000);
  try {
    const res = await fetch(viaGateway(ctx, url).href, { headers: headersOf(o.header), credentials: 'omit', referrerPolicy: 'no-referrer', signal: t.signal });
    const blob = await res.blob();
    const tempFilePath = ctx.files.add(blob);
    return { tempFilePath, statusCode: res.status };
  } catch (err) {
    throw { errMsg: `downloadFile:fail ${failReason(t.signal.reason || err)}` };
  } finally {
    t.done();
  }
}

async function uploadFile(ctx, o) {
  const url = checkUrl(ctx.policy, 'upload', 'uploadFile', o.url);
  const blob = ctx.files.get(o.filePath);
  if (!blob) throw { errMsg: `uploadFile:fail file "${o.filePath}" not found; pass a tempFilePath from downloadFile or chooseImage` };
  const form = new FormData();
  for (const [k, v] of Object.entries(o.formData || {})) form.append(k, String(v));
  form.append(o.name || 'file', blob, String(o.filePath).split('/').pop());
  try {
    const res = await fetch(viaGateway(ctx, url).href, { method: 'POST', headers: headersOf(o.header), body: form, credentials: 'omit', referrerPolicy: 'no-referrer' });
    return { data: await res.text(), statusCode: res.status };
  } catch (err) {
    throw { errMsg: `uploadFile:fail ${err.message || err}` };
  }
}

/** Temporary files (downloads) of one running mini-program, by `miniport-tmp://` path. */
export class TempFiles {
  constructor() {
    this.map = new Map();
    this.seq = 0;
  }

  add(blob) {
    const path = `miniport-tmp://${++this.seq}`;
    this.map.set(path, blob);
    return path;
  }

  get(path) {
    return this.map.get(path) || null;
  }
}

function hostHook(ctx, name, args) {
  const own = ctx.hostApis && Object.prototype.hasOwnProperty.call(ctx.hostApis, name);
  const fn = own ? ctx.hostApis[name] : null;
  if (typeof fn !== 'function') throw { errMsg: `${name}:fail not available in this host (the host app did not provide "${name}")` };
  return Promise.resolve(fn({ ...args, appid: ctx.appid })).then((res) => res || {});
}

let memoryClipboard = '';

/** name → (ctx, args) => result | Promise<result> */
export const HOST_API_HANDLERS = {
  request,
  downloadFile,
  uploadFile,
  showToast: (ctx, o) => ui.showToast(ctx.uiLayer, o, ctx.uiEnv),
  hideToast: (ctx) => ui.hideToast(ctx.uiLayer),
  showLoading: (ctx, o) => ui.showLoading(ctx.uiLayer, o, ctx.uiEnv),
  hideLoading: (ctx) => ui.hideLoading(ctx.uiLayer),
  showModal: (ctx, o) => ui.showModal(ctx.uiLayer, o, ctx.uiEnv),
  showActionSheet: (ctx, o) => ui.showActionSheet(ctx.uiLayer, o, ctx.uiEnv),
  async setClipboardData(ctx, o) {
    if (!(await permitted(ctx, 'clipboard'))) throw { errMsg: 'setClipboardData:fail auth deny' };
    memoryClipboard = String(o.data ?? '');
    try { await navigator.clipboard.writeText(memoryClipboard); } catch { /* the in-page copy still works */ }
    return {};
  },
  async getClipboardData(ctx) {
    if (!(await permitted(ctx, 'clipboard'))) throw { errMsg: 'getClipboardData:fail auth deny' };
    return { data: memoryClipboard };
  },
  getNetworkType: () => {
    const c = navigator.connection;
    if (navigator.onLine === false) return { networkType: 'none' };
    const t = c && c.effectiveType;
    return { networkType: t === '4g' ? '4g' : t === '3g' ? '3g' : t === '2g' || t === 'slow-2g' ? '2g' : 'wifi' };
  },
  setTabBarBadge: (ctx, o) => ctx.shell.setBadge(o.index, String(o.text ?? '')),
  removeTabBarBadge: (ctx, o) => ctx.shell.setBadge(o.index, null),
  showTabBarRedDot: (ctx, o) => ctx.shell.setBadge(o.index, ''),
  hideTabBarRedDot: (ctx, o) => ctx.shell.setBadge(o.index, null),
  showTabBar: (ctx) => ctx.shell.setTabBarHidden(false),
  hideTabBar: (ctx) => ctx.shell.setTabBarHidden(true),
  login: (ctx, o) => hostHook(ctx, 'login', o),
  checkSession: (ctx, o) => hostHook(ctx, 'checkSession', o),
  getUserProfile: (ctx, o) => hostHook(ctx, 'getUserProfile', o),
  getUserInfo: (ctx, o) => hostHook(ctx, 'getUserInfo', o),
};

/** RequestTask.abort(): cancel the bridge call `cb` if it is still running. */
export function abortCall(ctx, cb) {
  const ctl = ctx.aborts && ctx.aborts.get(cb);
  if (ctl) ctl.abort(new DOMException('abort', 'AbortError'));
}

/** Answer one `{t:'api', name, args}` from the worker; resolves to {ok, res|errMsg}. */
export async function handleApi(ctx, name, args, callId) {
  try {
    let res;
    const callCtx = { ...ctx, callId };
    if (Object.prototype.hasOwnProperty.call(HOST_API_HANDLERS, name)) res = await HOST_API_HANDLERS[name](callCtx, args || {});
    else res = await hostHook(callCtx, name, args || {});
    const out = { ...(res || {}) };
    delete out.errMsg;
    return { ok: true, res: out };
  } catch (err) {
    if (err instanceof PolicyError) return { ok: false, errMsg: err.message };
    const errMsg = err && err.errMsg ? String(err.errMsg) : `${name}:fail ${err && err.message ? err.message : String(err)}`;
    return { ok: false, errMsg };
  }
}
