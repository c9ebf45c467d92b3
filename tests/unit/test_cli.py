"""`academy check` formats and exit codes, as the design's CLI contract fixes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from academy.cli import main

from tests.conftest import BANK, ProjectFactory

BAD_BANK = BANK.replace("        correct: true\n", "", 1)  # single with no correct option


def run(root: Path, *args: str) -> int:
    return main(["-f", str(root / "mkdocs.yml"), *args])


def test_clean_project_exits_0(make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(make_project(), "check") == 0
    assert "passes every check" in capsys.readouterr().out


def test_red_card_exits_1_with_file_line_and_fix(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(make_project({"quizzes/first-response.yml": BAD_BANK}), "check") == 1
    out = capsys.readouterr().out
    assert "quizzes/first-response.yml:11: RED" in out
    assert "fix: Mark exactly one option `correct: true`" in out
    assert "1 red, 0 yellow" in out


def test_json_format(make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(make_project({"quizzes/first-response.yml": BAD_BANK}), "check", "--format",
               "json") == 1
    data = json.loads(capsys.readouterr().out)
    (finding,) = data["findings"]
    assert set(finding) == {"file", "line", "severity", "rule", "message", "fix"}
    assert (finding["file"], finding["line"], finding["severity"], finding["rule"]) == (
        "quizzes/first-response.yml", 11, "red", "single-one-correct")
    assert data["summary"]["red"] == 1


def test_sarif_format_is_valid_sarif(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "sarif-2.1.0-subset.json").read_text())
    run(make_project({"quizzes/first-response.yml": BAD_BANK}), "check", "--format", "sarif")
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, schema)
    (result,) = log["runs"][0]["results"]
    assert result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 11


def test_github_format(make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]) -> None:
    run(make_project({"quizzes/first-response.yml": BAD_BANK}), "check", "--format", "github")
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert line.startswith(
        "::error file=quizzes/first-response.yml,line=11,title=single-one-correct::")


def test_paths_limit_the_report(make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project({"quizzes/first-response.yml": BAD_BANK})
    assert run(root, "check", str(root / "content")) == 0
    assert run(root, "check", str(root / "quizzes/first-response.yml")) == 1


def test_usage_errors_exit_2(tmp_path: Path, make_project: ProjectFactory,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", str(tmp_path / "nowhere" / "mkdocs.yml"), "check"]) == 2
    assert "mkdocs.yml" in capsys.readouterr().err
    root = make_project()
    assert run(root, "check", "--format", "xml") == 2
    assert run(root, "check", "--today", "yesterday") == 2
    assert run(root, "check", str(root / "missing.yml")) == 2


def test_schema_files_are_up_to_date(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    assert main(["-f", str(repo / "mkdocs.yml"), "schema", "--out", str(tmp_path)]) == 0
    for generated in sorted(tmp_path.iterdir()):
        committed = repo / "schema" / generated.name
        assert committed.read_text() == generated.read_text(), (
            f"schema/{generated.name} is stale: run `academy schema`")


def test_new_files_pass_the_check(make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project()
    assert run(root, "new", "lesson", str(root / "content/scenario/refund.md")) == 0
    assert run(root, "new", "quiz", str(root / "quizzes/refund.yml")) == 0
    text = (root / "quizzes/refund.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "id: refund" in text
    capsys.readouterr()
    assert run(root, "check") == 0, capsys.readouterr().out
    assert run(root, "new", "quiz", str(root / "quizzes/refund.yml")) == 2  # never overwrites
    assert run(root, "new", "lesson", str(root / "quizzes/x.md")) == 2
