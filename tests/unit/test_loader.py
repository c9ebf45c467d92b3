"""The loader: every content file becomes typed models or clear findings, never a traceback."""

from __future__ import annotations

import os
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


def test_two_processes_load_what_one_loads(
        make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """From PARALLEL_FILES files on a second process parses half of them: the same course, the
    same findings with the same lines, also for broken, hostile and merge-key files."""
    import academy.model.loader as loader
    from academy.checks import run_checks

    files: dict[str, str | None] = {
        f"quizzes/bank-{n:02d}.yml": BANK.replace("id: first-response", f"id: bank-{n:02d}")
        for n in range(12)}
    files.update({
        "quizzes/dup.yml": BANK.replace("id: first-response", "id: dup") + "title: again\n",
        "quizzes/broken.yml": "id: [\n",
        "quizzes/merge.yml": BANK.replace("id: first-response", "id: merge").replace(
            "title:", "base: &b {x: 1}\nextra:\n  <<: *b\ntitle:", 1),
        "quizzes/list.yml": "- just\n- a list\n",
        "quizzes/empty.yml": "",
        "content/foundation/no-front-matter.md": "# 没有前言\n",
        "content/foundation/unclosed.md": "---\ntitle: x\n",
        "content/foundation/typo.md": LESSON.replace("owner:", "onwer:"),
    })
    root = make_project(files)
    (root / "quizzes/gbk.yml").write_bytes("标题: 物流".encode("gbk"))
    project = project_from_mkdocs(root / "mkdocs.yml")
    serial = load_course(project)
    monkeypatch.setattr(loader, "PARALLEL_FILES", 2)
    parallel = load_course(project)
    assert run_checks(parallel, date(2026, 11, 25)) == run_checks(serial, date(2026, 11, 25))
    assert [qb.file for qb in parallel.banks] == [qb.file for qb in serial.banks]
    assert [(qb.bank, qb.positions) for qb in parallel.banks] == [
        (qb.bank, qb.positions) for qb in serial.banks]
    assert parallel.lessons == serial.lessons
    assert parallel.sources == serial.sources
    assert (parallel.pages, parallel.load_findings) == (serial.pages, serial.load_findings)
    assert any(f.rule == "duplicate-key" for f in parallel.load_findings)


def test_an_unchanged_course_does_not_rewrite_the_cache(make_project: ProjectFactory) -> None:
    root = make_project()
    project = project_from_mkdocs(root / "mkdocs.yml")
    load_course(project)
    content = root / ".academy-cache/content.json"
    os.utime(content, ns=(1, 1))
    load_course(project)
    assert content.stat().st_mtime_ns == 1  # nothing changed: the cache was not written again
    (root / ".academy-cache/index.json").write_text('{"format": 2, "stamps": [1]}')
    assert load_course(project).banks  # a broken index is no index
