"""``check``: one text against a rule set; returns hits as data, never prose."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ._ruleset import RulesError, Ruleset
from ._text import SENTENCE, contains, content_chars, fold, kept, mask, merge, squash

#: Points deducted from 100 for each hit of a rule; the keys are all the rule ids.
WEIGHTS: dict[str, int] = {
    "forbidden-phrase": 30,
    "missing-element": 25,
    "too-long": 20,
    "vague-word": 10,
    "jargon-ratio": 10,
    "long-sentence": 5,
}
#: A text passes with no forbidden phrase, no missing element, not too long, and this score or more.
PASS_SCORE = 60
_BLOCKING = frozenset({"forbidden-phrase", "missing-element", "too-long"})
_ORDER = {rule: index for index, rule in enumerate(WEIGHTS)}


@dataclass(frozen=True, slots=True)
class Hit:
    """One broken rule. ``text[start:end] == quote``; ``start == end == 0`` for whole-text hits."""

    rule: str
    start: int
    end: int
    quote: str
    replacement: str | None = None
    reason: str | None = None
    detail: dict[str, Any] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "replacement": self.replacement,
            "reason": self.reason,
            "detail": _plain(self.detail),
        }


def _plain(value: Any) -> Any:
    """A deep copy made of dicts, lists, strings and numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Result:
    """Hits in text order (whole-text hits first), a score from 0 to 100, and the verdict."""

    hits: list[Hit]
    score: int
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready), e.g. to hand to JavaScript."""
        return {"score": self.score, "passed": self.passed, "hits": [hit.to_dict() for hit in self.hits]}


def check(
    text: str,
    ruleset: Ruleset,
    *,
    require: Sequence[Sequence[str]] = (),
    max_chars: int | None = None,
    ignore_spans: Sequence[tuple[int, int]] = (),
) -> Result:
    """Check ``text`` against ``ruleset``.

    ``require``: groups of alternatives; the text must contain one alternative of each group
    (compared without whitespace, full-width and case folded).
    ``max_chars``: limit for the whole text, counted without the whitespace around it.
    ``ignore_spans``: ``(start, end)`` offsets of parts treated as absent (e.g. bad examples):
    nothing inside them is reported, and they count neither for required elements, length nor
    jargon ratio.
    Raises RulesError (loc ``("require", i, j)`` or ``("max_chars",)``) for an invalid argument,
    never for the text itself.
    """
    groups = _groups(require)
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int)
                                  or max_chars < 1):
        raise RulesError(("max_chars",), "must be a whole number of at least 1")
    ignored = merge(ignore_spans, len(text)) if ignore_spans else []
    scan = fold(text)
    if ignored:
        scan = mask(scan, ignored)

    hits: list[Hit] = []
    _forbidden(text, scan, ruleset, hits)
    _vague(text, scan, ruleset, hits)
    _sentences(text, scan, ruleset, hits)
    if groups:
        _missing(scan, groups, hits)
    if max_chars is not None:
        _too_long(text, ignored, max_chars, hits)
    _jargon(scan, ruleset, hits)

    hits.sort(key=lambda hit: (hit.start, hit.end, _ORDER[hit.rule]))
    score = max(0, 100 - sum(WEIGHTS[hit.rule] for hit in hits))
    passed = score >= PASS_SCORE and not any(hit.rule in _BLOCKING for hit in hits)
    return Result(hits=hits, score=score, passed=passed)


def _groups(require: Sequence[Sequence[str]]) -> list[tuple[list[str], list[str]]]:
    """(alternatives as written, squashed alternatives) per group."""
    groups = []
    for i, group in enumerate(require):
        if isinstance(group, str) or not group:
            raise RulesError(("require", i), "must be a non-empty list of alternatives")
        written: list[str] = []
        squashed: list[str] = []
        for j, alternative in enumerate(group):
            key = squash(alternative) if isinstance(alternative, str) else ""
            if not key:
                raise RulesError(("require", i, j), "must be non-empty text")
            written.append(alternative.strip())
            squashed.append(key)
        groups.append((written, squashed))
    return groups


def _forbidden(text: str, scan: str, ruleset: Ruleset, hits: list[Hit]) -> None:
    def add(index: int, start: int, end: int) -> None:
        rule = ruleset.forbidden[index]
        hits.append(Hit("forbidden-phrase", start, end, text[start:end], rule.replacement, rule.reason,
                        {"phrase": rule.phrase}))

    literals = ruleset._literal_phrases
    if literals.pattern is not None:
        for match in literals.pattern.finditer(scan):
            add(literals.index(match.group()), *match.span())
    for index, pattern in ruleset._wildcard_phrases:
        for match in pattern.finditer(scan):
            add(index, *match.span())


def _vague(text: str, scan: str, ruleset: Ruleset, hits: list[Hit]) -> None:
    terms = ruleset._vague_terms
    if terms.pattern is None:
        return
    for match in terms.pattern.finditer(scan):
        start, end = match.span()
        word = ruleset.vague[terms.index(match.group())]
        hits.append(Hit("vague-word", start, end, text[start:end], detail={"word": word}))


def _sentences(text: str, scan: str, ruleset: Ruleset, hits: list[Hit]) -> None:
    limit = ruleset.max_sentence_chars
    if len(scan.strip()) <= limit:
        return
    for match in SENTENCE.finditer(scan):
        if match.end() - match.start() <= limit:
            continue
        start, end = match.span()
        piece = scan[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        if end - start > limit:
            hits.append(Hit("long-sentence", start, end, text[start:end],
                            detail={"chars": end - start, "limit": limit}))


def _missing(scan: str, groups: list[tuple[list[str], list[str]]], hits: list[Hit]) -> None:
    haystack = squash(scan)
    for index, (written, squashed) in enumerate(groups):
        if not any(contains(haystack, alternative) for alternative in squashed):
            hits.append(Hit("missing-element", 0, 0, "",
                            detail={"group": index, "alternatives": written}))


def _too_long(text: str, ignored: list[tuple[int, int]], limit: int, hits: list[Hit]) -> None:
    # Offsets of the characters that count: outside ignored spans, inside the outer whitespace.
    pieces = kept(ignored, len(text)) if ignored else [(0, len(text))]
    joined = "".join(text[s:e] for s, e in pieces)
    lead = len(joined) - len(joined.lstrip())
    trail = len(joined.rstrip())
    count = trail - lead
    if count <= limit:
        return
    start = _original_offset(pieces, lead + limit)
    end = _original_offset(pieces, trail - 1) + 1
    hits.append(Hit("too-long", start, end, text[start:end], detail={"chars": count, "limit": limit}))


def _original_offset(pieces: list[tuple[int, int]], index: int) -> int:
    """Offset in the text of character ``index`` of the kept pieces joined together."""
    for start, end in pieces:
        if index < end - start:
            return start + index
        index -= end - start
    raise IndexError(index)  # pragma: no cover - callers pass indexes inside the pieces


def _jargon(scan: str, ruleset: Ruleset, hits: list[Hit]) -> None:
    terms = ruleset._glossary_terms
    if terms.pattern is None:
        return
    matches = list(terms.pattern.finditer(scan))
    if not matches:
        return
    total = content_chars(scan)
    jargon = sum(content_chars(match.group()) for match in matches)
    ratio = jargon / total if total else 0.0
    limit = ruleset.max_jargon_ratio
    if ratio > limit:
        found = sorted({terms.index(match.group()) for match in matches})
        hits.append(Hit("jargon-ratio", 0, 0, "", detail={
            "ratio": round(ratio, 4), "limit": limit, "jargon_chars": jargon, "chars": total,
            "terms": [ruleset.glossary[index] for index in found],
            "spans": [[match.start(), match.end()] for match in matches],
        }))
