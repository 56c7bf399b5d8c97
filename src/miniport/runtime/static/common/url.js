/**
 * Paths and URLs inside a package: page routes, `?query` strings and the relative
 * paths of `require`, `usingComponents` and navigation.
 */

/** Folder of a path (`pages/a/a.js` → `pages/a`; `app.js` → ``). */
export function dirname(path) {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Join `base` and `rel`, normalising `.` and `..`; never climbs above the root. */
export function joinPath(base, rel) {
  const out = base ? base.split('/') : [];
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** `pages/a/a?x=1&y=%20` → {path: 'pages/a/a', query: {x: '1', y: ' '}} */
export function parseUrl(url) {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = {};
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const k = eq < 0 ? pair : pair.slice(0, eq);
      const v = eq < 0 ? '' : pair.slice(eq + 1);
      query[safeDecode(k)] = safeDecode(v);
    }
  }
  return { path, query };
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Resolve a navigation URL against the current page route (WeChat allows both forms). */
export function resolvePageUrl(currentRoute, url) {
  const { path, query } = parseUrl(String(url));
  const clean = path.replace(/\.(js|wxml)$/, '');
  const route = clean.startsWith('/') ? joinPath('', clean.slice(1)) : joinPath(dirname(currentRoute || ''), clean);
  return { route, query };
}

/** Resolve a `usingComponents` value declared by the file at `fromPath`. */
export function resolveComponentPath(fromPath, spec) {
  if (spec.startsWith('plugin://')) return spec;
  if (spec.startsWith('/')) return joinPath('', spec.slice(1));
  if (spec.startsWith('./') || spec.startsWith('../')) return joinPath(dirname(fromPath), spec);
  // A bare name: a package under miniprogram_npm/ (nearest first), else a root path.
  return joinPath('', spec);
}
