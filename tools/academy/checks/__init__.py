"""Content checks: each family of rules is a function that returns Findings and never raises."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from academy.findings import Finding
from academy.model import Course

from . import freshness, game, manual, questions, quiz_quality, references, safety, suppress, wording
from .context import CheckContext

Check = Callable[[Course, CheckContext], Iterable[Finding]]
CHECKS: tuple[Check, ...] = (
    references.check_unique_ids,
    references.check_references,
    questions.check_questions,
    freshness.check_freshness,
    wording.check_wording,
    safety.check_safety,
    quiz_quality.check_quiz_quality,
    quiz_quality.check_coverage,
    manual.check_manuals,
    game.check_game,
)


@dataclass
class CheckResult:
    findings: list[Finding]
    notes: list[str]
    stats: dict[str, object]  # merged into the report summary
    today: date
    updated: dict[str, date]  # last commit date per file (empty without git)


def check_course(course: Course, today: date | None = None) -> CheckResult:
    """Findings plus what a report says about the whole course (timeliness, notes)."""
    context = CheckContext(today=today or date.today())
    quiz_quality.begin_aside(course, context)
    findings = run_checks(course, context=context)
    current, total = freshness.timeliness(course, context.today)
    stats: dict[str, object] = {
        "timeliness": round(current / total, 4) if total else 1.0,
        "reviewed_files": total,
        "current_files": current,
    }
    updated = context.commit_dates(course) or {}
    return CheckResult(findings, context.notes, stats, context.today, updated)


def run_checks(
    course: Course, today: date | None = None, context: CheckContext | None = None
) -> list[Finding]:
    """Every finding about the course: loading problems, then each rule family."""
    context = context or CheckContext(today=today or date.today())
    findings = list(course.load_findings)
    for check in CHECKS:
        findings.extend(check(course, context))
    findings = suppress.apply(course, findings)
    return sorted(set(findings), key=lambda f: (f.file, f.line, f.rule, f.message))


__all__ = ["CheckContext", "CheckResult", "check_course", "run_checks"]
