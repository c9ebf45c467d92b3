"""A tiny deterministic wheel builder (standard library only).

A wheel is a zip of the package files plus ``NAME-VERSION.dist-info/`` with METADATA, WHEEL and
RECORD (PEP 427, PEP 376). Entries are sorted and carry a fixed date, so the same files always give
the same bytes: the site's copy of the ``rules`` wheel changes only when the engine does, and a
browser cache keyed on its hash stays valid across builds.

Used by the build (academy.compile.pyodide) for the ``rules`` package and by the Pyodide test
runner (tests/pyodide/make_wheels.py) for pytest and its dependencies.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

#: Date of every entry (the earliest a zip can hold): builds are reproducible.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = (".pyc", ".pyo")


def normalized(name: str) -> str:
    """The distribution name as wheel file names spell it (PEP 427 / PEP 503, underscores)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def package_files(package_dir: Path) -> list[tuple[str, bytes]]:
    """(archive name, bytes) of every file of a package folder, without caches, sorted."""
    base = package_dir.parent
    files = []
    for path in sorted(package_dir.rglob("*")):
        if path.is_dir() or _SKIP_DIRS & set(path.relative_to(base).parts[:-1]):
            continue
        if path.name.endswith(_SKIP_SUFFIXES):
            continue
        files.append((path.relative_to(base).as_posix(), path.read_bytes()))
    return files


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def write_wheel(
    out_dir: Path,
    name: str,
    version: str,
    files: Iterable[tuple[str, bytes]],
    *,
    summary: str = "",
    tag: str = "py3-none-any",
    dist_info: Iterable[tuple[str, bytes]] = (),
) -> Path:
    """Write ``NAME-VERSION-TAG.whl`` into ``out_dir`` and return its path.

    ``files`` are (archive name, bytes) of the package; ``dist_info`` are extra files for the
    dist-info folder (name relative to it). METADATA, WHEEL and RECORD are written unless given.
    """
    dist = f"{normalized(name)}-{version}"
    info = f"{dist}.dist-info"
    entries = dict(sorted(files))
    extra = dict(dist_info)
    extra.setdefault("METADATA", (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        + (f"Summary: {summary}\n" if summary else "")
    ).encode("utf-8"))
    extra.setdefault("WHEEL", (
        "Wheel-Version: 1.0\nGenerator: academy.compile.wheel\nRoot-Is-Purelib: true\n"
        f"Tag: {tag}\n"
    ).encode())
    extra.pop("RECORD", None)
    for rel, data in sorted(extra.items()):
        entries[f"{info}/{rel}"] = data
    record = "".join(f"{arc},{_record_hash(data)},{len(data)}\n" for arc, data in entries.items())
    record += f"{info}/RECORD,,\n"
    entries[f"{info}/RECORD"] = record.encode("utf-8")

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{dist}-{tag}.whl"
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for arc, data in entries.items():
            entry = zipfile.ZipInfo(arc, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zf.writestr(entry, data)
    tmp.replace(target)
    return target


def build_package_wheel(package_dir: Path, out_dir: Path, *, name: str, version: str,
                        summary: str = "") -> Path:
    """A pure-Python wheel of one importable package folder (e.g. tools/rules)."""
    return write_wheel(out_dir, name, version, package_files(package_dir), summary=summary)
