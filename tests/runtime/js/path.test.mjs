import assert from 'node:assert/strict';
import { test } from 'node:test';

import { applyPatch, applyPatchCopying, getPath, parsePath } from '../../../src/miniport/runtime/static/common/path.js';

test('setData keys split into fields and indexes', () => {
  assert.deepEqual(parsePath('a.b[2].c'), ['a', 'b', 2, 'c']);
  assert.deepEqual(parsePath('list[0]'), ['list', 0]);
  assert.deepEqual(parsePath('matrix[1][2]'), ['matrix', 1, 2]);
  assert.deepEqual(parsePath('plain'), ['plain']);
  assert.deepEqual(parsePath('a\\.b.c'), ['a.b', 'c']);
});

test('a malformed index is an error naming the path and column', () => {
  assert.throws(() => parsePath('list[x]'), /bad path "list\[x\]" at column 5/);
  assert.throws(() => parsePath(''), /empty path/);
});

test('applyPatch creates the objects and arrays on the way, like setData', () => {
  const data = { a: { b: [1, 2, { c: 0 }] } };
  applyPatch(data, { 'a.b[2].c': 5, 'x.y': 1, 'arr[1]': 'z' });
  assert.equal(getPath(data, ['a', 'b', 2, 'c']), 5);
  assert.deepEqual(data.x, { y: 1 });
  assert.ok(Array.isArray(data.arr));
  assert.equal(data.arr[1], 'z');
});

test('applyPatchCopying gives changed containers new identities and keeps the rest', () => {
  const rowA = { name: 'a' };
  const rowB = { name: 'b' };
  const list = [rowA, rowB];
  const data = { list, other: { keep: true } };
  const other = data.other;
  applyPatchCopying(data, { 'list[1].name': 'B' });
  assert.notEqual(data.list, list, 'the list changed, so it is a new array');
  assert.equal(data.list[0], rowA, 'an untouched row keeps its identity');
  assert.notEqual(data.list[1], rowB);
  assert.equal(data.list[1].name, 'B');
  assert.equal(rowB.name, 'b', 'the old row is not mutated');
  assert.equal(data.other, other);
});
