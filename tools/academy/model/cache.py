"""A cache of what other files hold, so `academy check PATH` need not parse every other file again.

Entries are keyed by file and by a keyed hash of the file's bytes (BLAKE2b with a secret kept in
the user's cache folder, outside the project): a changed file is parsed again, and a cache file
planted in the project (by a pull request, say) cannot name a hash that matches, because its
author does not know the secret. Only files that loaded without problems are cached. The cache
lives in .academy-cache/ beside mkdocs.yml (git-ignored) and is only ever an optimisation:
deleting it changes no result.

Two files: ``index.json`` holds each file's hash, kind, *summary* (what the rules that look
across files read: ids, lessons named, competencies, review fields, question ids and prompts,
small enough to read on every run) and *stamp*, and ``content.json`` the full entries (the
validated data and a lesson's body), read only when something asks for more than the summary or
changes. A full check of unchanged content therefore neither builds entries nor writes the cache
again. The index is written last, and a full entry is used only when its own hash matches too.

The index starts with a keyed hash of the rest of it (the same secret): an index that this user's
academy did not write, or that was altered since, is not used at all. Only under that index does
a file's *stamp* (size, inode, modification and change times, as ``os.stat`` gives them) stand
for its hash, so that a focused check need not read and hash 10,000 unchanged files. As in git's
racy-timestamp rule, a file changed less than RACY_NS before it was read gets no stamp (its
hash is checked on every run): an edit made later cannot leave both of its times unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from academy import __version__

FORMAT = 6
CACHE_DIR = ".academy-cache"
KEY_BYTES = 32
RACY_NS = 2_000_000_000  # a file changed less than 2 s before it was read gets no stamp
INDEX_MAGIC = b"academy-index "  # the index's first line: this, its keyed hash in hex, "\n"

Stamp = list[int]  # [size, inode, st_mtime_ns, st_ctime_ns]


class LoadCache:
    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.path = self.folder / "content.json"
        self.index_path = self.folder / "index.json"
        self.key = secret()
        # file -> {"hash", "kind", "summary", "stamp"}; nothing is trusted without the secret,
        # and an index is not used at all unless its keyed hash proves that it was written here
        self.index: dict[str, Any] = _read_index(self.index_path, self.key) if self.key else {}
        self._entries: dict[str, Any] | None = None
        self.dirty = False  # entries changed: both files are written
        self.stamped = False  # only stamps changed: the index is written
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
        """The summary of a file and its hash, when the file is as it was: its stamp is the one
        recorded, else its bytes still have that hash (then its stamp is recorded for next time)."""
        known = self.index.get(file)
        if not (isinstance(known, dict) and known.get("kind") == kind
                and isinstance(known.get("summary"), dict) and isinstance(known.get("hash"), str)):
            return None
        recorded = known.get("stamp")
        if recorded is not None:
            try:
                if stamp_of(os.stat(path)) == recorded:
                    return known["summary"], known["hash"]
            except OSError:
                return None
        try:
            with open(path, "rb") as stream:
                status = os.fstat(stream.fileno())
                data = stream.read()
        except OSError:
            return None
        digest = self.digest(data)
        if digest is None or digest != known["hash"]:
            return None
        self._restamp(known, settled_stamp(status))
        return known["summary"], digest

    def _restamp(self, known: dict[str, Any], stamp: Stamp | None) -> None:
        if stamp is not None and known.get("stamp") != stamp:
            known["stamp"] = stamp
            self.stamped = True

    def full(self, file: str, digest: str) -> dict[str, Any] | None:
        """The full entry of a file whose summary was taken (None when it is missing or stale)."""
        entry = self.entries.get(file)
        if isinstance(entry, dict) and entry.get("hash") == digest:
            return entry
        return None

    def put(self, file: str, digest: str | None, kind: str,
            entry: Callable[[], tuple[dict[str, Any], dict[str, Any]]],
            stamp: Stamp | None = None) -> None:
        """Cache a file: ``entry`` gives (summary, full entry) and is called only when the
        cached one is not current; ``stamp`` is the file's stamp when it was read (None: too
        recently changed to stand for its hash)."""
        if digest is None or (self.skip is not None and self.skip(file)):
            return
        known = self.index.get(file)
        if isinstance(known, dict) and known.get("hash") == digest and known.get("kind") == kind:
            self._restamp(known, stamp)
            return
        summary, full = entry()
        self.entries[file] = {"hash": digest, **full}
        self.index[file] = {"hash": digest, "kind": kind, "summary": summary, "stamp": stamp}
        self.dirty = True

    def save(self, present: set[str]) -> None:
        """Write the cache (dropping files that no longer exist); never fails a check."""
        if self.key is None:
            return
        stale = set(self.index) - present
        if not (self.dirty or stale or self.stamped):
            return
        for file in stale:
            self.index.pop(file, None)
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            if self.dirty or stale:
                entries = self.entries
                for file in set(entries) - set(self.index):  # gone, or of an older index
                    del entries[file]
                _write(self.path, _dump("entries", entries))
            text = _dump("index", self.index)
            _write(self.index_path, INDEX_MAGIC + _seal(text, self.key).encode() + b"\n" + text)


def keyed_digest(data: bytes, key: bytes | None) -> str | None:
    """The keyed hash of a file's bytes (None without a secret: nothing is cached)."""
    if key is None:
        return None
    return hashlib.blake2b(data, key=key, digest_size=16).hexdigest()


