"""Wheels for running tests/rules inside Pyodide, made offline from this Python environment.

Writes into OUT_DIR: the ``rules`` wheel (built from tools/rules by the site's own wheel builder)
and pytest with its dependencies, zipped from the distributions installed here (their files as
listed in each RECORD; no network, no pip). Pure-Python only: Pyodide 0.25 runs Python 3.11, as CI.

    python tests/pyodide/make_wheels.py OUT_DIR
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from academy.compile.wheel import build_package_wheel, normalized, write_wheel  # noqa: E402

#: pytest and what it needs on Python 3.11 outside Windows (pytest's own requirements, resolved).
ROOTS = ("pytest",)
_ENV = {"python_version": "3.11", "python_full_version": "3.11.3", "sys_platform": "emscripten",
        "platform_system": "Emscripten", "os_name": "posix", "implementation_name": "cpython",
        "platform_python_implementation": "CPython", "extra": ""}


def _needed(requirement: str) -> str | None:
    """The distribution a requirement line names, if it applies inside Pyodide (no extras)."""
    from packaging.requirements import Requirement

    req = Requirement(requirement)
    if req.marker is not None and not req.marker.evaluate(_ENV):
        return None
    return req.name


def distributions(roots: tuple[str, ...] = ROOTS) -> list[metadata.Distribution]:
    seen: dict[str, metadata.Distribution] = {}
    todo = list(roots)
    while todo:
        name = normalized(todo.pop())
        if name in seen:
            continue
        dist = metadata.distribution(name)
        seen[name] = dist
        todo += [n for n in map(_needed, dist.requires or []) if n]
    return [seen[k] for k in sorted(seen)]


def wheel_of(dist: metadata.Distribution, out: Path) -> Path:
    """A wheel of an installed pure-Python distribution, from the files its RECORD lists."""
    files, info = [], []
    for entry in dist.files or []:
        rel = entry.as_posix()
        if rel.startswith("..") or "__pycache__" in rel or rel.endswith((".pyc", ".pyo")):
            continue  # scripts outside site-packages, caches
        path = Path(str(entry.locate()))
        if not path.is_file():
            continue
        if re.match(r"[^/]+\.dist-info/", rel):
            name = rel.split("/", 1)[1]
            if name not in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json"):
                info.append((name, path.read_bytes()))
        else:
            files.append((rel, path.read_bytes()))
    name = dist.metadata["Name"]
    return write_wheel(out, name, dist.version, files, dist_info=info)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    import rules

    paths = [build_package_wheel(ROOT / "tools" / "rules", out, name="rules", version=rules.__version__)]
    paths += [wheel_of(dist, out) for dist in distributions()]
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
