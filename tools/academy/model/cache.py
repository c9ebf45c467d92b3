"""A cache of what other files hold, so `academy check PATH` need not parse every other file again.

Entries are keyed by file and by a keyed hash of the file's bytes (BLAKE2b with a secret kept in
the user's cache folder, outside the project): a changed file is parsed again, and a cache file
planted in the project (by a pull request, say) cannot name a hash that matches, because its
author does not know the secret. Only files that loaded without problems are cached. The cache
lives in .academy-cache/ beside mkdocs.yml (git-ignored) and is only ever an optimisation:
deleting it changes no result.

Two files: ``index.json`` holds each file's hash, kind and *summary* (what the rules that look
across files read: ids, lessons named, competencies, review fields, question ids and prompts,
small enough to read on every run), and ``content.json`` the full entries (the validated data
and a lesson's body), read only when something asks for more than the summary or changes. A
full check of unchanged content therefore neither builds entries nor writes the cache again. The
index is written last, and a full entry is used only when its own hash matches too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from academy import __version__

FORMAT = 5
CACHE_DIR = ".academy-cache"
KEY_BYTES = 32


class LoadCache:
    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.path = self.folder / "content.json"
        self.index_path = self.folder / "index.json"
        self.key = secret()
        # file -> {"hash", "kind", "summary"}; nothing is trusted without the secret
        self.index: dict[str, Any] = _read(self.index_path, "index") if self.key else {}
        self._entries: dict[str, Any] | None = None
        self.dirty = False
        # files not cached by this run: a focused check's own files, which it parses anyway
        # (writing the 25 MB cache again after each edit of one file cost more than the check)
        self.skip: Callable[[str], bool] | None = None

    @property
    def entries(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = _read(self.path, "entries") if self.key else {}
        return self._entries

    def digest(self, data: bytes) -> str | None:
        return keyed_digest(data, self.key)

    def summary(self, file: str, path: str | Path, kind: str) -> tuple[dict[str, Any], str] | None:
        """The summary of a file and its hash, when the file's bytes still have that hash."""
        known = self.index.get(file)
        if not (isinstance(known, dict) and known.get("kind") == kind
                and isinstance(known.get("summary"), dict) and isinstance(known.get("hash"), str)):
            return None
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        digest = self.digest(data)
        if digest is None or digest != known["hash"]:
            return None
        return known["summary"], digest

    def full(self, file: str, digest: str) -> dict[str, Any] | None:
        """The full entry of a file whose summary was taken (None when it is missing or stale)."""
        entry = self.entries.get(file)
        if isinstance(entry, dict) and entry.get("hash") == digest:
            return entry
        return None

    def put(self, file: str, digest: str | None, kind: str,
            entry: Callable[[], tuple[dict[str, Any], dict[str, Any]]]) -> None:
        """Cache a file: ``entry`` gives (summary, full entry) and is called only when the
        cached one is not current."""
        if digest is None or (self.skip is not None and self.skip(file)):
            return
        known = self.index.get(file)
        if isinstance(known, dict) and known.get("hash") == digest and known.get("kind") == kind:
            return
        summary, full = entry()
        self.entries[file] = {"hash": digest, **full}
        self.index[file] = {"hash": digest, "kind": kind, "summary": summary}
        self.dirty = True

    def save(self, present: set[str]) -> None:
        """Write the cache (dropping files that no longer exist); never fails a check."""
        if self.key is None:
            return
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
            _write(self.index_path, "index", self.index)


def keyed_digest(data: bytes, key: bytes | None) -> str | None:
    """The keyed hash of a file's bytes (None without a secret: nothing is cached)."""
    if key is None:
        return None
    return hashlib.blake2b(data, key=key, digest_size=16).hexdigest()


def secret() -> bytes | None:
    """The key of the cache's hashes: random bytes made once per user, kept outside projects
    ($XDG_CACHE_HOME/academy/cache-key, else ~/.cache/...). None when it cannot be had: then
    nothing is read from or written to a cache."""
    with contextlib.suppress(OSError, RuntimeError):
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "academy" / "cache-key"
        with contextlib.suppress(FileNotFoundError):
            key = path.read_bytes()
            return key if len(key) == KEY_BYTES else None
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")  # mode 0600
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(KEY_BYTES))
        try:
            os.link(tmp, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
        key = path.read_bytes()
        return key if len(key) == KEY_BYTES else None
    return None


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
