"""The one Finding type that every check returns and every report format reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    RED = "red"
    YELLOW = "yellow"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one place of the content, with what to write instead."""

    file: str  # path relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    severity: Severity
    rule: str
    message: str
    fix: str

    def to_dict(self) -> dict[str, object]:
        """The fields in order, severity as text (what dataclasses.asdict gives, without its
        deep copies: reports of 28,000 cards spent half their time there)."""
        return {"file": self.file, "line": self.line, "severity": str(self.severity),
                "rule": self.rule, "message": self.message, "fix": self.fix}


def red(file: str, line: int, rule: str, message: str, fix: str) -> Finding:
    return Finding(file, line, Severity.RED, rule, message, fix)


def yellow(file: str, line: int, rule: str, message: str, fix: str) -> Finding:
    return Finding(file, line, Severity.YELLOW, rule, message, fix)


def has_red(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.RED for f in findings)


def summarize(findings: list[Finding]) -> dict[str, int]:
    reds = sum(1 for f in findings if f.severity is Severity.RED)
    return {
        "red": reds,
        "yellow": len(findings) - reds,
        "files": len({f.file for f in findings}),
    }
