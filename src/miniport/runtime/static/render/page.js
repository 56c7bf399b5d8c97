/**
 * The page element of the view: a scroller holding a shadow root with a `<wx-page>`
 * wrapper (so `page {}` rules, compiled to `wx-page`, apply), plus what the page shell
 * does in the view: pull-down refresh, reach-bottom and page-scroll reporting.
 */

const PULL_THRESHOLD = 56;

const SHELL_CSS = `
.mp-page { position: absolute; inset: 0; overflow-y: auto; overflow-x: hidden; -webkit-overflow-scrolling: touch; }
.mp-page[aria-hidden="true"] { visibility: hidden; pointer-events: none; }
.mp-page.no-scroll { overflow: hidden; }
.mp-refresh { position: absolute; left: 0; right: 0; top: 0; height: 0; overflow: hidden; display: flex;
  align-items: center; justify-content: center; gap: 6px; font: 13px system-ui, sans-serif; color: #888; }
.mp-refresh .dot { width: 6px; height: 6px; border-radius: 50%; background: currentColor; opacity: .4;
  animation: mp-dot 1s infinite; }
.mp-refresh .dot:nth-child(2) { animation-delay: .2s } .mp-refresh .dot:nth-child(3) { animation-delay: .4s }
@keyframes mp-dot { 50% { opacity: 1 } }
`;

let shellSheetInstalled = false;

function installShellCss(doc) {
  if (shellSheetInstalled) return;
  shellSheetInstalled = true;
  const style = doc.createElement('style');
  style.textContent = SHELL_CSS;
  doc.head.appendChild(style);
}

/**
 * Create the page element inside `stage`. `hooks` says which page hooks exist so we
 * only report scrolling when someone listens; `post` sends `page:hook` messages.
 */
export function createPageElement(doc, stage, { pageId, window: win, hooks }, post) {
  installShellCss(doc);
  const scroller = doc.createElement('div');
  scroller.className = 'mp-page';
  scroller.dataset.pageId = pageId;
  if (win.disableScroll) scroller.classList.add('no-scroll');
  if (win.backgroundColor) scroller.style.background = win.backgroundColor;
  const refresh = doc.createElement('div');
  refresh.className = 'mp-refresh';
  refresh.setAttribute('role', 'status');
  refresh.innerHTML = '<span class="dot"></span><span class="dot"></span><span class="dot"></span>';
  const body = doc.createElement('div');
  body.className = 'mp-page-body';
  scroller.append(refresh, body);
  const root = body.attachShadow({ mode: 'open' });
  root.__pageRoot = true;
  const wrapper = doc.createElement('wx-page');
  root.appendChild(wrapper);
  stage.appendChild(scroller);

  const page = { pageId, scroller, body, root, wrapper, refresh, refreshing: false };
  const distance = Number(win.onReachBottomDistance ?? 50);
  let inBottomZone = false;
  let scrollQueued = false;
  scroller.addEventListener('scroll', () => {
    if (hooks.pageScroll && !scrollQueued) {
      scrollQueued = true;
      requestAnimationFrame(() => {
        scrollQueued = false;
        post({ t: 'page:hook', pageId, name: 'onPageScroll', args: [{ scrollTop: scroller.scrollTop }] });
      });
    }
    if (hooks.reachBottom) {
      const near = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= distance;
      if (near && !inBottomZone) post({ t: 'page:hook', pageId, name: 'onReachBottom', args: [] });
      inBottomZone = near;
    }
  }, { passive: true });

  if (win.enablePullDownRefresh) installPullDown(page, post);
  return page;
}

function setRefreshHeight(page, h, animate) {
  page.refresh.style.transition = animate ? 'height .2s' : '';
  page.refresh.style.height = `${h}px`;
  page.body.style.transition = animate ? 'transform .2s' : '';
  page.body.style.transform = h ? `translateY(${h}px)` : '';
}

function installPullDown(page, post) {
  let startY = null;
  let pulled = 0;
  const { scroller } = page;
  scroller.addEventListener('pointerdown', (e) => {
    if (scroller.scrollTop > 0 || page.refreshing) return;
    startY = e.clientY;
    pulled = 0;
  });
  scroller.addEventListener('pointermove', (e) => {
    if (startY === null) return;
    pulled = Math.max(0, Math.min(120, (e.clientY - startY) * 0.6));
    if (pulled > 4) setRefreshHeight(page, pulled, false);
  });
  const end = () => {
    if (startY === null) return;
    startY = null;
    if (pulled >= PULL_THRESHOLD * 0.6) startRefresh(page, post);
    else setRefreshHeight(page, 0, true);
    pulled = 0;
  };
  scroller.addEventListener('pointerup', end);
  scroller.addEventListener('pointercancel', end);
  scroller.addEventListener('pointerleave', end);
}

/** Show the refresh indicator and call the page's onPullDownRefresh. */
export function startRefresh(page, post) {
  if (page.refreshing) return;
  page.refreshing = true;
  page.scroller.scrollTop = 0;
  page.refresh.setAttribute('aria-label', 'Refreshing / 正在刷新');
  setRefreshHeight(page, PULL_THRESHOLD, true);
  post({ t: 'page:hook', pageId: page.pageId, name: 'onPullDownRefresh', args: [] });
}

/** Hide the refresh indicator (wx.stopPullDownRefresh). */
export function stopRefresh(page) {
  page.refreshing = false;
  page.refresh.removeAttribute('aria-label');
  setRefreshHeight(page, 0, true);
}
