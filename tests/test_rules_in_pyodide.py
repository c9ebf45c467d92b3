"""The wording engine's test suite (tests/rules) also runs inside Pyodide, under node.

Learners' replies are graded by the same package in the browser (Pyodide 0.25.1, Python 3.11), so
the same test files must pass there: tests/pyodide/run_rules_tests.mjs loads Pyodide from
tools/pyodide/node_modules, unpacks the rules wheel and pytest (wheels made offline from this
environment) and runs pytest on the copied files. Skipped locally without node or the npm package
(`npm ci --prefix tools/pyodide`); on CI (CI=true) a missing piece fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "pyodide" / "run_rules_tests.mjs"
PYODIDE = ROOT / "tools" / "pyodide" / "node_modules" / "pyodide" / "pyodide.mjs"


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def test_rules_suite_passes_inside_pyodide(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed (apt-get install nodejs)")
    if not PYODIDE.is_file():
        _missing("Pyodide is not installed: npm ci --prefix tools/pyodide")
    made = subprocess.run([sys.executable, str(ROOT / "tests/pyodide/make_wheels.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    assert {p.name.split("-")[0] for p in tmp_path.glob("*.whl")} >= {"rules", "pytest", "pluggy"}
    run = subprocess.run([node, str(RUNNER), "--wheels", str(tmp_path)], capture_output=True, text=True,
                         timeout=300, check=False, cwd=ROOT)
    out = run.stdout[-4000:] + run.stderr[-2000:]
    assert run.returncode == 0, out
    assert "in Pyodide emscripten" in run.stdout, out
    assert " passed" in run.stdout and " failed" not in run.stdout, out
