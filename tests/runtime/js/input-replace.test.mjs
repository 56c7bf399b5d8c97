// The protocol behind "a bindinput handler's return value replaces the field's text":
// the view asks only the field's own handlers for their result, and the logic layer
// answers only when there is a result, so handlers returning nothing cost no message.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dispatch } from '../../../src/miniport/runtime/static/render/events.js';
import { normalize } from '../../../src/miniport/runtime/static/service/definition.js';
import { createInstance } from '../../../src/miniport/runtime/static/service/instance.js';
import { kernel } from '../../../src/miniport/runtime/static/service/kernel.js';
import { dispatchEvent } from '../../../src/miniport/runtime/static/service/tree.js';
import { FakeDocument } from './fake-dom.mjs';

const doc = new FakeDocument();

function el(tag, events, owner = 'p1') {
  const node = doc.createElement(`wx-${tag}`);
  node.__v = { tag, attrs: {}, events: events.map((e) => ({ capture: false, catch: false, mut: false, ...e })), children: [] };
  node.__o = owner;
  return node;
}

test('only handlers bound on the field itself carry the reply ref', () => {
  const host = doc.createElement('div');
  const root = host.attachShadow();
  root.__pageRoot = true;
  const form = el('view', [{ name: 'input', handler: 'onAnyInput' }]);
  const input = el('input', [{ name: 'input', handler: 'onPhone' }]);
  root.appendChild(form);
  form.appendChild(input);
  const sent = [];
  const info = { type: 'input', detail: { value: '1a' }, timeStamp: 0, bubbles: true, composed: true, capture: false };
  dispatch(input, info, (m) => sent.push(m), { node: input, ref: 7 });
  assert.deepEqual(sent.map((m) => [m.handler, m.ref]), [['onPhone', 7], ['onAnyInput', undefined]]);
  sent.length = 0;
  dispatch(input, info, (m) => sent.push(m));
  assert.ok(sent.every((m) => !('ref' in m)), 'no ref unless the view asks for the result');
});

let n = 0;
function page(methods) {
  const def = normalize(methods, 'page');
  def.is = 'pages/index/index';
  return createInstance(def, { id: `ir${++n}`, is: def.is, owner: null, pageId: `ir${n}` });
}

function call(inst, handler, ref, value = '13a8') {
  const sent = [];
  kernel.postView = (m) => sent.push(structuredClone(m));
  kernel.postHost = () => {};
  dispatchEvent({ t: 'event', owner: inst.__mp.id, handler, ref, event: { type: 'input', detail: { value, cursor: value.length } } });
  return sent.filter((m) => m.t === 'input:replace');
}

test('a returned string or {value, cursor} is sent back for the field', () => {
  const inst = page({
    digits: (e) => e.detail.value.replace(/\D/g, ''),
    upper: (e) => ({ value: e.detail.value.toUpperCase(), cursor: 1 }),
    number: () => 42,
  });
  assert.deepEqual(call(inst, 'digits', 3), [{ t: 'input:replace', ref: 3, value: '138' }]);
  assert.deepEqual(call(inst, 'upper', 4), [{ t: 'input:replace', ref: 4, value: '13A8', cursor: 1 }]);
  assert.deepEqual(call(inst, 'number', 5), [{ t: 'input:replace', ref: 5, value: '42' }]);
});

test('handlers returning nothing, a promise or throwing send no reply; nor does a call without ref', () => {
  const inst = page({
    nothing() {},
    async later() { return 'x'; },
    broken() { throw new Error('boom'); },
    digits: (e) => e.detail.value.replace(/\D/g, ''),
  });
  assert.deepEqual(call(inst, 'nothing', 1), []);
  assert.deepEqual(call(inst, 'later', 2), []);
  assert.deepEqual(call(inst, 'broken', 3), []);
  assert.deepEqual(call(inst, 'digits', undefined), [], 'a bubbling ancestor handler is not asked');
});
