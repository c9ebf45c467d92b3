"""The game's pages and data: 我的成长档案, 徽章墙, 错题本, 结业证书 (docs/game.md).

Each page is a short generated Markdown page plus an empty marker the browser fills
(theme/assets/academy/dashboard.js, badges.js, review.js, certificate.js), like the progress page.
"""

from __future__ import annotations

from typing import Any

from academy.compile.urls import page_url
from academy.model import Course
from academy.model.game import GameConfig

DASHBOARD_PAGE = "dashboard.md"
BADGES_PAGE = "badges.md"
REVIEW_PAGE = "review.md"
CERTIFICATE_PAGE = "certificate.md"

_NOSCRIPT = '<noscript><p class="academy-noscript">此页面需要启用 JavaScript。</p></noscript>'

# path -> (title, introduction, marker class)
_PAGES: dict[str, tuple[str, str, str]] = {
    DASHBOARD_PAGE: (
        "我的成长档案",
        "能力雷达、积分走势、等级进度、徽章和学习时长，以及根据薄弱能力为您推荐的下一步课程。"
        "数据只保存在您当前使用的浏览器中。",
        "academy-dashboard",
    ),
    BADGES_PAGE: (
        "徽章墙",
        "已获得的徽章和尚未解锁的徽章。每枚未解锁的徽章下面写着还差什么。",
        "academy-badges",
    ),
    REVIEW_PAGE: (
        "错题本",
        "答错的题目会按间隔重复的节奏回到这里：第一次隔 1 天，答对后间隔逐步拉长，"
        "答错则从头再来。每天把到期的题目复习完即可。",
        "academy-review",
    ),
    CERTIFICATE_PAGE: (
        "结业证书",
        "通过结业考试后，在这里填写姓名，生成并打印您的结业证书（A4 纸一页）。",
        "academy-certificate",
    ),
}

GAME_PAGES = tuple(_PAGES)


def game_pages(course: Course) -> list[tuple[str, str]]:
    """(path, Markdown) of every game page."""
    return [
        (path, f"---\ntitle: {title}\n---\n\n# {title}\n\n{intro}\n")
        for path, (title, intro, _) in _PAGES.items()
    ]


def game_marker(path: str) -> str | None:
    """The empty element the browser fills on a game page; None for other pages."""
    if path not in _PAGES:
        return None
    return f'<div class="{_PAGES[path][2]}">{_NOSCRIPT}</div>\n'


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
