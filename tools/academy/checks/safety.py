"""Safety and structure of pages: links, anchors, images, and HTML that would run code.

Lessons and index pages are Markdown that reaches every learner's browser after a pull request
is merged, so this module reads them the way the build will:

* ``broken-link`` (red): a relative link to a file that is not under the docs folder (generated
  pages ``quiz/<bank-id>.md``, ``quiz/index.md`` and ``progress.md`` count as present);
* ``broken-anchor`` (red): ``#anchor`` that matches no heading id of the target page (ids are
  made like the build makes them: ``academy.anchors.slugify``, the toc slug of the build,
  ``_1``, ``_2`` for repeated headings, ``{#id}`` attributes and HTML ``id=`` attributes);
* ``missing-image`` (red) and ``image-alt`` (yellow);
* ``unsafe-html`` (red): ``<script>``, ``<iframe>`` and other elements that run or embed foreign
  code, ``on...=`` event handler attributes (in HTML or in ``{ ... }`` attribute lists) and
  ``javascript:`` / ``vbscript:`` / ``data:text/html`` URLs; quiz bank texts are scanned too.

Fenced code blocks and inline code spans are ignored: examples may show such text. Whether a
piece of text is code is decided quickly from the source. When that decision would hide unsafe
text, the page is rendered with Python-Markdown (the extensions of mkdocs.yml, in a child process
with a time limit) and the card is dropped only if the rendered page is free of unsafe HTML, so a
fence that the build does not accept never hides a script.

The scanners run in time linear in the size of the text, and the check never raises.
"""

from __future__ import annotations

import bisect
import difflib
import html
import json
import posixpath
import re
import subprocess
import sys
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from academy.anchors import slugify
from academy.findings import Finding, red, yellow
from academy.model import Course
from academy.model.yamlpos import YamlProblem, load_yaml, split_front_matter

from .context import CheckContext

BROKEN_LINK = "broken-link"
BROKEN_ANCHOR = "broken-anchor"
MISSING_IMAGE = "missing-image"
IMAGE_ALT = "image-alt"
UNSAFE_HTML = "unsafe-html"

QUOTE_CHARS = 80
MAX_SUGGESTION_LOOKUPS = 100  # guesses are slow on big sites; later broken links get none
MAX_FUZZY_POOL = 2_000  # beyond this many files, guesses only look in the target's folder

# ---------------------------------------------------------------------------------------------
# Unsafe HTML


_UNSAFE_TAGS = {
    "script": "Remove the `<script>` element: pages may not run their own code (quizzes come "
              "from quizzes/*.yml).",
    "iframe": "Remove the `<iframe>` and link to the content instead, e.g. "
              "`[视频：标题](https://...)`.",
    "frame": "Remove the `<frame>` and link to the content instead, e.g. `[标题](https://...)`.",
    "frameset": "Remove the `<frameset>` and link to the pages instead, e.g. `[标题](page.md)`.",
    "object": "Remove the `<object>` and link to the file instead, e.g. `[下载：标题](file.pdf)`.",
    "embed": "Remove the `<embed>` and link to the file instead, e.g. `[下载：标题](file.pdf)`.",
    "applet": "Remove the `<applet>` element; the site cannot run plug-ins.",
    "base": "Remove the `<base>` element: it redirects every relative address of the page, "
            "including the site's own scripts. Write links relative to this file.",
    "meta": "Remove the `<meta>` element: page settings belong in the front matter, and a "
            "refresh `<meta>` sends learners elsewhere.",
}
_UNSAFE_TAG_RE = re.compile(
    r"<(" + "|".join(sorted(_UNSAFE_TAGS, key=len, reverse=True)) + r")(?=[\s/>]|$)",
    re.IGNORECASE,
)
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:text/html",
                   "data:application/xhtml+xml")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these from URLs before parsing
_TAG_START = re.compile(r"<[A-Za-z]")
_TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_MD_TAG = re.compile(r"<[A-Za-z][^<>]*>")  # what Python-Markdown passes through as inline HTML
_ATTR_SEP = re.compile(r"[\s/]*")
_ATTR_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_WS = re.compile(r"\s*")
_UNQUOTED = re.compile(r"[^\s>]*")
_HANDLER = re.compile(r"on[a-z]+", re.IGNORECASE)


@dataclass(frozen=True)
class Unsafe:
    """One piece of unsafe text: where it starts in the scanned text, what and what to do."""

    offset: int
    message: str
    fix: str


