// What compiled WXML calls at run time, and the linker of a view bundle.
//
// Generated render code (see docs/wxml.md) only ever uses the helpers in `R` below and
// the link context `F` that `createView` gives each file. The helpers follow WeChat's
// own template runtime where it differs from plain JavaScript: member access on
// undefined yields undefined instead of throwing, `wx:for` iterates numbers and
// strings, `undefined` prints as "" but `null` as "null".

/** Symbol whose getter gives WXS's `x.constructor` (a type name string). */
export const WXS_CTOR = Symbol.for("miniport.wxs.constructor");

/**
 * `obj[key]` on data, as WeChat reads it: never throws (`{{a.b}}` with `a` missing is
 * undefined), and gives undefined for `__proto__`, `prototype`, `caller`, a null key
 * and any function value (so `{{list.push}}` or `{{n.constructor}}` show nothing:
 * only paths from a WXS module reach functions, see `w`).
 */
export function m(obj, key) {
  if (obj == null || key == null || key === "__proto__" || key === "prototype" || key === "caller") {
    return undefined;
  }
  const value = obj[key];
  return typeof value === "function" ? undefined : value;
}

/** `obj[key]` on a path that starts at a WXS module: like `m`, but functions are kept. */
export function w(obj, key) {
  if (obj == null || key == null || key === "__proto__" || key === "prototype" || key === "caller") {
    return undefined;
  }
  return obj[key];
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A data name that is also a member of Object.prototype (`constructor`, `toString`…):
 * WeChat reads only the data's own keys, so `{{constructor}}` is undefined unless the
 * data has that key. Include scopes inherit the page data, hence the walk.
 */
export function own(data, name) {
  for (let o = data; o != null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (hasOwn.call(o, name)) return o[name];
  }
  return undefined;
}

/**
 * `obj[name](...args)` for WXS module members. As in WeChat, arguments are deep copies
 * (WXS cannot change page data), a missing function gives undefined, and an exception
 * is logged and gives undefined instead of breaking the whole render.
 */
export function call(obj, name, args) {
  if (obj == null) return undefined;
  return invoke(obj[name], obj, args, name);
}

/** Calls a WXS module whose `module.exports` is itself a function. */
export function apply(fn, args) {
  return invoke(fn, undefined, args, fn && fn.name);
}

function invoke(fn, self, args, label) {
  if (typeof fn !== "function") return undefined;
  try {
    // the result is a copy too, as in WeChat: a WXS module's own objects never reach
    // the tree (two calls returning the same object give two snapshots)
    return copyResult(fn.apply(self, args.map(copy)));
  } catch (error) {
    console.error("WXS function " + (label || "(anonymous)") + " threw:", error);
    return undefined;
  }
}

/** Deep copy of plain data (arrays and plain objects); other values are shared. */
export function copy(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(copy);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out = {};
  for (const k of Object.keys(value)) out[k] = copy(value[k]);
  return out;
}

/** A WXS function's result as WeChat passes it on: plain data copied, functions null. */
function copyResult(value) {
  if (typeof value === "function") return null;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(copyResult);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out = {};
  for (const k of Object.keys(value)) out[k] = copyResult(value[k]);
  return out;
}

/** What `...x` spreads inside an array literal: nothing for null or non-iterables. */
export function arr(x) {
  if (x == null) return [];
  if (typeof x === "string" || typeof x[Symbol.iterator] === "function") return x;
  return [];
}

/** Text of a value in text nodes and mixed attributes: undefined → "", else String(x). */
export function s(value) {
  return value === undefined ? "" : String(value);
}

/**
 * The items of `wx:for` as a flat [item0, index0, item1, index1, …] array.
 * Arrays give their elements; objects their own values with the key as index;
 * strings their characters; a number N the numbers 0..N-1; anything else nothing.
 */
export function seq(x) {
  const out = [];
  if (x == null) return out;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) out.push(x[i], i);
  } else if (typeof x === "string") {
    for (let i = 0; i < x.length; i++) out.push(x[i], i);
  } else if (typeof x === "number") {
    for (let i = 0; i < x; i++) out.push(i, i);
  } else if (typeof x === "object") {
    for (const k of Object.keys(x)) out.push(x[k], k);
  }
  return out;
}

/**
 * Sets `wx:key` on the nodes one loop iteration appended to `out` from `start`:
 * the key itself for one node, "<key>#<i>" for each of several (a `<block>` body).
 */
export function key(out, start, k) {
  const count = out.length - start;
  if (count === 1) {
    if (typeof out[start] === "object") out[start].key = k;
    return;
  }
  for (let i = 0; i < count; i++) {
    const node = out[start + i];
    if (typeof node === "object") node.key = k + "#" + i;
  }
}

/** The data an `<include>` inside `wx:for` sees: the page data plus the loop variables. */
export function scope(data, locals) {
  return Object.assign(Object.create(data), locals);
}

/** `<template is="name" data="…">`: renders the template visible from file `F`. */
export function tpl(F, name, data, out) {
  const fn = F.tpl(name);
  if (fn) fn(data == null ? {} : data, out);
}

/** WXS `getRegExp(pattern, flags)`, standing in for the RegExp constructor. */
export function getRegExp(pattern, flags) {
  return new RegExp(pattern, flags);
}

/** WXS `getDate(...)`, standing in for `new Date(...)`. */
export function getDate(...args) {
  return new Date(...args);
}

