/**
 * Host-side API of the runtime: run one mini-program inside an element of the host page.
 *
 *   const mp = await createMiniProgram({
 *     container,                    // an element; the shell is drawn in its shadow root
 *     packageUrl | packageBytes,    // the .mpk
 *     policy,                       // {requestDomains, uploadDomains, downloadDomains, allowHttp,
 *                                   //  mediaDomains (images/media/fonts; default any), gateway}
 *     hostApis,                     // {login(args), getUserProfile(args), myCustomApi(args), …}
 *     permission(scope) → Promise<bool>, // asks the user for 'clipboard' (the SDK remembers answers)
 *     hostId, userId,               // storage namespace (with the appid)
 *     launch: {path, query, scene}, lang: 'zh-CN' | 'en',
 *     onLog(level, args), onError({message, stack, location, where}), onShare(content),
 *   }).ready;
 *
 * Each mini-program gets its own Worker (logic layer, locked down before any package
 * code runs) and its own sandboxed iframe (view layer, opaque origin). The two talk
 * over a MessageChannel; everything else goes through this module, which enforces
 * the host's policy. The host SDK (a later part) wraps this function.
 */

import { abortCall, handleApi, TempFiles } from './apis.js';
import { openPackage } from './package.js';
import { createShell } from './shell.js';
import { HostStorage } from './storage.js';
import { bootstrapSource, loadModuleGraph } from './viewloader.js';

const RUNTIME_BASE = new URL('../', import.meta.url);

/**
 * CSP sources for images, media and fonts of the view. WeChat loads them from anywhere
 * (the default, '*'); a host that wants no image beacons lists origins in
 * `policy.mediaDomains`. Package assets are always allowed (they are blob: URLs).
 */
