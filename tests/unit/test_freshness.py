"""Update timestamps: due, overdue, future, changed since review, timeliness rate."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from academy.checks import check_course
from academy.model import load_course, project_from_mkdocs

from tests.conftest import BANK, ProjectFactory


def result(root: Path, today: str):
    return check_course(load_course(project_from_mkdocs(root / "mkdocs.yml")), date.fromisoformat(today))


@pytest.mark.parametrize(
    ("today", "rule", "severity"),
    [
        ("2027-02-18", None, None),  # the last day of the 90-day cycle
        ("2027-02-19", "review-due", "yellow"),
        ("2027-05-19", "review-due", "yellow"),  # exactly twice the cycle
        ("2027-05-20", "review-overdue", "red"),
        ("2026-11-19", "reviewed-in-future", "red"),
    ],
)
def test_review_cycle(make_project: ProjectFactory, today: str, rule: str | None,
                      severity: str | None) -> None:
    root = make_project()
    found = [(f.file, f.line, f.rule, str(f.severity)) for f in result(root, today).findings]
    lesson = ("content/foundation/first-response.md", 6)
    bank = ("quizzes/first-response.yml", 6)
    if rule is None:
        assert found == []
    else:
        assert found == [(*lesson, rule, severity), (*bank, rule, severity)]


def test_review_every_overrides_the_default(make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/first-response.yml": BANK.replace(
        "reviewed: 2026-11-20", "reviewed: 2026-11-20\nreview_every: 10")})
    found = [(f.file, f.rule) for f in result(root, "2026-12-01").findings]
    assert found == [("quizzes/first-response.yml", "review-due")]


def test_timeliness_rate(make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/first-response.yml": BANK.replace(
        "reviewed: 2026-11-20", "reviewed: 2026-11-20\nreview_every: 10")})
    stats = result(root, "2026-12-01").stats
    assert (stats["current_files"], stats["reviewed_files"], stats["timeliness"]) == (1, 2, 0.5)


@pytest.mark.parametrize("today", ["2026-11-19", "2026-11-20", "2026-11-30", "2026-12-01",
                                   "2027-02-18", "2027-02-19"])
def test_the_timeliness_rate_counts_what_each_file_says(make_project: ProjectFactory, today: str) -> None:
    from academy.checks.freshness import reviewed_content, timeliness

    root = make_project({
        "quizzes/first-response.yml": BANK.replace("reviewed: 2026-11-20",
                                                   "reviewed: 2026-11-20\nreview_every: 10"),
        "quizzes/other.yml": BANK.replace("id: first-response", "id: other"),
    })
    course = load_course(project_from_mkdocs(root / "mkdocs.yml"))
    items = reviewed_content(course)
    when = date.fromisoformat(today)
    assert timeliness(course, when) == (sum(item.is_current(when) for item in items), len(items))
    assert len(items) == 3


def git(root: Path, *args: str, when: str = "2026-11-25T10:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def test_changed_since_review_from_git(make_project: ProjectFactory) -> None:
    root = make_project()
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", when="2026-11-19T10:00:00")
    assert result(root, "2026-11-26").findings == []
    bank = root / "quizzes/first-response.yml"
    bank.write_text(bank.read_text().replace("先致歉、再行动。", "先致歉，再马上行动。"))
    git(root, "commit", "-qam", "edit", when="2026-11-25T10:00:00")
    (hit,) = result(root, "2026-11-26").findings
    assert (hit.file, hit.line, hit.rule, str(hit.severity)) == (
        "quizzes/first-response.yml", 6, "changed-since-review", "yellow")
    assert "2026-11-25" in hit.fix


def test_without_git_the_check_says_so_once(make_project: ProjectFactory) -> None:
    root = make_project()
    outcome = result(root, "2026-11-26")
    if outcome.notes:  # tmp_path may sit inside a git work tree on some machines
        assert outcome.notes == [
            "not a git work tree: the 'changed since review' check was skipped"]
    assert outcome.findings == []
