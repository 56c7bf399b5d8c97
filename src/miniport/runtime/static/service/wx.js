/**
 * The `wx` object of the logic layer.
 *
 * Each API is either answered here (storage reads from the mirror, navigation, system
 * info seeded at launch…), asked of the view (selector queries, page scrolling), or
 * asked of the host over the bridge (network, UI, clipboard, login…), where policy is
 * enforced. Async APIs follow WeChat's convention: with success/fail/complete they call
 * back and return a task or undefined; without, they return a Promise. Every result
 * carries `errMsg` ("name:ok" or "name:fail reason"); unknown names fail the same way.
 */

import { createAnimation } from './animation.js';
import { createIntersectionObserver } from './intersection.js';
import { kernel, safeCall } from './kernel.js';
import { SelectorQuery } from './query.js';
import * as router from './router.js';
import * as storage from './storage.js';

let callSeq = 0;
const pendingCalls = new Map();

/** Resolve a pending bridge call (`{t:'api:result'}` from the host or the view). */
export function settleCall(msg) {
  const p = pendingCalls.get(msg.cb);
  if (!p) return;
  pendingCalls.delete(msg.cb);
  if (msg.ok) p.resolve(msg.res || {});
  else p.reject({ errMsg: msg.errMsg || 'fail' });
}

function bridgeCall(post, name, args) {
  const cb = ++callSeq;
  lastCallId = cb;
  return new Promise((resolve, reject) => {
    pendingCalls.set(cb, { resolve, reject });
    post({ t: 'api', cb, name, args });
  });
}

/** Id of the bridge call started last (a RequestTask remembers it to abort). */
let lastCallId = 0;

/** A RequestTask / DownloadTask / UploadTask for the bridge call that just started. */
function networkTask() {
  const cb = lastCallId;
  const noop = () => {};
  return {
    abort: () => kernel.postHost({ t: 'api:abort', cb }),
    onHeadersReceived: noop, offHeadersReceived: noop, onProgressUpdate: noop, offProgressUpdate: noop,
  };
}

/** Ask the host to run API `name`; functions are stripped from the arguments. */
export function callHost(name, args) {
  return bridgeCall((m) => kernel.postHost(m), name, dataOnly(args));
}

/** Ask the view (query, scroll, pull-down). */
export function callView(name, args) {
  return bridgeCall((m) => kernel.postView(m), name, args);
}

function dataOnly(args) {
  const out = {};
  if (!args || typeof args !== 'object') return out;
  for (const [k, v] of Object.entries(args)) if (typeof v !== 'function') out[k] = v;
  return out;
}

function failMsg(name, err) {
  let msg = err && typeof err === 'object' && 'errMsg' in err ? String(err.errMsg) : String((err && err.message) || err);
  if (!msg.startsWith(`${name}:`)) msg = `${name}:fail ${msg.replace(/^\w+:fail\s*/, '')}`;
  return msg;
}

function hasCallbacks(o) {
  return !!o && ['success', 'fail', 'complete'].some((k) => typeof o[k] === 'function');
}

/**
 * Wrap `impl(options) → result | Promise<result>` as a WeChat async API. The task
 * returned with callbacks is whatever `makeTask` builds (RequestTask…), else undefined.
 */
function asyncApi(name, impl, makeTask) {
  return function (options) {
    const opts = options && typeof options === 'object' ? options : {};
    const promise = new Promise((resolve) => resolve(impl(opts))).then(
      (res) => ({ ...(res || {}), errMsg: `${name}:ok` }),
      (err) => {
        throw { ...(err && typeof err === 'object' ? err : {}), errMsg: failMsg(name, err) };
      },
    );
    if (!hasCallbacks(opts)) return promise;
    promise.then(
      (res) => {
        if (typeof opts.success === 'function') safeCall(opts.success, opts, [res], `${name} success`);
        if (typeof opts.complete === 'function') safeCall(opts.complete, opts, [res], `${name} complete`);
      },
      (err) => {
        if (typeof opts.fail === 'function') safeCall(opts.fail, opts, [err], `${name} fail`);
        if (typeof opts.complete === 'function') safeCall(opts.complete, opts, [err], `${name} complete`);
      },
    );
    return makeTask ? makeTask() : undefined;
  };
}

function syncApi(name, fn) {
  return function (...args) {
    try {
      return fn(...args);
    } catch (err) {
      const e = new Error(failMsg(name, err));
      e.errMsg = e.message;
      throw e;
    }
  };
}

