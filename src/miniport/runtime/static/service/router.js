/**
 * The page stack: creating pages in WeChat's lifecycle order, and the five ways to
 * move between them (navigateTo, redirectTo, navigateBack, switchTab, reLaunch).
 *
 * The logic layer is the authority on the stack because it owns the page instances;
 * it tells the view which page element to create, show, hide or destroy, and the host
 * what the navigation bar and tabBar should show.
 */

import { resolvePageUrl } from '../common/url.js';
import { applyData, callHook, callLifetime, createEventChannel, createInstance } from './instance.js';
import { kernel, reportError, safeCall } from './kernel.js';
import { definitionOf } from './registry.js';
import { destroyInstance, destroyPageComponents, pageLifetime, readyComponents } from './tree.js';

const MAX_STACK = 10;
const stack = [];
const tabPages = new Map();
let pageSeq = 0;

export class RouteError extends Error {}

function config() {
  return kernel.config;
}

function isTab(route) {
  const tabBar = config().tabBar;
  return !!(tabBar && tabBar.list && tabBar.list.some((i) => i.pagePath === route));
}

function pageExists(route) {
  return (config().allPages || config().pages).includes(route);
}

/** Window settings of a page: app.json `window` overridden by the page's own json. */
export function windowOf(route) {
  const unit = (config().units && config().units[route]) || {};
  const own = unit.window || unit;
  const keys = ['navigationBarTitleText', 'navigationBarBackgroundColor', 'navigationBarTextStyle', 'navigationStyle', 'backgroundColor', 'backgroundTextStyle', 'enablePullDownRefresh', 'onReachBottomDistance', 'disableScroll'];
  const win = { ...(config().window || {}) };
  for (const k of keys) if (own[k] !== undefined) win[k] = own[k];
  return win;
}

export function currentPages() {
  return stack.slice();
}

function top() {
  return stack[stack.length - 1] || null;
}

function notifyShell() {
  const page = top();
  kernel.postHost({
    t: 'shell',
    depth: stack.length,
    route: page ? page.route : null,
    pageId: page ? page.__mp.pageId : null,
    window: page ? { ...windowOf(page.route), ...page.__mp.window } : {},
    tab: page && isTab(page.route) ? page.route : null,
  });
}

function createPage(route, query, channel = null) {
  const def = definitionOf(route);
  const id = `p${++pageSeq}`;
  const inst = createInstance(def, { id, is: route, pageId: id });
  if (channel) inst.__mp.eventChannel = channel;
  inst.route = route;
  inst.__route__ = route;
  inst.options = query;
  const st = inst.__mp;
  st.window = {};
  st.query = query;
  st.loaded = false;
  st.deferredReady = [];
  st.whenLoaded = new Promise((resolve) => { st.markLoaded = resolve; });
  if (def.kind === 'component') {
    callLifetime(inst, 'created');
    // A Component used as a page gets its query as properties too, as in WeChat.
    for (const [k, v] of Object.entries(query)) if (def.properties[k]) inst.data[k] = v;
    callLifetime(inst, 'attached');
  }
  stack.push(inst);
  // The view renders the initial data first, so that the page's components exist
  // (created, attached) before onLoad, as in WeChat; onLoad and onShow run when the
  // view reports that frame (pageReady), and their setData updates it.
  st.mounted = true;
  st.pending = null;
  const hooks = {
    pageScroll: typeof inst.onPageScroll === 'function',
    reachBottom: typeof inst.onReachBottom === 'function',
  };
  kernel.postView({ t: 'page:create', pageId: id, route, data: inst.data, window: windowOf(route), hooks });
  return inst;
}

/** The view rendered a page's first frame (with all its components): onReady. */
export function pageReady(pageId) {
  const inst = kernel.instances.get(pageId);
  if (!inst) return;
  const st = inst.__mp;
  if (st.loaded) return;
  st.loaded = true;
  callHook(inst, 'onLoad', [{ ...st.query }]);
  callHook(inst, 'onShow');
  pageLifetime(pageId, 'show');
  const deferred = st.deferredReady;
  st.deferredReady = [];
  readyComponents(deferred);
  st.markLoaded();
  // onReady once the view has drawn what onLoad and onShow changed.
  applyData(inst, {}, () => {
    if (st.readyDone || st.destroyed) return;
    st.readyDone = true;
    if (st.def.kind === 'component') callLifetime(inst, 'ready');
    callHook(inst, 'onReady');
  }, false);
}

function hidePage(inst) {
  callHook(inst, 'onHide');
  pageLifetime(inst.__mp.pageId, 'hide');
  kernel.postView({ t: 'page:hide', pageId: inst.__mp.pageId });
}

function showPage(inst) {
  kernel.postView({ t: 'page:show', pageId: inst.__mp.pageId });
  callHook(inst, 'onShow');
  pageLifetime(inst.__mp.pageId, 'show');
}

