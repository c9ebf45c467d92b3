"""The game's pages and data: 我的成长档案, 徽章墙, 错题本, 结业证书 (docs/game.md).

Each page is a short generated Markdown page plus an empty marker the browser fills
(theme/assets/academy/dashboard.js, badges.js, review.js, certificate.js), like the progress page.
"""

from __future__ import annotations

from typing import Any

from academy.compile.i18n import t, titled_page
from academy.compile.urls import page_url
from academy.model import Course
from academy.model.game import GameConfig

DASHBOARD_PAGE = "dashboard.md"
BADGES_PAGE = "badges.md"
REVIEW_PAGE = "review.md"
CERTIFICATE_PAGE = "certificate.md"

# path -> (key of its title and introduction in the interface table, marker class)
_PAGES: dict[str, tuple[str, str]] = {
    DASHBOARD_PAGE: ("page.dashboard", "academy-dashboard"),
    BADGES_PAGE: ("page.badges", "academy-badges"),
    REVIEW_PAGE: ("page.review", "academy-review"),
    CERTIFICATE_PAGE: ("page.certificate", "academy-certificate"),
}

GAME_PAGES = tuple(_PAGES)


def game_pages(course: Course) -> list[tuple[str, str]]:
    """(path, Markdown) of every game page."""
    return [
        (path, titled_page(key + ".title", t(key + ".intro"))) for path, (key, _) in _PAGES.items()
    ]


def game_marker(path: str) -> str | None:
    """The empty element the browser fills on a game page; None for other pages."""
    if path not in _PAGES:
        return None
    noscript = f'<noscript><p class="academy-noscript">{t("page.noscript")}</p></noscript>'
    return f'<div class="{_PAGES[path][1]}">{noscript}</div>\n'


def _game(course: Course) -> GameConfig:
    return course.config.game if course.config else GameConfig()


def _urls() -> dict[str, str]:
    return {path.removesuffix(".md"): page_url(path) for path in _PAGES}


def game_data(course: Course) -> dict[str, Any]:
    """The `game` key of course.json: the whole game configuration, with page URLs."""
    data = _game(course).model_dump(mode="json")
    data["pages"] = _urls()
    return data


def header_data(course: Course) -> dict[str, Any]:
    """The little every page carries for the header: daily goal, review schedule, levels."""
    game = _game(course)
    return {
        "daily_goal": game.daily_goal,
        "review_intervals": game.review_intervals,
        "levels": [{"id": lv.id, "title": lv.title, "points": lv.points} for lv in game.levels],
        "pages": _urls(),
    }
