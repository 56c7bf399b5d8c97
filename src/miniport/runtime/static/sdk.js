/**
 * Miniport browser host SDK: give a web page mini-program powers.
 *
 *   import { Miniport } from '/runtime/sdk.js';
 *   const host = Miniport.init({ server: 'https://miniport.example.com', tokenProvider });
 *   host.registerApi('getMemberLevel', async ({ appid }) => ({ level: 'gold' }));
 *   host.on('update', ({ appid, from, to }) => …);
 *   const session = await host.open('mp0123456789abcdef', { container, path, query });
 *
 * The SDK never holds the host's SDK secret: the host backend mints a short-lived
 * session token (see miniport.host / docs/host-protocol.md) and `tokenProvider`
 * returns it. The SDK resolves which version the user gets, downloads the package,
 * verifies its sha256 before running anything, keeps it in Cache Storage (so a
 * mini-program opens offline), reports launches and errors, listens for hot updates
 * and drives `wx.getUpdateManager` inside the running mini-program.
 */

import { createMiniProgram } from './container/index.js';

const PACKAGE_CACHE = 'miniport-packages-v1';
const ANSWER_PREFIX = 'miniport:answer:';
const PERMISSION_PREFIX = 'miniport:permission:';
const RECENT_KEY = 'miniport:recent';
const TOKEN_MARGIN_MS = 30_000;

const TEXT = {
  'zh-CN': {
    more: '更多', close: '关闭', share: '分享', restart: '重新进入小程序', about: '关于', back: '返回主页',
    cancel: '取消', allow: '允许', deny: '拒绝', version: '版本', organization: '开发者',
    ask: (name, scope) => `“${name}”申请${scope}`,
    scopes: { userInfo: '获取你的昵称、头像', location: '获取你的位置信息', clipboard: '读写你的剪贴板' },
    integrity: '小程序包校验失败，已拒绝运行。请稍后重试或联系管理员。',
    unavailable: (code) => `小程序暂不可用（${code}）`,
    offline: '网络不可用，且本机没有缓存的版本。',
  },
  en: {
    more: 'More', close: 'Close', share: 'Share', restart: 'Restart mini-program', about: 'About', back: 'Back to home',
    cancel: 'Cancel', allow: 'Allow', deny: 'Deny', version: 'Version', organization: 'Developer',
    ask: (name, scope) => `"${name}" would like to ${scope}`,
    scopes: { userInfo: 'use your nickname and avatar', location: 'use your location', clipboard: 'read and write your clipboard' },
    integrity: 'The mini-program package failed its integrity check and was not run. Try again later or contact the administrator.',
    unavailable: (code) => `This mini-program is not available (${code})`,
    offline: 'You are offline and there is no cached version on this device.',
  },
};

