/**
 * The view side of createIntersectionObserver: one browser IntersectionObserver per
 * observe() call, rooted at the page scroller (viewport) or a relative element, and
 * results in WeChat's shape sent back to the logic layer.
 */

import { datasetOf } from './events.js';

const observers = new Map();

function rectOf(r) {
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
}

/** Start observing; `root` is the shadow root of the scope, `scroller` the page's. */
export function observe(msg, root, scroller, post) {
  const rel = msg.relative || { selector: null, margins: {} };
  const relEl = rel.selector ? root.querySelector(rel.selector) : scroller;
  const m = rel.margins || {};
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      post({
        t: 'io',
        id: msg.id,
        result: {
          id: e.target.id || '',
          dataset: datasetOf(e.target),
          intersectionRatio: e.intersectionRatio,
          intersectionRect: rectOf(e.intersectionRect),
          boundingClientRect: rectOf(e.boundingClientRect),
          relativeRect: e.rootBounds ? rectOf(e.rootBounds) : null,
          time: Math.round(e.time),
        },
      });
    }
  }, {
    root: relEl || scroller,
    rootMargin: `${m.top || 0}px ${m.right || 0}px ${m.bottom || 0}px ${m.left || 0}px`,
    threshold: msg.thresholds && msg.thresholds.length ? msg.thresholds : [0],
  });
  const targets = msg.observeAll ? [...root.querySelectorAll(msg.selector)] : [root.querySelector(msg.selector)].filter(Boolean);
  for (const t of targets) io.observe(t);
  observers.set(msg.id, io);
  return targets.length;
}

export function disconnect(id) {
  const io = observers.get(id);
  if (io) io.disconnect();
  observers.delete(id);
}