def _quote(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unsafe_scheme(url: str) -> str | None:
    """The dangerous scheme a URL (as written in Markdown or an HTML attribute) starts with."""
    value = _URL_JUNK.sub("", html.unescape(url)).lower()
    for scheme in _UNSAFE_SCHEMES:
        if value.startswith(scheme):
            return scheme.rstrip(":")
    return None


def _attributes(text: str, pos: int, limit: int) -> tuple[list[tuple[str, str | None, int]], int]:
    """HTML attributes from ``pos`` up to the ``>`` that ends the tag (or ``limit``)."""
    attrs: list[tuple[str, str | None, int]] = []
    while pos < limit:
        pos = _ATTR_SEP.match(text, pos, limit).end()  # type: ignore[union-attr]
        if pos >= limit:
            break
        if text[pos] == ">":
            pos += 1
            break
        match = _ATTR_NAME.match(text, pos, limit)
        if match is None:  # pragma: no cover - the class above always matches one character
            pos += 1
            continue
        name, start, pos = match.group(), pos, match.end()
        value: str | None = None
        after = _WS.match(text, pos, limit).end()  # type: ignore[union-attr]
        if after < limit and text[after] == "=":
            after = _WS.match(text, after + 1, limit).end()  # type: ignore[union-attr]
            if after < limit and text[after] in "\"'":
                end = text.find(text[after], after + 1, limit)
                end = limit if end < 0 else end
                value, pos = text[after + 1 : end], end + 1
            else:
                unquoted = _UNQUOTED.match(text, after, limit)
                value, pos = unquoted.group(), unquoted.end()  # type: ignore[union-attr]
        attrs.append((name, value, start))
    return attrs, min(pos, limit)


@dataclass
class Tag:
    offset: int
    name: str
    attrs: list[tuple[str, str | None, int]]  # name, value (None without `=`), offset
    end: int


def html_tags(text: str) -> Iterator[Tag]:
    """Start tags as a browser reads them, then as Python-Markdown cuts them (``<x ...>``).

    The two readings differ when a tag holds ``<`` or ``>`` inside quotes; scanning both means
    neither can hide an attribute. Both passes are linear in the length of the text.
    """
    pos, size = 0, len(text)
    while True:
        match = _TAG_START.search(text, pos)
        if match is None:
            break
        tag = _read_tag(text, match.start(), size)
        yield tag
        pos = max(tag.end, match.start() + 1)
    for match in _MD_TAG.finditer(text):
        yield _read_tag(text, match.start(), match.end())


def _read_tag(text: str, start: int, limit: int) -> Tag:
    name = _TAG_NAME.match(text, start + 1, limit)
    if name is None:  # pragma: no cover - callers start at `<` and a letter
        return Tag(start, "", [], start + 1)
    attrs, end = _attributes(text, name.end(), limit)
    return Tag(start, name.group().lower(), attrs, end)


def _attribute_problem(name: str, value: str | None, where: str) -> tuple[str, str] | None:
    lowered = name.lower()
    if len(lowered) > 2 and _HANDLER.fullmatch(lowered):
        shown = f"{name}={value!r}" if value is not None else name
        return (f"the event handler `{_quote(shown, 60)}` {where} runs code in learners' "
                "browsers",
                f"Remove the `{name}` attribute; pages may not run code (interactive parts come "
                "from quizzes/*.yml).")
    if value is not None:
        scheme = unsafe_scheme(value)
        if scheme:
            return (f"the attribute `{name}=\"{_quote(value, 60)}\"` {where} uses a `{scheme}:` "
                    "address, which runs code in learners' browsers",
                    f"Point `{name}` at a page of the course (`page.md`) or an `https://` "
                    "address, or remove it.")
    return None


def _attr_list_spans(text: str) -> Iterator[tuple[int, int]]:
    """``{ ... }`` on one line: attribute lists of the attr_list extension (and look-alikes)."""
    pos = 0
    while True:
        start = text.find("{", pos)
        if start < 0:
            return
        end = text.find("}", start)
        if end < 0:
            return
        newline = text.find("\n", start, end)
        if newline >= 0:
            pos = newline + 1
            continue
        yield start + 1, end
        pos = end + 1


def unsafe_html(text: str, links: list[Link] | None = None) -> list[Unsafe]:
    """Every piece of ``text`` that would run code when rendered; sorted, one per place."""
    found: dict[tuple[int, str], Unsafe] = {}

    def add(offset: int, message: str, fix: str) -> None:
        found.setdefault((offset, message), Unsafe(offset, message, fix))

    for match in _UNSAFE_TAG_RE.finditer(text):
        name = match.group(1).lower()
        end = text.find(">", match.end(), match.end() + QUOTE_CHARS)
        shown = text[match.start() : end + 1 if end >= 0 else match.end()]
        add(match.start(), f"raw HTML 「{_quote(shown)}」: a `<{name}>` element runs or embeds "
            "code in learners' browsers", _UNSAFE_TAGS[name])
    for tag in html_tags(text):
        for name, value, offset in tag.attrs:
            problem = _attribute_problem(name, value, f"in `<{tag.name}>`")
            if problem:
                add(offset, *problem)
    for start, end in _attr_list_spans(text):
        attrs, _ = _attributes(text, start, end)
        for name, value, offset in attrs:
            problem = _attribute_problem(name, value, "in an attribute list `{ ... }`")
            if problem:
                add(offset, *problem)
    for link in links if links is not None else markdown_links(text):
        scheme = unsafe_scheme(link.dest)
        if scheme:
            kind = "image" if link.image else "link"
            add(link.dest_offset, f"the {kind} 「{_quote(link.raw)}」 uses a `{scheme}:` address, "
                "which runs code in learners' browsers",
                "Link to a page of the course (`page.md`) or an `https://` address instead.")
    return sorted(found.values(), key=lambda u: (u.offset, u.message))


# ---------------------------------------------------------------------------------------------
# Code: fenced blocks and inline code spans (replaced by spaces, so offsets and lines stay)

_FENCE_OPEN = re.compile(r"( {0,16})(`{3,}|~{3,})([^\n]*)")
_BACKTICKS = re.compile(r"`+")


def _blank(text: str) -> str:
    return "".join(ch if ch == "\n" else " " for ch in text)


def mask_code(text: str) -> str:
    """``text`` with closed fenced code blocks and one-line code spans blanked out."""
    lines = text.split("\n")
    stripped = [line.rstrip("\r").rstrip(" \t") for line in lines]
    by_text: dict[str, list[int]] = {}  # a possible fence line -> where it occurs
    for index, line in enumerate(stripped):
        if line.lstrip(" ")[:3] in ("```", "~~~"):
            by_text.setdefault(line, []).append(index)
    fence_lines = sorted(i for indices in by_text.values() for i in indices)
    lead = [len(line) - len(line.lstrip(" ")) if line.strip() else 1 << 30 for line in stripped]
    shallower: dict[int, list[int]] = {}  # indent -> next line index with a smaller indent
    masked = [False] * len(lines)
    done = -1
    for index in fence_lines:
        if index <= done:
            continue
        match = _FENCE_OPEN.fullmatch(stripped[index])
        close = _closing_fence(match, index, by_text, lead, shallower) if match else None
        if close is not None:
            for k in range(index, close + 1):
                masked[k] = True
            done = close
    return "\n".join(" " * len(line) if masked[index] else _mask_spans(line)
                     for index, line in enumerate(lines))


def _closing_fence(match: re.Match[str], index: int, by_text: dict[str, list[int]], lead: list[int],
                   shallower: dict[int, list[int]]) -> int | None:
    indent, fence, info = match.groups()
    if fence[0] == "`" and "`" in info:
        return None  # not a fence: a code span that starts a line
    candidates = by_text.get(indent + fence, [])
    at = bisect.bisect_right(candidates, index)
    if at >= len(candidates):
        return None
    close = candidates[at]
    if indent:
        width = len(indent)
        table = shallower.get(width)
        if table is None:
            table = [len(lead)] * (len(lead) + 1)
            for k in range(len(lead) - 1, -1, -1):
                table[k] = k if lead[k] < width else table[k + 1]
            shallower[width] = table
        if table[index + 1] < close:
            return None  # a content line is less indented than the fence: not one block
    return close


def _mask_spans(line: str) -> str:
    """Blank out code spans whose backtick runs pair up on this line."""
    if "`" not in line or "\\`" in line:
        return line
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    pieces: list[str] = []
    last = 0
    i = 0
    while i < len(runs):
        start, end = runs[i]
        width = end - start
        j = i + 1
        while j < len(runs) and runs[j][1] - runs[j][0] != width:
            j += 1
        if j == len(runs):
            return line  # an unpaired run: Markdown would read it differently; keep the line
        close_end = runs[j][1]
        pieces.append(line[last:start])
        pieces.append(" " * (close_end - start))
        last = close_end
        i = j + 1
    pieces.append(line[last:])
    return "".join(pieces)


def mask_comments(text: str) -> str:
    """``text`` with closed HTML comments blanked out (``<!-->`` and ``<!--->`` are empty)."""
    if "<!--" not in text:
        return text
    pieces: list[str] = []
    last = 0
    closers = {"-->": -2, "--!>": -2}  # next occurrence of each closer (-2: not searched yet)
    while True:
        start = text.find("<!--", last)
        if start < 0:
            break
        if text.startswith(">", start + 4):
            end = start + 5
        elif text.startswith("->", start + 4):
            end = start + 6
        else:
            for closer, at in closers.items():
                if at != -1 and at < start + 4:
                    closers[closer] = text.find(closer, start + 4)
            found = [(at, closer) for closer, at in closers.items() if at >= 0]
            if not found:
                break  # not closed: no later comment can be closed either
            at, closer = min(found)
            end = at + len(closer)
        pieces.append(text[last:start])
        pieces.append(_blank(text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# ---------------------------------------------------------------------------------------------
# Markdown links and images

_BRACKETS = re.compile(r"\\.|\[|\]|\n[ \t]*(?:\n|$)")
_DEST = re.compile(
    r"[ \t]*(?:\n[ \t]*)?(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))"
)
_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n]{1,999})\]:[ \t]*(?:<([^<>\n]*)>|(\S+))", re.MULTILINE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    offset: int  # of the `[` (or `![`)
    dest_offset: int
    text: str  # between the brackets
    dest: str
    image: bool
    raw: str  # as written, for messages
    text_start: int = -1  # offset of ``text``


