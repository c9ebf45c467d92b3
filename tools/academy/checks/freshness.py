"""Update timestamps: content past its review date, reviewed in the future, changed since review."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from academy.findings import Finding, red, yellow
from academy.model import Course
from academy.model.schema import ReviewFields
from academy.model.yamlpos import Positions

from .context import CheckContext


@dataclass(frozen=True)
class Reviewed:
    """One content file with review dates: a lesson or a quiz bank."""

    file: str
    meta: ReviewFields
    positions: Positions
    review_every: int

    @property
    def due(self) -> date:
        return self.meta.reviewed + timedelta(days=self.review_every)

    def is_current(self, today: date) -> bool:
        return self.meta.reviewed <= today <= self.due


def reviewed_content(course: Course, wanted: Callable[[str], bool] | None = None
                     ) -> list[Reviewed]:
    """The content files with review dates (of the files ``wanted``, by default all), by file."""
    default = course.default_review_every()
    items = [Reviewed(lesson.file, lesson.meta, lesson.positions, lesson.meta.review_every or default)
             for lesson in course.lessons.values() if wanted is None or wanted(lesson.file)]
    items += [Reviewed(qb.file, qb.bank, qb.positions, qb.bank.review_every or default)
              for qb in course.banks if wanted is None or wanted(qb.file)]
    items += [Reviewed(m.file, m.manual, m.positions, m.manual.review_every or default)
              for m in course.manuals if wanted is None or wanted(m.file)]
    return sorted(items, key=lambda item: item.file)


def timeliness(course: Course, today: date) -> tuple[int, int]:
    """How many content files are within their review cycle, of how many (what
    :meth:`Reviewed.is_current` says of each, without making 10,000 of them)."""
    default = course.default_review_every()
    metas: list[ReviewFields] = [lesson.meta for lesson in course.lessons.values()]
    metas += [qb.bank for qb in course.banks]
    metas += [m.manual for m in course.manuals]
    days: dict[int, timedelta] = {}
    current = 0
    for meta in metas:
        every = meta.review_every or default
        cycle = days.get(every)
        if cycle is None:
            cycle = days[every] = timedelta(days=every)
        reviewed = meta.reviewed
        current += reviewed <= today <= reviewed + cycle
    return current, len(metas)


def check_freshness(course: Course, context: CheckContext) -> Iterator[Finding]:
    today = context.today
    commits = context.commit_dates(course)
    for item in reviewed_content(course, course.in_focus if course.focus is not None else None):
        line = item.positions.line(("reviewed",))
        reviewed = item.meta.reviewed
        if reviewed > today:
            yield red(item.file, line, "reviewed-in-future",
                      f"`reviewed: {reviewed}` is after today ({today})",
                      "Write the date the content was actually checked, today or earlier.")
            continue
        overdue = (today - item.due).days
        if overdue > item.review_every:
            yield red(item.file, line, "review-overdue",
                      f"last reviewed {reviewed}, due {item.due}: more than two review cycles "
                      f"({item.review_every} days each) ago",
                      f"Check the content is still true with its owner ({item.meta.owner}), then "
                      f"set `reviewed: {today}`.")
        elif overdue > 0:
            yield yellow(item.file, line, "review-due",
                         f"the review was due on {item.due} ({overdue} days ago)",
                         f"Check the content is still true with its owner ({item.meta.owner}), "
                         f"then set `reviewed: {today}`.")
        changed = commits.get(item.file) if commits else None
        if changed and changed > reviewed:
            yield yellow(item.file, line, "changed-since-review",
                         f"changed on {changed}, after its review on {reviewed}",
                         f"Bump `reviewed` after checking the change: `reviewed: {changed}` "
                         "or later.")
