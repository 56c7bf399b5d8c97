/**
 * Locks the logic worker down before any mini-program code runs.
 *
 * Imported first by worker.js, so it is evaluated before every other module. It keeps
 * private references to the only channel out (postMessage to the host) and then
 * removes every ambient capability that could reach the network, load code, or touch
 * storage shared with other mini-programs of the same origin. Each removed name is
 * redefined as a non-configurable, non-writable `undefined` on the global object, so
 * mini-program code can neither call it nor put it back. The worker's response also
 * carries a Content-Security-Policy (see miniport.dev.static) that blocks `import()`
 * of foreign code and all connections, which covers what deleting names cannot.
 */

const scope = globalThis;

/** The bridge to the host: captured before lockdown, never exposed to mini-program code. */
export const host = {
  post: scope.postMessage.bind(scope),
  listen: scope.addEventListener.bind(scope),
};

/** Names removed from the worker global (and from its prototype chain). */
export const BLOCKED_GLOBALS = Object.freeze([
  'fetch', 'XMLHttpRequest', 'XMLHttpRequestEventTarget', 'XMLHttpRequestUpload',
  'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource', 'importScripts',
  'indexedDB', 'IDBFactory', 'caches', 'CacheStorage', 'Cache',
  'BroadcastChannel', 'Worker', 'SharedWorker', 'ServiceWorker',
  'RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel',
  'FileSystemHandle', 'FileSystemDirectoryHandle', 'FileSystemFileHandle',
  'webkitRequestFileSystem', 'webkitRequestFileSystemSync', 'requestFileSystem',
  'fetchLater', 'Request', 'Response', 'Headers', 'FormData',
  'postMessage', 'close',
]);

/** Navigator members that would reach origin-wide storage or locks. */
const BLOCKED_NAVIGATOR = ['storage', 'locks', 'serviceWorker', 'sendBeacon', 'usb', 'serial', 'hid', 'bluetooth'];

function seal(target, name) {
  for (let proto = Object.getPrototypeOf(target); proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) {
      try { delete proto[name]; } catch { /* non-configurable on a prototype: shadowed below */ }
    }
  }
  try { delete target[name]; } catch { /* shadowed below */ }
  try {
    Object.defineProperty(target, name, { value: undefined, writable: false, configurable: false, enumerable: false });
  } catch {
    // A non-configurable own property that survived deletion: we cannot hide it, so
    // make the sandbox fail loudly rather than run with a hole in it.
    if (target[name] !== undefined) throw new Error(`sandbox: cannot remove ${name}; refusing to run mini-program code`);
  }
}

/** Remove ambient capabilities. Safe to call once; returns the names that were present. */
export function lockdown() {
  const present = [];
  for (const name of BLOCKED_GLOBALS) {
    if (name in scope) present.push(name);
    seal(scope, name);
  }
  const nav = scope.navigator;
  if (nav) for (const name of BLOCKED_NAVIGATOR) if (name in nav) seal(nav, name);
  return present;
}

lockdown();