function mediaSources(policy) {
  const list = policy && Array.isArray(policy.mediaDomains) ? policy.mediaDomains : ['*'];
  const safe = list.map(String).filter((d) => /^(\*|[a-z][a-z0-9+.-]*:\/\/[^\s;,'"]+|[a-z0-9.*-]+(:\d+)?)$/i.test(d));
  return [...safe, 'data:', 'blob:'].join(' ');
}

function viewDocument(runtimeOrigin, policy, nonce) {
  const media = mediaSources(policy);
  // The view's code arrives from the host as blob: modules (see viewloader.js); the
  // nonce admits exactly the bootstrap script and the import map it installs.
  const csp = [
    "default-src 'none'",
    `script-src ${runtimeOrigin} blob: 'unsafe-eval' 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    `img-src ${media}`,
    `media-src ${media}`,
    `font-src ${media}`,
  ].join('; ');
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>html,body{margin:0;height:100%;overflow:hidden;-webkit-text-size-adjust:100%}#stage{position:relative;height:100%}</style>
<script nonce="${nonce}">${bootstrapSource(nonce)}</script></head><body><div id="stage"></div></body></html>`;
}

/** Start a mini-program; returns a controller whose `ready` resolves after launch. */
export function createMiniProgram(options) {
  const controller = { destroyed: false };
  controller.ready = start(options, controller);
  return controller;
}

async function start(options, controller) {
  const { container } = options;
  if (!container) throw new Error('createMiniProgram: `container` (an element) is required');
  const onLog = options.onLog || (() => {});
  const onError = options.onError || ((e) => console.error('[mini-program]', e.message, e.location || ''));
  let bytes = options.packageBytes;
  if (!bytes) {
    if (!options.packageUrl) throw new Error('createMiniProgram: pass `packageUrl` or `packageBytes`');
    const res = await fetch(options.packageUrl, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`createMiniProgram: downloading ${options.packageUrl} failed with HTTP ${res.status}`);
    bytes = await res.arrayBuffer();
  }
  const pkg = await openPackage(bytes);
  const appConfig = pkg.config.app;
  const appid = pkg.manifest.appid;
  const blobUrls = new Map();
  const assetUrl = (path) => {
    const p = String(path).replace(/^\//, '');
    if (!blobUrls.has(p) && pkg.assets[p]) blobUrls.set(p, URL.createObjectURL(new Blob([pkg.assets[p]])));
    return blobUrls.get(p) || '';
  };

  const worker = new Worker(new URL('service/worker.js', RUNTIME_BASE), { type: 'module', name: `miniport:${appid}` });
  const shell = createShell(container, {
    appConfig,
    assetUrl,
    lang: options.lang || 'zh-CN',
    onBack: () => worker.postMessage({ t: 'nav:back' }),
    onTab: (index, item) => worker.postMessage({ t: 'nav:switchTab', route: item.pagePath, index, text: item.text }),
  });
  const iframe = container.ownerDocument.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.setAttribute('title', `mini-program ${appid}`);
  const renderUrl = new URL('render/index.js', RUNTIME_BASE).href;
  const viewModules = loadModuleGraph(renderUrl);
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const onViewBoot = (e) => {
    if (e.source !== iframe.contentWindow || !e.data) return;
    if (e.data.t === 'view:boot') {
      viewModules.then(
        (modules) => iframe.contentWindow && iframe.contentWindow.postMessage({ t: 'view:modules', modules, entry: renderUrl }, '*'),
        (err) => onError({ message: `view layer failed to load: ${err.message}`, stack: '', location: null, where: 'view' }),
      );
    } else if (e.data.t === 'view:boot-failed') {
      onError({ message: `view layer failed to start: ${e.data.message}`, stack: '', location: null, where: 'view' });
    }
  };
  window.addEventListener('message', onViewBoot);
  iframe.srcdoc = viewDocument(RUNTIME_BASE.origin, options.policy, nonce);
  const uiLayer = container.ownerDocument.createElement('div');
  uiLayer.style.cssText = 'position:absolute;inset:0;pointer-events:none';
  shell.frame.append(iframe, uiLayer);

  const storage = new HostStorage({ hostId: options.hostId || location.host, appid, userId: options.userId || 'anonymous' });
  const ctx = {
    appid,
    policy: options.policy || { requestDomains: [] },
    hostApis: options.hostApis || {},
    permission: options.permission || null,
    uiLayer,
    uiEnv: { lang: options.lang || 'zh-CN' },
    shell,
    files: new TempFiles(),
    aborts: new Map(),
  };

  const workerHello = new Promise((resolve) => worker.addEventListener('message', function hello(e) {
    if (e.data && e.data.t === 'hello') {
      worker.removeEventListener('message', hello);
      resolve();
    }
  }));
  const viewHello = new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.source === iframe.contentWindow && e.data && e.data.t === 'view:hello') {
        window.removeEventListener('message', onMessage);
        resolve();
      }
    };
    window.addEventListener('message', onMessage);
  });

  let launched;
  const launchedPromise = new Promise((resolve) => { launched = resolve; });
  worker.addEventListener('message', async (e) => {
    const msg = e.data || {};
    switch (msg.t) {
      case 'api': {
        const out = await handleApi(ctx, msg.name, msg.args, msg.cb);
        if (!controller.destroyed) worker.postMessage({ t: 'api:result', cb: msg.cb, ...out });
        return;
      }
      case 'api:abort':
        abortCall(ctx, msg.cb);
        return;
      case 'storage':
        if (!storage.apply(msg)) onLog('warn', [`storage: write of "${msg.key}" refused (quota of 10 MB reached) / 存储空间已满`]);
        return;
      case 'shell':
        shell.update(msg);
        controller.route = msg.route;
        return;
      case 'log':
        onLog(msg.level, msg.args);
        return;
      case 'error':
        onError({ message: msg.message, stack: msg.stack, location: msg.location, where: msg.where });
        return;
      case 'share':
        if (options.onShare) options.onShare(msg.content);
        return;
      case 'update:apply':
        if (options.hostApis && typeof options.hostApis.applyUpdate === 'function') options.hostApis.applyUpdate({ appid });
        return;
      case 'launched':
        launched();
        return;
      default:
    }
  });
  worker.addEventListener('error', (e) => {
    onError({ message: `logic layer failed to start: ${e.message || 'worker error'}`, stack: '', location: null, where: 'worker' });
  });

  await Promise.all([workerHello, viewHello]);
  const channel = new MessageChannel();
  const frameRect = shell.frame.getBoundingClientRect();
  const systemInfo = {
    brand: 'miniport', model: options.deviceModel || 'browser', pixelRatio: window.devicePixelRatio || 1,
    screenWidth: Math.round(container.clientWidth), screenHeight: Math.round(container.clientHeight),
    windowWidth: Math.round(frameRect.width), windowHeight: Math.round(frameRect.height),
    statusBarHeight: 0, language: options.lang || navigator.language || 'zh-CN', version: options.hostVersion || '1.0.0',
    system: navigator.userAgent.includes('Android') ? 'Android' : navigator.userAgent.includes('iPhone') ? 'iOS' : 'Web',
    platform: options.platform || 'miniport', SDKVersion: '3.0.0', fontSizeSetting: 16, theme: 'light',
    safeArea: { left: 0, top: 0, right: Math.round(frameRect.width), bottom: Math.round(frameRect.height), width: Math.round(frameRect.width), height: Math.round(frameRect.height) },
  };
  iframe.contentWindow.postMessage({
    t: 'init', port: channel.port2, views: pkg.views, styles: pkg.styles, config: pkg.config, assets: pkg.assets,
    lang: options.lang || 'zh-CN',
  }, '*', [channel.port2]);
  const launch = options.launch || {};
  worker.postMessage({
    t: 'init', port: channel.port1, logic: pkg.logic, config: { ...appConfig, allPages: pkg.manifest.pages || appConfig.pages, units: { ...pkg.config.components, ...pkg.config.pages } },
    storage: storage.entries(), systemInfo, hostApiNames: Object.keys(ctx.hostApis),
    launch: { path: launch.path || '', query: launch.query || {}, scene: launch.scene || 1001 },
  }, [channel.port1]);

  Object.assign(controller, {
    appid,
    manifest: pkg.manifest,
    worker,
    iframe,
    shell,
    show: () => worker.postMessage({ t: 'app:show', options: {} }),
    hide: () => worker.postMessage({ t: 'app:hide' }),
    /** The host SDK reports update events: 'check' ({hasUpdate}), 'ready', 'failed'. */
    notifyUpdate: (kind, payload) => worker.postMessage({ t: 'update', kind, payload }),
    destroy() {
      controller.destroyed = true;
      window.removeEventListener('message', onViewBoot);
      worker.terminate();
      iframe.remove();
      for (const url of blobUrls.values()) URL.revokeObjectURL(url);
      if (container.shadowRoot) container.shadowRoot.innerHTML = '';
    },
  });
  await launchedPromise;
  return controller;
}
