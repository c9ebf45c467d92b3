"""course.json: the catalogue the browser code reads (docs/formats.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from academy.checks.see import SeeRefs
from academy.compile.game import game_data
from academy.compile.manual import manual_data
from academy.compile.urls import page_url, quiz_page_path
from academy.model import Course, QuizBank
from academy.model.schema import Bank

COURSE_JSON_PATH = "academy/course.json"  # relative to the site root
GAME_JSON_PATH = "academy/game.json"  # course.json without what only quizzes and manuals read
FORMAT_VERSION = 1
_refs: tuple[Course, SeeRefs] | None = None  # the last course's, shared by the pages of a build
# the last course's banks by lesson path and by quiz page path (see lesson_banks)
_banks: tuple[Course, dict[str, list[QuizBank]], dict[str, list[QuizBank]]] | None = None


def see_refs(course: Course) -> SeeRefs:
    """The resolver of `see:` references for ``course`` (built once per course)."""
    global _refs
    if _refs is None or _refs[0] is not course:
        _refs = (course, SeeRefs(course))
    return _refs[1]


def _bank_index(course: Course) -> tuple[dict[str, list[QuizBank]], dict[str, list[QuizBank]]]:
    global _banks
    if _banks is None or _banks[0] is not course:
        by_lesson: dict[str, list[QuizBank]] = {}
        by_page: dict[str, list[QuizBank]] = {}
        for qb in course.banks:
            if qb.bank.lesson is not None:
                by_lesson.setdefault(qb.bank.lesson, []).append(qb)
            by_page.setdefault(quiz_page_path(qb.bank.id), []).append(qb)
        _banks = (course, by_lesson, by_page)
    return _banks[1], _banks[2]


def lesson_banks(course: Course, path: str) -> list[QuizBank]:
    """``course.banks_for_lesson(path)`` from an index built once per course: a build asks for
    every lesson, and a scan of all banks each time made the build quadratic in the course."""
    return _bank_index(course)[0].get(path, [])


def page_banks(course: Course, path: str) -> list[QuizBank]:
    """The banks whose quiz page is ``path`` (one, ids being unique), from the same index."""
    return _bank_index(course)[1].get(path, [])


def has_own_page(course: Course, bank: Bank) -> bool:
    """A bank gets a page of its own (quiz/<id>/) only when no lesson shows it: a lesson's
    banks are taken at the end of the lesson, and a second page for them doubled the pages
    of a build (docs/benchmarks.md, "Build at scale")."""
    return bank.lesson is None or bank.lesson not in course.lessons


def bank_url(course: Course, bank: Bank) -> str:
    """Where the bank is taken, relative to the site root: its own page, or its section of
    the lesson page (``<lesson>/#quiz-<id>``, the id quiz_widget gives the section)."""
    if has_own_page(course, bank):
        return page_url(quiz_page_path(bank.id))
    return f"{page_url(bank.lesson or '')}#quiz-{bank.id}"


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
        banks = lesson_banks(course, lesson.path)
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
            bank_data(qb.bank, bank_url(course, qb.bank), see_refs(course))
            for qb in course.banks
        ],
        "manuals": manual_data(course),
        "game": game_data(course),
    }


def game_json(course_data: dict[str, Any]) -> dict[str, Any]:
    """What the header, dashboard, badge, certificate and progress pages read, from course.json's
    data: no manuals, and each question reduced to what points are counted from: id, type and
    points (the dashboard names a question by its bank and number). 42 KB against course.json's
    328 KB for the shipped course, so the pages that draw progress wait for less and parse less."""
    keep = ("id", "type", "points")
    banks = [
        {**{k: v for k, v in bank.items() if k != "questions"},
         "questions": [{k: q[k] for k in keep if k in q} for q in bank["questions"]]}
        for bank in course_data["banks"]
    ]
    return {**{k: v for k, v in course_data.items() if k not in ("banks", "manuals")}, "banks": banks}