def markdown_links(text: str) -> list[Link]:
    """Inline links and images ``[text](dest)``, and reference definitions ``[id]: dest``."""
    links: list[Link] = []
    stack: list[int] = []
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token == "[":
            stack.append(match.start())
        elif token == "]":
            if not stack:
                continue
            opening = stack.pop()
            if not text.startswith("(", match.end()):
                continue
            dest = _DEST.match(text, match.end() + 1)
            if dest is None:
                continue
            url = dest.group(1) if dest.group(1) is not None else dest.group(2)
            dest_offset = dest.start(1) if dest.group(1) is not None else dest.start(2)
            image = opening > 0 and text[opening - 1] == "!" and not (
                opening > 1 and text[opening - 2] == "\\")
            start = opening - 1 if image else opening
            close = text.find(")", dest.end(), dest.end() + 200)
            raw_end = close + 1 if close >= 0 else dest.end()
            links.append(Link(start, dest_offset, text[opening + 1 : match.start()], url, image,
                              text[start:raw_end], opening + 1))
        elif token.startswith("\n"):
            stack.clear()  # links do not run across paragraphs
    for match in _REF_DEF.finditer(text):
        group = 2 if match.group(2) is not None else 3
        url = match.group(group)
        links.append(Link(match.start(), match.start(group), match.group(1), url,
                          _looks_like_image(url), match.group()))
    return links


