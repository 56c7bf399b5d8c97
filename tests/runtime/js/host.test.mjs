// Host-side policy and storage, and the worker's storage mirror: what keeps one
// mini-program's network and storage inside its own bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkUrl } from '../../../src/miniport/runtime/static/container/policy.js';
import { HostStorage, QUOTA_BYTES } from '../../../src/miniport/runtime/static/container/storage.js';
import * as mirror from '../../../src/miniport/runtime/static/service/storage.js';

class MemoryStorage {
  constructor() { this.map = new Map(); }
  get length() { return this.map.size; }
  key(i) { return [...this.map.keys()][i] ?? null; }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

test('request URLs must be https and on the allow-list', () => {
  const policy = { requestDomains: ['https://api.example.com', 'cdn.example.com'] };
  assert.equal(checkUrl(policy, 'request', 'request', 'https://api.example.com/v1?q=1').host, 'api.example.com');
  assert.ok(checkUrl(policy, 'request', 'request', 'https://cdn.example.com/x'));
  assert.throws(() => checkUrl(policy, 'request', 'request', 'https://evil.example.com/'), /request:fail url not in domain list: https:\/\/evil.example.com/);
  assert.throws(() => checkUrl(policy, 'request', 'request', 'http://api.example.com/'), /must use https/);
  assert.throws(() => checkUrl(policy, 'request', 'request', 'https://api.example.com.evil.io/'), /not in domain list/);
  assert.throws(() => checkUrl(policy, 'request', 'request', 'not a url'), /invalid url/);
  assert.ok(checkUrl({ requestDomains: ['*'], allowHttp: true }, 'request', 'request', 'http://localhost:1/'));
});

test('upload and download domains fall back to request domains', () => {
  const policy = { requestDomains: ['a.example.com'], downloadDomains: ['files.example.com'] };
  assert.ok(checkUrl(policy, 'upload', 'uploadFile', 'https://a.example.com/up'));
  assert.ok(checkUrl(policy, 'download', 'downloadFile', 'https://files.example.com/f'));
  assert.throws(() => checkUrl(policy, 'download', 'downloadFile', 'https://a.example.com/f'), /downloadFile:fail/);
});

test('host storage is namespaced per host, mini-program and user', () => {
  const backend = new MemoryStorage();
  backend.setItem('host-secret', 'x');
  const a = new HostStorage({ hostId: 'bank', appid: 'wxA', userId: 'u1', backend });
  const b = new HostStorage({ hostId: 'bank', appid: 'wxB', userId: 'u1', backend });
  const a2 = new HostStorage({ hostId: 'bank', appid: 'wxA', userId: 'u2', backend });
  a.apply({ op: 'set', key: 'token', value: '"a-secret"' });
  assert.deepEqual(a.entries(), { token: '"a-secret"' });
  assert.deepEqual(b.entries(), {});
  assert.deepEqual(a2.entries(), {});
  a.apply({ op: 'clear' });
  assert.deepEqual(a.entries(), {});
  assert.equal(backend.getItem('host-secret'), 'x', 'clearing one namespace leaves the host alone');
});

test('host storage refuses writes over the 10 MB quota', () => {
  const s = new HostStorage({ appid: 'wxA', backend: new MemoryStorage() });
  const big = JSON.stringify('x'.repeat(QUOTA_BYTES / 2 / 2));
  assert.equal(s.apply({ op: 'set', key: 'one', value: big }), true);
  assert.equal(s.apply({ op: 'set', key: 'two', value: big }), false);
});

test('the worker mirror answers synchronously, writes through, and enforces the quota', () => {
  const writes = [];
  mirror.seedStorage({ seeded: '{"n":1}' }, (op) => writes.push(op));
  assert.deepEqual(mirror.getItem('getStorageSync', 'seeded'), { n: 1 });
  mirror.setItem('setStorageSync', 'list', [1, 2]);
  assert.deepEqual(mirror.getItem('getStorageSync', 'list'), [1, 2]);
  assert.deepEqual(writes, [{ op: 'set', key: 'list', value: '[1,2]' }]);
  assert.deepEqual(mirror.storageInfo().keys, ['seeded', 'list']);
  assert.throws(() => mirror.setItem('setStorageSync', 'huge', 'x'.repeat(mirror.QUOTA_BYTES / 2)), /setStorageSync:fail exceed storage max size 10MB/);
  assert.equal(mirror.getItem('getStorageSync', 'huge'), undefined, 'a refused write changes nothing');
  assert.throws(() => mirror.setItem('setStorageSync', '', 1), /key should be a non-empty String/);
  mirror.removeItem('removeStorageSync', 'list');
  assert.equal(mirror.getItem('getStorageSync', 'list'), undefined);
});