def stamp_of(status: os.stat_result) -> Stamp:
    return [status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns]


def settled_stamp(status: os.stat_result, now: int | None = None) -> Stamp | None:
    """The stamp of a file just read, or None when it changed less than RACY_NS before ``now``:
    an edit in the same tick of a coarse file-system clock could then keep its stamp."""
    now = time.time_ns() if now is None else now
    if max(status.st_mtime_ns, status.st_ctime_ns) > now - RACY_NS:
        return None
    return stamp_of(status)


def _seal(text: bytes, key: bytes) -> str:
    """The keyed hash that proves an index was written with this user's secret."""
    return hashlib.blake2b(text, key=key, digest_size=32, person=b"academy-index").hexdigest()


def user_cache_dir() -> Path:
    """Where academy keeps, per user and outside every project, what it may rebuild at any time:
    the cache key and compiled templates ($XDG_CACHE_HOME/academy, else ~/.cache/academy)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "academy"


def secret() -> bytes | None:
    """The key of the cache's hashes: random bytes made once per user, kept outside projects
    (``user_cache_dir()/cache-key``). None when it cannot be had: then nothing is read from or
    written to a cache."""
    with contextlib.suppress(OSError, RuntimeError):
        path = user_cache_dir() / "cache-key"
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
    with contextlib.suppress(OSError):
        return _loads(path.read_bytes(), key)
    return {}


def _read_index(path: Path, key: bytes) -> dict[str, Any]:
    """The index, when its first line is the keyed hash of the rest; else nothing."""
    with contextlib.suppress(OSError, ValueError):
        data = path.read_bytes()
        head, _, text = data.partition(b"\n")
        if head.startswith(INDEX_MAGIC) and hmac.compare_digest(
                head[len(INDEX_MAGIC):], _seal(text, key).encode()):
            return _loads(text, "index")
    return {}


def _loads(data: bytes, key: str) -> dict[str, Any]:
    with contextlib.suppress(ValueError, TypeError, AttributeError, KeyError):
        value = json.loads(data)
        if value.get("format") == FORMAT and value.get("version") == __version__:
            value = value[key]
            if isinstance(value, dict):
                return value
    return {}


def _dump(key: str, value: dict[str, Any]) -> bytes:
    return json.dumps({"format": FORMAT, "version": __version__, key: value},
                      ensure_ascii=False, separators=(",", ":")).encode()  # the C encoder


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
