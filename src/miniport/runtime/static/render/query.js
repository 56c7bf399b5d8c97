/**
 * Answers of the view to `wx.createSelectorQuery()`: element rects, scroll offsets and
 * fields, looked up inside the shadow root of the page or component the query is in.
 */

import { datasetOf } from './events.js';

function camel(name) {
  return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

function fieldsOf(el, fields, viewport) {
  const out = {};
  if (fields.id) out.id = viewport ? '' : el.id || '';
  if (fields.dataset) out.dataset = viewport ? {} : datasetOf(el);
  if (fields.rect || fields.size) {
    const r = viewport
      ? { left: 0, top: 0, right: el.clientWidth, bottom: el.clientHeight, width: el.clientWidth, height: el.clientHeight }
      : el.getBoundingClientRect();
    if (fields.rect) Object.assign(out, { left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    if (fields.size) Object.assign(out, { width: r.width, height: r.height });
  }
  if (fields.scrollOffset) {
    Object.assign(out, { scrollLeft: el.scrollLeft || 0, scrollTop: el.scrollTop || 0, scrollWidth: el.scrollWidth || 0, scrollHeight: el.scrollHeight || 0 });
  }
  if (Array.isArray(fields.properties)) for (const p of fields.properties) out[p] = el[camel(p)];
  if (Array.isArray(fields.computedStyle)) {
    const cs = el.ownerDocument.defaultView.getComputedStyle(el);
    for (const p of fields.computedStyle) out[p] = cs.getPropertyValue(p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  }
  if (fields.node) out.node = null;
  return out;
}

/** Translate WXML tag selectors (`view .x`) to our element names (`wx-view .x`). */
export function domSelector(selector) {
  return selector.replace(/(^|[\s>+~,(])([a-z][a-z0-9-]*)/g, (m, pre, tag) => (tag.startsWith('wx-') ? m : `${pre}wx-${tag}`));
}

function find(root, selector, all) {
  let css = selector;
  try {
    return all ? [...root.querySelectorAll(css)] : [root.querySelector(css)].filter(Boolean);
  } catch {
    css = domSelector(selector);
    try {
      return all ? [...root.querySelectorAll(css)] : [root.querySelector(css)].filter(Boolean);
    } catch {
      return [];
    }
  }
}

/** Run a query `{scope, items}` against the rec (page or component) it names. */
export function runQuery(rec, pageEl, items) {
  return items.map((item) => {
    if (item.viewport) return fieldsOf(pageEl.scroller, item.fields, true);
    const selector = /^[a-z]/.test(item.selector) && !item.selector.includes('wx-') && !/^[a-z][\w-]*[#.[]/.test(item.selector) ? domSelector(item.selector) : item.selector;
    const found = rec ? find(rec.shadow, selector, item.all) : [];
    if (item.all) return found.map((el) => fieldsOf(el, item.fields, false));
    return found.length ? fieldsOf(found[0], item.fields, false) : null;
  });
}
