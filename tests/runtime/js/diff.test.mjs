import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createNode, patchChildren, stableMask, styleText } from '../../../src/miniport/runtime/static/render/diff.js';
import { FakeDocument, plainScope } from './fake-dom.mjs';

function row(id, text, extra = {}) {
  return { tag: 'view', key: id, attrs: { class: 'row', 'data-id': id, ...extra }, children: [text] };
}

function list(n, label = (i) => `row ${i}`) {
  return Array.from({ length: n }, (_, i) => row(i, label(i)));
}

function mount(vnodes) {
  const doc = new FakeDocument();
  const root = doc.createElement('root');
  doc.created = 0;
  const scope = plainScope(doc);
  const kids = patchChildren(root, [], vnodes, scope);
  return { doc, root, scope, kids };
}

const texts = (root) => root.childNodes.map((n) => n.textContent);

test('first render builds the DOM for every VNode', () => {
  const { root, doc } = mount([{ tag: 'view', attrs: { id: 'a', class: 'x' }, children: ['hi', { tag: 'text', attrs: {}, children: ['!'] }] }]);
  const view = root.childNodes[0];
  assert.equal(view.localName, 'wx-view');
  assert.equal(view.id, 'a');
  assert.equal(view.className, 'x');
  assert.equal(view.textContent, 'hi!');
  assert.equal(view.childNodes[1].localName, 'wx-text');
  assert.equal(doc.created, 4);
});

test('updating one row of 1,000 writes only that row', () => {
  const m = mount(list(1000));
  const before = [...m.root.childNodes];
  m.doc.writes = 0;
  m.doc.created = 0;
  const next = list(1000, (i) => (i === 500 ? 'changed' : `row ${i}`));
  m.kids = patchChildren(m.root, m.kids, next, m.scope);
  assert.equal(m.doc.created, 0, 'no node created');
  assert.equal(m.doc.writes, 1, 'one text write');
  assert.equal(m.root.childNodes[500].textContent, 'changed');
  assert.ok(before.every((n, i) => m.root.childNodes[i] === n), 'every row is the same node');
});

test('inserting at the front creates one row and moves none', () => {
  const m = mount(list(100));
  const before = [...m.root.childNodes];
  m.doc.writes = 0;
  const next = [row('new', 'fresh'), ...list(100)];
  m.kids = patchChildren(m.root, m.kids, next, m.scope);
  assert.equal(m.root.childNodes[0].textContent, 'fresh');
  assert.ok(before.every((n, i) => m.root.childNodes[i + 1] === n));
  // one insertion; the new row's own subtree is built before it is inserted
  assert.ok(m.doc.writes <= 6, `writes: ${m.doc.writes}`);
});

test('removing, swapping and reversing keyed rows keeps each row\'s node', () => {
  const m = mount(list(6));
  const byKey = new Map(m.root.childNodes.map((n) => [n.__v.key, n]));
  const order = [5, 1, 3, 2, 0];
  m.kids = patchChildren(m.root, m.kids, order.map((i) => row(i, `row ${i}`)), m.scope);
  assert.deepEqual(texts(m.root), order.map((i) => `row ${i}`));
  order.forEach((k, i) => assert.equal(m.root.childNodes[i], byKey.get(k)));
});

test('moving the last row to the front moves a single node', () => {
  const m = mount(list(50));
  m.doc.writes = 0;
  const next = [row(49, 'row 49'), ...list(49)];
  m.kids = patchChildren(m.root, m.kids, next, m.scope);
  assert.equal(m.doc.writes, 1);
  assert.deepEqual(texts(m.root).slice(0, 3), ['row 49', 'row 0', 'row 1']);
});

test('unkeyed siblings of another tag are replaced, not patched', () => {
  const m = mount([{ tag: 'view', attrs: {}, children: ['a'] }, 'tail']);
  const next = [{ tag: 'text', attrs: {}, children: ['b'] }, 'tail'];
  m.kids = patchChildren(m.root, m.kids, next, m.scope);
  assert.equal(m.root.childNodes[0].localName, 'wx-text');
  assert.deepEqual(texts(m.root), ['b', 'tail']);
});

test('attributes: changed ones written, removed ones cleared, hidden and style handled', () => {
  const m = mount([{ tag: 'view', attrs: { class: 'a', title: 't', hidden: false, style: 'width: 10rpx' }, children: [] }]);
  const el = m.root.childNodes[0];
  assert.equal(el.style.cssText, 'width: calc(10 * var(--mp-rpx))');
  assert.equal(el.getAttribute('title'), 't');
  m.kids = patchChildren(m.root, m.kids, [{ tag: 'view', attrs: { class: 'b', hidden: true }, children: [] }], m.scope);
  assert.equal(el.className, 'b');
  assert.equal(el.hidden, true);
  assert.equal(el.getAttribute('title'), null);
  assert.equal(el.style.cssText, '');
});

test('external classes are mapped to the parent\'s class names', () => {
  const doc = new FakeDocument();
  const scope = { ...plainScope(doc), classMap: new Map([['custom-class', 'red big']]) };
  const el = createNode({ tag: 'view', attrs: { class: 'base custom-class' }, children: [] }, scope);
  assert.equal(el.className, 'base red big');
});

test('stableMask keeps the longest run that stayed in order', () => {
  assert.deepEqual([...stableMask([0, 1, 2])], [1, 1, 1]);
  assert.deepEqual([...stableMask([2, 0, 1])], [0, 1, 1]);
  assert.deepEqual([...stableMask([-1, 0, -1, 1])], [0, 1, 0, 1]);
});

test('styleText turns objects and rpx into CSS', () => {
  assert.equal(styleText({ color: 'red' }), 'color:red');
  assert.equal(styleText('margin: -4rpx 1.5rpx'), 'margin: calc(-4 * var(--mp-rpx)) calc(1.5 * var(--mp-rpx))');
  assert.equal(styleText(undefined), '');
});
