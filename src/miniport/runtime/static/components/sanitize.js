// The rich-text sanitizer. Both forms of `nodes` (an HTML string, or WeChat's node
// array) go through one builder that creates only allow-listed elements and
// attributes, so markup from a server can never run script or leave the component:
// no <script>/<style>/<iframe>/…, no on* handlers, no javascript: URLs, no links
// that navigate the host, no CSS url()/expression() or fixed positioning.

import { decodeEntities } from './entities.js';

const TAGS = new Set(('a abbr address article aside b bdi bdo big blockquote br caption center cite code col ' +
  'colgroup dd del div dl dt em fieldset font footer h1 h2 h3 h4 h5 h6 header hr i img ins label legend li ' +
  'mark nav ol p pre q rt ruby s section small span strong sub sup table tbody td tfoot th thead tr tt u ul').split(' '));

/** Tags dropped together with everything inside them. */
const DROP = new Set(('script style iframe frame frameset object embed applet svg math template noscript ' +
  'textarea select option button input form link meta base title head audio video source track canvas ' +
  'portal dialog').split(' '));

const GLOBAL_ATTRS = new Set(['class', 'style', 'title', 'dir', 'lang']);
const TAG_ATTRS = {
  img: ['src', 'alt', 'width', 'height'],
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  table: ['width', 'border', 'cellpadding', 'cellspacing', 'align'],
  td: ['colspan', 'rowspan', 'width', 'height', 'align', 'valign'],
  th: ['colspan', 'rowspan', 'width', 'height', 'align', 'valign'],
  ol: ['start', 'type', 'reversed'],
  ul: ['type'],
  li: ['value'],
  font: ['color', 'face', 'size'],
  q: ['cite'],
  del: ['datetime'],
  ins: ['datetime'],
};

/** Image sources that cannot run code: web URLs, relative paths, raster data URLs. */
function safeImageSrc(src) {
  const s = String(src).trim();
  if (/^data:image\/(png|jpe?g|gif|webp|bmp);/i.test(s)) return s;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s);
  if (!scheme) return s.startsWith('//') ? 'https:' + s : s;
  return /^https?$/i.test(scheme[1]) ? s : null;
}

/** Keeps only declarations that can neither load anything nor escape the box. */
export function sanitizeStyle(style) {
  return String(style)
    .split(';')
    .map((d) => d.trim())
    .filter((d) => {
      if (!d || !d.includes(':')) return false;
      const lower = d.toLowerCase().replace(/\s+/g, '').replace(/\\/g, '');
      if (/url\(|expression\(|javascript:|@import|behavior:|-moz-binding|image-set\(/.test(lower)) return false;
      if (/^position:(fixed|sticky)/.test(lower)) return false;
      return true;
    })
    .join('; ');
}

/** An HTML string → WeChat node array, parsed inertly (nothing loads or runs). */
export function htmlToNodes(html) {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  const convert = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return { type: 'text', text: node.data, decoded: true };
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const attrs = {};
    for (const a of node.attributes) attrs[a.name] = a.value;
    return { name: node.localName, attrs, children: [...node.childNodes].map(convert).filter(Boolean) };
  };
  return [...doc.body.childNodes].map(convert).filter(Boolean);
}

/**
 * Builds sanitized DOM for `nodes` (string or array) into a new fragment.
 * `transformText` applies the component's `space` option to text nodes.
 */
export function buildRichText(nodes, transformText = (t) => t) {
  const list = typeof nodes === 'string' ? htmlToNodes(nodes) : Array.isArray(nodes) ? nodes : [];
  const fragment = document.createDocumentFragment();
  let budget = 10000; // a node array from a server must not hang the page
  const build = (node, parent, depth) => {
    if (node == null || --budget < 0 || depth > 64) return;
    if (typeof node === 'string' || node.type === 'text') {
      const raw = typeof node === 'string' ? node : String(node.text ?? '');
      parent.append(transformText(node.decoded ? raw : decodeEntities(raw)));
      return;
    }
    const name = String(node.name || '').toLowerCase();
    if (!name || DROP.has(name)) return;
    if (!TAGS.has(name)) {
      // Unknown but harmless wrappers keep their content.
      for (const child of node.children || []) build(child, parent, depth + 1);
      return;
    }
    const el = document.createElement(name);
    const allowed = TAG_ATTRS[name] || [];
    for (const [key, value] of Object.entries(node.attrs || {})) {
      const attr = key.toLowerCase();
      if (!GLOBAL_ATTRS.has(attr) && !allowed.includes(attr)) continue;
      let v = String(value);
      if (attr === 'style') v = sanitizeStyle(v);
      if (attr === 'src') v = safeImageSrc(v);
      if (attr === 'cite' && /^\s*javascript:/i.test(v)) v = null;
      if (v !== null) el.setAttribute(attr, v);
    }
    if (name === 'img') el.setAttribute('loading', 'lazy');
    parent.append(el);
    for (const child of node.children || []) build(child, el, depth + 1);
  };
  for (const node of list) build(node, fragment, 0);
  return fragment;
}
