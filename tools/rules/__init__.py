"""Wording rule engine of Service Academy: forbidden phrases, vague words, required elements,
length, sentence length and jargon ratio.

Standard library only and nothing from ``academy``: the same package runs under CPython (content
checks at build time) and Pyodide (grading free-text replies in the browser). The engine returns
data (rule ids, offsets, numbers), never prose; callers write the words. See docs/rules.md.
"""

from __future__ import annotations

from ._check import PASS_SCORE, WEIGHTS, Hit, Result, check
from ._ruleset import Forbidden, RulesError, Ruleset

__version__ = "0.1.0"

__all__ = [
    "PASS_SCORE",
    "WEIGHTS",
    "Forbidden",
    "Hit",
    "Result",
    "RulesError",
    "Ruleset",
    "__version__",
    "check",
]
