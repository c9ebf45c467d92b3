"""Silencing a rule for one line, with a reason an editor can read in review.

Markdown: ``<!-- academy-ignore vague-word: 反面示例，故意保留 -->``
YAML:     ``# academy-ignore vague-word: 反面示例，故意保留``

on the line of the finding or on the line just above it. Several rules may be listed,
separated by commas. A silence without a reason is itself a red card.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from academy.findings import Finding, red
from academy.model import Course

MARKER = "academy-ignore"
_PATTERN = re.compile(
    r"academy-ignore\s+(?P<rules>[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::\s*(?P<reason>.*?))?\s*(?:-->)?\s*$"
)


def silenced(course: Course) -> tuple[dict[tuple[str, int], set[str]], list[Finding]]:
    """Rules silenced per (file, line), and findings for silences without a reason."""
    lines_silenced: dict[tuple[str, int], set[str]] = {}
    problems: list[Finding] = []
    for file, text in course.sources.items():
        if MARKER not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if MARKER not in line:
                continue
            match = _PATTERN.search(line)
            if not match or not (match.group("reason") or "").strip():
                problems.append(red(
                    file, number, "ignore-needs-reason",
                    "an `academy-ignore` comment without a rule and a reason",
                    "Write `academy-ignore RULE: why this line is fine`, e.g. "
                    "`<!-- academy-ignore vague-word: 反面示例 -->`.",
                ))
                continue
            rules = {r.strip() for r in match.group("rules").split(",")}
            for target in (number, number + 1):
                lines_silenced.setdefault((file, target), set()).update(rules)
    return lines_silenced, problems


def apply(course: Course, findings: Iterable[Finding]) -> list[Finding]:
    lines_silenced, problems = silenced(course)
    kept = [f for f in findings if f.rule not in lines_silenced.get((f.file, f.line), set())]
    return kept + problems
