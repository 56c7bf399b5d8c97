/**
 * WeChat event semantics over our DOM: the propagation path (bubbling through slots,
 * stopping at shadow boundaries unless `composed`), the order of capture and bubble
 * handlers, `catch` (stop propagation), `mut-bind` (one mut handler per event), and the
 * event objects handlers receive (target retargeted to the handler's tree).
 *
 * Pure functions over nodes that carry `__v` (their VNode) and `__o` (owner id); the
 * real DOM is not required, so the rules are unit-tested in Node.
 */

const SHADOW_ROOT = 11;

/**
 * Nodes an event visits, innermost first: managed elements from `target` up to the
 * page root. A shadow root stops a non-composed event that started inside it.
 */
export function eventPath(target, composed) {
  const path = [];
  const startRoot = target.getRootNode ? target.getRootNode() : null;
  let node = target;
  while (node) {
    if (node.__v && typeof node.__v === 'object') path.push(node);
    let next = node.assignedSlot || node.parentNode;
    if (next && next.nodeType === SHADOW_ROOT) {
      if (next.__pageRoot) break;
      if (!composed && next === startRoot) break;
      next = next.host;
    }
    if (next && next.__pageRoot) break;
    node = next;
  }
  return path;
}

/** WeChat's dataset: `data-item-id="{{3}}"` → {itemId: 3}, values keep their types. */
export function datasetOf(node) {
  const attrs = node.__v && node.__v.attrs;
  const out = {};
  if (!attrs) return out;
  for (const name in attrs) {
    if (!name.startsWith('data-')) continue;
    const key = name.slice(5).toLowerCase().replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
    out[key] = attrs[name];
  }
  return out;
}

function marksOf(node) {
  const attrs = node.__v && node.__v.attrs;
  if (!attrs) return null;
  let out = null;
  for (const name in attrs) {
    if (!name.startsWith('mark:')) continue;
    (out || (out = {}))[name.slice(5)] = attrs[name];
  }
  return out;
}

function rootChain(node) {
  const roots = new Set();
  let root = node.getRootNode ? node.getRootNode() : null;
  while (root) {
    roots.add(root);
    root = root.nodeType === SHADOW_ROOT && !root.__pageRoot && root.host ? root.host.getRootNode() : null;
  }
  return roots;
}

/** The node a handler on `current` sees as target: `target` lifted out of inner shadow trees. */
export function retarget(target, current) {
  if (!target.getRootNode) return target;
  const roots = rootChain(current);
  let t = target;
  for (;;) {
    const root = t.getRootNode();
    if (roots.has(root) || root.nodeType !== SHADOW_ROOT || !root.host) return t;
    t = root.host;
  }
}

/**
 * The handler calls for one event, in order: capture handlers from the outermost node
 * inwards (when `capture`), then bubble handlers from the target outwards (only the
 * target itself when not `bubbles`). A `catch` stops after its node; `capture-catch`
 * stops everything. After one `mut-bind` handler runs, later mut ones are skipped.
 * @returns {{node, handler, mut}[]}
 */
export function planDispatch(path, name, { bubbles = true, capture = true } = {}) {
  const calls = [];
  let mutDone = false;
  const visit = (node, wantCapture) => {
    const events = node.__v.events;
    if (!events) return false;
    let stop = false;
    for (const e of events) {
      if (e.name !== name || !!e.capture !== wantCapture) continue;
      if (e.mut) {
        if (mutDone) continue;
        mutDone = true;
      }
      if (e.handler) calls.push({ node, handler: e.handler });
      if (e.catch) stop = true;
    }
    return stop;
  };
  if (capture) {
    for (let i = path.length - 1; i >= 0; i--) if (visit(path[i], true)) return calls;
  }
  const last = bubbles ? path.length : Math.min(1, path.length);
  for (let i = 0; i < last; i++) if (visit(path[i], false)) break;
  return calls;
}

function describe(node) {
  return {
    id: node.id || (node.__v.attrs && node.__v.attrs.id) || '',
    dataset: datasetOf(node),
    offsetLeft: node.offsetLeft || 0,
    offsetTop: node.offsetTop || 0,
  };
}

/**
 * Turn a planned call into the message for the logic layer: the owner instance, the
 * handler name and the WeChat event object.
 */
export function eventMessage(call, info, target, path) {
  const t = retarget(target, call.node);
  let mark = null;
  for (const node of path) {
    const m = marksOf(node);
    if (m) mark = { ...m, ...(mark || {}) };
  }
  return {
    t: 'event',
    owner: call.node.__o,
    handler: call.handler,
    event: {
      type: info.type,
      timeStamp: info.timeStamp,
      target: describe(t),
      currentTarget: describe(call.node),
      detail: info.detail === undefined ? {} : info.detail,
      touches: info.touches || [],
      changedTouches: info.changedTouches || info.touches || [],
      mark: mark || {},
    },
  };
}

/**
 * Plan and build every message for one event; `post` sends each to the logic layer.
 * `reply = {node, ref}` marks the messages of handlers bound on `node` itself with
 * `ref`: the logic layer answers those (and only those) with the handler's return value,
 * which is how a `bindinput` handler on an input replaces its text. Handlers of
 * ancestors the event bubbles to are not asked, as in WeChat.
 */
export function dispatch(target, info, post, reply = null) {
  const path = eventPath(target, info.composed);
  if (!path.length) return 0;
  const calls = planDispatch(path, info.type, { bubbles: info.bubbles, capture: info.capture });
  for (const call of calls) {
    const msg = eventMessage(call, info, path[0], path);
    if (reply && call.node === reply.node) msg.ref = reply.ref;
    post(msg);
  }
  return calls.length;
}