_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico")


def _looks_like_image(url: str) -> bool:
    return url.split("#", 1)[0].split("?", 1)[0].lower().endswith(_IMAGE_EXTENSIONS)


# ---------------------------------------------------------------------------------------------
# Headings and their ids

_ATX = re.compile(r"(#{1,6})(.*)")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*")
_HEADING_ATTRS = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*?)[ ]*\}[ ]*$")
_ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s#.{}]+)")
_INLINE_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_INLINE_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)|\[([^\]\n]*)\]\[[^\]\n]*\]")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_TAGS = re.compile(r"<[^<>]+>")


def heading_text(raw: str) -> str:
    """The plain text of a heading's Markdown, as the toc extension sees it."""
    text = raw[:2000]
    text = _CODE_SPAN.sub(lambda m: m.group(2).strip(), text)
    text = _INLINE_IMAGE.sub("", text)
    text = _INLINE_LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = re.sub(r"\*+", "", text)
    text = re.sub(r"(?<![^\W_])_+|_+(?![^\W_])", "", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _TAGS.sub("", text)
    return html.unescape(" ".join(text.split()))


def slug(text: str) -> str:
    return slugify(text, "-")


def _unique(value: str, used: set[str]) -> str:
    if value in used or not value:
        match = re.fullmatch(r"(.*)_([0-9]+)", value)
        base, count = (match.group(1), int(match.group(2))) if match else (value, 0)
        count += 1
        while f"{base}_{count}" in used:
            count += 1
        value = f"{base}_{count}"
    used.add(value)
    return value


@dataclass
class Heading:
    line: int  # 0-based line in the scanned text
    text: str
    explicit_id: str | None


def headings(masked: str, original: str) -> list[Heading]:
    """ATX (``## x``) and setext (``x`` over ``---``) headings; text from ``original``."""
    masked_lines = masked.split("\n")
    lines = original.split("\n")
    found: list[Heading] = []
    for index, line in enumerate(masked_lines):
        line = line.rstrip("\r")
        source = lines[index].rstrip("\r") if index < len(lines) else line
        if line.startswith("#"):
            match = _ATX.match(source)
            if match:
                found.append(_heading(index, re.sub(r"#+$", "", match.group(2))))
        elif (_SETEXT.fullmatch(line) and index > 0 and masked_lines[index - 1].strip()
              and (index == 1 or _splits_blocks(masked_lines[index - 2]))
              and not masked_lines[index - 1].startswith(("#", "    ", "\t"))):
            found.append(_heading(index - 1, lines[index - 1].rstrip("\r")))
    return found


_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *\r?")


def _splits_blocks(line: str) -> bool:
    """A line after which Python-Markdown starts a new block: blank, a heading, a rule."""
    return not line.strip() or line.startswith("#") or bool(_RULE.fullmatch(line))


def _heading(index: int, raw: str) -> Heading:
    explicit = None
    attrs = _HEADING_ATTRS.search(raw)
    if attrs:
        ids = _ID_IN_ATTRS.findall(attrs.group(1))
        explicit = ids[-1] if ids else None
        raw = raw[: attrs.start()]
    return Heading(index, heading_text(raw.strip()), explicit)


_ID_ATTRIBUTES = ("id", "name")


def page_sections(text: str) -> dict[str, str]:
    """The heading ids of a page (as toc makes them, ``{#id}`` included) → the heading's text."""
    return _sections(mask_comments(mask_code(text)), text)


def _sections(masked: str, text: str) -> dict[str, str]:
    found = headings(masked, text)
    used: set[str] = {h.explicit_id for h in found if h.explicit_id}
    sections: dict[str, str] = {}
    for heading in found:
        hid = heading.explicit_id or _unique(slug(heading.text), used)
        sections.setdefault(hid, heading.text)
    return sections


def page_ids(text: str) -> set[str]:
    """Every anchor a page offers: heading ids (as toc makes them), ``{#id}`` and ``id=``."""
    masked = mask_comments(mask_code(text))
    ids = set(_sections(masked, text))
    for tag in html_tags(masked):
        for name, value, _ in tag.attrs:
            if name.lower() in _ID_ATTRIBUTES and value:
                ids.add(value)
    for start, end in _attr_list_spans(masked):
        ids.update(_ID_IN_ATTRS.findall(masked[start:end]))
    return ids


# ---------------------------------------------------------------------------------------------
# Rendering (only to confirm that text which looks like code is code)

_DEFAULT_EXTENSIONS: list[Any] = ["admonition", "attr_list", "md_in_html", "tables",
                                  "pymdownx.details", "pymdownx.superfences", "toc"]


def _extensions(root: Path) -> tuple[list[Any], dict[str, Any]]:
    try:
        data, _ = load_yaml((root / "mkdocs.yml").read_text(encoding="utf-8"))
        entries = data.get("markdown_extensions") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            return list(_DEFAULT_EXTENSIONS), {}
        names: list[Any] = []
        configs: dict[str, Any] = {}
        for entry in entries:
            if isinstance(entry, str):
                names.append(entry)
            elif isinstance(entry, dict) and len(entry) == 1:
                (name, config), = entry.items()
                names.append(str(name))
                if isinstance(config, dict):
                    clean = {k: v for k, v in config.items() if v is not None}
                    if clean and name != "toc":
                        configs[str(name)] = clean
        return names, configs
    except (OSError, UnicodeDecodeError, YamlProblem, ValueError, TypeError):
        return list(_DEFAULT_EXTENSIONS), {}


MAX_RENDER_CHARS = 500_000
RENDER_SECONDS = 5.0
_RENDER = """
import json, sys
import markdown
names, configs, fallback = json.loads(sys.argv[1])
text = sys.stdin.read()
try:
    out = markdown.markdown(text, extensions=names, extension_configs=configs)
except Exception:
    out = markdown.markdown(text, extensions=fallback)
sys.stdout.write(out)
"""


def renders_unsafe(text: str, root: Path) -> bool:
    """Whether the page, rendered like the build renders it, holds unsafe HTML.

    Python-Markdown is slow on some hostile input (deeply nested lists or brackets), so it runs
    in a child process with a time limit. A page that cannot be rendered in time, or at all,
    counts as unsafe: the card stays.
    """
    if len(text) > MAX_RENDER_CHARS:
        return True
    names, configs = _extensions(root)
    try:
        arguments = json.dumps([names, configs, _DEFAULT_EXTENSIONS])
    except (TypeError, ValueError):  # a setting JSON cannot carry (a date, ...): the defaults
        arguments = json.dumps([_DEFAULT_EXTENSIONS, {}, _DEFAULT_EXTENSIONS])
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RENDER, arguments],
            input=text, capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=RENDER_SECONDS, check=False,
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return True
    if done.returncode != 0:
        return True
    return bool(unsafe_html(done.stdout, links=[]))


