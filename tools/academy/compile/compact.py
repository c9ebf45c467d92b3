"""Blank lines and indentation out of built HTML pages.

Material's navigation template writes a line of indentation for every template branch it takes,
and for every child of every section it looks at, shown or not: half of a lesson page's bytes
were whitespace-only lines, and more of them as the course grows (docs/benchmarks.md, "Build at
scale"). Outside elements whose whitespace shows (``pre``, ``textarea``, ``code``, ``kbd``) or
means something (``script``, ``style``), a run of whitespace renders as one space, as does a
single line break: so a line break and the whitespace after it become one line break, and the
page looks and reads the same.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|code|kbd|script|style)\b.*?</\2\s*>)", re.S | re.I)
#: A line break and the ASCII whitespace after it (HTML collapses that, not U+00A0 or U+3000,
#: which indent Chinese text). Spaces before a line break stay: rare, and matching them made the
#: pass 2.5 times slower.
_BLANK = re.compile(r"\n[ \t\r\n\f]+")


def compact_html(page: str) -> str:
    """``page`` with every run of whitespace that starts with a line break made one line break,
    except inside ``pre``, ``textarea``, ``code``, ``kbd``, ``script`` and ``style`` elements."""
    parts = _KEEP.split(page)
    # split() yields: text, whole kept element, its tag name, text, element, tag name, ...
    out = []
    for i in range(0, len(parts), 3):
        out.append(_BLANK.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
