"""Offline study: the service worker ``sw.js`` at the site root (docs/browser.md, "Offline").

Agents study on patchy mobile networks. Once a page was opened, it should open again, and its
quiz should run and record progress, with no network. After the site is built, this module
writes ``sw.js`` at the site root (a worker's scope is the folder of its script, so it must sit
there to serve every page). It is small and generated: the version of the build and what to
keep, then ``importScripts`` of the logic, ``assets/academy/offline-worker.js`` (a theme file).

- **Precached at install** (the shell): what the home page loads (Material's stylesheets and
  script, favicon, ``academy.js``), every file of ``assets/academy/`` (the quiz code, the
  interface tables, the badges) except the reply-grading family, ``academy/course.json``,
  ``academy/game.json`` and the home page itself.
- **Not precached**: Pyodide (``assets/pyodide/<version>/``, 12 MB), cached only once a page
  used it, in a cache that outlives site versions (its folder carries its version); the
  grading modules that only load with it; search files; every other page (cached when opened).
- **Version**: a hash of every file of the site except HTML pages (fetched network-first, so
  they need no version), source maps, the sitemap and the lasting folders. A build that changes
  any asset or course data changes ``sw.js``, so browsers install the new worker, which fills a
  new cache and deletes the old ones. localStorage (progress) is never touched.

Generator-agnostic: it only reads the built site folder.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from academy.compile.catalogue import COURSE_JSON_PATH, GAME_JSON_PATH
from academy.compile.pyodide import SITE_PYODIDE_DIR

SW_PATH = "sw.js"
WORKER_SCRIPT = "assets/academy/offline-worker.js"  # the logic; its own file, from the theme
SHELL_DIR = "assets/academy/"
HOME_PAGE = "index.html"
#: Modules and styles that only load with the reply-grading engine: cached when first used,
#: like the engine itself, so a learner who never writes a reply never downloads them.
ENGINE_FAMILY = frozenset({"engine.js", "engine-worker.js", "reply.js", "practice.js",
                           "practice.css", "feedback.js"})
#: Folders whose name carries their version: cached on use, kept across site versions.
LASTING_DIRS = (f"{SITE_PYODIDE_DIR}/",)
#: Not part of the version: fetched network-first (pages) or never fetched by pages.
_UNVERSIONED_SUFFIXES = (".html", ".map")
_UNVERSIONED_FILES = frozenset({SW_PATH, "sitemap.xml", "sitemap.xml.gz"})
_SHELL_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "modulepreload",
                         "preload", "manifest"})


@dataclass
class OfflinePlan:
    """What sw.js holds; ``precache_bytes`` is what a first visit downloads in the background."""

    version: str
    precache: list[str] = field(default_factory=list)  # file URLs, relative to the site root
    pages: list[str] = field(default_factory=list)  # page URLs, relative to the site root
    lasting: list[str] = field(default_factory=list)  # folder URLs ending in "/"
    precache_bytes: int = 0
    skipped: str | None = None  # why no worker was written


class _ShellRefs(HTMLParser):
    """Local stylesheets, scripts, icons and preloads of a page, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"] or "")
        elif tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            if rels & _SHELL_RELS:
                self.refs.append(a["href"] or "")


def _local(ref: str, page_dir: str) -> str | None:
    """A reference of a page in ``page_dir``, as a path relative to the site root; None if it
    leaves the site (another origin, an absolute path) or is not a file."""
    ref = ref.split("#", 1)[0].split("?", 1)[0]
    if not ref or ref.startswith(("/", "data:", "blob:")) or "://" in ref or ref.startswith("//"):
        return None
    path = posixpath.normpath(posixpath.join(page_dir, ref))
    return None if path.startswith("..") or path == "." else path


def _files(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())


def _in_lasting(rel: str) -> bool:
    return rel.startswith(LASTING_DIRS)


def offline_plan(site_dir: Path) -> OfflinePlan:
    """What the worker precaches and its version, from the built site in ``site_dir``."""
    files = _files(site_dir)
    present = set(files)
    precache: list[str] = []

    def add(rel: str | None) -> None:
        if rel and rel in present and rel not in precache and not _in_lasting(rel):
            precache.append(rel)

    home = site_dir / HOME_PAGE
    if home.is_file():
        parser = _ShellRefs()
        parser.feed(home.read_text(encoding="utf-8", errors="replace"))
        for ref in parser.refs:
            add(_local(ref, ""))
    for rel in files:
        if (rel.startswith(SHELL_DIR) and not rel.endswith(".map") and rel != WORKER_SCRIPT
                and posixpath.basename(rel) not in ENGINE_FAMILY):
            add(rel)
    add(COURSE_JSON_PATH)
    add(GAME_JSON_PATH)

    digest = hashlib.sha256()
    for rel in files:
        if rel in _UNVERSIONED_FILES or rel.endswith(_UNVERSIONED_SUFFIXES) or _in_lasting(rel):
            continue
        digest.update(rel.encode() + b"\0" + hashlib.sha256((site_dir / rel).read_bytes()).digest())
    lasting = [d for d in LASTING_DIRS if (site_dir / d).is_dir()]
    plan = OfflinePlan(version="", precache=precache, pages=["./"] if home.is_file() else [],
                       lasting=lasting,
                       precache_bytes=sum((site_dir / rel).stat().st_size for rel in precache))
    digest.update(json.dumps([plan.precache, plan.pages, plan.lasting]).encode())
    plan.version = digest.hexdigest()[:16]
    return plan


def service_worker_js(plan: OfflinePlan) -> str:
    config = {"version": plan.version, "precache": plan.precache, "pages": plan.pages,
              "lasting": plan.lasting}
    return (
        "// The site's service worker: offline study (docs/browser.md). Generated by the academy\n"
        "// build (tools/academy/compile/offline.py); the logic is in the imported script.\n"
        f"self.ACADEMY_OFFLINE = {json.dumps(config, indent=1)};\n"
        f"importScripts('{WORKER_SCRIPT}?v={plan.version}');\n"
    )


def write_service_worker(site_dir: Path) -> OfflinePlan:
    """Write ``sw.js`` at the root of the built site; returns what it holds. A site without the
    worker's logic (built without the academy theme, so no page would register it) gets none,
    and ``skipped`` says so."""
    plan = offline_plan(site_dir)
    target = site_dir / SW_PATH
    if not (site_dir / WORKER_SCRIPT).is_file():
        target.unlink(missing_ok=True)
        plan.skipped = (f"academy: {WORKER_SCRIPT} is not in the site (a theme without it), so no "
                        "service worker was written: the site works online only.")
        return plan
    target.write_text(service_worker_js(plan), encoding="utf-8")
    return plan
