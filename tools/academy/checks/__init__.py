"""Content checks: each family of rules is a function that returns Findings and never raises."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from academy.findings import Finding
from academy.model import Course

from . import questions, references

Check = Callable[[Course], Iterable[Finding]]
CHECKS: tuple[Check, ...] = (
    references.check_unique_ids,
    references.check_references,
    questions.check_questions,
)


def run_checks(course: Course, today: date | None = None) -> list[Finding]:
    """Every finding about the course: loading problems first found, then each rule family."""
    findings = list(course.load_findings)
    for check in CHECKS:
        findings.extend(check(course))
    return sorted(set(findings), key=lambda f: (f.file, f.line, f.rule, f.message))
