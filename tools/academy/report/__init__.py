"""Report formats; every one of them renders the same list of Findings."""

from __future__ import annotations

from collections.abc import Callable

from academy.findings import Finding

from . import github, json, sarif, text

FORMATS: dict[str, Callable[[list[Finding]], str]] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(findings: list[Finding], fmt: str) -> str:
    return FORMATS[fmt](findings)
