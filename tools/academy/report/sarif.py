"""SARIF 2.1.0, as GitHub code scanning accepts it."""

from __future__ import annotations

import json

from academy import __version__
from academy.findings import Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(findings: list[Finding], stats: dict[str, object]) -> str:
    rules = sorted({f.rule for f in findings})
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": rules.index(f.rule),
            "level": "error" if f.severity is Severity.RED else "warning",
            "message": {"text": f"{f.message}. Fix: {f.fix}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": max(f.line, 1)},
                    }
                }
            ],
        }
        for f in findings
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "academy",
                        "version": __version__,
                        "rules": [
                            {"id": rule, "name": rule, "shortDescription": {"text": rule}}
                            for rule in rules
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)
