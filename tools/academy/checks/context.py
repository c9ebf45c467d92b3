"""What checks share besides the course: the date, git history, notes for the reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from academy.gitdates import last_commit_dates
from academy.model import Course


@dataclass
class CheckContext:
    today: date
    notes: list[str] = field(default_factory=list)  # said once per run, not per file
    aside: Any = None  # work begun in a second process (quiz_quality.begin_aside)
    _git: dict[str, date] | None = None
    _git_read: bool = False

    def commit_dates(self, course: Course) -> dict[str, date] | None:
        if not self._git_read:
            self._git_read = True
            self._git = last_commit_dates(course.project.root)
            if self._git is None:
                self.notes.append("not a git work tree: the 'changed since review' check was skipped")
        return self._git
