"""GitHub Actions workflow commands: annotations on the pull request's lines."""

from __future__ import annotations

from academy.findings import Finding, Severity


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding], stats: dict[str, object]) -> str:
    lines = []
    for f in findings:
        command = "error" if f.severity is Severity.RED else "warning"
        props = f"file={_property(f.file)},line={max(f.line, 1)},title={_property(f.rule)}"
        lines.append(f"::{command} {props}::{_data(f.message)}. Fix: {_data(f.fix)}")
    return "\n".join(lines)