/** What went wrong, with a stable `code` and a message in the user's language. */
export class MiniportError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = 'MiniportError';
    this.code = code;
    this.details = details;
  }
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(bytes) {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

function readJSON(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function writeJSON(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the SDK still works online */
  }
}

class Host {
  constructor(options) {
    if (!options || !options.server) throw new MiniportError('config', 'Miniport.init: `server` is required');
    if (!options.token && typeof options.tokenProvider !== 'function') {
      throw new MiniportError('config', 'Miniport.init: pass `token` or `tokenProvider`');
    }
    this.server = String(options.server).replace(/\/+$/, '');
    this.lang = options.lang || (navigator.language && navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');
    this.text = TEXT[this.lang] || TEXT.en;
    this.hostId = options.hostId || location.host;
    this.hostVersion = options.hostVersion || '1.0.0';
    this.gateway = options.gateway || null;
    this._token = options.token ? { token: options.token, expiresAt: Infinity } : null;
    this._tokenProvider = options.tokenProvider || null;
    this._apis = {};
    this._listeners = { share: [], error: [], update: [], launch: [], close: [] };
    this._sessions = new Map();
    this._events = [];
    this._flushTimer = null;
    this._stream = null;
    this.userId = options.userId || 'anonymous';
  }

  // ---- events and custom APIs -------------------------------------------------------

  on(event, handler) {
    if (!this._listeners[event]) throw new MiniportError('config', `Miniport.on: unknown event "${event}"`);
    this._listeners[event].push(handler);
    return () => {
      this._listeners[event] = this._listeners[event].filter((h) => h !== handler);
    };
  }

  _emit(event, payload) {
    for (const handler of this._listeners[event] || []) {
      try {
        handler(payload);
      } catch (err) {
        console.error('[miniport] listener failed', err);
      }
    }
  }

  /** A host-provided API mini-programs call as `wx.<name>(args)` or `wx.invokeHostApi(name, args)`. */
  registerApi(name, handler) {
    if (!/^[A-Za-z_$][\w$]*$/.test(String(name)) || typeof handler !== 'function') {
      throw new MiniportError('config', 'registerApi(name, handler): name is an identifier, handler a function');
    }
    this._apis[name] = handler;
  }

  // ---- authentication ------------------------------------------------------------------

  async token(force = false) {
    const fresh = this._token && this._token.expiresAt - Date.now() > TOKEN_MARGIN_MS;
    if (!force && fresh) return this._token.token;
    if (!this._tokenProvider) return this._token ? this._token.token : '';
    const given = await this._tokenProvider();
    if (typeof given === 'string') this._token = { token: given, expiresAt: Date.now() + 10 * 60_000 };
    else this._token = { token: given.token, expiresAt: given.expires_at ? given.expires_at * 1000 : Date.now() + 10 * 60_000 };
    if (given && given.user_id) this.userId = given.user_id;
    return this._token.token;
  }

  async _api(method, path, body) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await fetch(this.server + path, {
        method,
        headers: { Authorization: `Bearer ${await this.token(attempt > 0)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'omit',
      });
      if (res.status === 401 && attempt === 0 && this._tokenProvider) continue;
      const data = await res.json().catch(() => ({}));
      if (!res.ok) {
        const err = data.error || {};
        throw new MiniportError(err.code || `http_${res.status}`, err.message || `HTTP ${res.status}`, err.details);
      }
      return data;
    }
    throw new MiniportError('unauthorized', 'the session token was refused twice');
  }

  // ---- catalog, resolve, packages -------------------------------------------------------

  /** The mini-programs listed for this host (names, descriptions, categories, icons). */
  async catalog() {
    try {
      const answer = await this._api('GET', '/sdk/v1/catalog');
      writeJSON(`${ANSWER_PREFIX}catalog`, answer.items);
      return answer.items;
    } catch (err) {
      const cached = readJSON(`${ANSWER_PREFIX}catalog`);
      if (cached && !(err instanceof MiniportError)) return cached;
      throw err;
    }
  }

  /** Resolve several appids at once; falls back to the last answers when offline. */
  async resolve(appids) {
    let results;
    try {
      results = (await this._api('POST', '/sdk/v1/resolve', { appids })).results;
    } catch (err) {
      if (err instanceof MiniportError) throw err;
      // Network failure: the last answer for each appid, marked offline.
      return appids.map((appid) => {
        const last = readJSON(ANSWER_PREFIX + appid);
        return last ? { ...last, offline: true } : { appid, status: 'error', code: 'offline', message: this.text.offline };
      });
    }
    for (const answer of results) if (answer.status === 'ok') writeJSON(ANSWER_PREFIX + answer.appid, answer);
    return results;
  }

  async _cache() {
    return typeof caches === 'undefined' ? null : caches.open(PACKAGE_CACHE);
  }

  /** The package bytes of one answer, from Cache Storage or the network, verified. */
  async package(answer) {
    const cache = await this._cache();
    let bytes = null;
    if (cache) {
      const hit = await cache.match(answer.url);
      if (hit) {
        bytes = await hit.arrayBuffer();
        if ((await sha256Hex(bytes)) !== answer.sha256) {
          await cache.delete(answer.url); // a damaged cache entry: fetch it again
          bytes = null;
        }
      }
    }
    if (!bytes) {
      let res;
      try {
        res = await fetch(answer.url, { credentials: 'omit' });
      } catch {
        throw new MiniportError('offline', this.text.offline);
      }
      if (!res.ok) throw new MiniportError(`http_${res.status}`, `downloading ${answer.url} failed (HTTP ${res.status})`);
      bytes = await res.arrayBuffer();
      const actual = await sha256Hex(bytes);
      if (actual !== answer.sha256) {
        throw new MiniportError('package_integrity', this.text.integrity, { expected: answer.sha256, actual, appid: answer.appid });
      }
      if (cache) await cache.put(answer.url, new Response(bytes.slice(0), { headers: { 'Content-Type': 'application/zip' } }));
    }
    return bytes;
  }

  /** Resolve and download ahead of time, so opening is instant (and works offline). */
  async preload(appids) {
    const answers = await this.resolve(appids);
    await Promise.all(answers.filter((a) => a.status === 'ok').map((a) => this.package(a).catch(() => null)));
    return answers;
  }

  // ---- running -----------------------------------------------------------------------

  /** Open a mini-program in `container`; resolves to a session handle once it launched. */
  async open(appid, { container, path = '', query = {}, catalogEntry = null } = {}) {
    if (!container) throw new MiniportError('config', 'open(appid, {container}): container is required');
    if (this._sessions.has(appid)) this.close(appid);
    const [answer] = await this.resolve([appid]);
    if (answer.status !== 'ok') {
      throw new MiniportError(answer.code || 'unavailable', answer.message || this.text.unavailable(answer.code), answer);
    }
    const bytes = await this.package(answer);
    const session = { appid, answer, container, path, query, catalogEntry, version: answer.version, pending: null };
    await this._start(session, bytes);
    this._sessions.set(appid, session);
    this._remember(appid, catalogEntry);
    this._listenForUpdates();
    if (answer.offline) this._checkUpdate(session); // came from cache: look for a newer one when back online
    else session.controller.notifyUpdate('check', { hasUpdate: false });
    return {
      appid,
      version: answer.version,
      reason: answer.reason,
      ruleId: answer.rule_id,
      close: () => this.close(appid),
      restart: () => this.restart(appid),
      checkForUpdate: () => this._checkUpdate(session),
    };
  }

  async _start(session, bytes) {
    const { container, appid, answer } = session;
    container.replaceChildren();
    const frame = document.createElement('div');
    frame.className = 'miniport-frame';
    frame.style.cssText = 'position:relative;width:100%;height:100%';
    const stage = document.createElement('div');
    stage.style.cssText = 'position:absolute;inset:0';
    frame.append(stage, this._capsule(session));
    container.append(frame);
    // The permission-checked wrappers come last: a host API of the same name runs only
    // through them, after the user allowed it.
    const hostApis = { ...this._apis, ...this._permissionWrapped(session), applyUpdate: () => this._applyUpdate(session) };
    hostApis.invokeHostApi = async ({ name, args }) => {
      // Through `hostApis`, so an API behind a permission asks the user here too.
      const fn = name === 'invokeHostApi' || name === 'applyUpdate' ? null : hostApis[name];
      if (!fn) throw { errMsg: `invokeHostApi:fail no host API named "${name}"` };
      return fn({ ...(args || {}), appid });
    };
    const controller = createMiniProgram({
      container: stage,
      packageBytes: bytes,
      policy: {
        requestDomains: answer.allowed_domains || [],
        uploadDomains: answer.allowed_domains || [],
        downloadDomains: answer.allowed_domains || [],
        gateway: this.gateway,
      },
      permission: (scope) => this._ask(session, scope),
      hostApis,
      hostId: this.hostId,
      userId: this.userId,
      hostVersion: this.hostVersion,
      launch: { path: session.path, query: session.query },
      lang: this.lang,
      onError: (error) => {
        this._record(appid, session.version, 'error');
        this._emit('error', { appid, version: session.version, ...error });
      },
      onShare: (content) => this._emit('share', { appid, version: session.version, content }),
    });
    session.controller = controller;
    await controller.ready;
    this._record(appid, answer.version, 'launch');
    this._emit('launch', { appid, version: answer.version, reason: answer.reason, ruleId: answer.rule_id });
  }

  close(appid) {
    const session = this._sessions.get(appid);
    if (!session) return;
    this._sessions.delete(appid);
    try {
      session.controller.destroy();
    } catch {
      /* already gone */
    }
    session.container.replaceChildren();
    this._emit('close', { appid });
    if (!this._sessions.size && this._stream) {
      this._stream.close();
      this._stream = null;
    }
  }

  /** Run the mini-program again from its start page (with the newest downloaded version). */
  async restart(appid) {
    const session = this._sessions.get(appid);
    if (!session) return;
    const answer = session.pending || session.answer;
    const bytes = await this.package(answer);
    session.controller.destroy();
    session.answer = answer;
    session.version = answer.version;
    session.pending = null;
    await this._start(session, bytes);
  }

  // ---- hot update ----------------------------------------------------------------------

  _listenForUpdates() {
    if (this._stream || typeof EventSource === 'undefined') return;
    this.token().then((token) => {
      if (this._stream || !this._sessions.size) return;
      const stream = new EventSource(`${this.server}/sdk/v1/updates?access_token=${encodeURIComponent(token)}`);
      stream.addEventListener('changed', (event) => {
        let data = {};
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        const appids = data.appids || [];
        for (const session of this._sessions.values()) if (!appids.length || appids.includes(session.appid)) this._checkUpdate(session);
      });
      stream.onerror = () => {
        // The browser retries by itself; a token that expired needs a new stream.
        if (stream.readyState === EventSource.CLOSED) {
          this._stream = null;
          setTimeout(() => this._listenForUpdates(), 2000);
        }
      };
      this._stream = stream;
    }).catch(() => {});
  }

  async _checkUpdate(session) {
    let answer;
    try {
      [answer] = await this.resolve([session.appid]);
    } catch {
      return false;
    }
    if (!this._sessions.has(session.appid) || !answer || answer.status !== 'ok' || answer.offline) return false;
    const hasUpdate = answer.package_id !== (session.pending || session.answer).package_id;
    session.controller.notifyUpdate('check', { hasUpdate });
    if (!hasUpdate) return false;
    try {
      await this.package(answer);
    } catch (err) {
      session.controller.notifyUpdate('failed', { errMsg: err.message });
      this._emit('error', { appid: session.appid, message: err.message, code: err.code, where: 'update' });
      return false;
    }
    session.pending = answer;
    session.controller.notifyUpdate('ready', {});
    this._emit('update', { appid: session.appid, from: session.version, to: answer.version, apply: () => this.restart(session.appid) });
    return true;
  }

  _applyUpdate(session) {
    if (session.pending) this.restart(session.appid);
    return {};
  }

  // ---- analytics ------------------------------------------------------------------------

  _record(appid, version, type) {
    this._events.push({ appid, version, type });
    if (!this._flushTimer) this._flushTimer = setTimeout(() => this._flush(), 2000);
  }

  async _flush() {
    this._flushTimer = null;
    const events = this._events.splice(0, 1000);
    if (!events.length) return;
    try {
      await this._api('POST', '/sdk/v1/events', { events });
    } catch {
      /* analytics never disturbs the user */
    }
  }

  // ---- recent items ---------------------------------------------------------------------

  recent() {
    return readJSON(RECENT_KEY) || [];
  }

  _remember(appid, entry) {
    const list = this.recent().filter((item) => item.appid !== appid);
    list.unshift({ appid, name: entry ? entry.name : appid, at: Date.now() });
    writeJSON(RECENT_KEY, list.slice(0, 8));
  }

  // ---- permissions ----------------------------------------------------------------------

  _permissionWrapped(session) {
    const wrap = (scope, name) => async (args) => {
      if (!(await this._ask(session, scope))) throw { errMsg: `${name}:fail auth deny` };
      const fn = this._apis[name];
      if (!fn) throw { errMsg: `${name}:fail not available in this host` };
      return fn(args);
    };
    return {
      getUserProfile: wrap('userInfo', 'getUserProfile'),
      getUserInfo: wrap('userInfo', 'getUserInfo'),
      getLocation: wrap('location', 'getLocation'),
    };
  }

  /** Ask the user once per (mini-program, scope); the answer is remembered. */
  async _ask(session, scope) {
    const key = `${PERMISSION_PREFIX}${this.userId}:${session.appid}:${scope}`;
    const remembered = readJSON(key);
    if (remembered !== null) return remembered === true;
    const name = (session.catalogEntry && session.catalogEntry.name) || session.appid;
    const allowed = await this._prompt(session.container, this.text.ask(name, this.text.scopes[scope] || scope));
    writeJSON(key, allowed);
    return allowed;
  }

  _prompt(container, message) {
    return new Promise((resolve) => {
      const layer = document.createElement('div');
      layer.className = 'miniport-permission';
      layer.setAttribute('role', 'dialog');
      layer.setAttribute('aria-modal', 'true');
      layer.setAttribute('aria-label', message);
      layer.style.cssText = 'position:absolute;inset:0;z-index:30;background:rgba(0,0,0,.45);display:flex;align-items:flex-end;font:15px system-ui,sans-serif';
      const sheet = document.createElement('div');
      sheet.style.cssText = 'background:#fff;width:100%;padding:20px;border-radius:12px 12px 0 0;box-sizing:border-box';
      const text = document.createElement('p');
      text.textContent = message;
      const buttons = document.createElement('div');
      buttons.style.cssText = 'display:flex;gap:12px;justify-content:flex-end';
      const done = (value) => {
        layer.remove();
        resolve(value);
      };
      for (const [label, value, primary] of [[this.text.deny, false, false], [this.text.allow, true, true]]) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = label;
        button.style.cssText = `padding:8px 20px;border-radius:6px;border:1px solid #ccc;${primary ? 'background:#07c160;color:#fff;border-color:#07c160' : 'background:#fff'}`;
        button.addEventListener('click', () => done(value));
        buttons.append(button);
      }
      layer.addEventListener('keydown', (e) => { if (e.key === 'Escape') done(false); });
      sheet.append(text, buttons);
      layer.append(sheet);
      (container.querySelector('.miniport-frame') || container).append(layer);
      buttons.lastChild.focus();
    });
  }

  // ---- capsule menu (更多 / 关闭) --------------------------------------------------------

  _capsule(session) {
    const t = this.text;
    const bar = document.createElement('div');
    bar.className = 'miniport-capsule';
    bar.style.cssText = 'position:absolute;top:6px;right:8px;z-index:20;display:flex;border:1px solid rgba(0,0,0,.15);border-radius:16px;background:rgba(255,255,255,.85);overflow:hidden;font:13px system-ui,sans-serif';
    const more = document.createElement('button');
    const close = document.createElement('button');
    for (const [button, label, glyph] of [[more, t.more, '•••'], [close, t.close, '✕']]) {
      button.type = 'button';
      button.textContent = glyph;
      button.setAttribute('aria-label', label);
      button.title = label;
      button.style.cssText = 'border:0;background:none;padding:4px 12px;cursor:pointer';
    }
    close.addEventListener('click', () => this.close(session.appid));
    more.addEventListener('click', () => this._menu(session, bar));
    bar.append(more, close);
    return bar;
  }

  _menu(session, anchor) {
    const t = this.text;
    const existing = anchor.parentElement.querySelector('.miniport-menu');
    if (existing) {
      existing.remove();
      return;
    }
    const menu = document.createElement('div');
    menu.className = 'miniport-menu';
    menu.setAttribute('role', 'menu');
    menu.style.cssText = 'position:absolute;top:40px;right:8px;z-index:25;background:#fff;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.2);min-width:200px;font:14px system-ui,sans-serif';
    const info = session.catalogEntry || {};
    const about = document.createElement('div');
    about.className = 'miniport-about';
    about.style.cssText = 'padding:10px 14px;color:#555;border-bottom:1px solid #eee;font-size:12px';
    about.textContent = `${info.name || session.appid} · ${t.version} ${session.version}${info.organization ? ` · ${t.organization} ${info.organization}` : ''}`;
    menu.append(about);
    const items = [
      [t.share, () => this._emit('share', { appid: session.appid, version: session.version, content: { title: info.name || session.appid, path: session.path } })],
      [t.restart, () => this.restart(session.appid)],
      [t.back, () => this.close(session.appid)],
    ];
    for (const [label, action] of items) {
      const item = document.createElement('button');
      item.type = 'button';
      item.setAttribute('role', 'menuitem');
      item.textContent = label;
      item.style.cssText = 'display:block;width:100%;text-align:left;border:0;background:none;padding:10px 14px;cursor:pointer';
      item.addEventListener('click', () => {
        menu.remove();
        action();
      });
      menu.append(item);
    }
    anchor.parentElement.append(menu);
    menu.querySelector('[role=menuitem]').focus();
  }
}

export const Miniport = {
  /** Create the SDK for this page: `{server, token | tokenProvider, lang?, hostId?, gateway?}`. */
  init(options) {
    return new Host(options);
  },
  MiniportError,
};

export default Miniport;
