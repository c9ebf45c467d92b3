"""Safety and structure of pages: links, anchors, images and HTML that would run code."""

from __future__ import annotations

import random
import re
import time
from datetime import date
from pathlib import Path

import markdown
import pytest
from academy.checks import safety, suppress
from academy.checks.context import CheckContext
from academy.checks.safety import check_safety, page_ids
from academy.findings import Finding
from academy.model import load_course, project_from_mkdocs
from pymdownx.slugs import slugify

from tests.conftest import BANK, LESSON, ProjectFactory

FRONT = """\
---
title: 练习课
tier: foundation
competencies: [communication]
owner: training
reviewed: 2026-11-20
---
"""
BODY_LINE = 8  # the first line after FRONT
EXTRA = "content/foundation/extra.md"
PNG = "\x89PNG\r\n"


def project(make_project: ProjectFactory, files: dict[str, str | None] | None = None) -> Path:
    return make_project({"content/index.md": "# Mini\n",
                         "content/foundation/first-response.md": LESSON,
                         "quizzes/first-response.yml": BANK, **(files or {})})


def run(root: Path) -> list[Finding]:
    course = load_course(project_from_mkdocs(root / "mkdocs.yml"))
    found = check_safety(course, CheckContext(today=date(2026, 11, 26)))
    return sorted(suppress.apply(course, found))


def hits(root: Path, rule: str) -> list[Finding]:
    return [f for f in run(root) if f.rule == rule]


def lesson(body: str) -> dict[str, str]:
    return {EXTRA: FRONT + body}


