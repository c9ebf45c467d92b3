"""The pre-commit hook and the GitHub workflows call commands that exist and work."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml
from academy.cli import _parser, main

from tests.conftest import BANK, ProjectFactory

REPO = Path(__file__).resolve().parents[2]


def academy_commands() -> list[list[str]]:
    commands = []
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    commands += [shlex.split(hook["entry"]) for hook in hooks]
    for workflow in sorted((REPO / ".github/workflows").glob("*.yml")):
        for job in yaml.safe_load(workflow.read_text())["jobs"].values():
            for step in job.get("steps", []):
                for line in str(step.get("run", "")).splitlines():
                    if line.startswith("academy "):
                        commands.append(shlex.split(line.split(">")[0].split("||")[0]))
    return commands


def test_every_academy_command_parses() -> None:
    commands = academy_commands()
    assert {c[1] for c in commands} >= {"check", "build"}
    for command in commands:
        _parser().parse_args(command[1:])


def test_the_hook_reports_on_the_changed_file(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    root = make_project({"quizzes/first-response.yml": BANK.replace("type: fill", "type: blank")})
    changed = root / "quizzes/first-response.yml"
    args = [*shlex.split(hook["entry"])[1:], str(changed)]
    assert main(["-f", str(root / "mkdocs.yml"), *args]) == 1
    assert "quizzes/first-response.yml:17" in capsys.readouterr().out
