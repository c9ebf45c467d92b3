"""Benchmark: the rules wheel as source (.py) or as bytecode (`pyodide py-compile`) in Pyodide.

    python3 tools/bench/pyodide_wheel.py [--venv DIR] [--runs 7]

The site ships a source wheel built by academy.compile.wheel. The alternative is the same wheel
compiled to .pyc by pyodide-build 0.25.1's `pyodide py-compile` (what Pyodide does to the
packages it distributes). pyodide-build is NOT a project dependency: it pins pydantic<2, cython<3,
build~=1.2, needs wheel<0.46 and pulls cmake, so this script keeps it in its own virtual
environment (default ~/.cache/academy/pyodide-build-0.25.1, created on first use; only
`py-compile` is used, which works offline once installed). The venv's Python must be 3.11, the
Python of Pyodide 0.25.1, or the bytecode will not load.

Prints the bytes of both wheels and, in headless Chromium on 127.0.0.1 (a fresh interpreter per
run, HTTP cache warm), the median time to unpack the wheel, `import rules`, and build the rule
set of content/wording.yml and check a first reply. Pyodide comes from tools/pyodide/node_modules.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import rules  # noqa: E402
from academy.compile.pyodide import CORE_FILES, NPM_DIR, PYODIDE_VERSION, wording_data  # noqa: E402
from academy.compile.wheel import build_package_wheel  # noqa: E402
from academy.model import Project, load_course  # noqa: E402
from sitebench import chromium, serve  # noqa: E402

DEFAULT_VENV = Path.home() / ".cache" / "academy" / f"pyodide-build-{PYODIDE_VERSION}"
REQUIREMENTS = [f"pyodide-build=={PYODIDE_VERSION}", "wheel<0.46"]

PAGE = """<!doctype html><meta charset="utf-8"><title>wheel bench</title>
<script type="module">
import { loadPyodide } from './pyodide/pyodide.mjs';
window.run = async (wheel) => {
  const py = await loadPyodide({ indexURL: new URL('./pyodide/', location.href).href });
  const wording = await (await fetch('wording.json')).text();
  const t0 = performance.now();
  const bytes = new Uint8Array(await (await fetch(wheel)).arrayBuffer());
  const t1 = performance.now();
  const site = py.runPython('import sysconfig; sysconfig.get_path("purelib")');
  py.unpackArchive(bytes, 'wheel', { extractDir: site });
  const t2 = performance.now();
  py.runPython('import rules');
  const t3 = performance.now();
  py.globals.set('WORDING', wording);
  py.runPython('import json\\nfrom rules import Ruleset, check\\n'
    + 'check("您好，您必须先提供订单号。", Ruleset.from_dict(json.loads(WORDING)))');
  const t4 = performance.now();
  return { fetch: t1 - t0, unpack: t2 - t1, import: t3 - t2, first_check: t4 - t3, total: t4 - t0 };
};
window.ready = true;
</script>
"""


def pyodide_build(venv: Path) -> Path:
    """The `pyodide` command of an isolated pyodide-build, installed on first use."""
    exe = venv / "bin" / "pyodide"
    if not exe.exists():
        print(f"creating {venv} with {' '.join(REQUIREMENTS)} (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *REQUIREMENTS],
                       check=True)
    python = str(venv / "bin" / "python")
    version = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.split()
    if version != ["3", "11"]:
        raise SystemExit(f"{venv} runs Python {'.'.join(version)}; "
                         f"Pyodide {PYODIDE_VERSION} needs 3.11 bytecode")
    return exe


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    core = NPM_DIR / "node_modules" / "pyodide"
    if not (core / "pyodide.mjs").is_file():
        raise SystemExit("Pyodide is not installed: npm ci --prefix tools/pyodide")
    exe = pyodide_build(args.venv)
    course = load_course(Project(root=ROOT, docs_dir=ROOT / "content", quizzes_dir=ROOT / "quizzes",
                                 site_dir=ROOT / "build"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "pyodide").mkdir()
        for name in CORE_FILES:
            shutil.copy2(core / name, folder / "pyodide" / name)
        source = build_package_wheel(ROOT / "tools" / "rules", folder, name="rules",
                                     version=rules.__version__)
        subprocess.run([str(exe), "py-compile", "--silent", "--keep", str(source)], check=True)
        compiled = next(folder.glob("rules-*-cp311-*.whl"))
        (folder / "wording.json").write_text(json.dumps(wording_data(course.wording), ensure_ascii=False),
                                             encoding="utf-8")
        (folder / "index.html").write_text(PAGE, encoding="utf-8")
        results: dict[str, list[dict[str, float]]] = {source.name: [], compiled.name: []}
        with serve(folder) as base, chromium() as browser:
            context = browser.new_context()
            for run in range(args.runs + 1):
                for wheel in results:
                    page = context.new_page()
                    page.goto(base)
                    page.wait_for_function("window.ready === true")
                    timing = page.evaluate("wheel => window.run(wheel)", wheel)
                    if run:  # the first round warms the HTTP cache and the wasm code cache
                        results[wheel].append(timing)
                    page.close()
            context.close()
        print(f"Pyodide {PYODIDE_VERSION}, headless Chromium, 127.0.0.1, {args.runs} runs each, medians (ms)")
        print(f"{'wheel':38} {'bytes':>7} {'unpack':>7} {'import':>7} {'1st check':>9} {'total':>7}")
        for path in (source, compiled):
            rows = results[path.name]
            med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
            print(f"{path.name:38} {path.stat().st_size:7d} {med['unpack']:7.1f} {med['import']:7.1f} "
                  f"{med['first_check']:9.1f} {med['total']:7.1f}")


if __name__ == "__main__":
    main()
