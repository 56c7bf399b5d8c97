/**
 * The module registry of a running mini-program: `define()` as emitted by the compiler
 * (contracts §5) and CommonJS-style `require` resolution over it.
 *
 * Also remembers on which line of its bundle each module starts, so that a runtime
 * error's stack can be reported as FILE:LINE of the mini-program's own source.
 */

import { dirname, joinPath } from '../common/url.js';

const factories = new Map();
const modules = new Map();
/** [{bundle, line, path}] sorted by bundle then line. */
const lineStarts = [];

const BUNDLE_LINE = /(miniport-logic:[^\s:)]*):(\d+):(\d+)/;

/** Register a module factory; called by the logic bundle while it is evaluated. */
export function define(path, factory) {
  factories.set(path, factory);
  const m = BUNDLE_LINE.exec(new Error().stack || '');
  if (m) lineStarts.push({ bundle: m[1], line: Number(m[2]), path });
}

/** True when a module of that path was defined. */
export function hasModule(path) {
  return factories.has(path);
}

/**
 * Resolve `id` as required from module `from`: relative, absolute from the package
 * root, then `miniprogram_npm/<id>` found by walking up from the requiring folder.
 */
export function resolve(from, id) {
  const candidates = [];
  const add = (p) => {
    candidates.push(p, p + '.js', p + '/index.js');
  };
  if (id.startsWith('./') || id.startsWith('../')) add(joinPath(dirname(from), id));
  else if (id.startsWith('/')) add(joinPath('', id.slice(1)));
  else {
    add(joinPath('', id));
    let dir = dirname(from);
    for (;;) {
      add(joinPath(dir, 'miniprogram_npm/' + id));
      if (!dir) break;
      dir = dirname(dir);
    }
  }
  for (const c of candidates) if (factories.has(c)) return c;
  return null;
}

/** Build the `require` function a module at `from` receives. */
export function createRequire(from) {
  return function require(id) {
    const path = resolve(from, String(id));
    if (!path) {
      throw new Error(`module "${id}" is not defined (required from ${from}); check the path and that the file is part of the package`);
    }
    return load(path);
  };
}

/** Evaluate (once) and return the exports of the module at a resolved path. */
export function load(path) {
  const cached = modules.get(path);
  if (cached) return cached.exports;
  const factory = factories.get(path);
  if (!factory) throw new Error(`module "${path}" is not defined; is the file in app.json's pages or required by a page?`);
  const module = { id: path, exports: {} };
  modules.set(path, module);
  try {
    factory.call(module.exports, createRequire(path), module, module.exports);
  } catch (err) {
    modules.delete(path);
    throw err;
  }
  return module.exports;
}

/**
 * Evaluate a logic bundle (the text of a part's logic entry). The source URL lets us
 * map stack lines back to modules; `define` is the only name the bundle is given.
 */
export function evaluateBundle(text, name) {
  const run = new Function('define', `${text}\n//# sourceURL=miniport-logic:${name}`);
  run(define);
}

/** Map a stack trace to `FILE:LINE:COL` of the first frame inside mini-program code. */
export function sourceLocation(stack) {
  if (!stack) return null;
  for (const lineText of String(stack).split('\n')) {
    const m = BUNDLE_LINE.exec(lineText);
    if (!m) continue;
    const line = Number(m[2]);
    let best = null;
    for (const s of lineStarts) if (s.bundle === m[1] && s.line <= line && (!best || s.line >= best.line)) best = s;
    if (best) return { file: best.path, line: line - best.line + 1, col: Number(m[3]) };
  }
  return null;
}
