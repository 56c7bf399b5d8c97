"""Compile benchmark: Miniport's build against WeChat's own WXML compiler (wcc).

Run from the repository root after `scripts/setup` (it needs node_modules):

    .venv/bin/python benchmarks/compile.py [--repeat N] [--json]

For two corpora — @vant/weapp alone, and @vant/weapp + weui-miniprogram — laid out as a
real app would use them (pages whose usingComponents point into miniprogram_npm/), it
measures in the same run:

- the full build with an empty cache (files per second over every source file);
  times are CPU seconds (this process plus wcc as a child), which a busy shared
  machine does not inflate; wall-clock times are printed beside them;
- the WXML stage alone (Miniport's `compile_wxml` over every .wxml file) and wcc
  compiling the same .wxml and .wxs files, and their ratio;
- a rebuild after changing one .wxml file (warm cache), as seconds and as a ratio to
  wcc's full compile;
- peak memory of the full build (Python allocations, by tracemalloc, measured in a
  separate pass so it does not slow the timed ones) and the process's peak RSS;
- the package size against the source zipped with deflate.

Each time is the best of `--repeat` runs (default 5), which is the least noisy figure
on a shared machine. Nothing here is cached between runs except what the rebuild
measurement is about.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
FIXTURE = REPO / "tests" / "compiler" / "fixtures" / "corpus-app"
WCC = NODE_MODULES / "miniprogram-compiler" / "bin" / "linux" / "wcc"

sys.path.insert(0, str(REPO / "src"))

from miniport.compiler.build import BuildOptions, build_project  # noqa: E402
from miniport.compiler.diagnostics import Diagnostics  # noqa: E402
from miniport.compiler.wxml import compile_wxml  # noqa: E402


def make_corpus(dest: Path, with_weui: bool) -> Path:
    """The corpus fixture app with the npm libraries copied into miniprogram_npm/."""
    shutil.copytree(FIXTURE, dest)
    npm = dest / "miniprogram_npm"
    shutil.copytree(NODE_MODULES / "@vant/weapp/dist", npm / "@vant/weapp")
    if with_weui:
        shutil.copytree(
            NODE_MODULES / "weui-miniprogram/miniprogram_dist", npm / "weui-miniprogram"
        )
        return dest
    shutil.rmtree(dest / "pages/weui")
    shutil.rmtree(dest / "packageB")
    (dest / "app.wxss").write_text("page { background: #f7f8fa; }\n")
    app = json.loads((dest / "app.json").read_text())
    app["pages"] = ["pages/vant/vant"]
    del app["subpackages"]
    (dest / "app.json").write_text(json.dumps(app, indent=2))
    return dest


def _cpu() -> float:
    """CPU seconds of this process and its finished children (wcc runs as a child)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, float, Any]:
    """Best wall-clock and best CPU seconds over `repeat` runs, and the last result.

    On a shared machine wall-clock time includes waiting for a core; CPU time does
    not, so ratios are computed on CPU time and wall times are printed beside them.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        cpu, started = _cpu(), time.perf_counter()
        result = run()
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu() - cpu)
    return min(walls), min(cpus), result


def source_files(root: Path, suffix: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(f"*{suffix}") if p.is_file())


def run_wcc(root: Path, wxml: list[str], wxs: list[str]) -> None:
    args = [str(WCC), "-d", "-cc", "0", *wxml, *wxs, "-gn", "$gwx"]
    done = subprocess.run(args, cwd=root, capture_output=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"wcc failed: {done.stderr.decode(errors='replace')[:500]}")


def wxml_stage(root: Path, wxml: list[str]) -> None:
    diags = Diagnostics()
    for path in wxml:
        compile_wxml(path, (root / path).read_text(encoding="utf-8"), diags)
    if diags.has_errors():
        raise RuntimeError(f"WXML errors: {[d.format() for d in diags.errors][:5]}")


def zipped_source_bytes(root: Path) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.endswith(".d.ts"):
                zf.write(path, path.relative_to(root).as_posix())
    return len(buffer.getvalue())


def measure(name: str, root: Path, work: Path, repeat: int) -> dict[str, Any]:
    wxml = source_files(root, ".wxml")
    wxs = source_files(root, ".wxs")
    files = [p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".d.ts")]

    def full_build() -> Any:
        cache = Path(tempfile.mkdtemp(dir=work))
        result = build_project(root, BuildOptions(cache_dir=cache))
        if result.package is None:
            raise RuntimeError([d.format() for d in result.errors][:5])
        return result

    full_wall, full_s, result = best(repeat, full_build)
    wcc_wall, wcc_s, _ = best(repeat, lambda: run_wcc(root, wxml, wxs))
    wxml_wall, wxml_s, _ = best(repeat, lambda: wxml_stage(root, wxml))

    # Rebuild: warm the cache, then change one template and build again.
    cache = work / f"{name}-warm"
    build_project(root, BuildOptions(cache_dir=cache))
    target = root / "miniprogram_npm/@vant/weapp/button/index.wxml"
    original = target.read_text(encoding="utf-8")
    counter = iter(range(1_000_000))
    compile_only: list[float] = []  # CPU of each rebuild minus writing the zip

    def one_file_rebuild() -> Any:
        target.write_text(original + f"\n<!-- edit {next(counter)} -->\n", encoding="utf-8")
        rebuilt = build_project(root, BuildOptions(cache_dir=cache))
        if rebuilt.package is None or rebuilt.cache_misses != 1:
            raise RuntimeError(f"rebuild compiled {rebuilt.cache_misses} files, expected 1")
        stages = rebuilt.stage_seconds
        compile_only.append(sum(stages.values()) - stages.get("package", 0.0))
        return rebuilt

    rebuild_wall, rebuild_s, _ = best(repeat, one_file_rebuild)
    target.write_text(original, encoding="utf-8")

    tracemalloc.start()
    build_project(root, BuildOptions(cache_dir=None))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    package_bytes = len(result.package)
    zipped = zipped_source_bytes(root)
    return {
        "corpus": name,
        "source_files": len(files),
        "wxml_files": len(wxml),
        "wxs_files": len(wxs),
        "full_build_wall_s": round(full_wall, 4),
        "wcc_wall_s": round(wcc_wall, 4),
        "wxml_stage_wall_s": round(wxml_wall, 4),
        "one_file_rebuild_wall_s": round(rebuild_wall, 4),
        "full_build_s": round(full_s, 4),
        "full_build_files_per_s": round(len(files) / full_s),
        "wxml_stage_s": round(wxml_s, 4),
        "wcc_s": round(wcc_s, 4),
        "wxml_stage_vs_wcc": round(wxml_s / wcc_s, 2),
        "full_build_vs_wcc": round(full_s / wcc_s, 2),
        "one_file_rebuild_s": round(rebuild_s, 4),
        "one_file_rebuild_vs_wcc_full": round(rebuild_s / wcc_s, 2),
        # The rebuild without writing the zip (deflate of every entry), which is the
        # package writer's fixed cost rather than compile work.
        "one_file_rebuild_compile_s": round(min(compile_only), 4),
        "one_file_rebuild_compile_vs_wcc_full": round(min(compile_only) / wcc_s, 2),
        "full_build_stage_cpu_s": {k: round(v, 4) for k, v in result.stage_seconds.items()},
        "peak_python_alloc_mb": round(peak / 1024 / 1024, 1),
        "package_bytes": package_bytes,
        "zipped_source_bytes": zipped,
        "package_vs_zipped_source": round(package_bytes / zipped, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (best is kept)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    if not WCC.exists() or not (NODE_MODULES / "@vant/weapp").is_dir():
        print("node_modules is missing; run scripts/setup first / 请先运行 scripts/setup")
        return 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="miniport-bench-") as tmp:
        work = Path(tmp)
        for name, with_weui in (("vant", False), ("vant+weui", True)):
            root = make_corpus(work / name, with_weui)
            rows.append(measure(name, root, work, args.repeat))
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {"results": rows, "process_peak_rss_mb": round(peak_rss_mb, 1)}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for row in rows:
        print(f"== {row['corpus']}: {row['source_files']} source files, {row['wxml_files']} WXML")
        print("  (CPU ms; wall-clock ms in brackets)")
        print(
            f"  full build      {row['full_build_s'] * 1000:8.1f} ms "
            f"[{row['full_build_wall_s'] * 1000:.0f}]  {row['full_build_files_per_s']} files/s, "
            f"{row['full_build_vs_wcc']}x wcc"
        )
        print(
            f"  WXML stage      {row['wxml_stage_s'] * 1000:8.1f} ms "
            f"[{row['wxml_stage_wall_s'] * 1000:.0f}]  wcc {row['wcc_s'] * 1000:.1f} ms "
            f"[{row['wcc_wall_s'] * 1000:.0f}]: {row['wxml_stage_vs_wcc']}x wcc"
        )
        print(
            f"  1-file rebuild  {row['one_file_rebuild_s'] * 1000:8.1f} ms "
            f"[{row['one_file_rebuild_wall_s'] * 1000:.0f}]  "
            f"{row['one_file_rebuild_vs_wcc_full']}x wcc's full compile"
        )
        print(
            f"    of which compiling {row['one_file_rebuild_compile_s'] * 1000:.1f} ms "
            f"({row['one_file_rebuild_compile_vs_wcc_full']}x wcc), the rest writing the zip"
        )
        stages = ", ".join(f"{k} {v * 1000:.0f}" for k, v in row["full_build_stage_cpu_s"].items())
        print(f"  full build by stage (CPU ms): {stages}")
        print(f"  peak memory     {row['peak_python_alloc_mb']:8.1f} MB (Python allocations)")
        print(
            f"  package         {row['package_bytes']:>8} B vs zipped source "
            f"{row['zipped_source_bytes']} B ({row['package_vs_zipped_source']}x)"
        )
    print(f"process peak RSS: {report['process_peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
