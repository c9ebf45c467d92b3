"""Ids that must be unique and references that must point at something."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from academy.findings import Finding, red
from academy.model import Course, QuizBank

from .context import CheckContext
from .see import check_see


def check_unique_ids(course: Course, context: CheckContext) -> Iterator[Finding]:
    if course.config and course.config_positions:
        for key in ("tiers", "competencies"):
            seen: set[str] = set()
            for index, item in enumerate(getattr(course.config, key)):
                if item.id in seen:
                    yield red(course.config_file, course.config_positions.line((key, index, "id")),
                              "duplicate-id", f"`{key}` lists the id `{item.id}` twice",
                              "Give each entry its own id, or merge the two entries.")
                seen.add(item.id)
    files_by_id: dict[str, list[QuizBank]] = {}
    for qb in course.banks:
        files_by_id.setdefault(qb.bank.id, []).append(qb)
    for qb in course.banks:
        bank = qb.bank
        others = [other.file for other in files_by_id[bank.id] if other is not qb]
        if others:
            yield red(qb.file, qb.positions.line(("id",)), "duplicate-bank-id",
                      f"the bank id `{bank.id}` is also used by {', '.join(others)}",
                      "Give one of them a new id that was never used: progress is stored by bank id.")
        if not course.in_focus(qb.file):
            continue
        seen_questions: set[str] = set()
        for index, question in enumerate(bank.questions):
            if question.id in seen_questions:
                yield red(qb.file, qb.positions.line(("questions", index, "id")),
                          "duplicate-question-id",
                          f"question {index + 1}: the id `{question.id}` is used twice in this bank",
                          "Give the question an id of its own: progress is stored by "
                          "bank id + question id.")
            seen_questions.add(question.id)


def check_references(course: Course, context: CheckContext) -> Iterator[Finding]:
    if course.config is None:
        return  # reported by the loader: nothing to check names against
    tiers = [t.id for t in course.config.tiers]
    competencies = [c.id for c in course.config.competencies]
    for lesson in course.lessons.values():
        if not course.in_focus(lesson.file):
            continue
        if lesson.meta.tier not in tiers:
            yield red(lesson.file, lesson.positions.line(("tier",)), "unknown-tier",
                      f"the tier `{lesson.meta.tier}` is not defined in {course.config_file}",
                      _choose("tier", lesson.meta.tier, tiers))
        for index, cid in enumerate(lesson.meta.competencies):
            if cid not in competencies:
                yield red(lesson.file, lesson.positions.line(("competencies", index)),
                          "unknown-competency",
                          f"the competency `{cid}` is not defined in {course.config_file}",
                          _choose("competency", cid, competencies))
    for qb in course.banks:
        if not course.in_focus(qb.file):
            continue
        for index, cid in enumerate(qb.bank.competencies):
            if cid not in competencies:
                yield red(qb.file, qb.positions.line(("competencies", index)),
                          "unknown-competency",
                          f"the competency `{cid}` is not defined in {course.config_file}",
                          _choose("competency", cid, competencies))
        lesson = qb.bank.lesson
        if lesson is not None and lesson not in course.lessons:
            lessons = sorted(course.lessons)
            yield red(qb.file, qb.positions.line(("lesson",)), "unknown-lesson",
                      f"the lesson `{lesson}` does not exist under "
                      f"{course.project.rel(course.project.docs_dir)}/",
                      _choose("lesson path (relative to the content folder)", lesson, lessons))
    yield from check_see(course, context)  # `see:` on questions (academy.checks.see)


def _choose(what: str, value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    if close:
        return f"Did you mean `{close[0]}`?"
    shown = ", ".join(f"`{k}`" for k in known[:12]) + (" ..." if len(known) > 12 else "")
    return f"Use an existing {what}: {shown}" if known else f"Define the {what} first."
