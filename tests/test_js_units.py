"""Runs the browser code's unit tests (tests/js/*.test.mjs) with Node's built-in test runner."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).parent / "js"


def test_browser_unit_tests_pass_under_node() -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed (apt-get install nodejs)")
        pytest.skip("node is not installed")
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert files, "no browser unit tests found"
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
