// Unit tests of the helpers compiled WXML calls (src/miniport/runtime/static/common/wxml-runtime.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  m, w, own, call, apply, arr, s, seq, key, copy, scope, getRegExp, getDate,
  wxsTypeName, installWxsConstructor, WXS_CTOR, createView, loadViewBundle,
} from "../../../src/miniport/runtime/static/common/wxml-runtime.js";

test("member lookup never throws on missing values", () => {
  assert.equal(m(undefined, "a"), undefined);
  assert.equal(m(null, "a"), undefined);
  assert.equal(m({ a: 1 }, "a"), 1);
  assert.equal(m([5, 6], 1), 6);
  assert.equal(m("abc", "length"), 3);
});

test("data paths hide functions and prototype keys; WXS paths keep functions", () => {
  const fn = () => 1;
  assert.equal(m([1], "push"), undefined);
  assert.equal(m(5, "constructor"), undefined);
  assert.equal(m({ prototype: 1, caller: 2, null: 3 }, "prototype"), undefined);
  assert.equal(m({ caller: 2 }, "caller"), undefined);
  assert.equal(m({ null: 3 }, null), undefined);
  assert.equal(m({ f: fn }, "f"), undefined);
  assert.equal(w({ f: fn }, "f"), fn);
  assert.equal(w({ __proto__: { x: 1 } }, "__proto__"), undefined);
  assert.equal(own({}, "constructor"), undefined);
  assert.equal(own({ constructor: "mine" }, "constructor"), "mine");
  assert.equal(own(scope({ toString: "page" }, { item: 1 }), "toString"), "page");
});

test("WXS results are snapshots, and a returned function becomes null", () => {
  const shared = { n: 0 };
  const mod = { next() { shared.n++; return shared; }, fn() { return () => 1; } };
  const first = call(mod, "next", []);
  call(mod, "next", []);
  assert.deepEqual(first, { n: 1 });
  assert.equal(call(mod, "fn", []), null);
});

test("text conversion: undefined is empty, null and objects print like JavaScript", () => {
  assert.equal(s(undefined), "");
  assert.equal(s(null), "null");
  assert.equal(s(0), "0");
  assert.equal(s(false), "false");
  assert.equal(s([1, 2]), "1,2");
  assert.equal(s({}), "[object Object]");
});

test("wx:for iterates arrays, objects, strings and numbers like WeChat", () => {
  assert.deepEqual(seq(["a", "b"]), ["a", 0, "b", 1]);
  assert.deepEqual(seq({ x: 1, y: 2 }), [1, "x", 2, "y"]);
  assert.deepEqual(seq("hi"), ["h", 0, "i", 1]);
  assert.deepEqual(seq(3), [0, 0, 1, 1, 2, 2]);
  assert.deepEqual(seq(0), []);
  assert.deepEqual(seq(null), []);
  assert.deepEqual(seq(undefined), []);
  assert.deepEqual(seq(true), []);
});

test("keys: one node gets the key, several nodes of one iteration get key#i", () => {
  const single = [{ tag: "before" }, { tag: "a" }];
  key(single, 1, 7);
  assert.equal(single[1].key, 7);
  assert.equal(single[0].key, undefined, "nodes before the iteration are untouched");
  const several = [{ tag: "b" }, "text", { tag: "c" }];
  key(several, 0, "k");
  assert.equal(several[0].key, "k#0");
  assert.equal(several[1], "text");
  assert.equal(several[2].key, "k#2");
});

test("WXS calls get deep copies and fail soft", (t) => {
  const data = { list: [1, 2] };
  const mod = { push(list) { list.push(3); return list.length; }, boom() { throw new Error("x"); } };
  assert.equal(call(mod, "push", [data.list]), 3);
  assert.deepEqual(data.list, [1, 2], "page data must not change");
  const errors = [];
  t.mock.method(console, "error", (...args) => errors.push(args));
  assert.equal(call(mod, "boom", []), undefined);
  assert.equal(errors.length, 1);
  assert.equal(call(mod, "missing", []), undefined);
  assert.equal(call(undefined, "push", []), undefined);
  assert.equal(apply((a, b) => a + b, [1, 2]), 3);
  assert.equal(apply("nope", []), undefined);
});

test("copy keeps class instances and copies plain data", () => {
  const date = new Date(0);
  const original = { a: [{ b: 1 }], date };
  const c = copy(original);
  assert.deepEqual(c, original);
  assert.notEqual(c.a, original.a);
  assert.equal(c.date, date);
});

test("array spread helper tolerates non-iterables", () => {
  assert.deepEqual([...arr(null)], []);
  assert.deepEqual([...arr(5)], []);
  assert.deepEqual([...arr([1, 2])], [1, 2]);
  assert.deepEqual([...arr("ab")], ["a", "b"]);
});

test("include scope shows loop variables over the page data", () => {
  const inner = scope({ a: 1, item: "page" }, { item: "loop" });
  assert.equal(inner.a, 1);
  assert.equal(inner.item, "loop");
});

