"""The reply-grading engine in the built site: the rules wheel, the wording rules as JSON, Pyodide's
core files and engine.json; and a build that still succeeds, with one warning, without Pyodide."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
import rules
from academy.cli import main
from academy.compile import pyodide as engine
from academy.compile.wheel import build_package_wheel
from academy.model import Project, load_course
from rules import Ruleset

from tests.conftest import REPO, ProjectFactory

REPLY_BANK = """\
id: replies
title: 自由回复
competencies: [communication]
owner: training
reviewed: 2026-11-20
questions:
  - id: greet
    type: reply
    prompt: 写一句问候。
    rubric: {require: [[您好, 你好]], max_chars: 40}
    sample: 您好，请问有什么可以帮您？
    explanation: 先问候。
"""
WORDING = """\
forbidden:
  - phrase: 您必须
    replacement: 我们建议您
vague: [大概]
"""


def test_rules_wheel_is_deterministic_and_well_formed(tmp_path: Path) -> None:
    one = build_package_wheel(REPO / "tools/rules", tmp_path / "a", name="rules", version=rules.__version__)
    two = build_package_wheel(REPO / "tools/rules", tmp_path / "b", name="rules", version=rules.__version__)
    assert one.name == f"rules-{rules.__version__}-py3-none-any.whl"
    assert one.read_bytes() == two.read_bytes(), "same files, same bytes"
    with zipfile.ZipFile(one) as zf:
        names = zf.namelist()
        assert "rules/__init__.py" in names and "rules/_check.py" in names
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
        info = f"rules-{rules.__version__}.dist-info"
        assert {f"{info}/METADATA", f"{info}/WHEEL", f"{info}/RECORD"} <= set(names)
        assert "Root-Is-Purelib: true" in zf.read(f"{info}/WHEEL").decode()
        record = zf.read(f"{info}/RECORD").decode().splitlines()
        assert len(record) == len(names)
        for line in record:
            name, digest, size = line.rsplit(",", 2)
            if name.endswith("RECORD"):
                continue
            data = zf.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data))


def test_wording_data_gives_back_the_same_rule_set() -> None:
    course = load_course(Project(root=REPO, docs_dir=REPO / "content", quizzes_dir=REPO / "quizzes",
                                 site_dir=REPO / "build"))
    assert course.wording is not None
    data = engine.wording_data(course.wording)
    assert Ruleset.from_dict(json.loads(json.dumps(data))) == course.wording
    assert engine.wording_data(None) == {}


def _fake_pyodide(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in engine.CORE_FILES:
        (folder / name).write_text(f"fake {name}")
    return folder


def test_build_copies_pyodide_the_wheel_and_the_rules(make_project: ProjectFactory, monkeypatch,
                                                      tmp_path: Path) -> None:
    root = make_project({"quizzes/replies.yml": REPLY_BANK, "content/wording.yml": WORDING})
    monkeypatch.setenv(engine.PYODIDE_ENV, str(_fake_pyodide(tmp_path / "pyodide")))
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    site = root / "build"
    manifest = json.loads((site / engine.ENGINE_JSON).read_text())
    assert manifest["available"] is True
    assert manifest["pyodide"] == {"version": "0.25.1", "index": "assets/pyodide/0.25.1/"}
    for name in engine.CORE_FILES:
        assert (site / "assets/pyodide/0.25.1" / name).read_text() == f"fake {name}"
    wheel = site / manifest["rules"]["wheel"]
    assert wheel.is_file() and manifest["rules"]["version"] == rules.__version__
    assert manifest["rules"]["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()[:16]
    wording = json.loads((site / manifest["wording"]["url"]).read_text())
    assert wording["forbidden"] == [{"phrase": "您必须", "replacement": "我们建议您"}]
    assert sorted(p.name for p in (site / "assets/pyodide/0.25.1").iterdir()) == sorted(engine.CORE_FILES)


def test_site_without_free_text_gets_no_engine(make_project: ProjectFactory, monkeypatch,
                                               tmp_path: Path) -> None:
    root = make_project()
    monkeypatch.setenv(engine.PYODIDE_ENV, str(_fake_pyodide(tmp_path / "pyodide")))
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    assert not (root / "build/assets/pyodide").exists()
    assert not (root / "build" / engine.ENGINE_JSON).exists()


def test_without_npm_the_build_succeeds_with_one_warning(make_project: ProjectFactory, monkeypatch,
                                                         tmp_path: Path, caplog) -> None:
    root = make_project({"quizzes/replies.yml": REPLY_BANK})
    monkeypatch.delenv(engine.PYODIDE_ENV, raising=False)
    monkeypatch.setattr(engine, "NPM_DIR", tmp_path / "no-npm-project")
    monkeypatch.setattr(engine, "_npm_tried", False)
    monkeypatch.setattr(engine.shutil, "which", lambda name: None)
    with caplog.at_level("WARNING", logger="mkdocs.plugins.academy"):
        assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"
                and "reply grading" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert "npm is not installed" in warnings[0]
    manifest = json.loads((root / "build" / engine.ENGINE_JSON).read_text())
    assert manifest["available"] is False and "npm" in manifest["reason"]
    assert not (root / "build/assets/pyodide").exists()
    assert (root / "build/quiz/replies/index.html").is_file()


def test_missing_package_runs_npm_ci_once(monkeypatch, tmp_path: Path) -> None:
    calls: list[list[str]] = []

    class Done:
        returncode = 1
        stdout = ""
        stderr = "npm ERR! network request failed\n"

    monkeypatch.delenv(engine.PYODIDE_ENV, raising=False)
    monkeypatch.setattr(engine, "NPM_DIR", tmp_path / "tools/pyodide")
    monkeypatch.setattr(engine, "_npm_tried", False)
    monkeypatch.setattr(engine.shutil, "which", lambda name: "/usr/bin/npm")
    monkeypatch.setattr(engine.subprocess, "run", lambda cmd, **kw: calls.append(cmd) or Done())
    said: list[str] = []
    folder, why = engine.pyodide_source(said.append)
    assert folder is None and "network request failed" in (why or "")
    assert calls == [["/usr/bin/npm", "ci", "--prefix", str(tmp_path / "tools/pyodide"), "--no-audit",
                      "--no-fund"]]
    assert "npm ci --prefix" in said[0]
    folder, why = engine.pyodide_source(said.append)
    assert len(calls) == 1, "not again in the same process"
    assert folder is None and "not installed" in (why or "")


@pytest.mark.skipif(not (engine.NPM_DIR / "node_modules/pyodide/pyodide.mjs").is_file(),
                    reason="npm ci --prefix tools/pyodide")
def test_the_pinned_package_is_the_one_installed() -> None:
    package = json.loads((engine.NPM_DIR / "package.json").read_text())
    assert package["dependencies"] == {"pyodide": engine.PYODIDE_VERSION}
    lock = json.loads((engine.NPM_DIR / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/pyodide"]["version"] == engine.PYODIDE_VERSION
    folder, why = engine.pyodide_source()
    assert why is None and folder is not None
