/**
 * The selectors `selectComponent` accepts: `#id`, `.class`, a component path, several
 * joined with commas, and compound forms like `.a.b#c`. Descendant combinators are not
 * supported (WeChat discourages them here); they match nothing.
 */

const cache = new Map();

function parse(selector) {
  let parsed = cache.get(selector);
  if (parsed) return parsed;
  parsed = String(selector).split(',').map((part) => {
    const text = part.trim();
    if (!text || /\s|>/.test(text)) return null;
    const ids = [];
    const classes = [];
    let tag = '';
    const re = /([#.]?)([^#.]+)/g;
    let m;
    while ((m = re.exec(text))) {
      if (m[1] === '#') ids.push(m[2]);
      else if (m[1] === '.') classes.push(m[2]);
      else tag = m[2];
    }
    return { ids, classes, tag };
  });
  cache.set(selector, parsed);
  return parsed;
}

/** Does the instance state (its host attrs and path) match the selector? */
export function matchesSelector(selector, st) {
  const classes = String(st.attrs.class || '').split(/\s+/);
  return parse(selector).some((s) => s
    && s.ids.every((i) => st.attrs.id === i)
    && s.classes.every((c) => classes.includes(c))
    && (!s.tag || s.tag === st.attrs.tag || st.is.endsWith(s.tag)));
}
