"""The site search index (academy.compile.search, docs/search.md): what a built page contributes,
what the index files hold, that search.js reads them the same way, and that the theme's header is
Material's with only the search block changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from academy.cli import main
from academy.compile.search import (
    SEARCH_DIR,
    build_search,
    extract,
    find,
    keys_of,
    normalize,
    shard_of,
    site_pages,
)

from tests.conftest import ProjectFactory

REPO = Path(__file__).resolve().parents[2]


def page(article: str, title: str = "课程 - 客服学院") -> str:
    return (f"<html><head><title>{title}</title></head><body><nav>导航里的字不算</nav>"
            f'<article class="md-content__inner md-typeset">{article}</article>'
            "<footer>页脚</footer></body></html>")


LESSON = page(
    "<h1>退款与赔偿承诺的边界</h1><p>“明天肯定到账”——这样的话&amp;承诺兑现不了。</p>"
    '<h2 id="学习目标">学习目标<a class="headerlink" href="#学习目标" title="Permanent link">&para;</a></h2>'
    "<ol><li>说清退款到账时间；</li><li>预约售后工程师上门</li></ol>"
    '<h3>没有 id 的小标题</h3><p>仍属于学习目标。</p>'
    '<h2 id="quiz-x-title">随堂测验：退款</h2>'
    '<script type="application/json" class="academy-bank">{"prompt": "题目里的字不进索引"}</script>'
    '<noscript><p>测验需要启用 JavaScript。</p></noscript>'
    '<div data-search-ignore><p>不要搜到我</p><div>嵌套</div></div><p>SMART 原则</p>'
)


def test_a_page_is_cut_into_sections_at_headings_with_an_id() -> None:
    got = extract(LESSON, "compliance/refund/")
    assert got is not None
    assert got.title == "退款与赔偿承诺的边界"
    assert [(s.anchor, s.title) for s in got.sections] == [
        ("", "退款与赔偿承诺的边界"), ("学习目标", "学习目标"), ("quiz-x-title", "随堂测验：退款")]
    intro, goals, quiz = got.sections
    assert intro.text == "“明天肯定到账”——这样的话&承诺兑现不了。"
    assert goals.text == "说清退款到账时间； 预约售后工程师上门 没有 id 的小标题 仍属于学习目标。"
    assert "¶" not in goals.title
    assert quiz.text == "SMART 原则", "scripts, noscript and data-search-ignore are not searched"


def test_pages_without_an_article_or_h1_fall_back_sensibly() -> None:
    assert extract("<html><body><p>redirect</p></body></html>", "x/") is None
    got = extract(page("<p>只有正文</p>", title="进度 - 客服学院"), "progress/")
    assert got is not None and got.title == "进度"
    assert got.sections[0].text == "只有正文"


def test_keys_are_characters_and_pairs_of_chinese_and_prefixes_of_words() -> None:
    assert keys_of(normalize("满意度")) == {"满", "意", "度", "满意", "意度"}
    assert keys_of(normalize("ＳＭＡＲＴ 目标")) == {"sm", "sma", "smar", "smart", "目", "标", "目标"}
    assert keys_of(normalize("3 个工作日")) == {"个", "工", "作", "日", "个工", "工作", "作日"}
    assert len(normalize("ＡＢ，“了”")) == len("ＡＢ，“了”"), "keeps offsets (search.js marks by them)"


def write_site(root: Path) -> Path:
    site = root / "site"
    for rel, html in {
        "index.html": page("<h1>客服学院</h1><p>欢迎。</p>"),
        "compliance/refund/index.html": LESSON,
        "manual/logistics/index.html": page(
            '<h1 id="物流异常">物流异常</h1><h2 id="handling">问题处理</h2><p>包裹预计{时间}前送达。</p>'
            '<h2 id="rome">案例</h2><p>客户想把包裹寄到罗马。</p><p>帝国大厦明信片。</p>'),
        "books/index.html": page("<h1>图书</h1><p>《罗马帝国衰亡史》缺货。</p>"),
        "404.html": page("<h1>404</h1><p>退款</p>"),
        "assets/pyodide/x.html": page("<h1>退款</h1>"),
    }.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html, encoding="utf-8")
    return site


def test_the_index_finds_fragments_and_whole_phrases_only(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    report = build_search(site)
    assert [p.url for p in site_pages(site)] == ["", "books/", "compliance/refund/", "manual/logistics/"]
    assert report.pages == 4 and report.files == report.shards + 4 + 1
    assert find(site, "退款") == [("compliance/refund/", ""), ("compliance/refund/", "学习目标"),
                                  ("compliance/refund/", "quiz-x-title")]
    assert find(site, "程师") == [("compliance/refund/", "学习目标")], "a fragment inside 工程师"
    assert find(site, "罗马帝国") == [("books/", "")], "not the section with 罗马 and 帝国 apart"
    assert find(site, "包裹预计{时间}") == [("manual/logistics/", "handling")]
    assert find(site, "smar") == [("compliance/refund/", "quiz-x-title")]
    assert find(site, "题目里的字") == [] and find(site, "页脚") == []


def test_index_files_and_their_encoding(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    build_search(site)
    root = site / SEARCH_DIR
    meta = json.loads((root / "meta.json").read_text())
    assert meta["format"] == 1 and meta["starts"] == [0, 1, 1, 3]  # first section of each page, as deltas
    shard = json.loads((root / meta["id"] / f"k/{shard_of('退款', meta['shards'])}.json").read_text())
    # sections 2, 3 and 4 (the refund page): section * 2 + (in its heading), as differences
    assert shard["退款"] == [2 * 2 + 1, 1, 3]
    refund = json.loads((root / meta["id"] / "p/2.json").read_text())
    assert refund["u"] == "compliance/refund/" and refund["t"] == "退款与赔偿承诺的边界"
    assert refund["s"][1][:2] == ["学习目标", "学习目标"]


def test_the_index_is_the_same_for_the_same_site_and_replaces_the_old_one(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    build_search(site)
    first = json.loads((site / SEARCH_DIR / "meta.json").read_text())["id"]
    build_search(site)
    assert json.loads((site / SEARCH_DIR / "meta.json").read_text())["id"] == first
    (site / "books/index.html").write_text(page("<h1>图书</h1><p>新书到货。</p>"), encoding="utf-8")
    build_search(site)
    second = json.loads((site / SEARCH_DIR / "meta.json").read_text())["id"]
    assert second != first
    assert sorted(p.name for p in (site / SEARCH_DIR).iterdir()) == sorted([second, "meta.json"])


def test_search_js_tokenises_and_hashes_like_the_build() -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed (apt-get install nodejs)")
        pytest.skip("node is not installed")
    long = "客户来电说包裹显示已经签收但是自己没有收到希望我们马上核实处理并且补发一件新的商品"
    words = ["退款", "满意度", "罗马帝国衰亡史精装版缺货", "ＳＭＡＲＴ", "smart目标", "a", "工", long]
    script = (
        "const m = await import(process.argv[1]);"
        "const words = JSON.parse(process.argv[2]);"
        "console.log(JSON.stringify(words.map((w) => [m.phrases(w), m.phrases(w).flatMap("
        "(p) => p.keys.map((k) => m.hash(k) % 64))])));"
    )
    module = (REPO / "theme/assets/search/search.js").as_uri()
    run = subprocess.run([node, "--input-type=module", "-e", script, module, json.dumps(words)],
                         capture_output=True, text=True, timeout=60, check=True)
    got = json.loads(run.stdout)
    for word, (phrases, shards) in zip(words, got, strict=True):
        keys = [k for p in phrases for k in p["keys"]]
        assert shards == [shard_of(k, 64) for k in keys], word
        assert set(keys) <= keys_of(normalize(word)), f"{word}: every key is one the build writes"
    assert got[0][0] == [{"text": "退款", "keys": ["退款"]}]
    assert got[2][0][0]["keys"] == ["罗马", "帝国", "衰亡", "史精", "装版", "缺货"], "long: every other pair"
    assert got[4][0] == [{"text": "smart", "keys": ["smart"]}, {"text": "目标", "keys": ["目标"]}]
    assert got[5][0] == [] and got[6][0] == [{"text": "工", "keys": ["工"]}]
    assert 2 <= len(got[7][1]) <= 16, "a long query fetches 16 shards at most"


def test_the_plugin_indexes_the_built_site_with_generated_pages(make_project: ProjectFactory) -> None:
    from tests.conftest import MKDOCS_YML

    theme = f"theme:\n  custom_dir: {REPO / 'theme'}\n"
    root = make_project({"mkdocs.yml": MKDOCS_YML.replace("theme:\n", theme)})
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    site = root / "build"
    assert ("foundation/first-response/", "为什么要快") in find(site, "情绪")
    # the lesson's quiz is found on the lesson page; its old page (a redirect) is not indexed
    assert {url for url, _ in find(site, "首次响应测验")} == {"foundation/first-response/", "quiz/"}
    assert not (site / "search").exists(), "no Material search index"
    lesson = (site / "foundation/first-response/index.html").read_text(encoding="utf-8")
    assert 'data-academy-search="../../academy/search/"' in lesson
    assert 'name="search"' not in lesson and 'data-md-component="search"' not in lesson


def test_the_header_is_materials_but_for_the_search_block() -> None:
    import material

    theirs = (Path(material.__file__).parent / "templates/partials/header.html").read_text(encoding="utf-8")
    ours = (REPO / "theme/partials/header.html").read_text(encoding="utf-8")

    def outside_search(text: str) -> str:
        body = text.split("-#}\n", 1)[1]
        start = body.index("{% if \"material/search\" in config.plugins")
        end = body.index("{% if config.repo_url %}")
        return body[:start] + body[end:]

    assert outside_search(ours) == outside_search(theirs), (
        "Material's partials/header.html changed: copy it into theme/partials/header.html again "
        "and put the academy search block back (docs/search.md)")


def test_every_string_of_the_search_comes_from_each_interface_table() -> None:
    used: set[str] = set()
    for rel in ("theme/assets/search/search.js", "theme/partials/academy-search.html"):
        used |= set(re.findall(r"\bt\(['\"]([\w.]+)['\"]", (REPO / rel).read_text(encoding="utf-8")))
    assert {"search.open", "search.placeholder", "search.count", "search.failed"} <= used
    for table in sorted((REPO / "theme/assets/academy/i18n").glob("*.json")):
        keys = json.loads(table.read_text(encoding="utf-8"))
        assert sorted(used - set(keys)) == [], table.name


def test_pages_are_stored_in_course_order(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    (site / "academy").mkdir()
    (site / "academy/course.json").write_text(json.dumps({
        "lessons": [{"url": "manual/logistics/"}, {"url": "compliance/refund/"}],
        "manuals": [], "banks": []}), encoding="utf-8")
    build_search(site)
    meta = json.loads((site / SEARCH_DIR / "meta.json").read_text())
    stored = [json.loads((site / SEARCH_DIR / meta["id"] / f"p/{n}.json").read_text())["u"] for n in range(4)]
    assert stored == ["", "manual/logistics/", "compliance/refund/", "books/"]
