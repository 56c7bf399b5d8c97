// The demo bank app's page: a host that uses the Miniport browser SDK like any web host.
import { Miniport } from '/runtime/sdk.js';

const COURIER_ORIGIN = 'https://api.speedy-courier.example';
const COLORS = ['#0b5cad', '#ff7a00', '#07c160', '#8e44ad', '#c0392b', '#16a085'];
const TEXT = {
  'zh-CN': {
    title: '示例银行', persona: '当前用户（演示）', user: '用户 ID', city: '城市', os: '系统', switch: '切换用户',
    search: '搜索小程序', searchPlaceholder: '搜索小程序名称或描述', recent: '最近使用', services: '服务',
    empty: '没有找到相关小程序', all: '全部', finance: '金融', life: '生活', other: '其他',
    signedIn: (u, c, o) => `已登录：${u}${c ? ` · ${c}` : ''} · ${o}`, noCity: '不限',
    updateReady: (v) => `新版本 ${v} 已下载`, updateApply: '立即更新', notSeeded: '演示数据未初始化。',
  },
  en: {
    title: 'Demo Bank', persona: 'Signed-in user (demo)', user: 'User ID', city: 'City', os: 'OS', switch: 'Switch user',
    search: 'Search mini-programs', searchPlaceholder: 'Search by name or description', recent: 'Recent', services: 'Services',
    empty: 'No mini-program matches', all: 'All', finance: 'Finance', life: 'Life', other: 'Other',
    signedIn: (u, c, o) => `Signed in: ${u}${c ? ` · ${c}` : ''} · ${o}`, noCity: 'Any',
    updateReady: (v) => `Version ${v} is ready`, updateApply: 'Update now', notSeeded: 'The demo data is not seeded.',
  },
};

let lang = localStorage.getItem('demo:lang') || (navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');
let t = TEXT[lang];
let host = null;
let catalog = [];
let category = 'all';
const $ = (id) => document.getElementById(id);

function persona() {
  return { user_id: $('user-id').value.trim() || 'demo-user-1', city: $('city').value || null, os: $('os').value };
}

async function mintToken() {
  const res = await fetch('/demo/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(persona()),
  });
  const data = await res.json();
  if (!res.ok) throw new Error(data.error ? data.error.message : `HTTP ${res.status}`);
  return data;
}

function applyText() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const value = t[el.dataset.i18n];
    if (typeof value === 'string') el.textContent = value;
  }
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t[el.dataset.i18nPlaceholder];
  $('lang').textContent = lang === 'zh-CN' ? 'EN' : '中文';
}

function iconFor(item, index) {
  const icon = document.createElement('span');
  icon.className = 'icon';
  if (item.icon) {
    icon.style.background = `center/cover url("${item.icon}")`;
  } else {
    icon.style.background = COLORS[index % COLORS.length];
    icon.textContent = (item.name || '?').slice(0, 1);
  }
  icon.setAttribute('aria-hidden', 'true');
  return icon;
}

function renderCategories() {
  const names = ['all', ...new Set(catalog.map((item) => item.category || 'other'))];
  const nav = $('categories');
  nav.replaceChildren();
  for (const name of names) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = t[name] || name;
    button.dataset.category = name;
    button.setAttribute('aria-pressed', String(name === category));
    button.addEventListener('click', () => {
      category = name;
      renderCategories();
      renderGrid();
    });
    nav.append(button);
  }
}

function renderGrid() {
  const query = $('search').value.trim().toLowerCase();
  const items = catalog.filter((item) => {
    if (category !== 'all' && (item.category || 'other') !== category) return false;
    if (!query) return true;
    return `${item.name} ${item.description} ${(item.tags || []).join(' ')}`.toLowerCase().includes(query);
  });
  const grid = $('grid');
  grid.replaceChildren();
  items.forEach((item, index) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('role', 'listitem');
    button.dataset.appid = item.appid;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = item.name;
    const desc = document.createElement('span');
    desc.className = 'desc';
    desc.textContent = item.description;
    button.append(iconFor(item, catalog.indexOf(item)), name, desc);
    button.addEventListener('click', () => openApp(item));
    grid.append(button);
  });
  $('empty').hidden = items.length > 0;
  renderRecent();
}

