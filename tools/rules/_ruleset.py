"""The wording rules as data: ``Ruleset.from_dict`` validates them and compiles them once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._text import GAP, WILDCARD, alternation, fold, full_fold, term_pattern

Loc = tuple[str | int, ...]

DEFAULT_MAX_SENTENCE_CHARS = 60
DEFAULT_MAX_JARGON_RATIO = 0.05

_TOP_KEYS = ("forbidden", "vague", "glossary", "limits")
_PHRASE_KEYS = ("phrase", "replacement", "reason")
_LIMIT_KEYS = ("max_sentence_chars", "max_jargon_ratio")


def format_loc(loc: Loc) -> str:
    """``("forbidden", 2, "phrase")`` -> ``forbidden[2].phrase``; indexes are 0-based."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(root)"


class RulesError(ValueError):
    """Invalid rules data. ``loc`` is the key path as a tuple, ``str()`` names it for people."""

    def __init__(self, loc: Loc, problem: str) -> None:
        self.loc: Loc = tuple(loc)
        self.problem = problem
        super().__init__(f"{format_loc(self.loc)}: {problem}")


@dataclass(frozen=True, slots=True)
class Forbidden:
    """A phrase agents must not say, what to say instead, and why.

    ``phrase`` may contain ``……`` (or ``…``, ``...``): any text within the same sentence.
    """

    phrase: str
    replacement: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Terms:
    """Compiled words: one pattern for all of them, and the word behind each match."""

    pattern: re.Pattern[str] | None
    by_key: dict[str, int]  # folded word and full_fold(word) -> index of the word

    def index(self, matched: str) -> int:
        found = self.by_key.get(matched)
        return found if found is not None else self.by_key[full_fold(matched)]


@dataclass(frozen=True, slots=True)
class Ruleset:
    """Validated, compiled wording rules. Build it once and reuse it for every text."""

    forbidden: tuple[Forbidden, ...] = ()
    vague: tuple[str, ...] = ()
    glossary: tuple[str, ...] = ()
    max_sentence_chars: int = DEFAULT_MAX_SENTENCE_CHARS
    max_jargon_ratio: float = DEFAULT_MAX_JARGON_RATIO
    # Compiled once in __post_init__:
    _literal_phrases: Terms = field(init=False, repr=False, compare=False)  # phrases without wildcard
    _wildcard_phrases: tuple[tuple[int, re.Pattern[str]], ...] = field(init=False, repr=False, compare=False)
    _vague_terms: Terms = field(init=False, repr=False, compare=False)
    _glossary_terms: Terms = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "forbidden", tuple(self.forbidden))
        object.__setattr__(self, "vague", tuple(self.vague))
        object.__setattr__(self, "glossary", tuple(self.glossary))
        literals: dict[str, int] = {}
        wildcards: list[tuple[int, re.Pattern[str]]] = []
        seen: dict[str, int] = {}
        for index, rule in enumerate(self.forbidden):
            loc: Loc = ("forbidden", index, "phrase")
            parts = _phrase_parts(rule, loc)
            key = "\x01".join(full_fold(part) for part in parts)
            if key in seen:
                raise RulesError(loc, f"duplicate of forbidden[{seen[key]}].phrase")
            seen[key] = index
            if len(parts) == 1:
                literals[parts[0]] = index
            else:
                wildcards.append((index, re.compile(GAP.join(term_pattern(part) for part in parts))))
        object.__setattr__(self, "_literal_phrases", _compile_terms(literals))
        object.__setattr__(self, "_wildcard_phrases", tuple(wildcards))
        object.__setattr__(self, "_vague_terms", _compile_terms(_words("vague", self.vague)))
        object.__setattr__(self, "_glossary_terms", _compile_terms(_words("glossary", self.glossary)))
        sentence = self.max_sentence_chars
        if isinstance(sentence, bool) or not isinstance(sentence, int) or sentence < 1:
            raise RulesError(("limits", "max_sentence_chars"), "must be a whole number of at least 1")
        ratio = self.max_jargon_ratio
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 <= ratio <= 1:
            raise RulesError(("limits", "max_jargon_ratio"), "must be a number from 0 to 1")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Ruleset:
        """Rules as read from content/wording.yml (plain dicts, lists and strings).

        Every key is optional; ``None`` (an empty file) is an empty rule set.
        Raises RulesError naming the key path of the first problem.
        """
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise RulesError((), "must be a mapping with the keys " + ", ".join(_TOP_KEYS))
        _no_unknown_keys(data, _TOP_KEYS, ())
        forbidden = tuple(_forbidden(i, item) for i, item in enumerate(_list(data, "forbidden")))
        vague = tuple(_text(item, ("vague", i)) for i, item in enumerate(_list(data, "vague")))
        glossary = tuple(_text(item, ("glossary", i)) for i, item in enumerate(_list(data, "glossary")))
        limits = data.get("limits")
        if limits is None:
            limits = {}
        if not isinstance(limits, Mapping):
            raise RulesError(("limits",), "must be a mapping with the keys " + ", ".join(_LIMIT_KEYS))
        _no_unknown_keys(limits, _LIMIT_KEYS, ("limits",))
        sentence = limits.get("max_sentence_chars")
        ratio = limits.get("max_jargon_ratio")
        return cls(
            forbidden=forbidden,
            vague=vague,
            glossary=glossary,
            max_sentence_chars=DEFAULT_MAX_SENTENCE_CHARS if sentence is None else sentence,
            max_jargon_ratio=DEFAULT_MAX_JARGON_RATIO if ratio is None else ratio,
        )


