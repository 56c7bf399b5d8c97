/**
 * Style sheets of the view: one CSSStyleSheet per WXSS file, created once and adopted
 * into every shadow root that uses it (contracts §2), so no CSS is repeated per
 * instance. Package paths inside `url(...)` are pointed at the package's assets.
 */

const sheets = new Map();
let sources = {};
let assetUrl = (p) => p;

/** Install the `{path: css}` of the loaded parts and the asset URL resolver. */
export function setStyleSources(all, resolveAsset) {
  sources = all;
  assetUrl = resolveAsset;
}

const URL_RE = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

function rewriteUrls(css, fromPath) {
  return css.replace(URL_RE, (whole, q, ref) => {
    const url = assetUrl(ref, fromPath);
    return url === ref ? whole : `url("${url}")`;
  });
}

/** The sheet of one WXSS file (e.g. `app.wxss`); null when the package has none. */
export function sheetFor(path) {
  if (sheets.has(path)) return sheets.get(path);
  const css = sources[path];
  let sheet = null;
  if (typeof css === 'string') {
    sheet = new CSSStyleSheet();
    try {
      sheet.replaceSync(css.includes('url(') ? rewriteUrls(css, path) : css);
    } catch (err) {
      console.warn(`${path}: style sheet could not be parsed: ${err.message}`);
    }
  }
  sheets.set(path, sheet);
  return sheet;
}

/** Sheets for a list of paths in cascade order, skipping missing ones. */
export function sheetsFor(paths) {
  const out = [];
  for (const p of paths || []) {
    const s = sheetFor(p);
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}
