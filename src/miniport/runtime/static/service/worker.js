/**
 * Entry of the logic layer: one dedicated module Worker per running mini-program.
 *
 * sandbox.js is imported first and locks the worker down before anything else runs.
 * Then we wait for the host's `init` message, which brings the package's logic
 * bundles, the app config, the storage mirror's seed and a MessagePort to the view.
 */

import { host } from './sandbox.js';
import { kernel, rendered, reportError, safeCall } from './kernel.js';
import { intersectionChanged } from './intersection.js';
import { evaluateBundle } from './modules.js';
import { App, Behavior, Component, Page, getApp, launchApp } from './registry.js';
import * as router from './router.js';
import { seedStorage } from './storage.js';
import { applyModel, dispatchEvent, mountComponents, readyComponents, unmountComponents, updateProps } from './tree.js';
import { createWx, emitAppEvent, settleCall, updateEvent } from './wx.js';

const scope = globalThis;
kernel.postHost = (msg) => host.post(msg);
kernel.emit = emitAppEvent;

function forwardConsole() {
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      original(...args);
      kernel.postHost({ t: 'log', level, args: args.map(printable) });
    };
  }
}

function printable(v) {
  if (typeof v === 'string') return v;
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * A copy of `value` the view can receive: functions and component instances are left
 * out (mini-programs keep instances in `data`, e.g. weui's checkbox-group), and a
 * reference back to an object being copied becomes null instead of looping.
 */
function viewData(value, path) {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (value.__mp || path.includes(value)) return null;
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  path.push(value);
  let out;
  if (Array.isArray(value)) {
    out = value.map((v) => {
      const c = viewData(v, path);
      return c === undefined ? null : c;
    });
  } else {
    out = {};
    for (const k of Object.keys(value)) {
      const c = viewData(value[k], path);
      if (c !== undefined) out[k] = c;
    }
  }
  path.pop();
  return out;
}

function onViewMessage(msg) {
  switch (msg.t) {
    case 'mount': return mountComponents(msg.list);
    case 'ready': return readyComponents(msg.ids);
    case 'page:ready': return router.pageReady(msg.pageId);
    case 'props': return updateProps(msg.id, msg.props, msg.attrs);
    case 'unmount': return unmountComponents(msg.ids);
    case 'event': return dispatchEvent(msg);
    case 'model': return applyModel(msg);
    case 'rendered': return rendered(msg.seq);
    case 'api:result': return settleCall(msg);
    case 'page:hook': return pageHook(msg);
    case 'navigate': return navigate(msg);
    case 'io': return intersectionChanged(msg);
    case 'error': return kernel.postHost(msg);
    default: return undefined;
  }
}

/** `<navigator>` was tapped: carry out its open-type like the matching wx API. */
function navigate(msg) {
  const ops = {
    navigate: () => router.navigateTo(msg.url),
    redirect: () => router.redirectTo(msg.url),
    switchTab: () => router.switchTab(msg.url),
    reLaunch: () => router.reLaunch(msg.url),
    navigateBack: () => router.navigateBack(msg.delta),
  };
  const op = ops[msg.openType || 'navigate'];
  if (!op) return kernel.postHost({ t: 'log', level: 'warn', args: [`navigator: open-type "${msg.openType}" is not supported`] });
  try {
    op();
  } catch (err) {
    kernel.postHost({ t: 'log', level: 'warn', args: [String(err.message)] });
  }
  return undefined;
}

function pageHook(msg) {
  const page = kernel.instances.get(msg.pageId);
  if (!page || typeof page[msg.name] !== 'function') return;
  const result = safeCall(page[msg.name], page, msg.args || [], `${page.is}.${msg.name}`);
  if (msg.name === 'onShareAppMessage') {
    // What the host shares: the page's answer, defaulting to the page itself.
    const r = result && typeof result === 'object' ? result : {};
    const content = { title: String(r.title ?? ''), path: String(r.path ?? `/${page.route}`) };
    if (r.imageUrl) content.imageUrl = String(r.imageUrl);
    kernel.postHost({ t: 'share', pageId: msg.pageId, content });
  }
}

function start(init) {
  const port = init.port;
  kernel.postView = (m) => {
    try {
      port.postMessage(m);
    } catch (err) {
      if (!(err && err.name === 'DataCloneError')) throw err;
      // Data holding functions or component instances: send the data part only.
      port.postMessage(viewData(m, []));
    }
  };
  port.onmessage = (e) => {
    try {
      onViewMessage(e.data);
    } catch (err) {
      reportError(err, `view message ${e.data && e.data.t}`);
    }
  };
  kernel.config = init.config;
  seedStorage(init.storage, (op) => kernel.postHost({ t: 'storage', ...op }));
  const wx = createWx(init);
  const globals = {
    wx, App, Page, Component, Behavior, getApp, getCurrentPages: router.currentPages,
    __wxConfig: { envVersion: 'develop', platform: 'miniport' },
    // webpack-built libraries (weui-miniprogram) expect Node's `global`.
    global: scope,
  };
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(scope, name, { value, writable: false, configurable: false, enumerable: false });
  }
  forwardConsole();
  for (const bundle of init.logic) {
    try {
      evaluateBundle(bundle.text, bundle.name);
    } catch (err) {
      reportError(err, `loading ${bundle.name}`);
    }
  }
  const options = { path: init.launch.path, query: init.launch.query || {}, scene: init.launch.scene || 1001, referrerInfo: {} };
  launchApp(options);
  router.launch(init.launch.path, init.launch.query || {});
  kernel.postHost({ t: 'launched' });
}

host.listen('message', (e) => {
  const msg = e.data;
  try {
    switch (msg && msg.t) {
      case 'init': return start(msg);
      case 'api:result': return settleCall(msg);
      case 'app:show': return router.appVisibility(true, msg.options);
      case 'app:hide': return router.appVisibility(false);
      case 'nav:back': return router.navigateBack(1);
      case 'nav:switchTab': {
        const page = kernel.instances.get(router.topPageId());
        if (page && typeof page.onTabItemTap === 'function') page.onTabItemTap({ index: msg.index, pagePath: msg.route, text: msg.text });
        return router.switchTab(`/${msg.route}`);
      }
      case 'update': return updateEvent(msg.kind, msg.payload);
      default: return undefined;
    }
  } catch (err) {
    reportError(err, `host message ${msg && msg.t}`);
  }
});

host.listen('error', (e) => {
  e.preventDefault();
  reportError(e.error || new Error(e.message), 'uncaught');
});

host.listen('unhandledrejection', (e) => {
  e.preventDefault();
  const app = kernel.app;
  emitAppEvent('rejection', { reason: e.reason, promise: e.promise });
  if (app && typeof app.onUnhandledRejection === 'function') {
    try { app.onUnhandledRejection({ reason: e.reason, promise: e.promise }); } catch { /* reported below */ }
  }
  reportError(e.reason instanceof Error ? e.reason : new Error(`unhandled promise rejection: ${printable(e.reason)}`), 'unhandled rejection');
});

host.post({ t: 'hello' });
