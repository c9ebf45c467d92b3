"""Benchmark: build time of the shipped course and the bytes our theme adds to a lesson page.

    python3 tools/bench/starter_site.py [--runs 3]

Prints the median `academy build` time, and for one lesson page the gzip bytes of the
JavaScript and CSS it loads, split into Material's own and ours (theme/assets/academy/),
following static ES-module imports.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

REPO = Path(__file__).resolve().parents[2]
ASSET = re.compile(r'<(?:script[^>]+src|link[^>]+href)="([^"]+\.(?:js|css))"')
IMPORT = re.compile(r'(?:import|export)\s[^;]*?from\s*["\']([^"\']+)["\']|import\s*["\']([^"\']+)["\']')


def build(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "academy.cli", "build", "--site-dir", str(site)],
                   cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - started


def page_assets(site: Path, page: Path) -> set[Path]:
    """Every JS/CSS file a page loads, with the modules those import."""
    base = "http://site/" + page.relative_to(site).as_posix()
    todo = [urljoin(base, ref) for ref in ASSET.findall(page.read_text(encoding="utf-8"))]
    seen: set[Path] = set()
    while todo:
        url = todo.pop()
        path = site / urlparse(url).path.lstrip("/")
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        if path.suffix == ".js":
            for a, b in IMPORT.findall(path.read_text(encoding="utf-8")):
                todo.append(urljoin(url, a or b))
    return seen


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        times = [build(site) for _ in range(args.runs)]
        lessons = sorted(p for p in site.glob("*/*/index.html")
                         if p.parent.parent.name not in ("quiz", "search"))
        page = lessons[0]
        assets = page_assets(site, page)
        ours = sorted(p for p in assets if "assets/academy/" in p.as_posix())
        theirs = sorted(set(assets) - set(ours))
        print(f"build time (academy build, median of {args.runs}): {statistics.median(times):.2f} s")
        print(f"lesson page: {page.relative_to(site)}")
        for label, files in (("Material", theirs), ("ours", ours)):
            js = sum(gz(p) for p in files if p.suffix == ".js")
            css = sum(gz(p) for p in files if p.suffix == ".css")
            print(f"{label:9} JS {js:7,d} B gzip  CSS {css:7,d} B gzip  ({len(files)} files)")


if __name__ == "__main__":
    main()
