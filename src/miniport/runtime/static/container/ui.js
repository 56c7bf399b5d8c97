// Host-side UI of the interaction APIs: wx.showToast / hideToast / showLoading /
// hideLoading / showModal / showActionSheet. The bridge calls these with the element
// the mini-program is displayed in; everything is drawn inside one shadow-rooted layer
// appended to that element, so host page CSS and mini-program CSS cannot restyle it.
// Results and failures are WeChat's: {errMsg: 'showModal:ok', confirm, cancel, ...},
// {errMsg: 'showActionSheet:fail cancel'}.
//
// Every function takes (container, options, env); env.lang is 'zh-CN' (default) or 'en'
// and chooses the default button texts.

import { text } from '../components/i18n.js';

const CSS = `
:host { all: initial; }
.layer { position: absolute; inset: 0; pointer-events: none; z-index: 5000;
  font: 17px/1.4 -apple-system, system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; }
.mask { position: absolute; inset: 0; pointer-events: auto; }
.mask.dim { background: rgba(0,0,0,.6); }
.toast { position: absolute; left: 50%; top: 40%; transform: translate(-50%, -50%); min-width: 136px;
  max-width: 70%; box-sizing: border-box; padding: 24px 16px 16px; border-radius: 12px; color: #fff;
  background: rgba(17,17,17,.7); text-align: center; pointer-events: auto; }
.toast.text-only { min-width: 0; padding: 12px 16px; border-radius: 8px; }
.toast svg, .toast img { display: block; width: 40px; height: 40px; margin: 0 auto 12px; }
.toast .title { font-size: 17px; white-space: pre-wrap; overflow-wrap: anywhere; }
.spinner { animation: spin 1s steps(12) infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
.dialog { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); width: 80%;
  max-width: 320px; border-radius: 12px; background: #fff; color: #000; text-align: center;
  overflow: hidden; pointer-events: auto; }
.dialog h2 { margin: 0; padding: 32px 24px 16px; font-size: 17px; font-weight: 700; }
.dialog .content { padding: 0 24px 32px; color: rgba(0,0,0,.5); font-size: 17px; white-space: pre-wrap;
  overflow-wrap: anywhere; max-height: 50vh; overflow-y: auto; }
.dialog:not(:has(h2)) .content { padding-top: 32px; color: #000; }
.dialog textarea { box-sizing: border-box; width: calc(100% - 48px); margin: 0 24px 24px; min-height: 64px;
  padding: 8px; font: inherit; border: 1px solid rgba(0,0,0,.1); border-radius: 4px; resize: none; }
.buttons { display: flex; border-top: 1px solid rgba(0,0,0,.1); }
.buttons button { flex: 1; height: 56px; border: 0; background: none; font: inherit; font-weight: 700;
  cursor: pointer; }
.buttons button + button { border-left: 1px solid rgba(0,0,0,.1); }
button:focus-visible { outline: 2px solid #576b95; outline-offset: -4px; }
button:active { background: #ececec; }
.sheet { position: absolute; left: 0; right: 0; bottom: 0; border-radius: 12px 12px 0 0; overflow: hidden;
  background: #f7f7f7; pointer-events: auto; animation: rise .2s ease-out; }
@keyframes rise { from { transform: translateY(100%); } }
.sheet .alert { padding: 16px 24px; color: rgba(0,0,0,.5); font-size: 14px; text-align: center; background: #fff;
  border-bottom: 1px solid rgba(0,0,0,.1); }
.sheet button { display: block; width: 100%; height: 56px; border: 0; background: #fff; font: inherit;
  cursor: pointer; }
.sheet .items button + button { border-top: 1px solid rgba(0,0,0,.1); }
.sheet .cancel { margin-top: 8px; }
`;

const ICONS = {
  success: '<svg viewBox="0 0 40 40" aria-hidden="true"><path d="M8 21l8 8 16-17" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  error: '<svg viewBox="0 0 40 40" aria-hidden="true"><circle cx="20" cy="20" r="17" fill="none" stroke="#fff" stroke-width="2.6"/><path d="M20 10v13" stroke="#fff" stroke-width="3" stroke-linecap="round"/><circle cx="20" cy="29" r="2" fill="#fff"/></svg>',
  loading: spinnerSvg(),
};

