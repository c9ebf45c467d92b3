"""Generator-agnostic compiler: course.json, generated pages and widget markup.

Nothing here knows MkDocs; the plugin (academy.mkdocs_plugin) adapts it.
"""

from academy.compile.catalogue import COURSE_JSON_PATH, GAME_JSON_PATH, course_json, game_json
from academy.compile.pages import (
    PROGRESS_PAGE,
    QUIZ_INDEX_PAGE,
    GeneratedPage,
    Outline,
    generated_pages,
    html_after,
    outline,
    redirect_pages,
)
from academy.compile.urls import quiz_page_path

__all__ = [
    "COURSE_JSON_PATH",
    "GAME_JSON_PATH",
    "PROGRESS_PAGE",
    "QUIZ_INDEX_PAGE",
    "GeneratedPage",
    "Outline",
    "course_json",
    "game_json",
    "generated_pages",
    "html_after",
    "outline",
    "quiz_page_path",
    "redirect_pages",
]
