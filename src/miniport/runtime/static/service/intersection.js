/**
 * `wx.createIntersectionObserver` / `this.createIntersectionObserver`: the logic side.
 * The view runs a real IntersectionObserver against the page (or a relative element)
 * and reports each change; we call the mini-program's callback with WeChat's result.
 */

import { kernel, safeCall } from './kernel.js';

const callbacks = new Map();
let seq = 0;

function margins(m = {}) {
  return { top: m.top || 0, right: m.right || 0, bottom: m.bottom || 0, left: m.left || 0 };
}

export function createIntersectionObserver(scopeId, options = {}) {
  const state = { relative: null, observed: [] };
  const api = {
    relativeTo(selector, m) {
      state.relative = { selector: String(selector), margins: margins(m) };
      return api;
    },
    relativeToViewport(m) {
      state.relative = { selector: null, margins: margins(m) };
      return api;
    },
    observe(selector, callback) {
      const id = ++seq;
      callbacks.set(id, { callback, self: api });
      state.observed.push(id);
      kernel.postView({
        t: 'io:observe',
        id,
        scope: typeof scopeId === 'function' ? scopeId() : scopeId,
        selector: String(selector),
        relative: state.relative || { selector: null, margins: margins() },
        thresholds: options.thresholds || [0],
        observeAll: !!options.observeAll,
      });
    },
    disconnect() {
      for (const id of state.observed) {
        callbacks.delete(id);
        kernel.postView({ t: 'io:disconnect', id });
      }
      state.observed = [];
    },
  };
  return api;
}

/** `{t:'io', id, result}` from the view. */
export function intersectionChanged(msg) {
  const entry = callbacks.get(msg.id);
  if (entry && typeof entry.callback === 'function') safeCall(entry.callback, entry.self, [msg.result], 'IntersectionObserver callback');
}