function spinnerSvg() {
  let spokes = '';
  for (let i = 0; i < 12; i++) {
    spokes += `<line x1="20" y1="5" x2="20" y2="11" stroke="#fff" stroke-width="3" stroke-linecap="round" opacity="${((i + 1) / 12).toFixed(2)}" transform="rotate(${i * 30} 20 20)"/>`;
  }
  return `<svg class="spinner" viewBox="0 0 40 40" aria-hidden="true">${spokes}</svg>`;
}

const layers = new WeakMap();

/** The shadow-rooted layer of `container`, created on first use. */
function layerOf(container) {
  let layer = layers.get(container);
  if (layer && layer.host.isConnected) return layer.root;
  const host = document.createElement('div');
  host.setAttribute('data-mp-ui', '');
  host.style.cssText = 'position:absolute;inset:0;pointer-events:none;z-index:5000;';
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  container.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  const inner = document.createElement('div');
  inner.className = 'layer';
  root.append(inner);
  layer = { host, root: inner, toast: null, toastTimer: 0 };
  layers.set(container, layer);
  return inner;
}

function state(container) {
  layerOf(container);
  return layers.get(container);
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'className') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

// ---- toast and loading ---------------------------------------------------------

function showToastLike(container, kind, options) {
  const s = state(container);
  hideToastLike(container);
  const icon = kind === 'loading' ? 'loading' : options.icon ?? 'success';
  const wrap = el('div', { 'data-kind': kind });
  if (options.mask) wrap.append(el('div', { className: 'mask' }));
  const box = el('div', { className: 'toast', role: 'status', 'aria-live': 'polite' });
  if (options.image) {
    box.append(el('img', { src: String(options.image), alt: '' }));
  } else if (ICONS[icon]) {
    box.insertAdjacentHTML('beforeend', ICONS[icon]);
  } else {
    box.classList.add('text-only');
  }
  box.append(el('div', { className: 'title', text: String(options.title ?? '') }));
  wrap.append(box);
  s.root.append(wrap);
  s.toast = wrap;
  if (kind === 'toast') {
    const duration = Number.isFinite(Number(options.duration)) ? Number(options.duration) : 1500;
    s.toastTimer = setTimeout(() => hideToastLike(container), duration);
  }
}

function hideToastLike(container) {
  const s = layers.get(container);
  if (!s || !s.toast) return false;
  clearTimeout(s.toastTimer);
  s.toast.remove();
  s.toast = null;
  return true;
}

/** wx.showToast: one toast (or loading) at a time; a new one replaces the old. */
export function showToast(container, options = {}) {
  showToastLike(container, 'toast', options);
  return Promise.resolve({ errMsg: 'showToast:ok' });
}

export function hideToast(container) {
  hideToastLike(container);
  return Promise.resolve({ errMsg: 'hideToast:ok' });
}

/** wx.showLoading: like a toast with a spinner that stays until hideLoading. */
export function showLoading(container, options = {}) {
  showToastLike(container, 'loading', options);
  return Promise.resolve({ errMsg: 'showLoading:ok' });
}

export function hideLoading(container) {
  hideToastLike(container);
  return Promise.resolve({ errMsg: 'hideLoading:ok' });
}

// ---- dialogs -------------------------------------------------------------------

let dialogIds = 0;

/**
 * Shows `panel` as a modal dialog: focus moves into it, Tab stays inside it, Escape
 * calls `onEscape`, and focus returns where it was when `close()` runs.
 */
function openDialog(container, panel, { dim = true, onEscape, onMask }) {
  const s = state(container);
  const previous = deepActiveElement();
  const wrap = el('div');
  const mask = el('div', { className: dim ? 'mask dim' : 'mask' });
  if (onMask) mask.addEventListener('click', onMask);
  wrap.append(mask, panel);
  s.root.append(wrap);
  wrap.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onEscape();
    } else if (e.key === 'Tab') {
      trapTab(panel, e);
    }
  });
  return {
    close() {
      wrap.remove();
      if (previous && previous.isConnected && typeof previous.focus === 'function') previous.focus();
    },
  };
}