/** WXS type name of a value, as `value.constructor` reads in WXS. */
export function wxsTypeName(value) {
  switch (typeof value) {
    case "number": return "Number";
    case "string": return "String";
    case "boolean": return "Boolean";
    case "function": return "Function";
  }
  if (Array.isArray(value)) return "Array";
  if (value instanceof Date) return "Date";
  if (value instanceof RegExp) return "RegExp";
  return "Object";
}

/**
 * Makes `x[WXS_CTOR]` work on every value of this realm. The property is a symbol and
 * not enumerable, so no other code can notice it.
 */
export function installWxsConstructor() {
  if (Object.prototype.hasOwnProperty(WXS_CTOR)) return;
  Object.defineProperty(Object.prototype, WXS_CTOR, {
    configurable: true,
    enumerable: false,
    get() {
      return wxsTypeName(this);
    },
  });
}

const R = { m, w, own, call, apply, arr, s, seq, key, tpl, scope };

/**
 * Links the definitions of view bundles (what each bundle passes to `defineView`) and
 * returns `{has(path), render(path, data) → VNode[]}`. Pass the main package's
 * definition and those of the loaded subpackages: keys are paths from the root, so
 * they merge (a later definition wins for a path present twice). Files and WXS
 * modules are instantiated on first use; a WXS module is one instance per view,
 * shared by every file using it.
 */
export function createView(...defs) {
  const files = Object.create(null);
  const wxsDefs = Object.create(null);
  for (const def of defs) {
    if (!def || def.format !== 1) {
      throw new Error("unsupported view bundle format " + (def && def.format) + "; rebuild the package");
    }
    Object.assign(files, def.templates);
    Object.assign(wxsDefs, def.wxs);
  }
  installWxsConstructor();
  const wxsModules = new Map();
  const linked = new Map();
  const including = new Set();

  function requireWxs(id) {
    const loaded = wxsModules.get(id);
    if (loaded) return loaded.exports;
    const factory = wxsDefs[id];
    if (!factory) throw new Error("WXS module " + id + " is not in this package");
    const module = { exports: {} };
    wxsModules.set(id, module);
    factory(requireWxs, module, module.exports, getRegExp, getDate, WXS_CTOR);
    return module.exports;
  }

  const includedImportsCache = new Map();
  // templates being rendered, as "<file>:<name>": WeChat stops a template that calls
  // itself (directly or through other templates) and renders nothing for that call
  const activeTemplates = new Set();

  function guardRecursion(path, name, fn) {
    const id = path + ":" + name;
    return function (data, out) {
      if (activeTemplates.has(id)) {
        console.warn("template `" + name + "` of " + path + " is called recursively; as in WeChat, the inner call renders nothing");
        return;
      }
      activeTemplates.add(id);
      try {
        fn(data, out);
      } finally {
        activeTemplates.delete(id);
      }
    };
  }

  /** Imports of every file reachable from `path` through <include>, breadth first. */
  function includedImports(path) {
    let result = includedImportsCache.get(path);
    if (result) return result;
    result = [];
    const seen = new Set([path]);
    const queue = [path];
    for (let head = 0; head < queue.length; head++) {
      const entry = files[queue[head]];
      if (!entry) continue;
      for (const inc of entry.includes) {
        if (!seen.has(inc)) {
          seen.add(inc);
          queue.push(inc);
        }
      }
      if (head > 0) {
        for (const imp of entry.imports) if (!result.includes(imp)) result.push(imp);
      }
    }
    includedImportsCache.set(path, result);
    return result;
  }

  function link(path) {
    let file = linked.get(path);
    if (file) return file;
    const entry = files[path];
    if (!entry) return null;
    const own = Object.create(null);
    const F = {
      wxs: Object.create(null),
      def(name, fn) {
        own[name] = guardRecursion(path, name, fn);
      },
      tpl(name) {
        if (name in own) return own[name];
        // imports are not transitive: only templates defined in the imported file;
        // a later import wins over an earlier one
        for (let i = entry.imports.length - 1; i >= 0; i--) {
          const imported = link(entry.imports[i]);
          if (imported && name in imported.own) return imported.own[name];
        }
        // as in WeChat, what the files this one includes (transitively) import is
        // visible too — but not the templates those included files define
        for (const importPath of includedImports(path)) {
          const imported = link(importPath);
          if (imported && name in imported.own) return imported.own[name];
        }
        return null;
      },
      include(target, data, out, wxs) {
        // a file that is already being included is skipped, so include cycles end;
        // the included content sees the includer's WXS modules, not its own
        const included = link(target);
        if (!included || including.has(target)) return;
        including.add(target);
        try {
          included.render(data, out, wxs);
        } finally {
          including.delete(target);
        }
      },
    };
    file = { own, render: null };
    linked.set(path, file);
    for (const name of Object.keys(entry.wxs)) F.wxs[name] = requireWxs(entry.wxs[name]);
    file.render = entry.create(R, F);
    return file;
  }

  return {
    has(path) {
      return path in files;
    },
    render(path, data) {
      const file = link(path);
      if (!file) throw new Error("template " + path + " is not in this package");
      const out = [];
      file.render(data == null ? {} : data, out);
      return out;
    },
  };
}

/** Evaluates bundle text (the output of the compiler's `bundle_view`) into its definition. */
export function loadViewBundle(text) {
  let def = null;
  new Function("defineView", text)((d) => {
    def = d;
  });
  return def;
}
