"""Where generated and content pages land in the site (relative URLs)."""

from __future__ import annotations

import posixpath

QUIZ_DIR = "quiz"


def quiz_page_path(bank_id: str) -> str:
    return f"{QUIZ_DIR}/{bank_id}.md"


def page_url(path: str) -> str:
    """The directory URL of a Markdown page, relative to the site root."""
    stem, _ = posixpath.splitext(path)
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""
