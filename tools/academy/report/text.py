"""Plain text for people: grouped by file, each finding with its fix."""

from __future__ import annotations

from itertools import groupby

from academy.findings import Finding, summarize

_MARK = {"red": "RED   ", "yellow": "YELLOW"}


def render(findings: list[Finding], stats: dict[str, object]) -> str:
    lines: list[str] = []
    for file, group in groupby(findings, key=lambda f: f.file):
        items = list(group)
        lines.append(f"{file} ({len(items)})")
        for f in items:
            lines.append(f"  {file}:{f.line}: {_MARK[str(f.severity)]} [{f.rule}] {f.message}")
            lines.append(f"      fix: {f.fix}")
        lines.append("")
    s = summarize(findings)
    if findings:
        lines.append(f"{s['red']} red, {s['yellow']} yellow card(s) in {s['files']} file(s).")
    else:
        lines.append("No findings: the content passes every check.")
    if "timeliness" in stats:
        rate = float(stats["timeliness"])  # type: ignore[arg-type]
        lines.append(f"Timeliness: {rate:.1%} ({stats['current_files']} of {stats['reviewed_files']} "
                     "files within their review cycle).")
    return "\n".join(lines)
