"""One JSON object: {"findings": [...], "summary": {...}} (the CLI contract)."""

from __future__ import annotations

import json

from academy.findings import Finding, summarize


def render(findings: list[Finding]) -> str:
    return json.dumps(
        {"findings": [f.to_dict() for f in findings], "summary": summarize(findings)},
        ensure_ascii=False,
        indent=2,
    )