const HOST_APIS = [
  'request', 'uploadFile', 'downloadFile', 'showToast', 'hideToast', 'showLoading', 'hideLoading',
  'showModal', 'showActionSheet', 'setClipboardData', 'getClipboardData', 'getNetworkType',
  'login', 'checkSession', 'getUserProfile', 'getUserInfo', 'setTabBarBadge', 'removeTabBarBadge',
  'showTabBarRedDot', 'hideTabBarRedDot', 'showTabBar', 'hideTabBar', 'vibrateShort', 'vibrateLong',
  'makePhoneCall', 'previewImage', 'chooseImage', 'getLocation', 'openSetting', 'getSetting', 'authorize',
];

const COMPONENTS = new Set(['view', 'text', 'image', 'button', 'input', 'textarea', 'checkbox', 'checkbox-group', 'radio', 'radio-group', 'switch', 'slider', 'picker', 'picker-view', 'picker-view-column', 'form', 'label', 'scroll-view', 'swiper', 'swiper-item', 'navigator', 'icon', 'progress', 'rich-text', 'web-view', 'block', 'slot']);

/** Build the `wx` object. `init` is the host's launch message. */
export function createWx(init) {
  const systemInfo = { ...init.systemInfo };
  const launchOptions = { path: init.launch.path, query: { ...init.launch.query }, scene: init.launch.scene || 1001, referrerInfo: {}, apiCategory: 'default' };
  const wx = {};
  const routed = (name, fn) => asyncApi(name, (o) => {
    fn(o);
    return {};
  });

  const NETWORK = new Set(['request', 'uploadFile', 'downloadFile']);
  for (const name of HOST_APIS) wx[name] = asyncApi(name, (o) => callHost(name, o), NETWORK.has(name) ? networkTask : null);
  for (const name of init.hostApiNames || []) if (!(name in wx)) wx[name] = asyncApi(name, (o) => callHost(name, o));

  Object.assign(wx, {
    navigateTo: asyncApi('navigateTo', (o) => router.navigateTo(o.url, o.events).then((eventChannel) => ({ eventChannel }))),
    redirectTo: routed('redirectTo', (o) => router.redirectTo(o.url)),
    navigateBack: routed('navigateBack', (o) => router.navigateBack(o.delta)),
    switchTab: routed('switchTab', (o) => router.switchTab(o.url)),
    reLaunch: routed('reLaunch', (o) => router.reLaunch(o.url)),
    setNavigationBarTitle: routed('setNavigationBarTitle', (o) => router.setPageWindow({ navigationBarTitleText: String(o.title ?? '') })),
    setNavigationBarColor: routed('setNavigationBarColor', (o) => router.setPageWindow({
      navigationBarTextStyle: o.frontColor === '#000000' ? 'black' : 'white',
      navigationBarBackgroundColor: o.backgroundColor,
    })),
    showNavigationBarLoading: routed('showNavigationBarLoading', () => router.setPageWindow({ loading: true })),
    hideNavigationBarLoading: routed('hideNavigationBarLoading', () => router.setPageWindow({ loading: false })),
    pageScrollTo: asyncApi('pageScrollTo', (o) => callView('pageScrollTo', { pageId: router.topPageId(), scrollTop: o.scrollTop, duration: o.duration ?? 300, selector: o.selector })),
    startPullDownRefresh: asyncApi('startPullDownRefresh', () => callView('pullDown', { pageId: router.topPageId(), start: true })),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh', () => callView('pullDown', { pageId: router.topPageId(), start: false })),

    setStorageSync: syncApi('setStorageSync', (key, data) => storage.setItem('setStorageSync', key, data)),
    getStorageSync: syncApi('getStorageSync', (key) => {
      const v = storage.getItem('getStorageSync', key);
      return v === undefined ? '' : v;
    }),
    removeStorageSync: syncApi('removeStorageSync', (key) => storage.removeItem('removeStorageSync', key)),
    clearStorageSync: syncApi('clearStorageSync', () => storage.clearItems()),
    getStorageInfoSync: syncApi('getStorageInfoSync', () => storage.storageInfo()),
    setStorage: asyncApi('setStorage', (o) => { storage.setItem('setStorage', o.key, o.data); return {}; }),
    getStorage: asyncApi('getStorage', (o) => {
      const v = storage.getItem('getStorage', o.key);
      if (v === undefined) throw { errMsg: 'getStorage:fail data not found' };
      return { data: v };
    }),
    removeStorage: asyncApi('removeStorage', (o) => { storage.removeItem('removeStorage', o.key); return {}; }),
    clearStorage: asyncApi('clearStorage', () => { storage.clearItems(); return {}; }),
    getStorageInfo: asyncApi('getStorageInfo', () => storage.storageInfo()),

    getSystemInfoSync: () => ({ ...systemInfo }),
    getSystemInfo: asyncApi('getSystemInfo', () => ({ ...systemInfo })),
    getWindowInfo: () => ({
      pixelRatio: systemInfo.pixelRatio, screenWidth: systemInfo.screenWidth, screenHeight: systemInfo.screenHeight,
      windowWidth: systemInfo.windowWidth, windowHeight: systemInfo.windowHeight, statusBarHeight: systemInfo.statusBarHeight,
      safeArea: systemInfo.safeArea, screenTop: 0,
    }),
    getDeviceInfo: () => ({ brand: systemInfo.brand, model: systemInfo.model, system: systemInfo.system, platform: systemInfo.platform, pixelRatio: systemInfo.pixelRatio }),
    getAppBaseInfo: () => ({ SDKVersion: systemInfo.SDKVersion, language: systemInfo.language, version: systemInfo.version, theme: 'light' }),
    getLaunchOptionsSync: () => JSON.parse(JSON.stringify(launchOptions)),
    getEnterOptionsSync: () => JSON.parse(JSON.stringify(launchOptions)),
    nextTick: (fn) => queueMicrotask(() => safeCall(fn, null, [], 'nextTick')),
    canIUse: (schema) => canIUse(wx, schema),
    createAnimation,
    createSelectorQuery: () => new SelectorQuery((req) => callView('query', req), () => router.topPageId()),
    createIntersectionObserver: (component, options) => (component && component.__mp
      ? createIntersectionObserver(component.__mp.id, options)
      : createIntersectionObserver(() => router.topPageId(), component || options)),
    getMenuButtonBoundingClientRect: () => {
      // Where WeChat draws its capsule button: custom navigation bars lay out around it.
      const top = (systemInfo.statusBarHeight || 0) + 6;
      const right = systemInfo.windowWidth - 7;
      return { width: 87, height: 32, top, bottom: top + 32, left: right - 87, right };
    },
    onAppShow: (fn) => appEvents.show.push(fn),
    offAppShow: (fn) => removeListener(appEvents.show, fn),
    onAppHide: (fn) => appEvents.hide.push(fn),
    offAppHide: (fn) => removeListener(appEvents.hide, fn),
    onError: (fn) => appEvents.error.push(fn),
    offError: (fn) => removeListener(appEvents.error, fn),
    onUnhandledRejection: (fn) => appEvents.rejection.push(fn),
    offUnhandledRejection: (fn) => removeListener(appEvents.rejection, fn),
    onPageNotFound: (fn) => appEvents.pageNotFound.push(fn),
    offPageNotFound: (fn) => removeListener(appEvents.pageNotFound, fn),
    getUpdateManager: () => updateManager,
    env: { USER_DATA_PATH: 'miniport://usr' },
  });
  kernel.wx = wx;
  return new Proxy(wx, {
    get(target, name) {
      if (typeof name !== 'string' || name in target || name === 'then' || name === 'toJSON') return target[name];
      return unsupported(name);
    },
  });
}