function renderRecent() {
  const recent = host ? host.recent().filter((r) => catalog.some((c) => c.appid === r.appid)) : [];
  $('recent-section').hidden = recent.length === 0;
  const row = $('recent');
  row.replaceChildren();
  for (const entry of recent) {
    const item = catalog.find((c) => c.appid === entry.appid);
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.appid = entry.appid;
    button.append(iconFor(item, catalog.indexOf(item)), document.createTextNode(item.name));
    button.addEventListener('click', () => openApp(item));
    row.append(button);
  }
}

function showError(where, error) {
  const el = $(where);
  el.textContent = error ? `${error.message}${error.code ? ` (${error.code})` : ''}` : '';
  el.hidden = !error;
}

async function openApp(item) {
  showError('mp-error', null);
  $('update-banner').hidden = true;
  $('runner').hidden = false;
  $('mp-title').textContent = item.name;
  $('mp-version').textContent = '';
  try {
    const session = await host.open(item.appid, { container: $('mp-container'), catalogEntry: item });
    $('mp-version').textContent = `v${session.version}`;
    $('mp-version').dataset.rule = session.ruleId || session.reason || '';
  } catch (error) {
    showError('mp-error', error);
  }
}

async function signIn() {
  const who = persona();
  if (host) for (const item of catalog) host.close(item.appid);
  $('runner').hidden = true;
  host = Miniport.init({
    server: location.origin,
    tokenProvider: mintToken,
    lang,
    hostId: 'demo-bank',
    userId: who.user_id,
    hostVersion: '2.3.0',
    // The courier partner's API is reached through this host's gateway (here: the demo
    // server itself); the allowed-domain check still applies to the original URL.
    gateway: (url) => (url.origin === COURIER_ORIGIN ? new URL(url.pathname + url.search, location.origin) : url),
  });
  host.registerApi('getMemberLevel', () => ({ level: 'gold', points: 1280 }));
  host.registerApi('getUserProfile', () => ({ userInfo: { nickName: who.user_id, avatarUrl: '' } }));
  host.on('close', () => {
    $('runner').hidden = true;
    renderRecent();
  });
  host.on('error', (error) => console.warn('[demo] mini-program error', error));
  host.on('update', (update) => {
    const banner = $('update-banner');
    banner.replaceChildren();
    const text = document.createElement('span');
    text.textContent = t.updateReady(update.to);
    const apply = document.createElement('button');
    apply.type = 'button';
    apply.textContent = t.updateApply;
    apply.addEventListener('click', async () => {
      banner.hidden = true;
      await update.apply();
      $('mp-version').textContent = `v${update.to}`;
    });
    banner.append(text, apply);
    banner.hidden = false;
    banner.dataset.version = update.to;
  });
  host.on('share', ({ content }) => console.info('[demo] share', content));
  try {
    catalog = await host.catalog();
    $('persona-status').textContent = t.signedIn(who.user_id, who.city, who.os);
    showError('error', null);
  } catch (error) {
    catalog = [];
    showError('error', error);
  }
  renderCategories();
  renderGrid();
}

async function main() {
  const config = await fetch('/demo/api/config').then((r) => r.json());
  const citySelect = $('city');
  citySelect.replaceChildren(new Option(t.noCity, ''), ...config.cities.map((c) => new Option(c, c)));
  applyText();
  if (!config.ready) {
    showError('error', { message: t.notSeeded });
    return;
  }
  $('persona-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn();
  });
  $('search').addEventListener('input', renderGrid);
  $('lang').addEventListener('click', () => {
    lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem('demo:lang', lang);
    t = TEXT[lang];
    applyText();
    signIn();
  });
  await signIn();
  document.body.dataset.ready = 'true';
}

main();
