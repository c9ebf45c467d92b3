"""A cache of validated content, so `academy check PATH` need not parse every other file again.

Entries are keyed by file and stamped with (mtime_ns, size); a changed file is parsed again.
Only files that loaded without problems are cached. The cache lives in .academy-cache/ beside
mkdocs.yml (git-ignored) and is only ever an optimisation: deleting it changes no result.

Two files: ``index.json`` holds each file's stamp and kind (small, read on every run), and
``content.json`` the entries (read only when an entry is asked for or changes). A full check of
unchanged content therefore neither builds entries nor writes the cache again. The index is
written last, and an entry is used only when its own stamp matches too.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from academy import __version__

FORMAT = 4
CACHE_DIR = ".academy-cache"


class LoadCache:
    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.path = self.folder / "content.json"
        self.index_path = self.folder / "index.json"
        self.index: dict[str, list[Any]] = _read(self.index_path, "stamps")  # file -> [*stamp, kind]
        self._entries: dict[str, dict[str, Any]] | None = None
        self.dirty = False

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries = _read(self.path, "entries")
        return self._entries

    @staticmethod
    def stamp(path: Path) -> list[int]:
        info = path.stat()
        return [info.st_mtime_ns, info.st_size]

    def get(self, file: str, path: Path) -> dict[str, Any] | None:
        try:
            stamp = self.stamp(path)
        except OSError:
            return None
        known = self.index.get(file)
        if not isinstance(known, list) or known[:2] != stamp:
            return None
        entry = self.entries.get(file)
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            return entry
        del self.index[file]  # the index ran ahead of the entries: cache the file again
        self.dirty = True
        return None

    def put(self, file: str, path: Path, kind: str, entry: Callable[[], dict[str, Any]]) -> None:
        """Cache a file's entry (``data`` and what else ``entry`` gives); ``entry`` is called
        only when the cached entry is not current."""
        try:
            stamp = self.stamp(path)
        except OSError:
            return
        if self.index.get(file) == [*stamp, kind]:
            return
        self.entries[file] = {"stamp": stamp, "kind": kind, **entry()}
        self.index[file] = [*stamp, kind]
        self.dirty = True

    def save(self, present: set[str]) -> None:
        """Write the cache (dropping files that no longer exist); never fails a check."""
        stale = set(self.index) - present
        if not (self.dirty or stale):
            return
        entries = self.entries
        for file in stale:
            self.index.pop(file, None)
            entries.pop(file, None)
        for file in set(entries) - set(self.index):  # entries of an older index: unusable
            del entries[file]
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            _write(self.path, "entries", entries)
            _write(self.index_path, "stamps", self.index)


def _read(path: Path, key: str) -> dict[str, Any]:
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == FORMAT and data.get("version") == __version__:
            value = data[key]
            if isinstance(value, dict):
                return value
    return {}


def _write(path: Path, key: str, value: dict[str, Any]) -> None:
    text = json.dumps({"format": FORMAT, "version": __version__, key: value},
                      ensure_ascii=False, separators=(",", ":"))  # the C encoder
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)