function canIUse(wx, schema) {
  const parts = String(schema || '').split('.');
  if (parts[0] === 'wx') parts.shift();
  if (!parts[0]) return false;
  if (parts[0] in wx) return true;
  return COMPONENTS.has(parts[0]);
}

/** An API this runtime does not have: fail clearly, never silently. */
function unsupported(name) {
  const errMsg = `${name}:fail API "wx.${name}" is not supported by the Miniport runtime`;
  kernel.postHost({ t: 'log', level: 'warn', args: [errMsg] });
  if (/Sync$/.test(name)) {
    return () => {
      const e = new Error(errMsg);
      e.errMsg = errMsg;
      throw e;
    };
  }
  return asyncApi(name, () => { throw { errMsg }; });
}

// ---- app-level listeners (wx.onAppShow …), called next to the App() hooks ----

export const appEvents = { show: [], hide: [], error: [], rejection: [], pageNotFound: [] };

function removeListener(list, fn) {
  const i = list.indexOf(fn);
  if (i >= 0) list.splice(i, 1);
}

/** Call the wx.onX listeners of `kind` with `arg`. */
export function emitAppEvent(kind, arg) {
  for (const fn of appEvents[kind].slice()) safeCall(fn, null, [arg], `wx listener ${kind}`);
}

// ---- update manager: the host SDK drives it (check/download happen outside) ----

const updateHandlers = { check: [], ready: [], failed: [] };
const updateManager = {
  onCheckForUpdate: (fn) => updateHandlers.check.push(fn),
  onUpdateReady: (fn) => updateHandlers.ready.push(fn),
  onUpdateFailed: (fn) => updateHandlers.failed.push(fn),
  applyUpdate: () => kernel.postHost({ t: 'update:apply' }),
};

/** The host reports an update event: `check` ({hasUpdate}), `ready` or `failed`. */
export function updateEvent(kind, payload) {
  for (const fn of updateHandlers[kind] || []) safeCall(fn, updateManager, [payload || {}], `UpdateManager ${kind}`);
}