def _phrase_parts(rule: Forbidden, loc: Loc) -> list[str]:
    """The folded literal parts of a phrase, split at its wildcards."""
    phrase = fold(rule.phrase).strip() if isinstance(rule.phrase, str) else ""
    if not phrase:
        raise RulesError(loc, "must be non-empty text")
    parts = [part.strip() for part in WILDCARD.split(phrase)]
    if not all(parts):
        raise RulesError(loc, "a wildcard (…… or ...) needs text on both sides")
    return parts


def _words(key: str, words: tuple[str, ...]) -> dict[str, int]:
    """Folded word -> index; empty words and duplicates are errors."""
    result: dict[str, int] = {}
    seen: dict[str, int] = {}
    for index, word in enumerate(words):
        folded = fold(word).strip() if isinstance(word, str) else ""
        if not folded:
            raise RulesError((key, index), "must be non-empty text")
        same = full_fold(folded)
        if same in seen:
            raise RulesError((key, index), f"duplicate of {key}[{seen[same]}]")
        seen[same] = index
        result[folded] = index
    return result


def _compile_terms(words: dict[str, int]) -> Terms:
    by_key = {full_fold(word): index for word, index in words.items()}
    by_key.update(words)
    return Terms(alternation(words), by_key)


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise RulesError((key,), "must be a list")
    return list(value)


def _text(value: Any, loc: Loc) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesError(loc, "must be non-empty text")
    return value.strip()


def _optional_text(value: Any, loc: Loc) -> str | None:
    return None if value is None else _text(value, loc)


def _forbidden(index: int, item: Any) -> Forbidden:
    loc: Loc = ("forbidden", index)
    if not isinstance(item, Mapping):
        raise RulesError(loc, "must be a mapping with the keys " + ", ".join(_PHRASE_KEYS))
    _no_unknown_keys(item, _PHRASE_KEYS, loc)
    return Forbidden(
        phrase=_text(item.get("phrase"), (*loc, "phrase")),
        replacement=_optional_text(item.get("replacement"), (*loc, "replacement")),
        reason=_optional_text(item.get("reason"), (*loc, "reason")),
    )


def _no_unknown_keys(data: Mapping[Any, Any], allowed: tuple[str, ...], loc: Loc) -> None:
    for key in data:
        if key not in allowed:
            raise RulesError((*loc, str(key)), "unknown key; expected one of " + ", ".join(allowed))
