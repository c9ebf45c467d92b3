"""Readable, stable anchors in real builds of a mini-site: Chinese headings keep their words,
repeated headings get stable suffixes, generated pages keep their fixed ids, and the anchor
checks resolve links with the ids the build writes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from academy.anchors import slugify
from academy.checks.safety import page_ids
from academy.cli import main

from tests.conftest import ProjectFactory
from tests.unit.helpers import findings_for
from tests.unit.test_manual import FILE as MANUAL_FILE
from tests.unit.test_manual import MANUAL, WORDING

REFUNDS = """\
---
title: 退款处理
tier: foundation
competencies: [communication]
owner: training
reviewed: 2026-11-20
---

# 退款处理

## 退款流程

先核实订单，再说明时效。

## 第 2 步：核实订单

## 常见问题

### 退款流程

第二个同名小节。

## Refund FAQ

[回到流程](#退款流程) · [第二个流程](#退款流程_1) · [核实](#第-2-步核实订单)
"""
REFUNDS_PATH = "content/foundation/refunds.md"
REFUNDS_URL = "build/foundation/refunds/index.html"
# without practice cards: no page needs the grading engine, so the builds copy no Pyodide
NO_PRACTICE = MANUAL[: MANUAL.index("practice:")] + MANUAL[MANUAL.index("compliance_reviewed:"):]
EXPECTED = ["退款处理", "退款流程", "第-2-步核实订单", "常见问题", "退款流程_1", "refund-faq"]


class _Ids(HTMLParser):
    """Heading ids of the article, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.all: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("id")
        if not found:
            return
        self.all.add(found)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(found)


def ids(html_file: Path) -> _Ids:
    parser = _Ids()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


def build(root: Path, site: str = "build") -> None:
    assert main(["-f", str(root / "mkdocs.yml"), "build", "--site-dir", str(root / site)]) == 0


def project(make_project: ProjectFactory, refunds: str = REFUNDS) -> Path:
    return make_project({REFUNDS_PATH: refunds, MANUAL_FILE: NO_PRACTICE,
                         "content/wording.yml": WORDING})


def test_chinese_headings_keep_their_words_and_repeats_get_suffixes(make_project: ProjectFactory) -> None:
    root = project(make_project)  # the mini mkdocs.yml sets no slugify: the plugin provides it
    build(root)
    page = ids(root / REFUNDS_URL)
    assert page.headings == EXPECTED
    assert not [i for i in page.all if re.fullmatch(r"_\d+", i)]  # no meaningless #_1, #_2
    assert 'href="#退款流程"' in (root / REFUNDS_URL).read_text(encoding="utf-8")
    first = ids(root / "build/foundation/first-response/index.html")
    assert first.headings[:2] == ["首次响应", "为什么要快"]


def test_ids_are_the_same_on_every_build_and_survive_a_new_section_above(
    make_project: ProjectFactory,
) -> None:
    root = project(make_project)
    build(root, "one")
    build(root, "two")
    pages = sorted(p.relative_to(root / "one") for p in (root / "one").rglob("*.html"))
    assert len(pages) > 5
    for rel in pages:
        assert ids(root / "one" / rel).headings == ids(root / "two" / rel).headings, rel

    # a section added above does not renumber the others (default slugs would shift #_1, #_2)
    (root / REFUNDS_PATH).write_text(REFUNDS.replace("## 退款流程\n", "## 受理条件\n\n## 退款流程\n", 1),
                                     encoding="utf-8")
    build(root, "three")
    assert ids(root / "three/foundation/refunds/index.html").headings == [
        EXPECTED[0], "受理条件", *EXPECTED[1:]]


def test_generated_pages_keep_their_fixed_ids(make_project: ProjectFactory) -> None:
    root = project(make_project)
    build(root)
    lesson = ids(root / "build/foundation/first-response/index.html").all
    assert {"quiz-first-response", "quiz-first-response-title"} <= lesson
    # the bank's old page sends the browser to that section
    old = (root / "build/quiz/first-response/index.html").read_text(encoding="utf-8")
    assert 'url=../../foundation/first-response/#quiz-first-response"' in old
    manual = ids(root / "build/manual/logistics/index.html").headings
    assert manual[1:] == ["opening", "needs", "handling", "closing"]


def test_the_anchor_checks_resolve_links_with_the_built_ids(make_project: ProjectFactory) -> None:
    root = project(make_project)
    build(root)
    built = ids(root / REFUNDS_URL).headings
    assert set(built) <= page_ids(REFUNDS.split("---\n", 2)[2])
    assert [f for f in findings_for(root) if f.rule == "broken-anchor"] == []

    meaningless = REFUNDS + "\n[旧链接](#_1)\n"
    (root / REFUNDS_PATH).write_text(meaningless, encoding="utf-8")
    found = [f for f in findings_for(root) if f.rule == "broken-anchor"]
    assert [(f.file, "#_1" in f.message) for f in found] == [(REFUNDS_PATH, True)]


def test_the_site_config_names_the_shared_slug() -> None:
    from mkdocs.config import load_config

    repo = Path(__file__).resolve().parents[2]
    config = load_config(str(repo / "mkdocs.yml"))
    assert config.mdx_configs["toc"]["slugify"] is slugify
    assert slugify("退款流程", "-") == "退款流程"
