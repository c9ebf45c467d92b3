"""course.json: the catalogue the browser code reads (docs/formats.md)."""

from __future__ import annotations

from typing import Any

from academy.compile.game import game_data
from academy.compile.manual import manual_data
from academy.compile.urls import page_url, quiz_page_path
from academy.model import Course
from academy.model.schema import Bank

COURSE_JSON_PATH = "academy/course.json"  # relative to the site root
FORMAT_VERSION = 1
def bank_data(bank: Bank, url: str) -> dict[str, Any]:
    data = bank.model_dump(mode="json", exclude={"owner", "reviewed", "review_every"})
    data["url"] = url
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
            bank_data(qb.bank, page_url(quiz_page_path(qb.bank.id))) for qb in course.banks
        ],
        "manuals": manual_data(course),
        "game": game_data(course),
    }
