"""The simulator page of `miniport dev`: a device frame running the latest build, with
build and runtime problems (FILE:LINE:COL) and a console panel. Labels are bilingual,
English and zh-CN, since developers of WeChat-format mini-programs read both.
"""

from __future__ import annotations

import json

DEVICES = [
    {"id": "iphone-se", "label": "iPhone SE · 375×667", "width": 375, "height": 667},
    {"id": "iphone-14", "label": "iPhone 14 · 390×844", "width": 390, "height": 844},
    {"id": "pixel-7", "label": "Pixel 7 · 412×915", "width": 412, "height": 915},
    {"id": "ipad-mini", "label": "iPad mini · 744×1133", "width": 744, "height": 1133},
]

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Miniport simulator · 模拟器</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "PingFang SC", sans-serif; background: #e9ecf1; color: #1d2330; }
  header { display: flex; gap: 12px; align-items: center; padding: 8px 16px; background: #1d2330; color: #fff; }
  header h1 { font-size: 15px; margin: 0 12px 0 0; font-weight: 600; }
  header label { display: flex; gap: 6px; align-items: center; }
  header select, header button { font: inherit; padding: 3px 8px; border-radius: 4px; border: 1px solid #5b6478; background: #2c3446; color: #fff; }
  #status { margin-left: auto; font-size: 13px; }
  #status.ok::before { content: "●"; color: #3ecf6f; margin-right: 6px; }
  #status.bad::before { content: "●"; color: #ff5d5d; margin-right: 6px; }
  main { display: flex; gap: 16px; padding: 16px; align-items: flex-start; }
  #device { flex: none; position: relative; border: 10px solid #111; border-radius: 28px; background: #fff; overflow: hidden; box-shadow: 0 8px 30px rgba(0,0,0,.25); }
  #mp { position: absolute; inset: 0; }
  #overlay { position: absolute; inset: 0; background: rgba(255,255,255,.96); color: #b00020; padding: 16px; overflow: auto; font: 12px/1.5 ui-monospace, monospace; white-space: pre-wrap; z-index: 10; }
  #overlay[hidden] { display: none; }
  aside { flex: 1; min-width: 280px; display: flex; flex-direction: column; gap: 12px; }
  section { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  section h2 { margin: 0; padding: 8px 12px; font-size: 13px; border-bottom: 1px solid #e3e6eb; display: flex; justify-content: space-between; }
  section h2 button { font: inherit; font-size: 12px; border: 0; background: none; color: #3867d6; cursor: pointer; }
  ol { list-style: none; margin: 0; padding: 0; max-height: 300px; overflow: auto; font: 12px/1.5 ui-monospace, monospace; }
  li { padding: 4px 12px; border-bottom: 1px solid #f0f1f4; white-space: pre-wrap; word-break: break-word; }
  li.error { color: #b00020; } li.warning, li.warn { color: #8a5a00; } li.info, li.log, li.debug { color: #1d2330; }
  li .where { font-weight: 600; }
  .empty { padding: 8px 12px; color: #7a8294; font-size: 12px; }
</style>
</head>
<body>
<header>
  <h1>Miniport simulator · 模拟器</h1>
  <label>Device · 设备 <select id="device-select"></select></label>
  <button id="reload" type="button">Reload · 重新加载</button>
  <span id="status" role="status" aria-live="polite">Building… · 正在编译…</span>
</header>
<main>
  <div id="device"><div id="mp"></div><div id="overlay" hidden role="alert"></div></div>
  <aside>
    <section aria-labelledby="problems-title">
      <h2 id="problems-title">Problems · 问题 <button id="clear-problems" type="button">Clear · 清除</button></h2>
      <ol id="problems"></ol><div class="empty" id="no-problems">No problems · 没有问题</div>
    </section>
    <section aria-labelledby="console-title">
      <h2 id="console-title">Console · 日志 <button id="clear-console" type="button">Clear · 清除</button></h2>
      <ol id="console"></ol>
    </section>
  </aside>
</main>
<script type="module">
import { createMiniProgram } from '/runtime/container/index.js';

const DEVICES = __DEVICES__;
const POLICY = { requestDomains: __DOMAINS__, allowHttp: true };
const $ = (id) => document.getElementById(id);
const select = $('device-select');
for (const d of DEVICES) select.add(new Option(d.label, d.id));
select.value = localStorage.getItem('miniport.dev.device') || DEVICES[0].id;

let mp = null;
let version = 0;
let buildProblems = [];
let runtimeProblems = [];

function where(loc) {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '';
}

function renderProblems() {
  const list = $('problems');
  list.textContent = '';
  for (const p of [...buildProblems, ...runtimeProblems]) {
    const li = document.createElement('li');
    li.className = p.severity;
    const w = document.createElement('span');
    w.className = 'where';
    w.textContent = p.where ? `${p.where}: ` : '';
    li.append(w, `${p.severity}: ${p.message}`);
    list.append(li);
  }
  $('no-problems').hidden = list.children.length > 0;
}

function log(level, text) {
  const li = document.createElement('li');
  li.className = level;
  li.textContent = `[${level}] ${text}`;
  $('console').append(li);
  li.scrollIntoView({ block: 'nearest' });
}

function sizeDevice() {
  const d = DEVICES.find((x) => x.id === select.value) || DEVICES[0];
  $('device').style.width = `${d.width + 20}px`;
  $('device').style.height = `${d.height + 20}px`;
  return d;
}

async function launch(keepRoute) {
  const d = sizeDevice();
  const path = keepRoute && mp && mp.route ? mp.route : '';
  if (mp && mp.destroy) mp.destroy();
  runtimeProblems = [];
  renderProblems();
  const container = $('mp');
  const fresh = document.createElement('div');
  fresh.id = 'mp';
  fresh.style.cssText = 'position:absolute;inset:0';
  container.replaceWith(fresh);
  const controller = createMiniProgram({
    container: fresh,
    packageUrl: `/package.mpk?v=${version}`,
    policy: POLICY,
    hostId: 'miniport-dev',
    userId: 'developer',
    deviceModel: d.label,
    platform: 'devtools',
    launch: { path },
    lang: navigator.language && navigator.language.startsWith('zh') ? 'zh-CN' : 'en',
    hostApis: {
      login: () => ({ code: `dev-${Date.now().toString(36)}` }),
      getUserProfile: () => ({ userInfo: { nickName: 'Developer', avatarUrl: '', gender: 0, language: 'en' } }),
    },
    onLog: (level, args) => log(level, args.join(' ')),
    onShare: (content) => log('info', `share · 分享: ${JSON.stringify(content)}`),
    onError: (e) => {
      runtimeProblems.push({ severity: 'error', where: where(e.location), message: `${e.where ? e.where + ': ' : ''}${e.message}` });
      renderProblems();
      log('error', `${where(e.location)} ${e.message}${e.stack ? '\\n' + e.stack : ''}`);
    },
  });
  mp = controller;
  window.__miniport = { ready: false, version, controller };
  try {
    await controller.ready;
    window.__miniport = { ready: true, version, controller };
  } catch (err) {
    runtimeProblems.push({ severity: 'error', where: '', message: `launch failed: ${err.message}` });
    renderProblems();
  }
}

async function poll() {
  try {
    const res = await fetch('/api/state', { cache: 'no-store' });
    const s = await res.json();
    if (s.version !== version && !s.building) {
      const first = version === 0;
      version = s.version;
      buildProblems = s.diagnostics.map((d) => ({ severity: d.severity, where: `${d.file}:${d.line}:${d.col}`, message: d.message }));
      renderProblems();
      const status = $('status');
      status.className = s.ok ? 'ok' : 'bad';
      status.textContent = s.ok
        ? `Build ${s.version} ok in ${s.seconds}s · 编译成功`
        : `Build ${s.version} failed: ${s.diagnostics.filter((d) => d.severity === 'error').length} error(s) · 编译失败`;
      const overlay = $('overlay');
      overlay.hidden = s.ok;
      overlay.textContent = s.ok ? '' : ['Compile errors · 编译错误', ...buildProblems.filter((p) => p.severity === 'error').map((p) => `${p.where}: ${p.message}`)].join('\\n');
      if (s.ok) {
        log('info', first ? `build ${s.version} loaded · 已加载` : `build ${s.version}: reloading · 重新加载`);
        await launch(!first);
      }
    }
  } catch (err) {
    $('status').className = 'bad';
    $('status').textContent = 'Dev server unreachable · 无法连接开发服务器';
  }
  setTimeout(poll, 600);
}

select.addEventListener('change', () => {
  localStorage.setItem('miniport.dev.device', select.value);
  launch(true);
});
$('reload').addEventListener('click', () => launch(true));
$('clear-console').addEventListener('click', () => { $('console').textContent = ''; });
$('clear-problems').addEventListener('click', () => { runtimeProblems = []; renderProblems(); });
sizeDevice();
poll();
</script>
</body>
</html>
"""


def simulator_html(request_domains: list[str]) -> str:
    """The simulator page; `request_domains` is the allow-list its host policy enforces."""
    return _PAGE.replace("__DEVICES__", json.dumps(DEVICES)).replace(
        "__DOMAINS__", json.dumps(request_domains)
    )
