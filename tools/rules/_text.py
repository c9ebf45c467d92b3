"""Text helpers shared by the rule set and the checks.

Offsets are kept everywhere: ``fold`` maps each character to exactly one character, so an offset
found in the folded text is an offset into the original text.

Speed: folding every full-width comma of a Chinese text costs more than all the matching, so the
text itself is folded only for letters, digits and the ideographic space (rare, one cheap search
finds out) and for case; punctuation of either width is matched by character classes compiled
into the patterns once per rule set (``！`` in a phrase matches ``！`` and ``!``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Full-width ASCII (！ to ～) and the half-width CJK punctuation (｡｢｣､) with their usual twins.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0xFF61: 0x3002, 0xFF62: 0x300C, 0xFF63: 0x300D, 0xFF64: 0x3001})
# The part of it folded in the text: letters, digits, the ideographic space.
_WORD_WIDTH = {k: v for k, v in _WIDTH.items() if chr(v).isalnum() or k == 0x3000}
_WIDE_WORD = re.compile("[" + "".join(chr(k) for k in sorted(_WORD_WIDTH)) + "]")
# Punctuation with a twin of the other width: each maps to a class matching both.
_TWIN_CLASS = {
    c: "[" + re.escape(c) + re.escape(t) + "]"
    for k, v in _WIDTH.items()
    if k not in _WORD_WIDTH
    for c, t in ((chr(k), chr(v)), (chr(v), chr(k)))
}

#: Stands in for characters of ignored spans: splits sentences, is not whitespace, never matches.
MASK = "\x00"
#: Sentence ends (either width) and line breaks.
SENTENCE_ENDS = "。｡！!？?；;\n\r\v\f\x85\u2028\u2029" + MASK
_ENDS_CLASS = re.escape(SENTENCE_ENDS)
#: What a wildcard (…… or ...) in a phrase stands for: any text within one sentence.
GAP = f"[^{_ENDS_CLASS}]*?"
SENTENCE = re.compile(f"[^{_ENDS_CLASS}]+")
WILDCARD = re.compile(r"…+|[.．]{3,}")
_NOT_CONTENT = re.compile(r"[\W_]+")
_WHITESPACE = re.compile(r"\s+")


def _lower(text: str) -> str:
    """Lower case, one character for one, the same for a character wherever it stands."""
    lowered = text.lower()
    if len(lowered) == len(text) and "\u03a3" not in text:
        return lowered
    # A few characters lower-case to two (U+0130 İ): keep them. Σ lower-cases by context
    # (σ or final ς): lower each character alone so a word folds the same inside any text.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold(text: str) -> str:
    """Lower case and half-width letters, digits and spaces; one character for one character."""
    if _WIDE_WORD.search(text):
        text = text.translate(_WORD_WIDTH)
    return _lower(text)


def full_fold(text: str) -> str:
    """``fold`` plus half-width punctuation: the key under which two spellings are the same."""
    return _lower(text.translate(_WIDTH))


def squash(text: str) -> str:
    """Folded text without any whitespace, for presence tests (``30 秒`` has ``30秒``)."""
    return _WHITESPACE.sub("", fold(text))


def contains(squashed_text: str, squashed_term: str) -> bool:
    """Whether ``squash(text)`` contains ``squash(term)``, punctuation of either width alike."""
    if squashed_term in squashed_text:
        return True
    pattern = term_pattern(squashed_term)
    return pattern != re.escape(squashed_term) and re.search(pattern, squashed_text) is not None


def term_pattern(term: str) -> str:
    """Regex source matching the (folded) ``term`` in folded text, punctuation of either width."""
    return "".join(_TWIN_CLASS.get(c) or re.escape(c) for c in term)


def alternation(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for many (folded) terms; the longest wins where several start at one place."""
    ordered = sorted(set(terms), key=lambda term: (-len(term), term))
    return re.compile("|".join(term_pattern(term) for term in ordered)) if ordered else None


def content_chars(text: str) -> int:
    """Characters that are neither whitespace nor punctuation nor symbols."""
    return len(_NOT_CONTENT.sub("", text))


def merge(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clamped to ``[0, length]``, empty ones dropped, overlapping and touching ones joined."""
    clamped = sorted((max(0, int(s)), min(length, int(e))) for s, e in spans)
    merged: list[tuple[int, int]] = []
    for start, end in clamped:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the characters of (merged) ``spans`` replaced by ``MASK``."""
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(MASK * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def kept(spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The complement of (merged) ``spans`` within ``[0, length]``."""
    result: list[tuple[int, int]] = []
    last = 0
    for start, end in spans:
        if start > last:
            result.append((last, start))
        last = end
    if length > last:
        result.append((last, length))
    return result
