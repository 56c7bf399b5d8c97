/**
 * Persistent storage of one mini-program for one user in one host: keys live in the
 * host page's localStorage under `miniport:<host>:<appid>:<user>:`, so two
 * mini-programs (or two users) never see each other's data. 10 MB quota per namespace,
 * counted like the worker's mirror (UTF-16 code units of key and JSON value × 2).
 */

export const QUOTA_BYTES = 10 * 1024 * 1024;

export class HostStorage {
  constructor({ hostId = 'host', appid, userId = 'anonymous', backend = globalThis.localStorage } = {}) {
    this.prefix = `miniport:${enc(hostId)}:${enc(appid)}:${enc(userId)}:`;
    this.backend = backend;
  }

  /** Every `{key: json}` of this namespace: the seed of the worker's mirror. */
  entries() {
    const out = {};
    const b = this.backend;
    for (let i = 0; i < b.length; i++) {
      const k = b.key(i);
      if (k && k.startsWith(this.prefix)) out[k.slice(this.prefix.length)] = b.getItem(k);
    }
    return out;
  }

  used(except) {
    let n = 0;
    for (const [k, v] of Object.entries(this.entries())) if (k !== except) n += (k.length + v.length) * 2;
    return n;
  }

  /** Apply a write-through op from the worker; returns false when refused. */
  apply(op) {
    if (op.op === 'set') {
      if (typeof op.key !== 'string' || typeof op.value !== 'string') return false;
      if (this.used(op.key) + (op.key.length + op.value.length) * 2 > QUOTA_BYTES) return false;
      this.backend.setItem(this.prefix + op.key, op.value);
    } else if (op.op === 'remove') {
      this.backend.removeItem(this.prefix + op.key);
    } else if (op.op === 'clear') {
      for (const k of Object.keys(this.entries())) this.backend.removeItem(this.prefix + k);
    }
    return true;
  }
}

function enc(s) {
  return encodeURIComponent(String(s));
}
