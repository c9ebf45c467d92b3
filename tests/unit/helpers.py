from __future__ import annotations

from pathlib import Path

from academy.checks import run_checks
from academy.findings import Finding
from academy.model import load_course, project_from_mkdocs


def findings_for(root: Path) -> list[Finding]:
    return run_checks(load_course(project_from_mkdocs(root / "mkdocs.yml")))


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}