# rule -> (other files, bad body, good body, line in the bad body (1-based), severity)
RULES: dict[str, tuple[dict[str, str], str, str, int, str]] = {
    "broken-link": (
        {"content/scenario/returns-exchanges.md": FRONT + "# 退换货\n"},
        "# 练习\n\n先读[退换货](../scenario/returns.md)。\n",
        "# 练习\n\n先读[退换货](../scenario/returns-exchanges.md)。\n",
        3, "red",
    ),
    "broken-anchor": (
        {},
        "# 练习\n\n见[为什么](first-response.md#为什么要慢)。\n",
        "# 练习\n\n见[为什么](first-response.md#为什么要快)。\n",
        3, "red",
    ),
    "missing-image": (
        {},
        "# 练习\n\n![订单详情页](img/order.png)\n",
        "# 练习\n\n![订单详情页](img/order.jpg)\n",
        3, "red",
    ),
    "image-alt": (
        {},
        "# 练习\n\n![](img/order.jpg)\n",
        "# 练习\n\n![订单详情页](img/order.jpg)\n",
        3, "yellow",
    ),
    "unsafe-html": (
        {},
        "# 练习\n\n<script>alert(1)</script>\n",
        "# 练习\n\n```html\n<script>alert(1)</script>\n```\n",
        3, "red",
    ),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_fails_bad_and_passes_good(make_project: ProjectFactory, rule: str) -> None:
    files, bad, good, line, severity = RULES[rule]
    files = {**files, "content/foundation/img/order.jpg": PNG}
    root = project(make_project, {**files, **lesson(bad)})
    found = hits(root, rule)
    assert found, f"{rule} did not fire"
    assert (found[0].file, found[0].line, found[0].rule, str(found[0].severity)) == (
        EXTRA, BODY_LINE + line - 1, rule, severity)
    assert found[0].fix
    root = project(make_project, {**files, **lesson(good)})
    assert run(root) == []


def test_the_mini_course_is_clean(make_project: ProjectFactory) -> None:
    assert run(project(make_project)) == []


def test_broken_link_suggests_the_close_page(make_project: ProjectFactory) -> None:
    files, bad, _, _, _ = RULES["broken-link"]
    (hit,) = hits(project(make_project, {**files, **lesson(bad)}), "broken-link")
    assert "[退换货](../scenario/returns.md)" in hit.message
    assert "`../scenario/returns-exchanges.md`" in hit.fix


def test_broken_anchor_suggests_the_close_heading(make_project: ProjectFactory) -> None:
    (hit,) = hits(project(make_project, lesson(RULES["broken-anchor"][1])), "broken-anchor")
    assert "#为什么要慢" in hit.message
    assert "#为什么要快" in hit.fix


@pytest.mark.parametrize("target", [
    "../quiz/index.md", "../progress.md", "first-response.md#quiz-first-response",
    "../index.md", "first-response.md", "first-response.md#首次响应", "#练习",
    "https://example.invalid/missing.md", "mailto:training@example.invalid", "//cdn.invalid/x",
    "first-response.md?from=extra#为什么要快",
    "first-response.md#%E4%B8%BA%E4%BB%80%E4%B9%88%E8%A6%81%E5%BF%AB",
    "img/order.jpg", "<first-response.md>",
])
def test_valid_links(make_project: ProjectFactory, target: str) -> None:
    body = f"# 练习\n\n[链接]({target})\n"
    root = project(make_project, {**lesson(body), "content/foundation/img/order.jpg": PNG})
    assert run(root) == []


@pytest.mark.parametrize(("target", "rule", "words"), [
    ("../quiz/no-such-bank.md", "broken-link", "does not exist"),
    ("../../README.md", "broken-link", "outside content/"),
    ("/foundation/first-response.md", "broken-link", "starts with `/`"),
    ("../", "broken-link", "folder"),
    ("../scenario/", "broken-link", "does not exist"),
    ("first-response.md#no-such-heading", "broken-anchor", "not a heading"),
    ("#为什么要快", "broken-anchor", "this page"),
    # a lesson's bank has no page of its own: it is taken in the lesson (#quiz-<id>)
    ("../quiz/first-response.md", "broken-link", "does not exist"),
])
def test_broken_links(make_project: ProjectFactory, target: str, rule: str, words: str) -> None:
    root = project(make_project, lesson(f"# 练习\n\n[链接]({target})\n"))
    found = run(root)
    assert [(f.file, f.line, f.rule) for f in found] == [(EXTRA, BODY_LINE + 2, rule)]
    assert words in found[0].message
    assert found[0].fix


def test_reference_links_and_index_pages_are_checked(make_project: ProjectFactory) -> None:
    root = project(make_project, {
        "content/index.md": "---\ntitle: 首页\n---\n\n# 首页\n\n- [课程](foundation/first-respons.md)\n"
                            "- [测验][quiz]\n\n[quiz]: quiz/nothing.md\n",
    })
    found = run(root)
    assert [(f.file, f.line, f.rule) for f in found] == [
        ("content/index.md", 7, "broken-link"), ("content/index.md", 10, "broken-link")]
    assert "`foundation/first-response.md`" in found[0].fix


def test_anchor_ids_follow_the_build(make_project: ProjectFactory) -> None:
    body = ("# 练习 {#practice}\n\n## 步骤\n\n## 步骤\n\n第三步\n------\n\n"
            '<a id="manual"></a>\n\n段落 { #para }\n\n'
            "[a](#practice) [b](#步骤) [c](#步骤_1) [d](#第三步) [e](#manual) [f](#para)\n"
            "[g](#练习)\n")
    found = run(project(make_project, lesson(body)))
    assert [(f.line, f.rule) for f in found] == [(BODY_LINE + 14, "broken-anchor")]
    assert "`#练习`" in found[0].message


HEADINGS = """\
# Hello World
## **Bold** `code` [link](x.md) &amp; A
## Head
## Head
## Head {#custom}
## Head { .cls }
## snake_case and _em_ and __strong__
## 问题 1：客户说“太慢了”！
## A <span>b</span> c
## `<b>` tag
### ![img](a.png) Pic
Setext
======

Another
-------
## Ends with hashes ##
#NoSpace
## 3–5 位客户
## 退换货 / 售后 (7 天)
"""


def test_heading_ids_match_python_markdown() -> None:
    docs = [HEADINGS] + [p.read_text(encoding="utf-8") for p in Path("content").rglob("*.md")]
    for text in docs:
        md = markdown.Markdown(extensions=["toc", "attr_list", "pymdownx.superfences"],
                               extension_configs={"toc": {"slugify": slugify(case="lower")}})
        html = md.convert(text)
        assert page_ids(text) == set(re.findall(r'id="([^"]*)"', html))


def test_images(make_project: ProjectFactory) -> None:
    body = ("# 练习\n\n![截图](img/order.jpg) ![](https://example.invalid/a.png)\n\n"
            '<img src="img/missing.png" alt="说明">\n\n<img src="img/order.jpg">\n\n'
            "[![截图](img/nope.png)](first-response.md)\n")
    root = project(make_project, {**lesson(body), "content/foundation/img/order.jpg": PNG})
    found = [(f.line - BODY_LINE + 1, f.rule, str(f.severity)) for f in run(root)]
    assert found == [(3, "image-alt", "yellow"), (5, "missing-image", "red"),
                     (7, "image-alt", "yellow"), (9, "missing-image", "red")]


UNSAFE = [
    "<iframe src=\"https://example.invalid\"></iframe>",
    "<IFRAME SRC=x>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<div title=">" onclick="alert(1)">x</div>',
    "<a href=\"x\"\nonmouseover=\"alert(1)\">x</a>",
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我]( <javascript:alert(1)> )",
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[点我](&#106;avascript:alert(1))",
    "<a href='vbscript:msgbox(1)'>x</a>",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "## 标题 { onclick=\"alert(1)\" }",
    "[链接](first-response.md){ onclick=alert(1) }",
    "<!--> <script>alert(1)</script> -->",
    "<!-- <script>alert(1)</script> -->",
    '<base href="https://evil.invalid/">',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.invalid">',
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<a title=\"x <img src=y onerror=alert(1)>\">z</a>",
    "[ref]: javascript:alert(1)",
    "```\n<script>alert(1)</script>\n",  # an unclosed fence is not code
    "```\n<script>alert(1)</script>\n````\n",  # closed by a different fence: not code
    "    ```\n<script>alert(1)</script>\n    ```\n",
    "`a\n<script>alert(1)</script>`\n",
    "<div>\n`<script>alert(1)</script>`\n</div>\n",
    "\\`<script>alert(1)</script>`\n",
]


@pytest.mark.parametrize("html", UNSAFE)
def test_unsafe_html_is_red(make_project: ProjectFactory, html: str) -> None:
    root = project(make_project, lesson(f"# 练习\n\n{html}\n"))
    found = hits(root, "unsafe-html")
    assert found, html
    assert all(str(f.severity) == "red" and f.fix for f in found)
    assert min(f.line for f in found) in (BODY_LINE + 2, BODY_LINE + 3)


SAFE = [
    "```html\n<script>alert(1)</script>\n```",
    "~~~\n<iframe src=x></iframe>\n~~~",
    "用 `<script>` 标签的页面会被拒绝；`onclick=` 也一样。",
    "``[x](javascript:alert(1))``",
    "!!! note\n\n    ```html\n    <img src=x onerror=alert(1)>\n    ```",
    "- 步骤\n\n    ```\n    <script>x</script>\n    ```",
    "首次响应 <30 秒，javascript: 只是一个词，onboarding=入职。",
    '<div class="grid" markdown>\n\n**粗体**\n\n</div>',
    '<img src="img/order.jpg" alt="订单详情页">',
    "[外部](https://example.invalid/a?b=javascript:x)",
    "<details><summary>答案</summary>先致歉。</details>",
]


@pytest.mark.parametrize("text", SAFE)
def test_safe_html_passes(make_project: ProjectFactory, text: str) -> None:
    root = project(make_project, {**lesson(f"# 练习\n\n{text}\n"), "content/foundation/img/order.jpg": PNG})
    assert run(root) == []


def test_unsafe_message_quotes_the_text(make_project: ProjectFactory) -> None:
    (hit,) = hits(project(make_project, lesson("# 练习\n\n<img src=x onerror=alert(1)>\n")), "unsafe-html")
    assert "onerror" in hit.message and "`onerror`" in hit.fix


def test_unsafe_html_in_front_matter(make_project: ProjectFactory) -> None:
    root = project(make_project, {EXTRA: FRONT.replace("title: 练习课", "title: '<script>x</script>'")
                         + "# 练习\n"})
    assert [(f.line, f.rule) for f in run(root)] == [(2, "unsafe-html")]


@pytest.mark.parametrize(("old", "new", "line"), [
    ("prompt: 客户说快递三天没动了，您的第一句话是？", "prompt: '<img src=x onerror=alert(1)>'", 10),
    ("- text: 这是快递公司的问题。", "- text: '[查询](javascript:alert(1))'", 14),
    ("explanation: 先致歉、再行动。", "explanation: '</script><script>alert(1)</script>'", 15),
    ("title: 首次响应测验", "title: <iframe src=x>", 2),
    ("title: 首次响应测验", 'title: "\\u003ciframe src=x>"', 2),  # no `<` in the source
])
def test_unsafe_html_in_bank_texts(make_project: ProjectFactory, old: str, new: str,
                                   line: int) -> None:
    assert old in BANK
    root = project(make_project, {"quizzes/first-response.yml": BANK.replace(old, new)})
    found = run(root)
    assert [(f.file, f.line, f.rule, str(f.severity)) for f in found] == [
        ("quizzes/first-response.yml", line, "unsafe-html", "red")]
    assert found[0].fix


def test_bank_texts_with_ordinary_symbols_pass(make_project: ProjectFactory) -> None:
    root = project(make_project, {"quizzes/first-response.yml": BANK.replace(
        "先致歉、再行动。", "'先致歉（<30 秒），再行动：查询 -> 答复 {承诺}。'")})
    assert run(root) == []


def test_unsafe_html_can_be_silenced_with_a_reason(make_project: ProjectFactory) -> None:
    body = "# 练习\n\n<!-- academy-ignore unsafe-html: 培训视频，来源已审核 -->\n<iframe src=x></iframe>\n"
    assert run(project(make_project, lesson(body))) == []


HOSTILE = [
    "[" * 200_000,
    "[" * 50_000 + "x" + "]" * 50_000 + "(y.md)",
    "](" * 100_000,
    "<a " * 100_000,
    "<" * 200_000,
    "{" * 100_000 + "onclick=1",
    "`" * 100_000,
    "` `" * 50_000,
    "```\n" * 20_000,
    "".join(f"{'`' * (3 + i % 40)}\n" for i in range(5_000)),
    "    ```\n" + "x\n" * 50_000,
    "<!--" * 50_000,
    "<!-- " + "x" * 200_000,
    "#" * 100_000,
    "# " + "标题" * 100_000,
    "x\n" + "=" * 100_000,
    "\x00\x01\x02\ufffd\x7f\x1b[31m" * 20_000,
    "\r\n".join(["[a](b.md)"] * 20_000),
    "![" * 100_000,
    '<img src="' + "a" * 200_000,
    "&#106;" * 50_000,
    "\\" * 100_000 + "`",
    "- " * 50_000 + "`<script>`",
    "[x](" + "(" * 100_000,
    "`<script>`" + "[" * 20_000,
]


@pytest.mark.parametrize("body", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_pages_do_not_crash_or_hang(make_project: ProjectFactory, body: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "RENDER_SECONDS", 1.0)  # Python-Markdown may be slow on these
    root = project(make_project, {**lesson(body), "quizzes/first-response.yml": BANK.replace(
        "先致歉、再行动。", "'" + "[<" * 5_000 + "'")})
    started = time.perf_counter()
    found = run(root)
    assert time.perf_counter() - started < 5
    assert all(isinstance(f, Finding) and f.line >= 1 for f in found)


def test_binary_lesson_is_a_loader_finding_not_a_crash(make_project: ProjectFactory) -> None:
    root = project(make_project)
    (root / "content/foundation/binary.md").write_bytes(b"\xff\xfe\x00<script>" * 1000)
    assert run(root) == []


_LIVE = re.compile(r"<(?:script|iframe)\b|<[a-z][^<>]*\sonerror=|href=\"javascript", re.IGNORECASE)
_PIECES = ["```", "````", "  ```", "    ```", "~~~", "```py", "```x y", "<div>", "</div>", "",
           "", "text", "- item", "> ```", "`<script>x</script>`", "<script>x</script>",
           "<!-- c -->", "<!--", "-->", "<!-->", "`a", "b`", "!!! note",
           "    `<iframe src=x>`", "`[a](javascript:x)`", "`<img src=x onerror=1>`", "<pre>",
           "| `a | <script>x</script>` |", "|---|---|", "\\`<script>x</script>`"]


def test_no_page_that_renders_unsafe_html_passes(make_project: ProjectFactory) -> None:
    """Random mixes of fences, code spans and HTML: what the build renders live is caught."""
    root = project(make_project)
    rng = random.Random(20261126)
    extensions = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details",
                  "pymdownx.superfences", "toc"]
    for _ in range(40):
        body = "\n".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 10)))
        (root / EXTRA).write_text(FRONT + body + "\n", encoding="utf-8")
        live = _LIVE.search(markdown.markdown(body, extensions=extensions))
        if live:
            assert hits(root, "unsafe-html"), body


def test_the_check_is_registered() -> None:
    from academy.checks import CHECKS

    assert check_safety in CHECKS
