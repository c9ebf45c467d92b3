"""`academy check PATH`: other files come from the load cache; results match a full check."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from academy.cli import main
from academy.model import cache as load_cache

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


def read_index(root: Path) -> dict:
    """The load cache's index (after its first line, the keyed hash of the rest)."""
    head, _, text = (root / ".academy-cache/index.json").read_bytes().partition(b"\n")
    assert head.startswith(load_cache.INDEX_MAGIC)
    return json.loads(text)


def write_index(root: Path, data: dict, seal: str | None = None) -> None:
    """Write an index, sealed with this user's secret unless ``seal`` (a forged one) is given."""
    text = json.dumps(data).encode()
    key = load_cache.secret()
    assert key is not None
    seal = load_cache._seal(text, key) if seal is None else seal
    (root / ".academy-cache/index.json").write_bytes(load_cache.INDEX_MAGIC + seal.encode() + b"\n" + text)


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


@pytest.mark.parametrize("forgery", ["no-secret", "altered", "no-seal"])
def test_a_planted_cache_is_not_trusted(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str], forgery: str
) -> None:
    """A cache file committed into the project (or altered since it was written) cannot carry
    the keyed hash of this user's secret: the whole index is ignored and the files are read, so
    a lying summary changes no finding, even with stamps that match the files."""
    root = make_project({"quizzes/zz-other.yml": BANK.replace("id: first-response", "id: other")})
    check_json(root, capsys)
    index = root / ".academy-cache/index.json"
    original = index.read_bytes()
    data = read_index(root)
    entry = data["index"]["quizzes/zz-other.yml"]
    entry["summary"]["bank"]["id"] = "first-response"  # a lie: the id of the focused bank
    other = root / "quizzes/zz-other.yml"
    entry["hash"] = hashlib.blake2b(other.read_bytes(), digest_size=16).hexdigest()  # no secret
    entry["stamp"] = load_cache.stamp_of(other.stat())  # the file as it is
    text = json.dumps(data).encode()
    if forgery == "no-secret":
        write_index(root, data, hashlib.blake2b(text, digest_size=32).hexdigest())
    elif forgery == "altered":  # the seal of the index as it was written
        index.write_bytes(original.partition(b"\n")[0] + b"\n" + text)
    else:
        index.write_bytes(text)
    assert load_cache.LoadCache(root).index == {}
    found = check_json(root, capsys, "quizzes/first-response.yml")
    assert ("quizzes/first-response.yml", 1, "duplicate-bank-id") not in found


def test_unchanged_files_are_known_by_their_stamps(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a sealed index, a file whose stamp is the one recorded is not read or hashed."""
    monkeypatch.setattr(load_cache, "RACY_NS", 0)  # the files were written just now
    root = make_project({"quizzes/zz-other.yml": BANK.replace("id: first-response", "id: other")})
    full = check_json(root, capsys)
    assert all(entry["stamp"] for entry in read_index(root)["index"].values())
    hashed: list[bytes] = []
    real = load_cache.keyed_digest
    monkeypatch.setattr(load_cache, "keyed_digest", lambda data, key: hashed.append(data) or real(data, key))
    assert_focused_as_whole(root, capsys, full, "quizzes/first-response.yml")
    assert hashed == []


def test_an_edited_file_is_read_again_whatever_its_times(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of the same size with the modification time put back still changes the file's
    change time, so its stamp no longer matches: it is hashed, and read again."""
    monkeypatch.setattr(load_cache, "RACY_NS", 0)
    root = make_project({"quizzes/zz-other.yml": BANK.replace("id: first-response", "id: first-respons3")})
    before = check_json(root, capsys)
    assert ("quizzes/first-response.yml", 1, "duplicate-bank-id") not in before
    other = root / "quizzes/zz-other.yml"
    was = other.stat()
    other.write_text(BANK)  # the same size; now it reuses the id of the focused bank
    os.utime(other, ns=(was.st_atime_ns, was.st_mtime_ns))
    assert other.stat().st_size == was.st_size
    found = check_json(root, capsys, "quizzes/first-response.yml")
    assert ("quizzes/first-response.yml", 1, "duplicate-bank-id") in found


def test_a_file_changed_just_before_it_was_read_gets_no_stamp(tmp_path: Path) -> None:
    """git's racy-timestamp rule: an edit in the same clock tick could keep such a stamp."""
    path = tmp_path / "file.md"
    path.write_text("text")
    status = path.stat()
    changed = max(status.st_mtime_ns, status.st_ctime_ns)
    assert load_cache.settled_stamp(status, now=changed + 1) is None
    assert load_cache.settled_stamp(status, now=changed + load_cache.RACY_NS - 1) is None
    assert load_cache.settled_stamp(status, now=changed + load_cache.RACY_NS) == load_cache.stamp_of(status)


@pytest.mark.parametrize("damage", ["no-bank", "ids", "bool-draw", "lines", "meta"])
def test_a_summary_of_another_shape_means_the_file_is_read(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    root = make_project({"quizzes/zz-bad.yml": BAD.replace("id: first-response", "id: bad-bank")})
    full = check_json(root, capsys)
    data = read_index(root)  # sealed again below: the shapes of an index written here
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
    write_index(root, data)
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
    content = root / ".academy-cache/content.json"
    os.utime(content, ns=(1, 1))
    entry = read_index(root)["index"]["quizzes/first-response.yml"]
    bank = root / "quizzes/first-response.yml"
    bank.write_text(BAD)
    found = check_json(root, capsys, "quizzes/first-response.yml")
    assert content.stat().st_mtime_ns == 1  # the edited file in focus is parsed, not cached
    assert read_index(root)["index"]["quizzes/first-response.yml"] == entry
    assert found == [f for f in check_json(root, capsys) if f[0] == "quizzes/first-response.yml"]
