"""Interface languages: the tables agree, no interface string hides outside them, and a site built
in English or Traditional Chinese shows its generated pages in that language (docs/i18n.md)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from academy.cli import main
from academy.compile.i18n import DEFAULT_LANGUAGE, TABLE_DIR, language, languages, resolve, t

from tests.conftest import EXAM, MKDOCS_YML, REPO, ProjectFactory

HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e]")  # Chinese characters and punctuation
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _table(lang: str) -> dict[str, str]:
    return json.loads((TABLE_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def test_the_shipped_languages() -> None:
    assert languages() == ["en", "zh-CN", "zh-TW"]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_every_table_has_the_keys_and_placeholders_of_zh_cn(lang: str) -> None:
    base, other = _table(DEFAULT_LANGUAGE), _table(lang)
    assert sorted(set(base) - set(other)) == [], f"{lang}.json lacks these keys: translate them"
    assert sorted(set(other) - set(base)) == [], f"{lang}.json has keys zh-CN.json does not"
    differ = {key: (base[key], other[key]) for key in base
              if set(PLACEHOLDER.findall(base[key])) != set(PLACEHOLDER.findall(other[key]))}
    assert differ == {}


def test_translations_are_in_their_own_script() -> None:
    english = {key: s for key, s in _table("en").items() if HAN.search(s)}
    assert english == {}, "Chinese left in en.json"
    simplified = set()
    for s in _table("zh-TW").values():
        for ch in s:
            if "\u4e00" <= ch <= "\u9fff":
                try:
                    ch.encode("big5")  # Big5 has Traditional characters only
                except UnicodeEncodeError:
                    simplified.add(ch)
    assert simplified == set(), "Simplified characters in zh-TW.json"


@pytest.mark.parametrize(("tag", "lang"), [
    ("zh", "zh-CN"), ("zh-CN", "zh-CN"), ("zh-Hans", "zh-CN"), ("ZH-cn", "zh-CN"),
    ("zh-TW", "zh-TW"), ("zh-Hant", "zh-TW"), ("zh_HK", "zh-TW"), ("zh-Hant-TW", "zh-TW"),
    ("en", "en"), ("en-GB", "en"), ("fr", None), ("", None), (None, None),
])
def test_material_languages_pick_a_table(tag: str | None, lang: str | None) -> None:
    assert resolve(tag) == lang


def test_t_fills_placeholders_in_the_current_language() -> None:
    assert t("quiz.q", n=3) == "第 3 题"
    with language("en"):
        assert t("quiz.q", n=3) == "Question 3"
        assert t("quiz.meta", count=2) == "Questions: 2 · Pass mark {pass}%", "missing params stay"
    assert t("quiz.q", n=3) == "第 3 题", "the language before is back"
    with pytest.raises(KeyError):
        t("no.such.key")


# -- no interface string outside the tables ----------------------------------------------------

COMPILE = REPO / "tools/academy/compile"
THEME = REPO / "theme"


def _python_literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module, docstrings and regular-expression ranges (一-鿿) left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and not re.fullmatch(r"(?:.-.)+", node.value, re.S)]


def _js_code(text: str) -> str:
    """JavaScript without its comments (good enough for our modules)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(^|\s)//.*$", r"\1", text, flags=re.M)


def _template(text: str) -> str:
    return re.sub(r"\{#.*?#\}|<!--.*?-->", "", text, flags=re.S)


def test_no_chinese_interface_string_outside_the_tables() -> None:
    found = [f"{p.relative_to(REPO)}:{line}: {s!r}"
             for p in sorted(COMPILE.glob("*.py")) for line, s in _python_literals(p) if HAN.search(s)]
    for p in sorted(THEME.rglob("*.js")) + sorted(THEME.rglob("*.html")):
        code = _js_code if p.suffix == ".js" else _template
        lines = code(p.read_text(encoding="utf-8")).splitlines()
        found += [f"{p.relative_to(REPO)}:{n}: {line.strip()}"
                  for n, line in enumerate(lines, 1) if HAN.search(line)]
    assert found == [], "route these through theme/assets/academy/i18n/*.json and t()"