# ---------------------------------------------------------------------------------------------
# The check


@dataclass
class _Page:
    path: str  # relative to the docs folder
    file: str  # relative to the project root
    body: str
    body_line: int
    meta: list[tuple[str, str, int]] = field(default_factory=list)  # front matter texts, lines


@dataclass
class _Site:
    """What links can point at, computed once per run."""

    course: Course
    files: set[str]
    generated: set[str]
    ids: dict[str, set[str] | None] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # docs-relative path -> body
    generated_text: dict[str, str] | None = None
    pools: dict[str, list[str]] = field(default_factory=dict)
    guesses: dict[tuple[str, int], str | None] = field(default_factory=dict)
    lookups: int = 0
    docs: str = "content"  # the docs folder as findings show it

    def exists(self, path: str) -> bool:
        return path in self.files or path in self.generated

    def anchors(self, path: str) -> set[str] | None:
        if path not in self.ids:
            self.ids[path] = self._anchors(path)
        return self.ids[path]

    def text(self, path: str) -> str | None:
        """The Markdown of a page: its source, or what the compiler generates for it."""
        text = self.sources.get(path)
        if text is None and path in self.generated:
            text = self._generated().get(path)
        return text

    def _anchors(self, path: str) -> set[str] | None:
        text = self.text(path)
        if text is None:
            return None
        ids = page_ids(text)
        # the quiz widgets the build appends (docs/formats.md, browser contract)
        banks = (self.course.banks_for_lesson(path) if path in self.course.lessons
                 else [qb for qb in self.course.banks if f"quiz/{qb.bank.id}.md" == path])
        for qb in banks:
            ids |= {f"quiz-{qb.bank.id}", f"quiz-{qb.bank.id}-title"}
        return ids

    def _generated(self) -> dict[str, str]:
        """The Markdown of the pages the compiler adds (academy.compile.pages)."""
        if self.generated_text is None:
            self.generated_text = _generated_markdown(self.course)
        return self.generated_text

    def pool(self, kind: str) -> list[str]:
        """Candidates for a did-you-mean: "images", "pages" or "files" (sorted, cached)."""
        if kind not in self.pools:
            every = sorted(self.files | self.generated)
            self.pools = {"files": every,
                          "pages": [p for p in every if p.endswith(".md")],
                          "images": [p for p in every if _looks_like_image(p)]}
        return self.pools[kind]

    def suggest_anchor(self, fragment: str, anchors: set[str]) -> str | None:
        if self.lookups >= MAX_SUGGESTION_LOOKUPS or not anchors:
            return None
        self.lookups += 1
        close = difflib.get_close_matches(fragment, sorted(anchors), n=1, cutoff=0.5)
        return close[0] if close else None

    def suggest(self, target: str, pool: list[str]) -> str | None:
        """A close existing path: same file name elsewhere, else a close name nearby."""
        key = (target, id(pool))
        if key in self.guesses:
            return self.guesses[key]
        guess = None
        if self.lookups < MAX_SUGGESTION_LOOKUPS and pool:
            self.lookups += 1
            folder, name = posixpath.split(target)
            by_name: dict[str, list[str]] = {}
            nearby: list[str] = []
            for path in pool:
                head, tail = posixpath.split(path)
                by_name.setdefault(tail, []).append(path)
                if head == folder:
                    nearby.append(path)
            if name in by_name:
                guess = min(by_name[name], key=lambda p: (len(p), p))
            else:
                close = difflib.get_close_matches(target, nearby, n=1, cutoff=0.6)
                if not close and len(pool) <= MAX_FUZZY_POOL:
                    close = difflib.get_close_matches(target, pool, n=1, cutoff=0.6)
                guess = close[0] if close else None
        self.guesses[key] = guess
        return guess


