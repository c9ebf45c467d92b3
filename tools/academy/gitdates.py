"""Last commit date of every file, from one pass over the git history."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path


def last_commit_dates(root: Path) -> dict[str, date] | None:
    """Map of path (relative to ``root``) to the date of the last commit that touched it.

    None when ``root`` is not in a git work tree or git is missing (a tarball of the project).
    """
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root,
                             capture_output=True, text=True, check=True).stdout.strip()
        log = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=%x00%cs", "--name-only",
             "--no-renames", "--", "."],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    dates: dict[str, date] = {}
    for record in log.split("\0")[1:]:
        first, _, names = record.partition("\n")
        try:
            when = date.fromisoformat(first.strip())
        except ValueError:
            continue
        for name in names.splitlines():
            name = name.strip()
            if name and name.startswith(prefix):
                dates.setdefault(name[len(prefix):], when)  # newest commit comes first
    return dates
