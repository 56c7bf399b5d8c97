/**
 * `wx.createSelectorQuery()`: collects requests, sends them to the view in one message
 * on `exec`, and hands each result to its callback.
 */

export class SelectorQuery {
  constructor(send, defaultScope) {
    this._send = send;
    this._scope = defaultScope;
    this._items = [];
  }

  in(component) {
    if (component && component.__mp) this._scope = component.__mp.id;
    return this;
  }

  select(selector) {
    return new NodesRef(this, { selector: String(selector), all: false });
  }

  selectAll(selector) {
    return new NodesRef(this, { selector: String(selector), all: true });
  }

  selectViewport() {
    return new NodesRef(this, { selector: null, viewport: true, all: false });
  }

  _push(target, fields, callback) {
    this._items.push({ target, fields, callback });
    return this;
  }

  exec(callback) {
    const items = this._items;
    this._items = [];
    const scope = typeof this._scope === 'function' ? this._scope() : this._scope;
    const request = items.map((i) => ({ ...i.target, fields: i.fields }));
    return this._send({ scope, items: request }).then((results) => {
      items.forEach((item, n) => {
        if (typeof item.callback === 'function') item.callback(results[n]);
      });
      if (typeof callback === 'function') callback(results);
      return results;
    });
  }
}

class NodesRef {
  constructor(query, target) {
    this._query = query;
    this._target = target;
  }

  boundingClientRect(callback) {
    return this._query._push(this._target, { id: true, dataset: true, rect: true, size: true }, callback);
  }

  scrollOffset(callback) {
    return this._query._push(this._target, { id: true, dataset: true, scrollOffset: true }, callback);
  }

  fields(fields, callback) {
    return this._query._push(this._target, { ...fields }, callback);
  }

  node(callback) {
    return this._query._push(this._target, { id: true, dataset: true, node: true }, callback);
  }
}
