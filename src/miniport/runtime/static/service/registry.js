/**
 * The globals mini-program code calls to declare itself — App, getApp, Page, Component,
 * Behavior, getCurrentPages — and the lookup of a page's or component's definition by
 * path, loading its module on first use.
 */

import { Behavior, normalize } from './definition.js';
import { kernel, safeCall } from './kernel.js';
import { hasModule, load } from './modules.js';

const definitions = new Map();
let defining = null;

/** Page and component paths whose module is being evaluated, innermost last. */
const definingStack = [];

function register(options, kind) {
  const path = defining;
  if (!path) throw new Error(`${kind === 'page' ? 'Page' : 'Component'}() was called outside a page or component module; call it at the top level of the .js file listed in app.json or usingComponents`);
  if (definitions.has(path)) throw new Error(`${path}: Page()/Component() was called twice; call it once per file`);
  const def = normalize(options, kind);
  def.is = path;
  definitions.set(path, def);
}

export function Page(options) {
  register(options, 'page');
}

export function Component(options) {
  register(options, 'component');
}

export function App(options) {
  if (kernel.app) throw new Error('App() was called twice; call it once, in app.js');
  const app = {};
  for (const [k, v] of Object.entries(options || {})) app[k] = v;
  kernel.app = app;
}

export function getApp() {
  return kernel.app;
}

export { Behavior };

/**
 * The definition of the page or component at `path` (no extension), evaluating its
 * module the first time. Throws with the path when there is no module or it declares
 * nothing.
 */
export function definitionOf(path) {
  let def = definitions.get(path);
  if (def) return def;
  const file = `${path}.js`;
  if (!hasModule(file)) {
    // A page or component without a .js file is allowed: it behaves as an empty Component.
    def = normalize({}, 'component');
    def.is = path;
    definitions.set(path, def);
    return def;
  }
  definingStack.push(path);
  defining = path;
  try {
    load(file);
  } finally {
    definingStack.pop();
    defining = definingStack.length ? definingStack[definingStack.length - 1] : null;
  }
  def = definitions.get(path);
  if (!def) throw new Error(`${file} did not call Page() or Component(); add one at the top level`);
  return def;
}

/** Evaluate app.js (if any) so App() runs, then call onLaunch and onShow. */
export function launchApp(options) {
  if (hasModule('app.js')) load('app.js');
  if (!kernel.app) kernel.app = {};
  const app = kernel.app;
  if (typeof app.onLaunch === 'function') safeCall(app.onLaunch, app, [options], 'App.onLaunch');
  if (typeof app.onShow === 'function') safeCall(app.onShow, app, [options], 'App.onShow');
}