def _pages(course: Course, wanted: Callable[[str], bool] | None = None) -> list[_Page]:
    """The lessons and other pages (of the files ``wanted``, by default all), by file."""
    pages = [_Page(lesson.path, lesson.file, lesson.body, lesson.body_line,
                   [(key, getattr(lesson.meta, key), lesson.positions.line((key,)))
                    for key in ("title", "description")])
             for lesson in course.lessons.values() if wanted is None or wanted(lesson.file)]
    for path in course.pages:
        file = course.project.rel(course.project.docs_dir / path)
        if wanted is not None and not wanted(file):
            continue
        text = course.sources.get(file)
        if text is None:
            continue
        try:
            yaml_text, offset, body = split_front_matter(text)
        except YamlProblem:
            continue
        line = offset + yaml_text.count("\n") + 2 if yaml_text is not None else 1
        pages.append(_Page(path, file, body, line))
    return sorted(pages, key=lambda page: page.file)


def _site(course: Course, pages: list[_Page]) -> _Site:
    docs = course.project.docs_dir
    files: set[str] = set()
    try:
        for path in docs.rglob("*"):
            if path.is_file():
                files.add(path.relative_to(docs).as_posix())
    except OSError:
        pass
    generated = set(_generated_markdown(course))
    site = _Site(course, files, generated, docs=course.project.rel(docs))
    site.sources = {page.path: page.body for page in pages}
    return site


def link_targets(course: Course) -> _Site:
    """What links and references can point at: the pages, generated pages and their anchors."""
    return _site(course, _pages(course))


def _generated_markdown(course: Course) -> dict[str, str]:
    from academy.compile.pages import generated_pages  # compile imports checks: import late

    return {page.path: page.markdown for page in generated_pages(course, None)}


