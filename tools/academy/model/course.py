"""The course model: every lesson, quiz bank and the course definition, loaded once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from rules import Ruleset

from academy.findings import Finding
from academy.model.manual import Manual
from academy.model.schema import Bank, CourseConfig, LessonMeta
from academy.model.yamlpos import Positions


@dataclass(frozen=True)
class Project:
    """Where a project's content lives."""

    root: Path
    docs_dir: Path
    quizzes_dir: Path
    site_dir: Path

    def rel(self, path: Path) -> str:
        """A path as findings show it: relative to the project root when inside it."""
        text, root = str(path), str(self.root)
        if text.startswith(root + os.sep):  # the common case: string work only (10,000 files)
            rest = text[len(root) + 1 :]
            return rest if os.sep == "/" else PurePath(rest).as_posix()
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def course_file(self) -> Path:
        return self.docs_dir / "academy.yml"

    @property
    def wording_file(self) -> Path:
        return self.docs_dir / "wording.yml"

    @property
    def manual_dir(self) -> Path:
        return self.docs_dir / "manual"


@dataclass
class Lesson:
    path: str  # relative to docs_dir, e.g. "foundation/first-response.md"
    file: str  # relative to the project root, for findings
    meta: LessonMeta
    positions: Positions
    body: str
    body_line: int  # file line where the Markdown body starts


@dataclass
class QuizBank:
    file: str
    bank: Bank
    positions: Positions
    prompts: list[str] | None = None  # the prompts normalized (model/text.py), from the load cache


@dataclass
class ManualFile:
    file: str
    manual: Manual
    positions: Positions


@dataclass
class Course:
    project: Project
    config: CourseConfig | None
    config_positions: Positions | None
    lessons: dict[str, Lesson] = field(default_factory=dict)
    banks: list[QuizBank] = field(default_factory=list)
    manuals: list[ManualFile] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # other Markdown pages (index.md)
    load_findings: list[Finding] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # file -> text, for line-level checks
    wording: Ruleset | None = None  # content/wording.yml, when present and valid
    focus: tuple[str, ...] | None = None  # files/folders a check reports on (None: all)
    _focus_key: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _focus_files: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)
    _focus_folders: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def in_focus(self, file: str) -> bool:
        """Whether findings about ``file`` are wanted (files outside may be cached stand-ins)."""
        if self.focus is None:
            return True
        if self._focus_key != self.focus:  # the focus as a set and prefixes, made once
            self._focus_key = self.focus
            self._focus_files = frozenset(self.focus)
            self._focus_folders = tuple(f.rstrip("/") + "/" for f in self.focus)
        return file in self._focus_files or file.startswith(self._focus_folders)

    @property
    def config_file(self) -> str:
        return self.project.rel(self.project.course_file)

    def default_review_every(self) -> int:
        return self.config.review_every if self.config else 90

    def banks_for_lesson(self, path: str) -> list[QuizBank]:
        return [b for b in self.banks if b.bank.lesson == path]

    def ordered_lessons(self) -> list[Lesson]:
        """Lessons in course order: by tier as academy.yml lists them, then order, then path."""
        tier_rank = {t.id: i for i, t in enumerate(self.config.tiers)} if self.config else {}
        return sorted(
            self.lessons.values(),
            key=lambda lesson: (
                tier_rank.get(lesson.meta.tier, len(tier_rank)),
                lesson.meta.order,
                lesson.path,
            ),
        )
