"""The loader: every content file becomes typed models or clear findings, never a traceback."""

from __future__ import annotations

from datetime import date

import pytest
from academy.model import load_course, project_from_mkdocs
from academy.model.schema import Fill, SingleChoice

from tests.conftest import BANK, LESSON, ProjectFactory
from tests.unit.helpers import findings_for


def test_loads_the_mini_course(make_project: ProjectFactory) -> None:
    root = make_project()
    course = load_course(project_from_mkdocs(root / "mkdocs.yml"))
    assert course.config is not None and course.config.site_id == "mini-academy"
    lesson = course.lessons["foundation/first-response.md"]
    assert lesson.meta.reviewed == date(2026, 11, 20)
    assert lesson.positions.line(("tier",)) == 3
    (qb,) = course.banks
    assert [type(q) for q in qb.bank.questions] == [SingleChoice, Fill]
    assert qb.bank.pass_score == 80
    assert qb.positions.line(("questions", 1, "answers")) == 19
    assert course.pages == ["index.md"]
    assert course.load_findings == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("id: a\ntitle: [unclosed\n", 3, "cannot be read"),
        ("id: a\n\ttitle: tab\n", 2, "cannot be read"),
        ("- just\n- a list\n", 1, "mapping"),
        ("", 1, "mapping"),
    ],
)
def test_malformed_bank_is_one_finding(
    make_project: ProjectFactory, text: str, line: int, words: str
) -> None:
    root = make_project({"quizzes/first-response.yml": text})
    hits = findings_for(root)
    assert len(hits) == 1
    assert hits[0].file == "quizzes/first-response.yml"
    assert hits[0].line == line
    assert words in hits[0].message


def test_wrong_type_and_missing_field(make_project: ProjectFactory) -> None:
    text = BANK.replace("reviewed: 2026-11-20", "reviewed: last week").replace(
        "owner: training\n", "")
    root = make_project({"quizzes/first-response.yml": text})
    found = {(f.line, f.message) for f in findings_for(root)}
    assert (5, "`reviewed` is not a date") in found
    assert (1, "is missing `owner`") in found


def test_unknown_question_type_points_at_type_line(make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/first-response.yml": BANK.replace("type: fill", "type: blank")})
    (hit,) = findings_for(root)
    assert hit.line == 17
    assert "`blank`" in hit.message and "fill" in hit.fix


def test_bad_id_suggests_a_slug(make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/first-response.yml": BANK.replace(
        "id: first-line", "id: First Line")})
    (hit,) = findings_for(root)
    assert hit.line == 8 and "`first-line`" in hit.fix


def test_duplicate_key_is_reported(make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/first-response.yml": BANK + "title: again\n"})
    (hit,) = findings_for(root)
    assert (hit.rule, hit.line) == ("duplicate-key", 21)


def test_lesson_front_matter_problems(make_project: ProjectFactory) -> None:
    root = make_project({
        "content/foundation/no-front-matter.md": "# 没有前言\n",
        "content/foundation/unclosed.md": "---\ntitle: x\n",
        "content/foundation/bad-yaml.md": "---\ntitle: x\ntier: [\n---\n",
        "content/foundation/typo.md": LESSON.replace("owner:", "onwer:"),
    })
    found = {(f.file.rsplit("/", 1)[-1], f.line, f.rule) for f in findings_for(root)}
    assert ("no-front-matter.md", 1, "front-matter") in found
    assert ("unclosed.md", 1, "yaml-syntax") in found
    assert ("bad-yaml.md", 4, "yaml-syntax") in found
    assert ("typo.md", 5, "unknown-key") in found
    assert ("typo.md", 2, "schema") in found  # owner is missing: the front matter's first line


def test_non_utf8_file(make_project: ProjectFactory) -> None:
    root = make_project()
    (root / "quizzes/gbk.yml").write_bytes("标题: 物流".encode("gbk"))
    (hit,) = findings_for(root)
    assert (hit.file, hit.rule) == ("quizzes/gbk.yml", "encoding")


def test_missing_course_definition(make_project: ProjectFactory) -> None:
    root = make_project({"content/academy.yml": None})
    hits = findings_for(root)
    assert [(f.file, f.rule) for f in hits] == [("content/academy.yml", "missing-file")]
