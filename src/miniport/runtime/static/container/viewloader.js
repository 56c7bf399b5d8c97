/**
 * Hands the view layer its own code from the host page, so a mini-program opens offline.
 *
 * The view runs in a sandboxed iframe with an opaque origin. Chrome gives every such
 * frame a cache partition of its own, so the view's module scripts can never come from
 * the HTTP cache: a second launch without network fails even though the host page has
 * every file cached. Instead the host (whose fetches do use its cache) reads the view's
 * module graph once, and the frame's bootstrap turns it into blob: modules. Relative
 * specifiers are rewritten to absolute URLs and an import map sends each absolute URL
 * to its blob, so module identity, cycles and `import()` behave as when loaded normally.
 */

const SPECIFIER = /(\bimport\s*(?:[\w*${}\s,]+\s*from\s*)?|\bexport\s*(?:[\w*${}\s,]+\s*)from\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g;

/** The relative specifiers a module's source names (static imports, re-exports, import()). */
export function relativeSpecifiers(source) {
  const found = [];
  for (const match of source.matchAll(SPECIFIER)) found.push(match[3]);
  return found;
}

/** The source with every relative specifier replaced by its absolute URL. */
export function absolutize(source, moduleUrl) {
  return source.replace(SPECIFIER, (_all, head, quote, spec) => `${head}${quote}${new URL(spec, moduleUrl).href}${quote}`);
}

const graphs = new Map();

/**
 * Every module reachable from `entryUrl`, as {url: absolutized source}. Fetched once per
 * page (the host's HTTP cache serves later pages, also offline).
 */
export function loadModuleGraph(entryUrl, fetchText = defaultFetchText) {
  if (!graphs.has(entryUrl)) {
    const pending = collect(entryUrl, fetchText).catch((err) => {
      graphs.delete(entryUrl);
      throw err;
    });
    graphs.set(entryUrl, pending);
  }
  return graphs.get(entryUrl);
}

async function defaultFetchText(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`loading the view runtime: ${url} answered HTTP ${res.status}`);
  return res.text();
}

async function collect(entryUrl, fetchText) {
  const modules = {};
  const queue = [entryUrl];
  const seen = new Set(queue);
  while (queue.length) {
    const batch = queue.splice(0, queue.length);
    const sources = await Promise.all(batch.map((url) => fetchText(url)));
    batch.forEach((url, i) => {
      const source = sources[i];
      modules[url] = absolutize(source, url);
      for (const spec of relativeSpecifiers(source)) {
        const dep = new URL(spec, url).href;
        if (!seen.has(dep)) {
          seen.add(dep);
          queue.push(dep);
        }
      }
    });
  }
  return modules;
}

/**
 * The classic script the view document runs first: it asks the host for the module graph,
 * installs an import map of blob: URLs and imports the entry. `nonce` lets the document's
 * CSP allow exactly this script and the import map it adds.
 */
export function bootstrapSource(nonce) {
  return `(() => {
  const nonce = ${JSON.stringify(nonce)};
  addEventListener('message', function boot(event) {
    const msg = event.data;
    if (event.source !== parent || !msg || msg.t !== 'view:modules') return;
    removeEventListener('message', boot);
    const imports = {};
    for (const [url, source] of Object.entries(msg.modules)) {
      imports[url] = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    }
    const map = document.createElement('script');
    map.type = 'importmap';
    map.nonce = nonce;
    map.textContent = JSON.stringify({ imports });
    document.head.append(map);
    import(msg.entry).catch((err) => parent.postMessage({ t: 'view:boot-failed', message: String(err && err.message || err) }, '*'));
  });
  parent.postMessage({ t: 'view:boot' }, '*');
})();`;
}
