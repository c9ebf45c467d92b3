"""Report formats; every one of them renders the same list of Findings."""

from __future__ import annotations

from collections.abc import Callable

from academy.findings import Finding

from . import github, json, sarif, text

Renderer = Callable[[list[Finding], dict[str, object]], str]
FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(findings: list[Finding], fmt: str, stats: dict[str, object] | None = None) -> str:
    """The findings in one format; ``stats`` adds course-wide figures to the summary."""
    return FORMATS[fmt](findings, stats or {})