function unloadPage(inst) {
  const id = inst.__mp.pageId;
  callHook(inst, 'onUnload');
  destroyPageComponents(id);
  if (inst.__mp.def.kind === 'component') callLifetime(inst, 'detached');
  destroyInstance(id, 'detached');
  tabPages.delete(inst.route);
  kernel.postView({ t: 'page:destroy', pageId: id });
}

function target(api, url) {
  const cur = top();
  const { route, query } = resolvePageUrl(cur ? cur.route : '', String(url || ''));
  if (!pageExists(route)) throw new RouteError(`${api}:fail page "${route}" is not found`);
  return { route, query };
}

export function navigateTo(url, events) {
  const t = target('navigateTo', url);
  if (isTab(t.route)) throw new RouteError(`navigateTo:fail can not navigateTo a tabbar page "${t.route}"; use wx.switchTab`);
  if (stack.length >= MAX_STACK) throw new RouteError(`navigateTo:fail webview count limit exceed (${MAX_STACK} pages); use redirectTo or navigateBack`);
  const cur = top();
  if (cur) hidePage(cur);
  // The opener's `events` listen on the channel the new page gets from getOpenerEventChannel().
  const channel = createEventChannel();
  for (const [name, fn] of Object.entries(events || {})) if (typeof fn === 'function') channel.on(name, fn);
  const inst = createPage(t.route, t.query, channel);
  notifyShell();
  return inst.__mp.whenLoaded.then(() => channel);
}

export function redirectTo(url) {
  const t = target('redirectTo', url);
  if (isTab(t.route)) throw new RouteError(`redirectTo:fail can not redirectTo a tabbar page "${t.route}"; use wx.switchTab`);
  const cur = stack.pop();
  if (cur) unloadPage(cur);
  createPage(t.route, t.query);
  notifyShell();
}

export function navigateBack(delta = 1) {
  if (stack.length <= 1) throw new RouteError('navigateBack:fail cannot navigate back at first page');
  const n = Math.min(Math.max(1, Number(delta) || 1), stack.length - 1);
  for (let i = 0; i < n; i++) {
    const page = stack.pop();
    if (isTab(page.route)) hidePage(page);
    else unloadPage(page);
  }
  showPage(top());
  notifyShell();
}

export function switchTab(url) {
  const t = target('switchTab', url);
  if (!isTab(t.route)) throw new RouteError(`switchTab:fail can not switch to no-tabBar page "${t.route}"; use wx.navigateTo`);
  const cur = top();
  if (cur && cur.route === t.route && stack.length === 1) return;
  while (stack.length) {
    const page = stack.pop();
    if (isTab(page.route)) {
      if (page === cur) hidePage(page);
    } else {
      unloadPage(page);
    }
  }
  const kept = tabPages.get(t.route);
  if (kept) {
    stack.push(kept);
    showPage(kept);
  } else {
    tabPages.set(t.route, createPage(t.route, t.query));
  }
  notifyShell();
}

export function reLaunch(url) {
  const t = target('reLaunch', url);
  while (stack.length) unloadPage(stack.pop());
  for (const page of tabPages.values()) unloadPage(page);
  tabPages.clear();
  const inst = createPage(t.route, t.query);
  if (isTab(t.route)) tabPages.set(t.route, inst);
  notifyShell();
}

/** Open the first page; an unknown launch path goes through App.onPageNotFound. */
export function launch(path, query) {
  const entry = config().entryPagePath || config().pages[0];
  let route = path || entry;
  if (!pageExists(route)) {
    kernel.emit('pageNotFound', { path: route, query, isEntryPage: true });
    const app = kernel.app;
    if (app && typeof app.onPageNotFound === 'function') {
      safeCall(app.onPageNotFound, app, [{ path: route, query, isEntryPage: true }], 'App.onPageNotFound');
      if (stack.length) return;
    }
    reportError(new Error(`page "${route}" is not found; opened the entry page "${entry}" instead`), 'launch');
    route = entry;
    query = {};
  }
  const inst = createPage(route, query || {});
  if (isTab(route)) tabPages.set(route, inst);
  notifyShell();
}

/** setNavigationBarTitle / Color change the current page's bar only. */
export function setPageWindow(patch) {
  const page = top();
  if (!page) throw new RouteError('no page is open');
  Object.assign(page.__mp.window, patch);
  notifyShell();
}

/** App shown/hidden by the host: App and top page onShow/onHide. */
export function appVisibility(visible, options) {
  const app = kernel.app;
  const page = top();
  kernel.emit(visible ? 'show' : 'hide', options || {});
  if (visible) {
    if (app && typeof app.onShow === 'function') safeCall(app.onShow, app, [options || {}], 'App.onShow');
    if (page) { callHook(page, 'onShow'); pageLifetime(page.__mp.pageId, 'show'); }
  } else {
    if (page) { callHook(page, 'onHide'); pageLifetime(page.__mp.pageId, 'hide'); }
    if (app && typeof app.onHide === 'function') safeCall(app.onHide, app, [], 'App.onHide');
  }
}

export function topPageId() {
  const page = top();
  return page ? page.__mp.pageId : null;
}
