"""One JSON object: {"findings": [...], "summary": {...}} (the CLI contract)."""

from __future__ import annotations

import json

from academy.findings import Finding, summarize


def render(findings: list[Finding], stats: dict[str, object]) -> str:
    return json.dumps(
        {"findings": [f.to_dict() for f in findings], "summary": {**summarize(findings), **stats}},
        ensure_ascii=False,
        indent=2,
    )
