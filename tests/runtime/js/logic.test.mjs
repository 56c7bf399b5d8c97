// The logic layer's component model, run in Node without a worker: definitions and
// behaviors, setData with path keys, observers, property types, batching and callbacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Behavior, normalize } from '../../../src/miniport/runtime/static/service/definition.js';
import { applyData, callLifetime, createInstance } from '../../../src/miniport/runtime/static/service/instance.js';
import { kernel, rendered } from '../../../src/miniport/runtime/static/service/kernel.js';

const sent = [];
kernel.postView = (m) => sent.push(structuredClone(m));
kernel.postHost = (m) => sent.push(m);

let seq = 0;
function make(options, kind = 'component') {
  const def = normalize(options, kind);
  def.is = 'components/x/x';
  const inst = createInstance(def, { id: `t${++seq}`, is: def.is, owner: 'p0', pageId: 'p0' });
  return inst;
}

function mounted(inst) {
  inst.__mp.mounted = true;
  return inst;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('setData changes data at once and sends one batched patch per tick', async () => {
  sent.length = 0;
  const inst = mounted(make({ data: { a: { b: [0, 0, { c: 1 }] }, n: 0 } }));
  inst.setData({ 'a.b[2].c': 9 });
  inst.setData({ n: 1 });
  inst.setData({ n: 2 });
  assert.equal(inst.data.a.b[2].c, 9, 'this.data is updated synchronously');
  assert.equal(sent.length, 0, 'nothing is sent before the tick ends');
  await tick();
  const data = sent.filter((m) => m.t === 'data');
  assert.equal(data.length, 1);
  assert.deepEqual(data[0].batch, [[inst.__mp.id, { 'a.b[2].c': 9, n: 2 }]]);
});

test('setData callbacks run after the view reports the batch rendered', async () => {
  sent.length = 0;
  const inst = mounted(make({ data: { n: 0 } }));
  let called = 0;
  inst.setData({ n: 1 }, () => { called += 1; });
  await tick();
  const msg = sent.find((m) => m.t === 'data');
  assert.equal(called, 0);
  rendered(msg.seq);
  assert.equal(called, 1);
});

test('observers: single fields, several fields, sub-paths and **', () => {
  const seen = [];
  const inst = make({
    data: { a: 1, b: 2, obj: { x: { y: 1 } }, list: [{ v: 1 }] },
    observers: {
      'a, b': (a, b) => seen.push(`a,b=${a},${b}`),
      'obj.x': (x) => seen.push(`obj.x=${JSON.stringify(x)}`),
      'obj.**': (obj) => seen.push(`obj.**=${JSON.stringify(obj)}`),
      'list[0].v': (v) => seen.push(`list0=${v}`),
    },
  });
  inst.setData({ a: 5 });
  assert.deepEqual(seen, ['a,b=5,2']);
  seen.length = 0;
  inst.setData({ 'obj.x.y': 3 });
  assert.deepEqual(seen, ['obj.**={"x":{"y":3}}'], 'a deeper write fires ** but not the exact observer');
  seen.length = 0;
  inst.setData({ obj: { x: 7 } });
  assert.deepEqual(seen, ['obj.x=7', 'obj.**={"x":7}'], 'writing the parent fires both');
  seen.length = 0;
  inst.setData({ 'list[0].v': 2 });
  assert.deepEqual(seen, ['list0=2']);
});

test('properties: types, defaults, conversion from the parent, property observers', () => {
  const changes = [];
  const inst = make({
    properties: {
      title: String,
      count: { type: Number, value: 3 },
      flag: Boolean,
      items: Array,
      any: null,
      watched: { type: Number, observer(n, o) { changes.push([n, o]); } },
    },
  });
  assert.deepEqual({ ...inst.data }, { title: '', count: 3, flag: false, items: [], any: null, watched: 0 });
  applyData(inst, { title: 42, count: '7', flag: 'yes', watched: 5, unknown: 1 }, null, true);
  assert.equal(inst.data.title, '42');
  assert.equal(inst.data.count, 7);
  assert.equal(inst.data.flag, true);
  assert.equal('unknown' in inst.data, false, 'only declared properties are taken from the parent');
  assert.deepEqual(changes, [[5, 0]]);
  applyData(inst, { watched: 5 }, null, true);
  assert.deepEqual(changes, [[5, 0]], 'an unchanged value does not fire the observer');
});

test('behaviors merge data, methods and lifetimes in order; the component wins', () => {
  const order = [];
  const base = Behavior({
    data: { from: 'base', shared: 1 },
    methods: { hello() { return 'base'; }, only() { return 'only-base'; } },
    lifetimes: { created() { order.push('base created'); } },
  });
  const mid = Behavior({ behaviors: [base], attached() { order.push('mid attached'); } });
  const inst = make({
    behaviors: [mid],
    data: { from: 'own' },
    methods: { hello() { return 'own'; } },
    lifetimes: { created() { order.push('own created'); } },
  });
  assert.equal(inst.data.from, 'own');
  assert.equal(inst.data.shared, 1);
  assert.equal(inst.hello(), 'own');
  assert.equal(inst.only(), 'only-base');
  callLifetime(inst, 'created');
  callLifetime(inst, 'attached');
  assert.deepEqual(order, ['base created', 'own created', 'mid attached']);
});

test('Page() keeps functions as methods and other fields per instance', () => {
  const def = normalize({ data: { a: 1 }, shared: { list: [] }, onLoad() {}, tap() { return this.shared; } }, 'page');
  const p1 = createInstance(def, { id: 'pp1', is: 'pages/a/a' });
  const p2 = createInstance(def, { id: 'pp2', is: 'pages/a/a' });
  p1.shared.list.push(1);
  assert.deepEqual(p2.shared.list, [], 'fields are copied per page instance');
  assert.equal(typeof p1.onLoad, 'function');
});

test('an exception in an observer is reported, not thrown into setData', () => {
  sent.length = 0;
  const inst = make({ data: { a: 0 }, observers: { a() { throw new Error('observer broke'); } } });
  inst.setData({ a: 1 });
  assert.equal(inst.data.a, 1);
  const err = sent.find((m) => m.t === 'error');
  assert.match(err.message, /observer broke/);
});