def check_safety(course: Course, context: CheckContext) -> Iterator[Finding]:
    """Links, anchors, images and unsafe HTML in pages; unsafe HTML in quiz bank texts."""
    try:
        # the pages checked; all of them only when there are links to check (the bodies of
        # lessons outside a focused check are read from the load cache when asked for)
        pages = _pages(course, course.in_focus if course.focus is not None else None)
        site = _site(course, _pages(course) if course.focus is not None else pages) \
            if pages else None  # what the links of pages point at
    except Exception:  # pragma: no cover - defensive: a check never raises
        context.notes.append("the safety checks could not list the pages and were skipped")
        return
    for page in pages:
        assert site is not None
        try:
            found = list(_check_page(page, site))
        except Exception:  # pragma: no cover - defensive
            context.notes.append(f"the safety checks skipped {page.file} after an internal error")
            continue
        yield from found
    for qb in course.banks:
        if not course.in_focus(qb.file) or not _may_hold_markup(course.sources.get(qb.file)):
            continue
        try:
            found = list(_check_bank_texts(qb.file, qb.bank.model_dump(mode="json"),
                                           qb.positions))
        except Exception:  # pragma: no cover - defensive
            context.notes.append(f"the safety checks skipped {qb.file} after an internal error")
            continue
        yield from found


class _Lines:
    def __init__(self, text: str, first: int) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.first = first

    def line(self, offset: int) -> int:
        return self.first + bisect.bisect_left(self.newlines, offset)


def _check_page(page: _Page, site: _Site) -> Iterator[Finding]:
    body = page.body
    lines = _Lines(body, page.body_line)
    code_masked = mask_code(body)
    masked = mask_comments(code_masked)
    links = markdown_links(masked)

    # unsafe HTML: comments are not trusted to hide anything; code is, once confirmed
    visible = unsafe_html(code_masked, links)
    all_hits = unsafe_html(body)
    seen = {(u.offset, u.message) for u in visible}
    hidden = [u for u in all_hits if (u.offset, u.message) not in seen]
    report = list(visible)
    if hidden and not visible and renders_unsafe(body, site.course.project.root):
        report += [Unsafe(u.offset, u.message + " (it looks like code, but the built page "
                          "would not show it as code)", u.fix) for u in hidden]
    for hit in sorted(report, key=lambda u: u.offset):
        yield red(page.file, lines.line(hit.offset), UNSAFE_HTML, hit.message, hit.fix)
    for key, text, line in page.meta:
        for hit in unsafe_html(text):
            yield red(page.file, line, UNSAFE_HTML, f"`{key}`: {hit.message}", hit.fix)

    for link in links:
        yield from _check_link(page, site, lines, link)
    images: set[int] = set()
    for tag in html_tags(masked):
        if tag.name == "img" and tag.offset not in images:  # each tag once, in either reading
            images.add(tag.offset)
            yield from _check_html_image(page, site, lines, tag, masked)


def _check_link(page: _Page, site: _Site, lines: _Lines, link: Link) -> Iterator[Finding]:
    line = lines.line(link.dest_offset)
    raw = _quote(link.raw)
    alt = page.body[link.text_start : link.text_start + len(link.text)] if link.text_start >= 0 \
        else link.text  # the masked text blanks code; the alt text is what was written
    if link.image and not alt.strip() and not link.raw.lstrip().startswith("["):
        yield yellow(page.file, lines.line(link.offset), IMAGE_ALT,
                     f"the image 「{raw}」 has no alt text",
                     f"Describe the image between the brackets: `![截图：说明图片内容]"
                     f"({_quote(link.dest, 60)})`; screen readers read it aloud and it shows "
                     "when the image cannot load.")
    dest = link.dest.strip()
    if not dest or _SCHEME.match(dest) or dest.startswith("//") or unsafe_scheme(dest):
        return
    path_part, _, fragment = dest.partition("#")
    path_part = path_part.split("?", 1)[0]
    path = unquote(path_part)
    fragment = unquote(fragment)
    if not path:
        target = page.path
    else:
        if path.startswith("/"):
            target = posixpath.normpath(path.lstrip("/"))
            relative = _relative(target, page.path)
            yield red(page.file, line, MISSING_IMAGE if link.image else BROKEN_LINK,
                      f"the {'image' if link.image else 'link'} 「{raw}」 starts with `/`: the "
                      "build does not rewrite it and it breaks when the site is not at the root "
                      "of its domain",
                      f"Write the address relative to this file: `{relative}`.")
            return
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), path))
        if target == ".." or target.startswith("../"):
            yield from _missing(page, site, line, link, raw, target, outside=True)
            return
        if (path.endswith("/") or target == "."
                or (not site.exists(target) and site.exists(f"{target}/index.md"))):
            index = "index.md" if target == "." else f"{target}/index.md"
            if not site.exists(index):
                yield from _missing(page, site, line, link, raw, target, outside=False)
            elif posixpath.basename(page.path) != "index.md" and not link.image:
                yield red(page.file, line, BROKEN_LINK,
                          f"the link 「{raw}」 points at a folder: the build only rewrites links "
                          "to Markdown files, so from this page it leads one level too deep",
                          f"Link to the folder's page: `{_relative(index, page.path)}`.")
            return
        if not site.exists(target):
            yield from _missing(page, site, line, link, raw, target, outside=False)
            return
    if link.image or not fragment or not target.endswith(".md"):
        return
    anchors = site.anchors(target)
    if anchors is None or fragment in anchors:
        return
    where = "this page" if target == page.path else f"`{target}`"
    base = "" if target == page.path else _relative(target, page.path)
    close = site.suggest_anchor(fragment, anchors)
    if close:
        fix = f"Did you mean `#{close}`? Write `{base}#{close}`."
    elif anchors:
        shown = ", ".join(f"`#{a}`" for a in sorted(anchors)[:8])
        fix = (f"Use the id of a heading of {where}: {shown}. Ids are the heading text in lower "
               "case, with spaces as `-` and punctuation dropped.")
    else:
        fix = f"{where} has no headings to link to; write `{base or page.path}` without `#...`."
    yield red(page.file, line, BROKEN_ANCHOR,
              f"the link 「{raw}」 points at `#{_quote(fragment, 60)}`, which is not a heading of "
              f"{where}", fix)


