"""course.json: the catalogue the browser code reads (docs/formats.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from academy.checks.see import SeeRefs
from academy.compile.game import game_data
from academy.compile.manual import manual_data
from academy.compile.urls import page_url, quiz_page_path
from academy.model import Course
from academy.model.schema import Bank

COURSE_JSON_PATH = "academy/course.json"  # relative to the site root
FORMAT_VERSION = 1
_refs: tuple[Course, SeeRefs] | None = None  # the last course's, shared by the pages of a build


def see_refs(course: Course) -> SeeRefs:
    """The resolver of `see:` references for ``course`` (built once per course)."""
    global _refs
    if _refs is None or _refs[0] is not course:
        _refs = (course, SeeRefs(course))
    return _refs[1]


def bank_data(bank: Bank, url: str, refs: SeeRefs) -> dict[str, Any]:
    """A bank as the browser reads it: the YAML fields with defaults, its page URL, and each
    question's `see:` as links ({url relative to the site root, page, section, kind})."""
    data = bank.model_dump(mode="json", exclude={"owner", "reviewed", "review_every"})
    data["url"] = url
    for question in data["questions"]:
        targets = [refs.resolve(ref) for ref in question.get("see") or []]
        question["see"] = [asdict(t) for t in targets if t is not None]
    return data


def course_json(course: Course) -> dict[str, Any]:
    config = course.config
    lessons = []
    for lesson in course.ordered_lessons():
        banks = course.banks_for_lesson(lesson.path)
        lessons.append({
            "path": lesson.path,
            "url": page_url(lesson.path),
            "title": lesson.meta.title,
            "tier": lesson.meta.tier,
            "competencies": lesson.meta.competencies,
            "bank": banks[0].bank.id if banks else None,
        })
    return {
        "version": FORMAT_VERSION,
        "site_id": config.site_id if config else "",
        "tiers": [t.model_dump() for t in config.tiers] if config else [],
        "competencies": [c.model_dump() for c in config.competencies] if config else [],
        "lessons": lessons,
        "banks": [
            bank_data(qb.bank, page_url(quiz_page_path(qb.bank.id)), see_refs(course))
            for qb in course.banks
        ],
        "manuals": manual_data(course),
        "game": game_data(course),
    }
