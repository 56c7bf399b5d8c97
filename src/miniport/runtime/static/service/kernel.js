/**
 * Shared state of the logic layer: the channels to the view and to the host, the
 * registry of live instances, error reporting and the setData flush queue.
 *
 * Kept in one small module so every other service module reaches the same channels
 * without globals that mini-program code could see.
 */

import { sourceLocation } from './modules.js';

export const kernel = {
  /** id → instance (pages and components). */
  instances: new Map(),
  /** Send a message to the view layer (set by worker.js once the port arrives). */
  postView: (_msg) => {},
  /** Send a message to the host (set by worker.js). */
  postHost: (_msg) => {},
  /** The app instance registered by App(). */
  app: null,
  /** wx.onError / onAppShow … listeners (set by worker.js to wx.js's emitAppEvent). */
  emit: (_kind, _arg) => {},
  config: null,
};

let reporting = false;

/** Describe an error with the mini-program source position when the stack has one. */
export function describeError(err) {
  const message = err && err.message ? String(err.message) : String(err);
  const stack = err && err.stack ? String(err.stack) : '';
  const location = sourceLocation(stack);
  return { message, stack, location };
}

/**
 * Report an exception thrown by mini-program code: to App.onError (WeChat passes the
 * message with its stack), and to the host for its console. Never rethrows, so one
 * failing handler cannot stop the logic layer.
 */
export function reportError(err, where) {
  const info = describeError(err);
  const at = info.location ? `${info.location.file}:${info.location.line}:${info.location.col}` : '';
  kernel.postHost({ t: 'error', where, message: info.message, stack: info.stack, location: info.location });
  if (reporting) return;
  reporting = true;
  try {
    kernel.emit('error', `${info.message}\n${info.stack}`);
  } finally {
    reporting = false;
  }
  const app = kernel.app;
  if (app && typeof app.onError === 'function') {
    reporting = true;
    try {
      app.onError(`${where}: ${info.message}${at ? ` (${at})` : ''}\n${info.stack}`);
    } catch (inner) {
      kernel.postHost({ t: 'error', where: 'App.onError', message: String(inner && inner.message), stack: String(inner && inner.stack), location: sourceLocation(inner && inner.stack) });
    } finally {
      reporting = false;
    }
  }
}

/** Call mini-program code; an exception is reported, never propagated. */
export function safeCall(fn, self, args, where) {
  try {
    return fn.apply(self, args);
  } catch (err) {
    reportError(err, where);
    return undefined;
  }
}

// ---- setData flushing: one message per microtask carries every instance's patch ----

const dirty = new Set();
const waiting = new Map();
let scheduled = false;
let seq = 0;

/** Queue an instance whose data changed; the view hears about it at the end of the tick. */
export function scheduleFlush(inst) {
  dirty.add(inst);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(flush);
  }
}

function flush() {
  scheduled = false;
  const batch = [];
  const callbacks = [];
  for (const inst of dirty) {
    const st = inst.__mp;
    if (!st.mounted || st.destroyed) continue;
    if (!st.pending && st.callbacks.length === 0) continue;
    batch.push([st.id, st.pending ? Object.fromEntries(st.pending) : {}]);
    st.pending = null;
    for (const cb of st.callbacks) callbacks.push([cb, inst]);
    st.callbacks = [];
  }
  dirty.clear();
  if (batch.length === 0) return;
  seq += 1;
  if (callbacks.length) waiting.set(seq, callbacks);
  postData({ t: 'data', seq, batch });
}

/** Post a data message; worker.js's postView drops what structured clone cannot carry. */
export function postData(msg) {
  kernel.postView(msg);
}

/** The view finished rendering batch `n`: run the setData callbacks waiting for it. */
export function rendered(n) {
  const cbs = waiting.get(n);
  if (!cbs) return;
  waiting.delete(n);
  for (const [cb, inst] of cbs) safeCall(cb, inst, [], 'setData callback');
}