def test_the_scan_sees_strings_and_skips_comments(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""模块说明"""\nTITLE = "题库"\nCJK = "\u4e00-\u9fff"\n', encoding="utf-8")
    assert [s for _, s in _python_literals(module)] == ["题库"]
    assert HAN.search(_js_code("// 注释\nconst a = '标题'; /* 注释 */"))
    assert not HAN.search(_js_code("// 注释\n/* 多行\n注释 */\nconst a = 1; // 注释"))


# -- real builds -----------------------------------------------------------------------------


def _site(make_project: ProjectFactory, theme_language: str, plugin: str = "  - academy\n") -> Path:
    config = (MKDOCS_YML.replace("language: zh", f"language: {theme_language}\n  custom_dir: {THEME}")
              .replace("  - academy\n", plugin))
    # a bank no lesson shows has a page of its own (quiz/exam/)
    root = make_project({"mkdocs.yml": config, "quizzes/exam.yml": EXAM})
    with language(DEFAULT_LANGUAGE):  # the build sets the language; later tests expect zh-CN
        assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    return root / "build"


def _read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_an_english_site_generates_english_pages(make_project: ProjectFactory) -> None:
    site = _site(make_project, "en")
    lesson = _read(site, "foundation/first-response")
    assert '<html lang="en"' in lesson
    assert '<meta name="academy-lang" content="en">' in lesson
    assert 'href="../../assets/academy/i18n/en.json" as="fetch"' in lesson
    assert "zh-CN.json" not in lesson and "zh-TW.json" not in lesson
    assert "Quiz: 首次响应测验" in lesson, "the interface is English, the course stays Chinese"
    assert "Quizzes need JavaScript." in lesson and "Last reviewed:" in lesson
    nav = {m.strip() for m in re.findall(r">([^<>]*)<", lesson)}
    assert {"Quizzes", "Learning progress", "My dashboard", "Content quality"} <= nav
    assert "Questions: 1. Pass mark 80%." in _read(site, "quiz/exam")
    assert "My dashboard</h1>" in _read(site, "dashboard")
    assert "Red and yellow cards" in _read(site, "quality")
    assert (site / "assets/academy/i18n/en.json").is_file()
    course = re.compile("首次响应|结业考试|基础层|场景层")  # lesson, bank and tier titles: curriculum
    for page in ("quiz", "quiz/exam", "progress", "dashboard", "badges", "review",
                 "certificate", "quality"):
        text = re.sub(r"<script.*?</script>", "", _read(site, page), flags=re.S)
        leftovers = [m.strip() for m in re.findall(r">([^<>]*)<", text)
                     if HAN.search(m) and not course.search(m)]
        assert leftovers == [], page


def test_the_plugin_option_picks_traditional_chinese(make_project: ProjectFactory) -> None:
    site = _site(make_project, "en", plugin="  - academy:\n      language: zh-Hant\n")
    lesson = _read(site, "foundation/first-response")
    assert '<meta name="academy-lang" content="zh-TW">' in lesson
    assert "隨堂測驗：首次响应测验" in lesson and "最近審核：" in lesson
    assert "共 1 題，及格標準 80%。" in _read(site, "quiz/exam")
    assert "錯題本</h1>" in _read(site, "review")


def test_an_unknown_language_option_fails_the_build(make_project: ProjectFactory,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    config = MKDOCS_YML.replace("  - academy\n", "  - academy:\n      language: fr\n")
    # a bank no lesson shows has a page of its own (quiz/exam/)
    root = make_project({"mkdocs.yml": config, "quizzes/exam.yml": EXAM})
    with language(DEFAULT_LANGUAGE):
        assert main(["-f", str(root / "mkdocs.yml"), "build"]) != 0
    assert "no interface table for language 'fr'; available: en, zh-CN, zh-TW" in caplog.text


def test_a_theme_language_without_a_table_builds_in_zh_cn(make_project: ProjectFactory,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    site = _site(make_project, "fr")
    assert '<meta name="academy-lang" content="zh-CN">' in _read(site, "foundation/first-response")
    assert "no interface table for theme.language 'fr'; using zh-CN" in caplog.text
    assert sorted(p.name for p in (site / "assets/academy/i18n").iterdir()) == ["zh-CN.json"]
