/**
 * A small zip reader for .mpk packages in the browser (and Node ≥ 18): stored and
 * deflate entries, inflated with DecompressionStream('deflate-raw'). It reads the
 * central directory, refuses unsafe names and sizes over the limits, and checks each
 * entry's declared size after inflating. Integrity beyond that (sha256 of every file
 * against the manifest) is checked by the caller, see container/package.js.
 */

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export const DEFAULT_LIMITS = Object.freeze({ maxEntries: 20000, maxFileBytes: 32 * 1024 * 1024, maxTotalBytes: 128 * 1024 * 1024 });

export class ZipError extends Error {
  constructor(code, message, entry = null) {
    super(entry ? `${message} (entry "${entry}")` : message);
    this.code = code;
    this.entry = entry;
  }
}

function findEocd(view) {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= min; i--) if (view.getUint32(i, true) === EOCD) return i;
  throw new ZipError('not_a_zip', 'the package is not a zip file (no end-of-central-directory record); download it again');
}

function checkName(name) {
  if (!name || name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) throw new ZipError('absolute_path', 'absolute path in package', name);
  if (name.split('/').some((p) => p === '..')) throw new ZipError('path_traversal', 'path traversal in package', name);
  if (name.includes('\\') || /[\u0000-\u001f]/.test(name)) throw new ZipError('invalid_path', 'invalid file name in package', name);
}

/**
 * Read the directory of a zip. Returns Map(name → entry) where entry.bytes() and
 * entry.text() inflate on demand.
 * @param {ArrayBuffer|Uint8Array} data
 */
export function readZip(data, limits = DEFAULT_LIMITS) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(view);
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count > limits.maxEntries) throw new ZipError('too_many_entries', `the package has ${count} entries, more than ${limits.maxEntries}`);
  const decoder = new TextDecoder();
  const entries = new Map();
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== CENTRAL) throw new ZipError('corrupt_entry', 'the zip central directory is damaged; download the package again');
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const csize = view.getUint32(offset + 20, true);
    const usize = view.getUint32(offset + 24, true);
    const nameLen = view.getUint16(offset + 28, true);
    const extraLen = view.getUint16(offset + 30, true);
    const commentLen = view.getUint16(offset + 32, true);
    const local = view.getUint32(offset + 42, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLen));
    offset += 46 + nameLen + extraLen + commentLen;
    checkName(name);
    if (name.endsWith('/')) continue;
    if (flags & 1) throw new ZipError('encrypted_entry', 'encrypted entries are not supported', name);
    if (method !== 0 && method !== 8) throw new ZipError('unsupported_compression', `compression method ${method} is not supported`, name);
    if (usize > limits.maxFileBytes) throw new ZipError('file_too_large', `entry is ${usize} bytes, more than ${limits.maxFileBytes}`, name);
    total += usize;
    if (total > limits.maxTotalBytes) throw new ZipError('total_too_large', `the package expands to more than ${limits.maxTotalBytes} bytes`);
    if (entries.has(name)) throw new ZipError('duplicate_entry', 'duplicate entry', name);
    if (view.getUint32(local, true) !== LOCAL) throw new ZipError('corrupt_entry', 'local header is damaged', name);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + csize);
    entries.set(name, makeEntry(name, method, raw, usize));
  }
  return entries;
}

function makeEntry(name, method, raw, size) {
  let cached = null;
  const entry = {
    name,
    size,
    async bytes() {
      if (!cached) cached = inflate(name, method, raw, size);
      return cached;
    },
    async text() {
      return new TextDecoder().decode(await entry.bytes());
    },
  };
  return entry;
}

async function inflate(name, method, raw, size) {
  let out;
  if (method === 0) {
    out = raw.slice();
  } else {
    // Read chunk by chunk and stop as soon as the output passes the declared size, so a
    // zip bomb never inflates further than the directory admitted.
    const reader = new Blob([raw]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    out = new Uint8Array(size);
    let filled = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.byteLength > size) {
        await reader.cancel();
        throw new ZipError('size_mismatch', `entry inflates to more than the ${size} bytes the directory says`, name);
      }
      out.set(value, filled);
      filled += value.byteLength;
    }
    if (filled !== size) out = out.subarray(0, filled);
  }
  if (out.byteLength !== size) throw new ZipError('size_mismatch', `entry inflates to ${out.byteLength} bytes, the directory says ${size}`, name);
  return out;
}