test("getRegExp, getDate and the WXS constructor names", () => {
  assert.ok(getRegExp("a+", "g").test("caab"));
  assert.equal(getDate(0).getTime(), 0);
  assert.equal(getDate(2020, 0, 2).getDate(), 2);
  installWxsConstructor();
  assert.equal(({})[WXS_CTOR], "Object");
  assert.equal([][WXS_CTOR], "Array");
  assert.equal((1)[WXS_CTOR], "Number");
  assert.equal("x"[WXS_CTOR], "String");
  assert.equal(true[WXS_CTOR], "Boolean");
  assert.equal((() => 1)[WXS_CTOR], "Function");
  assert.equal(getDate()[WXS_CTOR], "Date");
  assert.equal(getRegExp("a")[WXS_CTOR], "RegExp");
  assert.equal(wxsTypeName(null), "Object");
  assert.ok(!Object.keys({}).includes(WXS_CTOR), "the symbol is invisible to enumeration");
  for (const k in {}) assert.fail("nothing enumerable may be added: " + k);
});

// A tiny hand-written bundle in the format the compiler emits (docs/wxml.md).
const BUNDLE = `defineView({format: 1, templates: {
"a.wxml": {imports: ["lib.wxml"], includes: ["inc.wxml"], wxs: {"u": "u.wxs"}, templates: ["own"],
  create: function (R, F) {
    var W = F.wxs;
    F.def("own", function (d, o) { o.push("own:" + d.v); });
    return function (d, o) {
      R.tpl(F, "own", {v: 1}, o);
      R.tpl(F, "fromLib", {}, o);
      R.tpl(F, "deep", {}, o);
      R.tpl(F, "fromIncImport", {}, o);
      R.tpl(F, "incOwn", {}, o);
      o.push(R.call(W.u, "twice", [d.n]));
      F.include("inc.wxml", d, o);
    };
  }},
"lib.wxml": {imports: ["deep.wxml"], includes: [], wxs: {}, templates: ["fromLib"],
  create: function (R, F) { F.def("fromLib", function (d, o) { o.push("lib"); }); return function () {}; }},
"deep.wxml": {imports: [], includes: [], wxs: {}, templates: ["deep"],
  create: function (R, F) { F.def("deep", function (d, o) { o.push("deep"); }); return function () {}; }},
"inc.wxml": {imports: ["incimp.wxml"], includes: ["inc.wxml"], wxs: {}, templates: ["incOwn"],
  create: function (R, F) {
    F.def("incOwn", function (d, o) { o.push("incOwn"); });
    return function (d, o) { o.push("inc"); F.include("inc.wxml", d, o); };
  }},
"incimp.wxml": {imports: [], includes: [], wxs: {}, templates: ["fromIncImport"],
  create: function (R, F) { F.def("fromIncImport", function (d, o) { o.push("incimp"); }); return function () {}; }}
}, wxs: {
"u.wxs": function (require, module, exports) { var h = require("h.wxs"); module.exports.twice = function (n) { return h.x + n * 2; }; },
"h.wxs": function (require, module, exports) { exports.x = "n="; }
}});`;

test("createView links templates, imports (not transitive), includes and WXS", () => {
  const view = createView(loadViewBundle(BUNDLE));
  assert.ok(view.has("a.wxml"));
  assert.ok(!view.has("zzz.wxml"));
  // own template; imported template; deep.wxml is imported by lib only → not visible;
  // templates imported by an included file are visible, the included file's own are not;
  // a file including itself stops after one level
  assert.deepEqual(view.render("a.wxml", { n: 2 }), ["own:1", "lib", "incimp", "n=4", "inc"]);
  assert.throws(() => view.render("missing.wxml", {}), /not in this package/);
});

test("createView refuses bundles of another format", () => {
  assert.throws(() => createView({ format: 99 }), /format/);
});

test("createView merges the main package with subpackages by root path", () => {
  const main = loadViewBundle(`defineView({format: 1, templates: {
    "lib.wxml": {imports: [], includes: [], wxs: {}, templates: ["t"],
      create: function (R, F) { F.def("t", function (d, o) { o.push("main tpl " + d.x); }); return function () {}; }}
  }, wxs: {"u.wxs": function (require, module) { module.exports = {hi: function () { return "hi"; }}; }}});`);
  const sub = loadViewBundle(`defineView({format: 1, templates: {
    "sub/page.wxml": {imports: ["lib.wxml"], includes: [], wxs: {"u": "u.wxs"}, templates: [],
      create: function (R, F) { var W = F.wxs; return function (d, o) { R.tpl(F, "t", {x: 1}, o); o.push(R.call(W.u, "hi", [])); }; }}
  }, wxs: {}});`);
  const view = createView(main, sub);
  assert.ok(view.has("lib.wxml") && view.has("sub/page.wxml"));
  assert.deepEqual(view.render("sub/page.wxml", {}), ["main tpl 1", "hi"]);
});

test("a template called while it is being rendered renders nothing, as in WeChat", (t) => {
  const warnings = [];
  t.mock.method(console, "warn", (...args) => warnings.push(args.join(" ")));
  const view = createView(loadViewBundle(`defineView({format: 1, templates: {
    "t.wxml": {imports: [], includes: [], wxs: {}, templates: ["node"],
      create: function (R, F) {
        F.def("node", function (d, o) {
          var c = []; o.push({tag: "view", attrs: {}, children: c}); c.push(d.label);
          for (var i = 0; i < d.children.length; i++) R.tpl(F, "node", d.children[i], c);
        });
        return function (d, o) { R.tpl(F, "node", d, o); R.tpl(F, "node", {label: "again", children: []}, o); };
      }}
  }, wxs: {}});`));
  const out = view.render("t.wxml", { label: "root", children: [{ label: "child", children: [] }] });
  assert.deepEqual(out.map((n) => n.children), [["root"], ["again"]]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /node.*recursively/);
});
