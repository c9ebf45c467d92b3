"""`academy check PATH`: other files come from the load cache; results match a full check."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from academy.cli import main

from tests.conftest import BANK, ProjectFactory

BAD = BANK.replace("        correct: true\n", "", 1)


def check_json(root: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> list[tuple]:
    main(["-f", str(root / "mkdocs.yml"), "check", "--format", "json",
          *(str(root / p) for p in paths)])
    data = json.loads(capsys.readouterr().out)
    return [(f["file"], f["line"], f["rule"]) for f in data["findings"]]


def assert_focused_as_whole(root: Path, capsys: pytest.CaptureFixture[str], full: list[tuple],
                            *files: str) -> None:
    """`academy check FILE` gives exactly the whole check's cards of FILE, for each file."""
    for file in files:
        assert check_json(root, capsys, file) == [f for f in full if f[0] == file]


def test_focused_check_matches_the_full_check(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"quizzes/zz-bad.yml": BAD.replace("id: first-response", "id: bad-bank")})
    full = check_json(root, capsys)
    assert (root / ".academy-cache/content.json").is_file()
    assert_focused_as_whole(root, capsys, full, "quizzes/zz-bad.yml", "content/foundation/first-response.md")


def test_a_changed_file_outside_the_focus_is_read_again(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"quizzes/zz-other.yml": BANK.replace("id: first-response", "id: other")})
    before = check_json(root, capsys, "quizzes/first-response.yml")
    assert ("quizzes/first-response.yml", 1, "duplicate-bank-id") not in before
    other = root / "quizzes/zz-other.yml"
    other.write_text(BANK)  # now it reuses the id of the focused bank
    os.utime(other, ns=(1, 1))  # a different stamp even on coarse file-system clocks
    found = check_json(root, capsys, "quizzes/first-response.yml")
    assert ("quizzes/first-response.yml", 1, "duplicate-bank-id") in found


def test_the_cache_changes_no_result(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"quizzes/zz-bad.yml": BAD.replace("id: first-response", "id: bad-bank")})
    first = check_json(root, capsys)
    shutil.rmtree(root / ".academy-cache")
    assert check_json(root, capsys, "quizzes") == [f for f in first if f[0].startswith("quizzes/")]
    (root / ".academy-cache/content.json").write_text("{not json")
    assert check_json(root, capsys) == first


def test_a_focused_near_duplicate_card_names_the_line_of_a_cached_prompt(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    later = BANK.replace("id: first-response", "id: zz-later")
    root = make_project({"quizzes/zz-later.yml": later})
    main(["-f", str(root / "mkdocs.yml"), "check", "--format", "json"])
    full = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "near-duplicate"]
    main(["-f", str(root / "mkdocs.yml"), "check", "--format", "json", str(root / "quizzes/zz-later.yml")])
    focused = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "near-duplicate"]
    assert focused == [f for f in full if f["file"] == "quizzes/zz-later.yml"]
    assert focused and "quizzes/first-response.yml:1 " not in focused[0]["message"]


def test_a_planted_cache_is_not_trusted(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cache file committed into the project names hashes made without this user's secret:
    every entry is ignored and the files are read, so a lying summary changes no finding."""
    root = make_project({"quizzes/zz-other.yml": BANK.replace("id: first-response", "id: other")})
    check_json(root, capsys)
    index = root / ".academy-cache/index.json"
    data = json.loads(index.read_text())
    entry = data["index"]["quizzes/zz-other.yml"]
    entry["summary"]["bank"]["id"] = "first-response"  # a lie: the id of the focused bank
    entry["hash"] = hashlib.blake2b((root / "quizzes/zz-other.yml").read_bytes(),
                                    digest_size=16).hexdigest()  # without the secret
    index.write_text(json.dumps(data))
    found = check_json(root, capsys, "quizzes/first-response.yml")
    assert ("quizzes/first-response.yml", 1, "duplicate-bank-id") not in found


@pytest.mark.parametrize("damage", ["no-bank", "ids", "bool-draw", "lines", "meta"])
def test_a_summary_of_another_shape_means_the_file_is_read(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    root = make_project({"quizzes/zz-bad.yml": BAD.replace("id: first-response", "id: bad-bank")})
    full = check_json(root, capsys)
    index = root / ".academy-cache/index.json"
    data = json.loads(index.read_text())
    bank = data["index"]["quizzes/first-response.yml"]["summary"]
    lesson = data["index"]["content/foundation/first-response.md"]["summary"]
    if damage == "no-bank":
        del bank["bank"]
    elif damage == "ids":
        bank["ids"] = [1] * len(bank["ids"])
    elif damage == "bool-draw":
        bank["bank"]["draw"] = True
    elif damage == "lines":
        bank["prompt_lines"] = bank["prompt_lines"][:-1]
    else:
        lesson["meta"]["reviewed"] = "not a date"
    index.write_text(json.dumps(data))
    assert_focused_as_whole(root, capsys, full, "quizzes/zz-bad.yml", "content/foundation/first-response.md")


def test_a_focused_page_reads_the_bodies_of_cached_lessons_without_the_full_entries(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    full = check_json(root, capsys)
    (root / ".academy-cache/content.json").unlink()  # only the summaries are left
    assert_focused_as_whole(root, capsys, full, "content/foundation/first-response.md",
                            "quizzes/first-response.yml")


def test_a_focused_check_does_not_rewrite_the_cache_for_its_own_files(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    check_json(root, capsys)
    index = root / ".academy-cache/index.json"
    os.utime(index, ns=(1, 1))
    bank = root / "quizzes/first-response.yml"
    bank.write_text(BAD)
    found = check_json(root, capsys, "quizzes/first-response.yml")
    assert index.stat().st_mtime_ns == 1  # the edited file in focus is parsed, not cached
    assert found == [f for f in check_json(root, capsys) if f[0] == "quizzes/first-response.yml"]
