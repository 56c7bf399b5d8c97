"""Runtime benchmark: a 1,000-row wx:for list in real Chromium, against hand-written DOM code.

Measures, in the view layer's own page (the sandboxed iframe), two things a user feels:

* first render — tap "Render 1,000 rows": the tap goes to the logic worker, the page's
  handler calls setData with 1,000 rows, the view renders the template and builds the DOM.
* one-row update — tap "Update row 500": setData('rows[500].label'), re-render, keyed
  diff, one text write.

Each is timed from the tap to the DOM being updated and laid out, and compared with
hand-written DOM code that builds (or updates) the same elements in the same page with
the same styles, also followed by layout. Reported as medians and as ratios
(runtime ÷ hand-written). Lower is better; the aim is ≤ 2× for first render and ≤ 3×
for the update.

    .venv/bin/python benchmarks/runtime.py [--runs 15] [--port 8190] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "tests" / "runtime" / "apps" / "bench"
CHROMIUM = "/usr/bin/chromium"

# Runs inside the view iframe. Each function returns milliseconds.
PROBES = """
() => {
  const page = document.querySelector('.mp-page[aria-hidden="false"] .mp-page-body');
  const root = page.shadowRoot;
  const list = () => root.querySelector('.rows');
  const settle = (done) => new Promise((resolve) => {
    if (done()) return resolve();
    const mo = new MutationObserver(() => { if (done()) { mo.disconnect(); resolve(); } });
    mo.observe(root, { childList: true, subtree: true, characterData: true });
  });
  const tap = (id) => root.querySelector(id).click();
  const layout = () => page.getBoundingClientRect() && list().offsetHeight;
  window.__bench = {
    async runtimeFirst() {
      const t0 = performance.now();
      tap('#render');
      await settle(() => list().children.length === 1000);
      layout();
      return performance.now() - t0;
    },
    async runtimeUpdate(n) {
      const t0 = performance.now();
      tap('#update');
      await settle(() => list().children[500].querySelector('.label').textContent === 'updated ' + n);
      layout();
      const t1 = performance.now();
      const s = window.__miniportStats.lastData;
      const sentAt = Number(root.querySelector('.sent-at').textContent);
      window.__bench.split = { toView: s.at - t0, render: s.renderMs, fromSetData: performance.timeOrigin + t1 - sentAt };
      return t1 - t0;
    },
    async runtimeClear() {
      tap('#clear');
      await settle(() => list().children.length === 0);
    },
    handFirst() {
      const t0 = performance.now();
      const box = document.createElement('wx-view');
      box.className = 'rows hand';
      for (let i = 0; i < 1000; i++) {
        const row = document.createElement('wx-view');
        row.className = 'row';
        const id = document.createElement('wx-text');
        id.className = 'id';
        id.appendChild(document.createTextNode(String(i)));
        const label = document.createElement('wx-text');
        label.className = 'label';
        label.appendChild(document.createTextNode('row ' + i));
        row.appendChild(id);
        row.appendChild(label);
        box.appendChild(row);
      }
      root.querySelector('wx-page').appendChild(box);
      box.offsetHeight;
      return performance.now() - t0;
    },
    handUpdate(n) {
      const box = root.querySelector('.hand');
      const t0 = performance.now();
      box.children[500].querySelector('.label').firstChild.data = 'updated ' + n;
      box.offsetHeight;
      return performance.now() - t0;
    },
    handClear() {
      root.querySelector('.hand').remove();
    },
  };
}
"""


def serve(port: int):  # type: ignore[no-untyped-def]
    import uvicorn

    from miniport.dev.builder import DevBuilder
    from miniport.dev.server import create_dev_app

    app = create_dev_app(DevBuilder(APP), watch=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    return server, thread


def measure(runs: int, port: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    server, thread = serve(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 800, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_function("window.__miniport && window.__miniport.ready", timeout=20000)
            iframe = page.locator("#mp").evaluate_handle(
                "el => el.shadowRoot.querySelector('iframe')"
            )
            frame = iframe.as_element().content_frame()
            frame.wait_for_selector("#render")
            frame.evaluate(PROBES)
            first_rt, first_hand, upd_rt, upd_hand = [], [], [], []
            updates = 0
            splits: list[dict[str, float]] = []
            for i in range(runs + 2):  # two warm-up rounds
                rt = frame.evaluate("() => window.__bench.runtimeFirst()")
                ups = []
                for _ in range(5):
                    updates += 1
                    ups.append(frame.evaluate(f"() => window.__bench.runtimeUpdate({updates})"))
                    splits.append(frame.evaluate("() => window.__bench.split"))
                frame.evaluate("() => window.__bench.runtimeClear()")
                hand = frame.evaluate("() => window.__bench.handFirst()")
                hand_ups = [
                    frame.evaluate(f"() => window.__bench.handUpdate({k})") for k in range(5)
                ]
                frame.evaluate("() => window.__bench.handClear()")
                if i >= 2:
                    first_rt.append(rt)
                    first_hand.append(hand)
                    upd_rt.extend(ups)
                    upd_hand.extend(hand_ups)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=5)
    med = statistics.median
    return {
        "runs": runs,
        "first_render_ms": round(med(first_rt), 2),
        "first_render_handwritten_ms": round(med(first_hand), 2),
        "first_render_ratio": round(med(first_rt) / med(first_hand), 2),
        "update_ms": round(med(upd_rt), 3),
        "update_handwritten_ms": round(med(upd_hand), 3),
        "update_ratio": round(med(upd_rt) / max(med(upd_hand), 0.001), 2),
        "update_tap_to_view_ms": round(med([x["toView"] for x in splits]), 3),
        "update_view_render_ms": round(med([x["render"] for x in splits]), 3),
        "update_from_setdata_ms": round(med([x["fromSetData"] for x in splits]), 3),
        "update_from_setdata_ratio": round(
            med([x["fromSetData"] for x in splits]) / max(med(upd_hand), 0.001), 2
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    result = measure(args.runs, args.port)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"first render of 1,000 rows: {result['first_render_ms']} ms runtime, "
            f"{result['first_render_handwritten_ms']} ms hand-written → {result['first_render_ratio']}×"
        )
        print(
            f"one-row update:             {result['update_ms']} ms runtime, "
            f"{result['update_handwritten_ms']} ms hand-written → {result['update_ratio']}×"
        )
        print(
            f"  from the setData call to the DOM: {result['update_from_setdata_ms']} ms"
            f" → {result['update_from_setdata_ratio']}×"
        )
        print(
            f"  of which tap → logic → view: {result['update_tap_to_view_ms']} ms, "
            f"view render + diff: {result['update_view_render_ms']} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
