"""Interface strings of the pages and markup the build writes, in the site's language.

One table per language, theme/assets/academy/i18n/<lang>.json, holds every interface string: the
browser's widgets (theme/assets/academy/i18n.js fetches the page's table) and the generated pages
and markup here read the same files (docs/i18n.md). The build picks one language with
``use_language``; ``t`` looks keys up in it. Curriculum content is never translated.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TABLE_DIR = Path(__file__).resolve().parents[3] / "theme" / "assets" / "academy" / "i18n"
SITE_TABLE_DIR = "assets/academy/i18n/"  # where the theme puts the tables in the site
DEFAULT_LANGUAGE = "zh-CN"
# Chinese tags that mean Traditional characters (Material's theme.language has zh-Hant and zh-TW)
_TRADITIONAL = ("zh-tw", "zh-hant", "zh-hk", "zh-mo")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

_current = DEFAULT_LANGUAGE


def languages() -> list[str]:
    """The languages with a table, e.g. ['en', 'zh-CN', 'zh-TW']."""
    return sorted(p.stem for p in TABLE_DIR.glob("*.json"))


def resolve(tag: str | None) -> str | None:
    """The table for a BCP 47 tag or a Material ``theme.language`` value, or None.

    Exact matches first (any case); then zh-Hant, zh-HK, zh-MO → zh-TW; any other zh → zh-CN;
    then the primary subtag (en-GB → en).
    """
    want = (tag or "").strip().replace("_", "-").lower()
    if not want:
        return None
    available = languages()
    exact = {lang.lower(): lang for lang in available}
    if want in exact:
        return exact[want]
    if want.startswith("zh"):
        traditional = any(want == p or want.startswith(p + "-") for p in _TRADITIONAL)
        return exact.get("zh-tw" if traditional else "zh-cn")
    primary = want.split("-")[0]
    return next((lang for lang in available if lang.lower().split("-")[0] == primary), None)


@functools.cache
def table(lang: str) -> dict[str, str]:
    """Key → string of one language's table."""
    data = json.loads((TABLE_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{TABLE_DIR / lang}.json: expected an object of strings")
    return data


def unused_table(site_path: str, lang: str) -> bool:
    """Whether a site file is another language's table: the site ships its own table only (the
    offline cache and the pages then never download the others)."""
    return (site_path.startswith(SITE_TABLE_DIR) and site_path.endswith(".json")
            and site_path != f"{SITE_TABLE_DIR}{lang}.json")


def use_language(lang: str) -> None:
    """Write generated pages in ``lang`` (a language with a table) from now on."""
    global _current
    table(lang)  # fail now, not halfway through the pages
    _current = lang


def current_language() -> str:
    return _current


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Use ``lang`` inside the block, then the language used before."""
    before = _current
    use_language(lang)
    try:
        yield
    finally:
        use_language(before)


def t(key: str, /, **params: object) -> str:
    """The string ``key`` in the current language, ``{name}`` placeholders filled from params.

    A key missing from a table falls back to zh-CN (the key-parity test keeps that from
    happening); a key missing from zh-CN too is a programming error (KeyError).
    """
    text = table(_current).get(key)
    if text is None:
        text = table(DEFAULT_LANGUAGE)[key]
    return _PLACEHOLDER.sub(lambda m: str(params[m[1]]) if m[1] in params else m[0], text)


def titled_page(title_key: str, body: str) -> str:
    """Markdown of a generated page titled with the string ``title_key``, then ``body``."""
    title = t(title_key)
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n# {title}\n\n{body}\n"
