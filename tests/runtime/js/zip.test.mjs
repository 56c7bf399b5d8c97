import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';

import { readZip } from '../../../src/miniport/runtime/static/common/zip.js';

/** Write a zip of {name: [text, method]} (0 stored, 8 deflate). */
function makeZip(files, declaredSize = null) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, [text, method]] of Object.entries(files)) {
    const data = Buffer.from(text);
    const body = method === 8 ? deflateRawSync(data) : data;
    const nameBuf = Buffer.from(name);
    const size = declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(files).length, 8);
  eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}

test('reads stored and deflated entries', async () => {
  const zip = readZip(makeZip({ 'manifest.json': ['{"format":1}', 0], 'pages/a.js': ['x'.repeat(5000), 8] }));
  assert.deepEqual([...zip.keys()], ['manifest.json', 'pages/a.js']);
  assert.equal(await zip.get('manifest.json').text(), '{"format":1}');
  assert.equal(await zip.get('pages/a.js').text(), 'x'.repeat(5000));
});

test('refuses path traversal and absolute names', () => {
  assert.throws(() => readZip(makeZip({ '../evil.js': ['x', 0] })), (e) => e.code === 'path_traversal');
  assert.throws(() => readZip(makeZip({ '/etc/passwd': ['x', 0] })), (e) => e.code === 'absolute_path');
});

test('stops inflating an entry that grows past its declared size (zip bomb)', async () => {
  const zip = readZip(makeZip({ 'bomb.txt': ['a'.repeat(100000), 8] }, 10));
  await assert.rejects(zip.get('bomb.txt').bytes(), (e) => e.code === 'size_mismatch');
});

test('refuses bytes that are not a zip', () => {
  assert.throws(() => readZip(new Uint8Array(100)), (e) => e.code === 'not_a_zip');
});
