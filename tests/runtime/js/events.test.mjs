import assert from 'node:assert/strict';
import { test } from 'node:test';

import { datasetOf, dispatch, eventPath, planDispatch } from '../../../src/miniport/runtime/static/render/events.js';
import { FakeDocument } from './fake-dom.mjs';

const doc = new FakeDocument();

/** An element as the view layer makes it: __v (VNode) and __o (owner instance id). */
function el(tag, { events = [], attrs = {}, owner = 'p1' } = {}) {
  const node = doc.createElement(`wx-${tag}`);
  node.__v = { tag, attrs, events: events.map((e) => ({ capture: false, catch: false, mut: false, ...e })), children: [] };
  node.__o = owner;
  if (attrs.id) node.id = attrs.id;
  return node;
}

function pageRoot() {
  const host = doc.createElement('div');
  const root = host.attachShadow();
  root.__pageRoot = true;
  return root;
}

function handlers(calls) {
  return calls.map((c) => c.handler);
}

test('bind bubbles from the target outwards; catch stops at its node', () => {
  const root = pageRoot();
  const outer = el('view', { events: [{ name: 'tap', handler: 'outer' }] });
  const middle = el('view', { events: [{ name: 'tap', handler: 'middle', catch: true }] });
  const inner = el('view', { events: [{ name: 'tap', handler: 'inner' }] });
  root.appendChild(outer);
  outer.appendChild(middle);
  middle.appendChild(inner);
  assert.deepEqual(handlers(planDispatch(eventPath(inner, true), 'tap')), ['inner', 'middle']);
  assert.deepEqual(handlers(planDispatch(eventPath(outer, true), 'tap')), ['outer']);
});

test('capture handlers run first, outermost first; capture-catch stops everything', () => {
  const root = pageRoot();
  const outer = el('view', { events: [{ name: 'tap', handler: 'outerCapture', capture: true }, { name: 'tap', handler: 'outerBubble' }] });
  const inner = el('view', { events: [{ name: 'tap', handler: 'innerCapture', capture: true }, { name: 'tap', handler: 'innerBubble' }] });
  root.appendChild(outer);
  outer.appendChild(inner);
  assert.deepEqual(handlers(planDispatch(eventPath(inner, true), 'tap')), ['outerCapture', 'innerCapture', 'innerBubble', 'outerBubble']);
  outer.__v.events[0].catch = true;
  assert.deepEqual(handlers(planDispatch(eventPath(inner, true), 'tap')), ['outerCapture']);
});

test('mut-bind: only the first mut handler on the path runs, bind ones still do', () => {
  const root = pageRoot();
  const a = el('view', { events: [{ name: 'tap', handler: 'aMut', mut: true }] });
  const b = el('view', { events: [{ name: 'tap', handler: 'bBind' }] });
  const c = el('view', { events: [{ name: 'tap', handler: 'cMut', mut: true }] });
  root.appendChild(a);
  a.appendChild(b);
  b.appendChild(c);
  assert.deepEqual(handlers(planDispatch(eventPath(c, true), 'tap')), ['cMut', 'bBind']);
});

test('non-bubbling events reach only the target', () => {
  const root = pageRoot();
  const outer = el('view', { events: [{ name: 'change', handler: 'outer' }] });
  const inner = el('view', { events: [{ name: 'change', handler: 'inner' }] });
  root.appendChild(outer);
  outer.appendChild(inner);
  assert.deepEqual(handlers(planDispatch(eventPath(inner, false), 'change', { bubbles: false, capture: false })), ['inner']);
});

test('component events stop at the shadow boundary unless composed', () => {
  const root = pageRoot();
  const pageView = el('view', { events: [{ name: 'pick', handler: 'onPagePick' }] });
  const host = el('my-list', { events: [{ name: 'pick', handler: 'onHostPick' }] });
  root.appendChild(pageView);
  pageView.appendChild(host);
  const shadow = host.attachShadow();
  const inside = el('view', { owner: 'c1', events: [{ name: 'pick', handler: 'onInside' }] });
  shadow.appendChild(inside);
  // from inside the component's template, bubbling but not composed: stays inside
  assert.deepEqual(handlers(planDispatch(eventPath(inside, false), 'pick')), ['onInside']);
  // composed: crosses to the host and on into the page
  assert.deepEqual(handlers(planDispatch(eventPath(inside, true), 'pick')), ['onInside', 'onHostPick', 'onPagePick']);
  // triggerEvent from the host itself, bubbling: the page sees it, never the inside
  assert.deepEqual(handlers(planDispatch(eventPath(host, false), 'pick')), ['onHostPick', 'onPagePick']);
});

test('handlers get WeChat event objects: currentTarget, retargeted target, dataset', () => {
  const root = pageRoot();
  const host = el('my-card', { attrs: { id: 'card', 'data-item-id': 7 }, events: [{ name: 'tap', handler: 'onCard' }] });
  root.appendChild(host);
  const shadow = host.attachShadow();
  const button = el('button', { owner: 'c9', attrs: { id: 'inner', 'data-kind': 'x' }, events: [{ name: 'tap', handler: 'onInner' }] });
  shadow.appendChild(button);
  const sent = [];
  dispatch(button, { type: 'tap', detail: { x: 1, y: 2 }, timeStamp: 5, bubbles: true, composed: true, capture: true }, (m) => sent.push(m));
  assert.equal(sent.length, 2);
  assert.equal(sent[0].owner, 'c9');
  assert.equal(sent[0].handler, 'onInner');
  assert.equal(sent[0].event.target.id, 'inner');
  assert.deepEqual(sent[0].event.currentTarget.dataset, { kind: 'x' });
  assert.equal(sent[1].owner, 'p1');
  assert.equal(sent[1].event.currentTarget.id, 'card');
  assert.deepEqual(sent[1].event.currentTarget.dataset, { itemId: 7 });
  assert.equal(sent[1].event.target.id, 'card', 'the page sees the host as target, not the component\'s inside');
  assert.deepEqual(sent[1].event.detail, { x: 1, y: 2 });
  assert.equal(sent[1].event.type, 'tap');
});

test('dataset keeps value types and camel-cases names', () => {
  const node = el('view', { attrs: { 'data-user-name': 'ada', 'data-n': 3, 'data-obj': { a: 1 } } });
  assert.deepEqual(datasetOf(node), { userName: 'ada', n: 3, obj: { a: 1 } });
});
