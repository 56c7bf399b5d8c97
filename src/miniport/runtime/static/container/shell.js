/**
 * The page shell drawn by the host around a running mini-program: the navigation bar
 * (title, colours, back button) and the tabBar from app.json, and the frame in which
 * the view iframe and the UI layer (toasts, dialogs) sit. It lives in a shadow root of
 * the host's container, so neither the host page's CSS nor the mini-program's reaches it.
 */

const CSS = `
:host { display: block; position: relative; overflow: hidden; contain: strict; }
.shell { position: absolute; inset: 0; display: flex; flex-direction: column;
  font: 16px/1.4 -apple-system, system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; }
.nav { flex: none; height: 44px; display: flex; align-items: center; justify-content: center; position: relative;
  background: #f7f7f7; color: #000; }
.nav[hidden] { display: none; }
.nav h1 { margin: 0; font-size: 17px; font-weight: 600; max-width: 60%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.nav .back { position: absolute; left: 4px; top: 0; bottom: 0; width: 44px; border: 0; background: none;
  color: inherit; font-size: 24px; cursor: pointer; }
.nav .back[hidden] { display: none; }
.nav .spinner { width: 14px; height: 14px; margin-right: 6px; border: 2px solid currentColor; border-right-color: transparent;
  border-radius: 50%; animation: spin 0.8s linear infinite; }
.nav .spinner[hidden] { display: none; }
@keyframes spin { to { transform: rotate(360deg); } }
.frame { flex: 1; position: relative; min-height: 0; }
.frame iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; display: block; background: #fff; }
.tabbar { flex: none; display: flex; border-top: 1px solid rgba(0,0,0,.15); background: #f7f7f7; }
.tabbar[hidden] { display: none; }
.tabbar.top { order: -1; border-top: 0; border-bottom: 1px solid rgba(0,0,0,.15); }
.tabbar.white-border { border-color: rgba(255,255,255,.3); }
.tab { flex: 1; position: relative; display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: 2px; height: 50px; border: 0; background: none; font: inherit; font-size: 10px; cursor: pointer; }
.tab img { width: 24px; height: 24px; }
.tab .badge { position: absolute; top: 2px; left: calc(50% + 6px); min-width: 16px; height: 16px; padding: 0 4px;
  box-sizing: border-box; border-radius: 8px; background: #fa5151; color: #fff; font-size: 11px; line-height: 16px; }
.tab .badge.dot { min-width: 8px; width: 8px; height: 8px; padding: 0; }
.tab .badge[hidden] { display: none; }
.tab:focus-visible, .back:focus-visible { outline: 2px solid #576b95; outline-offset: -2px; }
`;

/**
 * Build the shell in `container`. `assetUrl(path)` gives a URL for a package asset
 * (tab icons); `onBack()` and `onTab(index, item)` are the user's navigation.
 */
export function createShell(container, { appConfig, assetUrl, onBack, onTab, lang = 'zh-CN' }) {
  const doc = container.ownerDocument;
  const root = container.shadowRoot || container.attachShadow({ mode: 'open' });
  root.innerHTML = '';
  const style = doc.createElement('style');
  style.textContent = CSS;
  const shell = doc.createElement('div');
  shell.className = 'shell';
  const en = lang.startsWith('en');

  const nav = doc.createElement('header');
  nav.className = 'nav';
  const back = doc.createElement('button');
  back.className = 'back';
  back.type = 'button';
  back.textContent = '‹';
  back.setAttribute('aria-label', en ? 'Back' : '返回');
  back.hidden = true;
  back.addEventListener('click', () => onBack());
  const spinner = doc.createElement('span');
  spinner.className = 'spinner';
  spinner.hidden = true;
  const title = doc.createElement('h1');
  nav.append(back, spinner, title);

  const frame = doc.createElement('div');
  frame.className = 'frame';

  const tabBarCfg = appConfig.tabBar;
  const tabbar = doc.createElement('nav');
  tabbar.className = 'tabbar';
  tabbar.setAttribute('role', 'tablist');
  tabbar.hidden = true;
  const tabs = [];
  if (tabBarCfg && Array.isArray(tabBarCfg.list)) {
    if (tabBarCfg.position === 'top') tabbar.classList.add('top');
    if (tabBarCfg.borderStyle === 'white') tabbar.classList.add('white-border');
    if (tabBarCfg.backgroundColor) tabbar.style.background = tabBarCfg.backgroundColor;
    tabBarCfg.list.forEach((item, index) => {
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'tab';
      b.setAttribute('role', 'tab');
      b.dataset.route = item.pagePath;
      const img = doc.createElement('img');
      img.alt = '';
      const label = doc.createElement('span');
      label.textContent = item.text || '';
      const badge = doc.createElement('span');
      badge.className = 'badge';
      badge.hidden = true;
      if (item.iconPath && tabBarCfg.position !== 'top') b.append(img);
      b.append(label, badge);
      b.addEventListener('click', () => onTab(index, item));
      tabbar.append(b);
      tabs.push({ item, button: b, img, badge });
    });
  }
  shell.append(nav, frame, tabbar);
  root.append(style, shell);

  let tabBarHidden = false;
  let current = null;

  function paintTabs() {
    for (const t of tabs) {
      const selected = t.item.pagePath === current;
      t.button.setAttribute('aria-selected', String(selected));
      t.button.style.color = selected ? tabBarCfg.selectedColor || '#07c160' : tabBarCfg.color || '#7a7e83';
      const icon = selected ? t.item.selectedIconPath || t.item.iconPath : t.item.iconPath;
      if (icon) t.img.src = assetUrl(icon);
    }
  }

  return {
    root,
    frame,
    /** `{t:'shell'}` from the worker: what the top page needs the bar to show. */
    update(state) {
      const win = state.window || {};
      nav.hidden = win.navigationStyle === 'custom';
      title.textContent = win.navigationBarTitleText || '';
      nav.style.background = win.navigationBarBackgroundColor || '#f7f7f7';
      nav.style.color = win.navigationBarTextStyle === 'white' ? '#fff' : '#000';
      spinner.hidden = !win.loading;
      back.hidden = !(state.depth > 1);
      current = state.tab;
      tabbar.hidden = tabBarHidden || !state.tab || !tabs.length;
      paintTabs();
    },
    setBadge(index, text) {
      const t = tabs[Number(index)];
      if (!t) throw { errMsg: `tabBar item ${index} does not exist` };
      t.badge.hidden = text === null;
      t.badge.textContent = text || '';
      t.badge.classList.toggle('dot', text === '');
      return {};
    },
    setTabBarHidden(hidden) {
      tabBarHidden = hidden;
      tabbar.hidden = hidden || !current;
      return {};
    },
    title: () => title.textContent,
  };
}
