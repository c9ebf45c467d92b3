"""A long course builds pages whose size does not grow with it: the navigation groups long
sections, so a page links its own group and one link per other group, and built pages carry no
whitespace-only lines (docs/benchmarks.md, "Build at scale")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from academy.cli import main
from academy.compile import pages
from academy.compile.compact import compact_html

from tests.conftest import LESSON, MKDOCS_YML, REPO, ProjectFactory

# the repo's navigation features: every top-level section open, closed branches pruned
FEATURES = ("  features: [navigation.sections, navigation.indexes, navigation.prune, "
            "navigation.footer]\n")
CODE = "\n    第一行\n\n    第三行\n"  # an indented code block with a blank line inside


def _site(make_project: ProjectFactory, lessons: int) -> Path:
    files: dict[str, str | None] = {
        "mkdocs.yml": MKDOCS_YML.replace("  font: false\n", "  font: false\n" + FEATURES),
        "content/foundation/first-response.md": None,
        "quizzes/first-response.yml": None,
    }
    for n in range(1, lessons + 1):
        files[f"content/foundation/lesson-{n:03d}.md"] = (
            LESSON.replace("首次响应", f"第 {n} 课") + CODE)
    root = make_project(files)
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    return root / "build"


def _page(site: Path, n: int) -> str:
    return (site / f"foundation/lesson-{n:03d}/index.html").read_text(encoding="utf-8")


@pytest.fixture
def small_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Group sections of more than 8 pages by 4, so that a few dozen lessons show it."""
    monkeypatch.setattr(pages, "NAV_FLAT_MAX", 8)
    monkeypatch.setattr(pages, "NAV_GROUP_SIZE", 4)


@pytest.mark.usefixtures("small_groups")
def test_a_long_section_is_grouped_and_a_page_links_its_own_group(
    make_project: ProjectFactory,
) -> None:
    site = _site(make_project, 30)
    page = _page(site, 10)
    # 30 lessons: 1–16 (1–4, 5–8, 9–12, 13–16) and 17–30 (17–20, ..., 29–30)
    for title in ("第 1–16 篇", "第 17–30 篇", "第 5–8 篇", "第 9–12 篇", "第 13–16 篇"):
        assert title in page
    assert "第 21–24 篇" not in page, "the other top group is one closed link"
    for n in (9, 11, 12):  # its own group
        assert f'href="../lesson-{n:03d}/"' in page
    for n in (14, 20, 30):  # inside closed groups
        assert f"lesson-{n:03d}/" not in page
    # every lesson is still built and in the reading order (previous / next at the foot)
    for n in range(1, 31):
        html = _page(site, n)
        if n < 30:
            assert f'href="../lesson-{n + 1:03d}/"' in html


def test_a_section_up_to_15_pages_lists_them_all_and_longer_ones_go_by_tens() -> None:
    paths = [f"p{n}.md" for n in range(1, 42)]
    assert pages.grouped(paths[:15]) == paths[:15]
    groups = pages.grouped(paths)
    assert [title for title, _ in groups] == ["第 1–10 篇", "第 11–20 篇", "第 21–30 篇", "第 31–41 篇"]
    assert [page for _, entries in groups for page in entries] == paths
    assert [title for title, _ in pages.grouped(paths[:16])] == ["第 1–10 篇", "第 11–16 篇"]


def test_the_shipped_course_navigation_has_no_groups() -> None:
    from academy.model import load_course, project_from_mkdocs

    course = load_course(project_from_mkdocs(REPO / "mkdocs.yml"))
    for title, entries in pages.outline(course).sections:
        assert all(isinstance(entry, str) for entry in entries), title


@pytest.mark.usefixtures("small_groups")
def test_the_size_of_a_lesson_page_stays_flat_as_the_course_grows(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = len(_page(_site(make_project, 12), 1).encode())
    large = len(_page(_site(make_project, 96), 1).encode())  # the same project, 84 lessons more
    # 8 times the lessons: one more level of groups (a few links), not 84 more links
    assert large < small * 1.25, (small, large)
    monkeypatch.setattr(pages, "NAV_FLAT_MAX", 1000)
    ungrouped = len(_page(_site(make_project, 96), 1).encode())
    assert ungrouped > small * 1.8, (small, ungrouped)


def test_built_pages_have_no_blank_lines_but_code_keeps_its_own(
    make_project: ProjectFactory,
) -> None:
    page = _page(_site(make_project, 1), 1)
    outside = re.sub(r"<(pre|code|script|style|textarea)\b.*?</\1>", "<kept/>", page, flags=re.S)
    assert not re.search(r"\n[ \t]*\n", outside)
    assert not re.search(r"\n[ \t]+<", outside), "no indentation either"
    assert "第一行\n\n第三行" in page


def test_compaction_keeps_what_shows() -> None:
    page = ("<ul>\n   \n  <li>一</li>  \n\n <li>二</li>\n</ul>\n<pre><code>a\n\n  b</code></pre>\n"
            "<p>\u3000\u3000段落\u00a0 x</p>\n<textarea>\n\n x</textarea>"
            "<script>\n  const s = `\n\n  `;\n</script>")
    assert compact_html(page) == (
        "<ul>\n<li>一</li>  \n<li>二</li>\n</ul>\n<pre><code>a\n\n  b</code></pre>\n"
        "<p>\u3000\u3000段落\u00a0 x</p>\n<textarea>\n\n x</textarea>"
        "<script>\n  const s = `\n\n  `;\n</script>")
