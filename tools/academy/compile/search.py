"""Site search: a character n-gram index of the built site that the browser fetches piece by piece.

Chinese has no spaces between words, and a learner may type any part of one: 程师 must find
工程师, 意度 must find 满意度, and 罗马帝国 must not find a page that only says 罗马. So Chinese
text is indexed by its characters and pairs of characters (bigrams), not by words cut by a
dictionary, and the browser confirms every phrase in the text it shows. Runs of letters and
digits are indexed by their prefixes (``smart`` under ``sm``, ``sma``, …). The measurements that
chose this over Material's lunr index with jieba and over Pagefind are in docs/search.md.

Generator-agnostic: it reads the built HTML (the ``<article class="md-content__inner">`` of every
page), so generated pages and the script manual are searched like lessons. It writes into the
site folder, under ``academy/search/``:

- ``meta.json``: what the browser reads first, with a ``no-cache`` fetch: the format, the id of
  this build's index, the number of shards and the first section of every page;
- ``<id>/k/<n>.json``: shard ``n`` of the postings, ``{key: [deltas]}``: the sections whose text
  holds ``key``, as increasing numbers ``section * 2 + in_title`` stored as differences; a key
  lives in shard ``fnv1a(key) % shards``;
- ``<id>/p/<n>.json``: page ``n``: ``{"u": url, "t": title, "s": [[anchor, title, text], ...]}``,
  for snippets and for checking each phrase.

A query fetches meta.json, the shards of its keys and the pages it shows (ten at a time):
theme/assets/search/search.js does the same tokenising in JavaScript. Nothing of it is loaded
before the learner opens search.
"""

from __future__ import annotations

import hashlib
import html
import json
import operator
import re
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from academy.compile.catalogue import COURSE_JSON_PATH

SEARCH_DIR = "academy/search"  # relative to the site root
FORMAT = 1
MAX_PREFIX = 20  # letters/digits: prefixes up to this length are keys
SHARD_TARGET = 32 * 1024  # bytes of JSON per shard, roughly
MAX_SHARDS = 4096

# Han (with extension A and compatibility ideographs), kana, hangul: indexed by character n-grams
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(f"([{_CJK}]+)|((?:(?![{_CJK}])[^\\W_])+)")
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>|([^<]+)",
                  re.S)
