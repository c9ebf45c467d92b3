"""The reply-grading engine in the site: self-hosted Pyodide, the ``rules`` wheel, the wording rules.

Free-text replies (the practice desk and `reply` questions) are graded in the learner's browser by
the same Python package that checks content at build time (tools/rules), run by Pyodide. Nothing
comes from a CDN: the site must work on an intranet and offline. This module copies into the
built site (generator-agnostic: it only needs the course and the site folder):

- ``assets/pyodide/<version>/``: the Pyodide core files from the npm package in tools/pyodide
  (a versioned folder, so an upgrade never mixes cached files of two versions);
- ``academy/rules-<version>-py3-none-any.whl``: a deterministic wheel of tools/rules;
- ``academy/wording.json``: the wording rules (content/wording.yml) as plain data;
- ``academy/engine.json``: what the browser reads first: where the files are, their hashes (to
  bust caches), or ``"available": false`` and why.

When the npm package is missing the build runs ``npm ci --prefix tools/pyodide`` once; when npm is
missing or fails the build still succeeds, with one warning, and the practice pages say in Chinese
that grading is unavailable. See docs/practice.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rules
from rules import Ruleset

from academy.compile.wheel import build_package_wheel
from academy.model import Course

PYODIDE_VERSION = "0.25.1"
#: The npm project that pins Pyodide (package.json, package-lock.json); node_modules is git-ignored.
NPM_DIR = Path(__file__).resolve().parents[2] / "pyodide"
#: Overrides where the Pyodide core files are read from (a folder holding pyodide.mjs).
PYODIDE_ENV = "ACADEMY_PYODIDE_DIR"
#: What loadPyodide() fetches in a browser, and nothing else (no packages: the wheel is ours).
CORE_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
              "pyodide-lock.json")
SITE_PYODIDE_DIR = f"assets/pyodide/{PYODIDE_VERSION}"  # relative to the site root
ENGINE_JSON = "academy/engine.json"
WORDING_JSON = "academy/wording.json"
WHEEL_DIR = "academy"
ENGINE_FORMAT = 1

_npm_tried = False  # run `npm ci` at most once per process (academy serve rebuilds often)


@dataclass
class EngineInstall:
    """What install_engine did: ``warning`` is set when the site has no working engine."""

    needed: bool
    available: bool = False
    files: list[str] = field(default_factory=list)  # written, relative to the site root
    warning: str | None = None


def needs_engine(course: Course) -> bool:
    """Whether any page grades free text: a practice card or a `reply` question."""
    return any(mf.manual.practice for mf in course.manuals) or any(
        q.type == "reply" for qb in course.banks for q in qb.bank.questions
    )


def wording_data(ruleset: Ruleset | None) -> dict[str, Any]:
    """The rule set as content/wording.yml writes it; ``Ruleset.from_dict`` gives it back."""
    if ruleset is None:
        return {}
    return {
        "forbidden": [
            {k: v for k, v in (("phrase", f.phrase), ("replacement", f.replacement),
                               ("reason", f.reason)) if v is not None}
            for f in ruleset.forbidden
        ],
        "vague": list(ruleset.vague),
        "glossary": list(ruleset.glossary),
        "limits": {"max_sentence_chars": ruleset.max_sentence_chars,
                   "max_jargon_ratio": ruleset.max_jargon_ratio},
    }


def pyodide_source(say: Callable[[str], None] | None = None) -> tuple[Path | None, str | None]:
    """The folder with the Pyodide core files, installing the npm package once if needed.

    Returns (folder, None) or (None, why not).
    """
    global _npm_tried
    say = say or _stderr
    override = os.environ.get(PYODIDE_ENV)
    if override:
        folder = Path(override)
        missing = [name for name in CORE_FILES if not (folder / name).is_file()]
        return (None, f"{PYODIDE_ENV}={override} lacks {', '.join(missing)}") if missing else (folder, None)
    folder = NPM_DIR / "node_modules" / "pyodide"
    if _installed_version(folder) != PYODIDE_VERSION and not _npm_tried:
        _npm_tried = True
        npm = shutil.which("npm")
        if npm is None:
            return None, "npm is not installed (apt-get install npm), so Pyodide could not be installed"
        command = [npm, "ci", "--prefix", str(NPM_DIR), "--no-audit", "--no-fund"]
        say(f"academy: Pyodide {PYODIDE_VERSION} is not installed; running "
            f"`npm ci --prefix {_shown(NPM_DIR)}` (once) to install it from the npm registry")
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"`npm ci --prefix {_shown(NPM_DIR)}` failed: {exc}"
        if run.returncode != 0:
            tail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            return None, f"`npm ci --prefix {_shown(NPM_DIR)}` failed: {tail[0]}"
    version = _installed_version(folder)
    if version != PYODIDE_VERSION:
        found = f"version {version}" if version else "nothing"
        return None, (f"Pyodide {PYODIDE_VERSION} is not installed in {_shown(folder)} (found {found}); "
                      f"run `npm ci --prefix {_shown(NPM_DIR)}`")
    missing = [name for name in CORE_FILES if not (folder / name).is_file()]
    if missing:
        return None, f"{_shown(folder)} lacks {', '.join(missing)}"
    return folder, None


def install_engine(course: Course, site_dir: Path,
                   say: Callable[[str], None] | None = None) -> EngineInstall:
    """Copy Pyodide, the rules wheel and the wording rules into ``site_dir`` (see module doc).

    Does nothing when no page needs the engine. Never raises for a missing Pyodide: the result's
    ``warning`` says what is wrong, and engine.json tells the browser.
    """
    report = EngineInstall(needed=needs_engine(course))
    if not report.needed:
        return report
    source, why = pyodide_source(say)
    if source is None:
        report.warning = (f"academy: reply grading is unavailable in this build: {why}. The site is "
                          "built; its practice pages say that grading is unavailable.")
        _write(site_dir, ENGINE_JSON, _json({"format": ENGINE_FORMAT, "available": False,
                                              "reason": why}), report)
        return report

    target = site_dir / SITE_PYODIDE_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        src, dst = source / name, target / name
        if not (dst.is_file() and dst.stat().st_size == src.stat().st_size
                and dst.stat().st_mtime >= src.stat().st_mtime):
            shutil.copy2(src, dst)
        report.files.append(f"{SITE_PYODIDE_DIR}/{name}")

    wheel = build_package_wheel(Path(rules.__file__).parent, site_dir / WHEEL_DIR, name="rules",
                                version=rules.__version__,
                                summary="Wording rule engine of Service Academy")
    wheel_rel = f"{WHEEL_DIR}/{wheel.name}"
    report.files.append(wheel_rel)
    wording = _json(wording_data(course.wording))
    _write(site_dir, WORDING_JSON, wording, report)
    engine = {
        "format": ENGINE_FORMAT,
        "available": True,
        "pyodide": {"version": PYODIDE_VERSION, "index": f"{SITE_PYODIDE_DIR}/"},
        "rules": {"version": rules.__version__, "wheel": wheel_rel, "sha256": _sha(wheel.read_bytes())},
        "wording": {"url": WORDING_JSON, "sha256": _sha(wording)},
    }
    _write(site_dir, ENGINE_JSON, _json(engine), report)
    report.available = True
    return report


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _installed_version(folder: Path) -> str | None:
    try:
        return json.loads((folder / "package.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _write(site_dir: Path, rel: str, data: bytes, report: EngineInstall) -> None:
    path = site_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    report.files.append(rel)
