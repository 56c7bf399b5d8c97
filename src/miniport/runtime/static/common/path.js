/**
 * Data paths as WeChat's setData understands them: `a.b[2].c`, `list[0]`, `obj.key`.
 *
 * Both layers need the same reading of a path: the logic layer applies setData to
 * `this.data` and matches observers, the view layer applies the same patch to its copy
 * of the data and writes model: bindings back. So the parser lives here, once.
 */

const cache = new Map();

/**
 * Split a setData key into segments: strings for fields, numbers for array indexes.
 * A backslash escapes a dot or bracket that belongs to a field name (`a\.b`).
 * @param {string} key
 * @returns {(string|number)[]}
 */
export function parsePath(key) {
  let hit = cache.get(key);
  if (hit) return hit;
  const out = [];
  let field = '';
  let pendingField = false;
  for (let i = 0; i < key.length; i++) {
    const ch = key[i];
    if (ch === '\\' && i + 1 < key.length) {
      field += key[++i];
      pendingField = true;
    } else if (ch === '.') {
      if (pendingField) out.push(field);
      field = '';
      pendingField = false;
    } else if (ch === '[') {
      if (pendingField) out.push(field);
      field = '';
      pendingField = false;
      const end = key.indexOf(']', i);
      const digits = end < 0 ? '' : key.slice(i + 1, end).trim();
      if (!/^\d+$/.test(digits)) {
        throw new SyntaxError(`setData: bad path "${key}" at column ${i + 1}: expected [index] with digits`);
      }
      out.push(Number(digits));
      i = end;
    } else {
      field += ch;
      pendingField = true;
    }
  }
  if (pendingField) out.push(field);
  if (out.length === 0) throw new SyntaxError(`setData: empty path "${key}"`);
  if (cache.size > 5000) cache.clear();
  cache.set(key, out);
  return out;
}

/** Read the value at `segments` inside `root`; undefined when any step is missing. */
export function getPath(root, segments) {
  let cur = root;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
  }
  return cur;
}

/**
 * Write `value` at `segments` inside `root`, creating objects (or arrays, when the next
 * segment is an index) on the way, as setData does.
 */
export function setPath(root, segments, value) {
  let cur = root;
  const last = segments.length - 1;
  for (let i = 0; i < last; i++) {
    const seg = segments[i];
    let next = cur[seg];
    if (next === null || typeof next !== 'object') {
      next = typeof segments[i + 1] === 'number' ? [] : {};
      cur[seg] = next;
    }
    cur = next;
  }
  cur[segments[last]] = value;
}

/** Apply an ordered `{pathKey: value}` patch (setData's argument) to `root`. */
export function applyPatch(root, patch) {
  for (const key of Object.keys(patch)) setPath(root, parsePath(key), patch[key]);
}

/** True when path `a` equals `b` or is an ancestor of it. */
export function isPrefix(a, b) {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}

/**
 * Like applyPatch, but containers along each written path are copied first, so every
 * object or array that changed gets a new identity while untouched ones keep theirs.
 * The view relies on this to tell which component properties changed.
 */
export function applyPatchCopying(root, patch) {
  for (const key of Object.keys(patch)) {
    const segs = parsePath(key);
    let cur = root;
    const last = segs.length - 1;
    for (let i = 0; i < last; i++) {
      const seg = segs[i];
      const next = cur[seg];
      let copy;
      if (Array.isArray(next)) copy = next.slice();
      else if (next !== null && typeof next === 'object') copy = { ...next };
      else copy = typeof segs[i + 1] === 'number' ? [] : {};
      cur[seg] = copy;
      cur = copy;
    }
    cur[segs[last]] = patch[key];
  }
}