_DROP = re.compile(r"<(script|style|template|svg|noscript)\b.*?</\1\s*>", re.S | re.I)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_HEADING = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK = _HEADING | {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "br", "tr", "td", "th", "table",
                     "section", "article", "blockquote", "pre", "hr", "figure", "figcaption",
                     "details", "summary", "aside", "header", "footer", "nav", "form", "label"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_IGNORE = "data-search-ignore"  # put it on an element whose text should not be searched
ARTICLE_START = '<article class="md-content__inner'
_ARTICLE_START = ARTICLE_START.encode()


@dataclass(frozen=True)
class Section:
    anchor: str  # heading id; "" for the top of the page
    title: str
    text: str


@dataclass(frozen=True)
class Page:
    url: str  # relative to the site root, e.g. "foundation/first-response/"
    title: str
    sections: tuple[Section, ...]


@dataclass
class SearchReport:
    pages: int
    sections: int
    keys: int
    shards: int
    files: int
    bytes: int
    seconds: float


_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalize(text: str) -> str:
    """What is indexed and matched: full-width ASCII folded to ASCII, lower case.

    Keeps the length of the text (search.js finds a phrase in the folded text and marks it in
    the original at the same place).
    """
    return text.translate(_FOLD).lower()


def keys_of(text: str) -> set[str]:
    """Index keys of a normalized text: CJK characters and bigrams, prefixes of other words."""
    keys: set[str] = set()
    for cjk, word in _TOKEN.findall(text):
        if cjk:
            keys.update(cjk)
            keys.update(map(str.__add__, cjk, cjk[1:]))
        else:
            keys.update(word[:n] for n in range(2, min(len(word), MAX_PREFIX) + 1))
    return keys


def shard_of(key: str, shards: int) -> int:
    """32-bit FNV-1a over the code points of ``key`` (search.js computes the same)."""
    h = 0x811C9DC5
    for ch in key:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


# -- reading built pages ------------------------------------------------------------------------


def extract(document: str, url: str) -> Page | None:
    """The searchable text of a built page, cut into sections at headings that have an id.

    None when the page has no Material article (redirects, files that are not pages).
    """
    start = document.find(ARTICLE_START)
    end = document.rfind("</article>")
    if start < 0 or end < start:
        return None
    body = _DROP.sub(" ", document[start:end])
    page_title = ""
    sections: list[Section] = []
    anchor, title, text = "", "", []  # the section being read
    heading: list[str] | None = None  # text of the heading being read
    heading_tag, heading_id = "", ""
    skip: list[str] = []  # open elements whose text is not searched
    for close, tag, attrs, data in _TAG.findall(body):
        if data:
            if not skip:
                (heading if heading is not None else text).append(html.unescape(data))
            continue
        if not tag:
            continue  # a comment
        tag = tag.lower()
        if skip:
            if tag == skip[-1]:
                if close:
                    skip.pop()
                elif not attrs.rstrip().endswith("/"):
                    skip.append(tag)
            continue
        if close:
            if heading is not None and tag == heading_tag:
                heading_text = _squash("".join(heading))
                heading = None
                if tag == "h1" and not page_title:
                    page_title = heading_text
                else:
                    sections.append(Section(anchor, title, _squash("".join(text))))
                    anchor, title, text = heading_id, heading_text, []
            elif tag in _BLOCK:
                (heading if heading is not None else text).append(" ")
            continue
        attributes = _attributes(attrs) if attrs.strip() else {}
        if _IGNORE in attributes or (tag == "a" and "headerlink" in attributes.get("class", "").split()):
            if tag not in _VOID and not attrs.rstrip().endswith("/"):
                skip.append(tag)
            continue
        if tag in _HEADING and heading is None and (attributes.get("id") or tag == "h1"):
            heading, heading_tag, heading_id = [], tag, attributes.get("id", "")
        elif tag in _BLOCK:
            (heading if heading is not None else text).append(" ")
    sections.append(Section(anchor, title, _squash("".join(text))))
    page_title = page_title or _title_tag(document)
    first = sections[0]
    sections[0] = Section("", page_title, first.text)
    kept = tuple(s for s in sections if s.text or s.title)
    return Page(url, page_title, kept) if kept else None


def _attributes(attrs: str) -> dict[str, str]:
    return {m[0].lower(): html.unescape(m[1] or m[2] or m[3]) for m in _ATTR.findall(attrs)}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _title_tag(document: str) -> str:
    found = re.search(r"<title>(.*?)</title>", document, re.S)
    return _squash(html.unescape(found[1])).split(" - ")[0] if found else ""


def site_pages(site_dir: Path) -> Iterator[Page]:
    """Every page of a built site, in path order (the home page first), except 404.html."""
    files = sorted(site_dir.rglob("*.html"), key=lambda p: (p.relative_to(site_dir).parts[:-1], p.name))
    for path in files:
        rel = path.relative_to(site_dir).as_posix()
        if rel == "404.html" or rel.startswith(("assets/", SEARCH_DIR + "/")):
            continue
        url = rel[: -len("index.html")] if path.name == "index.html" else rel
        data = path.read_bytes()  # decode only the <title> and the article: pages carry the nav
        start, end = data.find(_ARTICLE_START), data.rfind(b"</article>")
        if start < 0 or end < start:
            continue
        head = data.find(b"</title>", 0, start)
        document = (data[: head + 8] if head >= 0 else b"") + data[start: end + 10]
        page = extract(document.decode("utf-8", errors="replace"), url)
        if page is not None:
            yield page


# -- writing the index --------------------------------------------------------------------------


def postings(pages: Iterable[Page]) -> tuple[dict[str, list[int]], list[int]]:
    """key → increasing ``section * 2 + in_title``; and the first section number of every page."""
    index: defaultdict[str, list[int]] = defaultdict(list)
    starts: list[int] = []
    section = 0
    for page in pages:
        starts.append(section)
        for s in page.sections:
            in_title = keys_of(normalize(s.title))
            in_text = keys_of(normalize(s.text))
            value = section * 2
            for key in in_text - in_title if in_title else in_text:
                index[key].append(value)
            for key in in_title:
                index[key].append(value + 1)
            section += 1
    return dict(index), starts


def write_index(site_dir: Path, pages: list[Page]) -> SearchReport:
    """Write the index of ``pages`` under ``site_dir``/academy/search (replacing an old one)."""
    started = time.perf_counter()
    index, starts = postings(pages)
    encoded = {key: _deltas(values) for key, values in index.items()}
    size = sum(len(key) * 3 + 4 + len(v) * 3 for key, v in encoded.items())
    shards = 1
    while shards < MAX_SHARDS and size / shards > SHARD_TARGET:
        shards *= 2
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for key in sorted(encoded):
        buckets[shard_of(key, shards)][key] = encoded[key]
    files: dict[str, bytes] = {}
    for n, bucket in enumerate(buckets):
        files[f"k/{n}.json"] = _json(bucket)
    for n, page in enumerate(pages):
        files[f"p/{n}.json"] = _json({"u": page.url, "t": page.title,
                                      "s": [[s.anchor, s.title, s.text] for s in page.sections]})
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    index_id = digest.hexdigest()[:12]
    root = site_dir / SEARCH_DIR
    if root.exists():
        shutil.rmtree(root)
    for name, data in files.items():
        target = root / index_id / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    meta = _json({"format": FORMAT, "id": index_id, "shards": shards, "starts": _deltas(starts)})
    (root / "meta.json").write_bytes(meta)
    return SearchReport(pages=len(pages), sections=sum(len(p.sections) for p in pages), keys=len(index),
                        shards=shards, files=len(files) + 1,
                        bytes=sum(map(len, files.values())) + len(meta),
                        seconds=time.perf_counter() - started)


def course_order(site_dir: Path, pages: list[Page]) -> list[Page]:
    """The home page, lessons in course order, manuals, quiz pages, then the rest by path, as
    course.json lists them (results that rank the same are shown in this order)."""
    try:
        course = json.loads((site_dir / COURSE_JSON_PATH).read_text(encoding="utf-8"))
        urls = [""] + [item["url"] for part in ("lessons", "manuals", "banks") for item in course[part]]
    except (OSError, ValueError, KeyError, TypeError):
        urls = [""]
    rank = {url: n for n, url in enumerate(urls)}
    return sorted(pages, key=lambda p: rank.get(p.url, len(rank)))  # stable: by path after them


def build_search(site_dir: Path) -> SearchReport:
    """Index every page of the built site in ``site_dir`` (the post-build step of the plugin)."""
    started = time.perf_counter()
    report = write_index(site_dir, course_order(site_dir, list(site_pages(site_dir))))
    report.seconds = time.perf_counter() - started
    return report


def find(site_dir: Path, phrase: str) -> list[tuple[str, str]]:
    """(page url, section anchor) of every section that holds ``phrase``, read back from the
    written index the way search.js does (keys, then the text): for tests and for debugging."""
    root = site_dir / SEARCH_DIR
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    folder = root / meta["id"]
    wanted = normalize(phrase).strip()
    sections: set[int] | None = None
    for key in keys_of(wanted) if len(wanted) > 1 else {wanted}:
        shard = json.loads((folder / f"k/{shard_of(key, meta['shards'])}.json").read_text(encoding="utf-8"))
        found = set()
        last = 0
        for delta in shard.get(key, []):
            last += delta
            found.add(last >> 1)
        sections = found if sections is None else sections & found
    starts = list(_undelta(meta["starts"]))
    hits: list[tuple[str, str]] = []
    for section in sorted(sections or ()):
        page_no = max(i for i, first in enumerate(starts) if first <= section)
        page = json.loads((folder / f"p/{page_no}.json").read_text(encoding="utf-8"))
        anchor, title, text = page["s"][section - starts[page_no]]
        if wanted in normalize(title) or wanted in normalize(text):
            hits.append((page["u"], anchor))
    return hits


def _undelta(deltas: Iterable[int]) -> Iterator[int]:
    last = 0
    for d in deltas:
        last += d
        yield last


def _deltas(values: Sequence[int]) -> list[int]:
    return list(map(operator.sub, values, [0, *values[:-1]]))


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
