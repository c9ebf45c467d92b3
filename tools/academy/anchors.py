"""Heading ids: the one slug function the build and the anchor checks share.

Python-Markdown's default slug drops every non-ASCII character, so Chinese headings become
``#_1``, ``#_2``: links to a section say nothing and change when a heading is added above. This
function keeps the heading's words (``## 退款流程`` → ``#退款流程``), lower-cases ASCII, drops
punctuation and joins words with the separator; repeated headings get ``_1``, ``_2`` from the toc
extension, in page order, so ids are the same on every build of the same page.

The plugin gives it to the toc extension when mkdocs.yml sets no ``slugify`` (mkdocs.yml names
it), and ``academy.checks.safety`` resolves ``#anchor`` links with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

try:  # pymdown-extensions is a dependency of the project
    from pymdownx.slugs import slugify as _pymdownx_slugify

    _SLUG: Callable[[str, str], str] = _pymdownx_slugify(case="lower")
except ImportError:  # pragma: no cover - the same algorithm, inlined

    def _SLUG(text: str, sep: str) -> str:
        slug = re.sub(r"</?[^>]*>", "", unicodedata.normalize("NFC", text)).strip().lower()
        return re.sub(r"[^\w\- ]", "", slug).replace(" ", sep)


def slugify(text: str, sep: str) -> str:
    """The id of a heading whose plain text is ``text`` (toc's ``slugify(value, separator)``)."""
    return _SLUG(text, sep)