function deepActiveElement() {
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function trapTab(panel, event) {
  const focusable = [...panel.querySelectorAll('button, textarea, input')].filter((n) => !n.disabled);
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const active = panel.getRootNode().activeElement;
  if (event.shiftKey && active === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * wx.showModal. Resolves {errMsg, confirm, cancel} and, when `editable`, `content`
 * with the text the user entered. Escape counts as cancel.
 */
export function showModal(container, options = {}, env = {}) {
  const lang = env.lang;
  const id = `mp-modal-${++dialogIds}`;
  const panel = el('div', { className: 'dialog', role: 'dialog', 'aria-modal': 'true' });
  if (options.title) {
    panel.append(el('h2', { id: `${id}-title`, text: String(options.title) }));
    panel.setAttribute('aria-labelledby', `${id}-title`);
  }
  let field = null;
  if (options.editable) {
    field = el('textarea', { placeholder: String(options.placeholderText ?? ''), 'aria-label': String(options.title || options.placeholderText || '') });
    field.value = String(options.content ?? '');
    panel.append(field);
  } else if (options.content) {
    panel.append(el('div', { className: 'content', id: `${id}-content`, text: String(options.content) }));
    panel.setAttribute('aria-describedby', `${id}-content`);
    if (!options.title) panel.setAttribute('aria-labelledby', `${id}-content`);
  }
  const buttons = el('div', { className: 'buttons' });
  const showCancel = options.showCancel !== false;
  const cancel = el('button', { type: 'button', 'data-action': 'cancel', text: String(options.cancelText || text(lang, 'cancel')) });
  cancel.style.color = options.cancelColor || '#000000';
  const confirm = el('button', { type: 'button', 'data-action': 'confirm', text: String(options.confirmText || text(lang, 'confirm')) });
  confirm.style.color = options.confirmColor || '#576B95';
  if (showCancel) buttons.append(cancel);
  buttons.append(confirm);
  panel.append(buttons);

  return new Promise((resolve) => {
    const finish = (ok) => {
      dialog.close();
      const result = { errMsg: 'showModal:ok', confirm: ok, cancel: !ok };
      if (field) result.content = ok ? field.value : '';
      resolve(result);
    };
    // Without a cancel button there is nothing to cancel; Escape then does nothing.
    const dialog = openDialog(container, panel, { onEscape: () => showCancel && finish(false) });
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    (field || confirm).focus();
  });
}

/**
 * wx.showActionSheet. Resolves {errMsg, tapIndex}; rejects with
 * {errMsg: 'showActionSheet:fail cancel'} when the user cancels (button, mask, Escape).
 */
export function showActionSheet(container, options = {}, env = {}) {
  const items = options.itemList;
  if (!Array.isArray(items) || items.length === 0) {
    return Promise.reject({ errMsg: 'showActionSheet:fail parameter error: parameter.itemList should be a non-empty Array' });
  }
  if (items.length > 6) {
    return Promise.reject({ errMsg: 'showActionSheet:fail parameter error: itemList should not be large than 6' });
  }
  const panel = el('div', { className: 'sheet', role: 'dialog', 'aria-modal': 'true' });
  if (options.alertText) {
    const alert = el('div', { className: 'alert', id: `mp-sheet-${++dialogIds}`, text: String(options.alertText) });
    panel.append(alert);
    panel.setAttribute('aria-labelledby', alert.id);
  } else {
    panel.setAttribute('aria-label', text(env.lang, 'cancel') === 'Cancel' ? 'Actions' : '操作菜单');
  }
  const list = el('div', { className: 'items', role: 'group' });
  items.forEach((label, index) => {
    const b = el('button', { type: 'button', 'data-index': String(index), text: String(label) });
    b.style.color = options.itemColor || '#000000';
    list.append(b);
  });
  const cancel = el('button', { type: 'button', className: 'cancel', 'data-action': 'cancel', text: text(env.lang, 'cancel') });
  panel.append(list, cancel);

  return new Promise((resolve, reject) => {
    const dismiss = () => {
      sheet.close();
      reject({ errMsg: 'showActionSheet:fail cancel' });
    };
    const sheet = openDialog(container, panel, { onEscape: dismiss, onMask: dismiss });
    list.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      sheet.close();
      resolve({ errMsg: 'showActionSheet:ok', tapIndex: Number(b.dataset.index) });
    });
    cancel.addEventListener('click', dismiss);
    list.querySelector('button').focus();
  });
}
