"""A cache of validated content, so `academy check PATH` need not parse every other file again.

Entries are keyed by file and stamped with (mtime_ns, size); a changed file is parsed again.
Only files that loaded without problems are cached. The cache lives in .academy-cache/ beside
mkdocs.yml (git-ignored) and is only ever an optimisation: deleting it changes no result.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from academy import __version__

FORMAT = 1
CACHE_DIR = ".academy-cache"


class LoadCache:
    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / "content.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT and data.get("version") == __version__:
                self.entries = data["entries"]

    @staticmethod
    def stamp(path: Path) -> list[int]:
        info = path.stat()
        return [info.st_mtime_ns, info.st_size]

    def get(self, file: str, path: Path) -> dict[str, Any] | None:
        entry = self.entries.get(file)
        try:
            return entry if entry is not None and entry["stamp"] == self.stamp(path) else None
        except OSError:
            return None

    def put(self, file: str, path: Path, kind: str, data: dict[str, Any], **extra: Any) -> None:
        try:
            self.entries[file] = {"stamp": self.stamp(path), "kind": kind, "data": data, **extra}
            self.dirty = True
        except OSError:
            pass

    def save(self, present: set[str]) -> None:
        """Write the cache (dropping files that no longer exist); never fails a check."""
        stale = set(self.entries) - present
        for file in stale:
            del self.entries[file]
        if not (self.dirty or stale):
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            text = json.dumps({"format": FORMAT, "version": __version__, "entries": self.entries},
                              ensure_ascii=False, separators=(",", ":"))  # the C encoder
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, self.path)
