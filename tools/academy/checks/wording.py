"""Wording rules (content/wording.yml, run by the `rules` engine) on what learners are told is right:
lesson text, correct options, sample answers. Text marked as a bad example is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rules import Hit, Ruleset, check

from academy.findings import Finding, red, yellow
from academy.model import Course, Lesson, QuizBank
from academy.model.schema import ChecksConfig, MultipleChoice, Reply, SingleChoice

from .context import CheckContext

LESSON_RULES = ("forbidden-phrase", "vague-word", "long-sentence", "jargon-ratio")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)")
_LIST_MARK = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s*(?:\*\*)?")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_OPEN_QUOTES, _CLOSE_QUOTES = "“「『\"'‘", "”」』\"'’"


def check_wording(course: Course, context: CheckContext) -> Iterator[Finding]:
    ruleset = course.wording
    if ruleset is None or course.config is None:
        return
    config = course.config.checks
    for lesson in course.lessons.values():
        if course.in_focus(lesson.file):
            yield from _check_lesson(lesson, ruleset, config)
    for qb in course.banks:
        if course.in_focus(qb.file):
            yield from _check_bank(qb, ruleset)


# -- lessons ---------------------------------------------------------------------------------

def _check_lesson(lesson: Lesson, ruleset: Ruleset, config: ChecksConfig) -> Iterator[Finding]:
    body = lesson.body
    result = check(body, ruleset, ignore_spans=bad_example_spans(body, config))
    for hit in result.hits:
        if hit.rule not in LESSON_RULES or _is_mention(body, hit):
            continue
        offset = hit.start if hit.rule != "jargon-ratio" else _first_term(hit)
        line = lesson.body_line + body.count("\n", 0, offset)
        yield wording_finding(lesson.file, line, hit, ruleset)


def bad_example_spans(body: str, config: ChecksConfig) -> list[tuple[int, int]]:
    """Character spans of a Markdown text that wording rules skip: code, and bad examples
    (sections under a heading with a marker, admonitions of a marked type, marked lines)."""
    spans: list[tuple[int, int]] = [m.span() for m in _INLINE_CODE.finditer(body)]
    prefixes = tuple(config.bad_example_prefixes)
    fence: str | None = None
    skip_level = 0  # heading level of a bad-example section being skipped
    admonition_indent: int | None = None
    offset = 0
    for line in body.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        text = line.rstrip("\r\n")
        fence_match = _FENCE.match(text)
        if fence is not None or fence_match:
            if fence is None and fence_match:
                fence = fence_match.group(1)[:3]
            elif fence_match and fence_match.group(1).startswith(fence):
                fence = None
            spans.append((start, end))
            continue
        heading = _HEADING.match(text)
        if heading:
            level = len(heading.group(1))
            if skip_level and level <= skip_level:
                skip_level = 0
            if not skip_level and any(m in heading.group(2) for m in config.bad_example_headings):
                skip_level = level
        if skip_level:
            spans.append((start, end))
            continue
        if admonition_indent is not None:
            indent = len(text) - len(text.lstrip())
            if not text.strip() or indent > admonition_indent:
                spans.append((start, end))
                continue
            admonition_indent = None
        admonition = _ADMONITION.match(text)
        if admonition and admonition.group(2) in config.bad_example_admonitions:
            admonition_indent = len(admonition.group(1))
            spans.append((start, end))
            continue
        rest = text[_LIST_MARK.match(text).end():]  # type: ignore[union-attr]
        if rest.startswith(prefixes):
            spans.append((start, end))
    return spans


def _is_mention(text: str, hit: Hit) -> bool:
    """「可能」 or “可能” alone in quotes talks about the word; it does not use it."""
    return (hit.start > 0 and hit.end < len(text) and text[hit.start - 1] in _OPEN_QUOTES
            and text[hit.end] in _CLOSE_QUOTES)


def _first_term(hit: Hit) -> int:
    spans = hit.detail.get("spans") or [[0, 0]]
    return int(min(span[0] for span in spans))


# -- quiz banks ------------------------------------------------------------------------------

def _check_bank(qb: QuizBank, ruleset: Ruleset) -> Iterator[Finding]:
    for i, question in enumerate(qb.bank.questions):
        if isinstance(question, SingleChoice | MultipleChoice):
            for j, option in enumerate(question.options):
                if option.correct:
                    line = qb.positions.line(("questions", i, "options", j, "text"))
                    for hit in check(option.text, ruleset).hits:
                        if hit.rule in LESSON_RULES:
                            yield wording_finding(qb.file, line, hit, ruleset, "correct option: ")
        elif isinstance(question, Reply):
            yield from _check_sample(qb, i, question, ruleset)


def _check_sample(qb: QuizBank, index: int, question: Reply, ruleset: Ruleset) -> Iterator[Finding]:
    yield from sample_findings(
        qb.file, qb.positions.line(("questions", index, "sample")),
        f"question {index + 1} (`{question.id}`)", question.sample, question.rubric.require,
        question.rubric.max_chars, ruleset)


def sample_findings(
    file: str, line: int, where: str, sample: str, require: list[list[str]],
    max_chars: int | None, ruleset: Ruleset,
) -> Iterator[Finding]:
    """A model answer must pass its own rubric (required elements, length, wording)."""
    for hit in check(sample, ruleset, require=require, max_chars=max_chars).hits:
        if hit.rule == "missing-element":
            alternatives = " / ".join(hit.detail.get("alternatives", []))
            yield red(file, line, "sample-fails-rubric",
                      f"{where}: the sample answer has none of: {alternatives}",
                      "Rewrite the sample so it contains one of them, or correct the `require` group.")
        elif hit.rule == "too-long":
            yield red(file, line, "sample-fails-rubric",
                      f"{where}: the sample answer is longer than max_chars ({max_chars})",
                      "Shorten the sample, or raise `max_chars`.")
        else:
            yield wording_finding(file, line, hit, ruleset, f"{where} sample answer: ")


# -- findings --------------------------------------------------------------------------------

def wording_finding(file: str, line: int, hit: Hit, ruleset: Ruleset, where: str = "") -> Finding:
    if hit.rule == "forbidden-phrase":
        fix = (f"Write 「{hit.replacement}」 instead" if hit.replacement
               else "Rephrase it from the customer's side")
        if hit.reason:
            fix += f" ({hit.reason})"
        return red(file, line, hit.rule, f"{where}forbidden phrase 「{hit.quote}」",
                   fix + "; if this is a bad example, mark it (see docs/editors.md).")
    if hit.rule == "vague-word":
        return yellow(file, line, hit.rule, f"{where}vague word 「{hit.quote}」",
                      "Give the definite fact instead (a time, an amount, a next step), or mark "
                      "the text as a bad example.")
    if hit.rule == "long-sentence":
        length = hit.detail.get("chars", len(hit.quote))
        return yellow(file, line, hit.rule,
                      f"{where}a sentence of {length} characters (limit "
                      f"{ruleset.max_sentence_chars}): 「{hit.quote[:24]}…」",
                      "Split it into two sentences, one point each.")
    ratio = float(hit.detail.get("ratio", 0))
    terms = [str(term) for term in hit.detail.get("terms", [])]
    return yellow(file, line, "jargon-ratio",
                  f"{where}jargon is {ratio:.1%} of the text (limit {ruleset.max_jargon_ratio:.0%}): "
                  f"{', '.join(terms)}",
                  "Explain the terms in plain words or use fewer of them.")
