/**
 * Storage as the logic layer sees it: a synchronous mirror that the host seeds at
 * launch and that writes through to the host asynchronously. The host is the one that
 * persists and enforces the namespace and quota; the mirror enforces the same quota up
 * front so that `setStorageSync` can fail synchronously, as in WeChat.
 */

export const QUOTA_BYTES = 10 * 1024 * 1024;

const mirror = new Map();
let used = 0;
let writeThrough = (_op) => {};

function sizeOf(key, json) {
  return (key.length + json.length) * 2;
}

/** Seed with `{key: json}` from the host and set where writes go. */
export function seedStorage(entries, write) {
  mirror.clear();
  used = 0;
  for (const [k, json] of Object.entries(entries || {})) {
    mirror.set(k, json);
    used += sizeOf(k, json);
  }
  writeThrough = write;
}

function checkKey(api, key) {
  if (typeof key !== 'string' || key === '') throw new Error(`${api}:fail parameter error: key should be a non-empty String`);
}

export function setItem(api, key, data) {
  checkKey(api, key);
  const json = JSON.stringify(data === undefined ? null : data);
  const before = mirror.has(key) ? sizeOf(key, mirror.get(key)) : 0;
  const after = used - before + sizeOf(key, json);
  if (after > QUOTA_BYTES) throw new Error(`${api}:fail exceed storage max size 10MB; remove keys with wx.removeStorage first`);
  mirror.set(key, json);
  used = after;
  writeThrough({ op: 'set', key, value: json });
}

export function getItem(api, key) {
  checkKey(api, key);
  const json = mirror.get(key);
  return json === undefined ? undefined : JSON.parse(json);
}

export function removeItem(api, key) {
  checkKey(api, key);
  if (!mirror.has(key)) return;
  used -= sizeOf(key, mirror.get(key));
  mirror.delete(key);
  writeThrough({ op: 'remove', key });
}

export function clearItems() {
  mirror.clear();
  used = 0;
  writeThrough({ op: 'clear' });
}

export function storageInfo() {
  return { keys: [...mirror.keys()], currentSize: Math.ceil(used / 1024), limitSize: QUOTA_BYTES / 1024 };
}