def _missing(page: _Page, site: _Site, line: int, link: Link, raw: str, target: str,
             outside: bool) -> Iterator[Finding]:
    if link.image:
        pool = site.pool("images")
        rule, what = MISSING_IMAGE, "image"
    else:
        pool = site.pool("pages" if target.endswith(".md") or outside else "files")
        rule, what = BROKEN_LINK, "link"
    docs = site.docs
    if outside:
        message = f"the {what} 「{raw}」 points outside {docs}/, which is not published"
    else:
        message = f"the {what} 「{raw}」 points at `{target}`, which does not exist in {docs}/"
    guess = site.suggest(target, pool)
    if guess:
        fix = f"Did you mean `{_relative(guess, page.path)}`? Write it relative to this file."
    elif link.image:
        fix = (f"Put the image file at {docs}/{target} or correct the path, relative to this "
               "file.")
    else:
        fix = ("Link to an existing page with a path relative to this file, e.g. "
               f"`{_relative(pool[0], page.path)}`, or remove the link." if pool
               else "Remove the link or create the page.")
    yield red(page.file, line, rule, message, fix)


def _check_html_image(page: _Page, site: _Site, lines: _Lines, tag: Tag,
                      masked: str) -> Iterator[Finding]:
    attrs = {name.lower(): value for name, value, _ in tag.attrs}
    raw = _quote(masked[tag.offset : tag.end])
    line = lines.line(tag.offset)
    if not (attrs.get("alt") or "").strip():
        yield yellow(page.file, line, IMAGE_ALT, f"the image 「{raw}」 has no alt text",
                     "Add `alt=\"...\"` describing the image, e.g. `alt=\"截图：订单详情页\"`; "
                     "screen readers read it aloud and it shows when the image cannot load.")
    src = (attrs.get("src") or "").strip()
    if not src or _SCHEME.match(src) or src.startswith(("//", "/")):
        return
    path = unquote(src.split("#", 1)[0].split("?", 1)[0])
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), path))
    if target.startswith("../") or target == ".." or not site.exists(target):
        link = Link(tag.offset, tag.offset, attrs.get("alt") or "", src, True, raw)
        yield from _missing(page, site, line, link, raw, target,
                            outside=target.startswith(".."))


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


_SKIP_KEYS = {"id", "type", "lesson", "owner", "reviewed", "review_every", "competencies",
              "next", "start", "points", "score", "correct", "answer", "pass_score",
              "time_limit", "max_chars"}


def _strings(data: Any, path: tuple[Hashable, ...] = ()) -> Iterator[tuple[tuple[Hashable, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _SKIP_KEYS:
                yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def _may_hold_markup(source: str | None) -> bool:
    """Whether a bank's YAML source may give a text with a tag, attribute list, link or link
    definition: every such text shows the characters in the source, unless an escape (``\\``)
    or a flow mapping (``{``) writes them otherwise. Without the source: yes."""
    return source is None or any(mark in source for mark in ("<", "{", "](", "]:", "\\"))


def _check_bank_texts(file: str, data: Any, positions: Any) -> Iterator[Finding]:
    for path, text in _strings(data):
        if "<" not in text and "{" not in text and "](" not in text and "]:" not in text:
            continue  # no tag, attribute list, link or link definition: nothing can run
        for hit in unsafe_html(text):
            where = _describe(path)
            yield red(file, positions.line(path), UNSAFE_HTML, f"{where}{hit.message}", hit.fix)


def _describe(path: tuple[Hashable, ...]) -> str:
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        rest = ".".join(str(p) for p in path[2:])
        return f"question {path[1] + 1} `{rest}`: "
    return f"`{'.'.join(str(p) for p in path)}`: "
