"""Quality of the quizzes as a whole: answer positions, repeated questions, coverage.

All rules here give yellow cards (the content works, but learners learn less from it):

* ``position-bias``: in a bank, too many ``single`` questions keep the right answer in the same
  position (the browser shuffles options, but printed copies and reviewers see source order);
* ``near-duplicate``: two prompts, in one bank or in two, that say almost the same thing;
* ``all-of-the-above``: an option such as 以上都对 / none of the above;
* ``thin-competency``: a competency of academy.yml that few questions examine;
* ``lesson-without-quiz`` and ``small-bank``.

:func:`check_quiz_quality` runs the first three (they are about questions),
:func:`check_coverage` the last three (they are about the size of the course).

Thresholds come from ``checks:`` in academy.yml (:class:`academy.model.schema.ChecksConfig`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from academy.findings import Finding, yellow
from academy.model import Course
from academy.model.schema import ChecksConfig, MultipleChoice, SingleChoice

from .context import CheckContext
from .similar import ASIDE_PROMPTS, AsidePairs, near_duplicate_pairs, normalize

POSITION_BIAS = "position-bias"
NEAR_DUPLICATE = "near-duplicate"
ALL_OF_THE_ABOVE = "all-of-the-above"
THIN_COMPETENCY = "thin-competency"
LESSON_WITHOUT_QUIZ = "lesson-without-quiz"
SMALL_BANK = "small-bank"

MIN_BIAS_OPTIONS = 3  # questions with fewer options are left out of the position count
MIN_BIAS_QUESTIONS = 4  # banks with fewer such questions are too small to judge
MAX_LISTED = 8


Rule = Callable[[Course, Any], Iterator[Finding]]


def check_quiz_quality(course: Course, context: CheckContext) -> Iterator[Finding]:
    """Rules on the questions: position-bias, near-duplicate, all-of-the-above."""

    def _near_duplicates(course: Course, checks: ChecksConfig) -> Iterator[Finding]:
        return _near_duplicate_cards(course, checks, context.aside)

    yield from _run([_all_of_the_above], [_position_bias, _near_duplicates], course, context)


def begin_aside(course: Course, context: CheckContext) -> None:
    """Start the near-duplicate search of a whole check of a large course in a second process,
    so that it runs while the other rules do (the rule takes its result)."""
    if course.focus is not None or course.config is None or context.aside is not None:
        return
    if sum(len(qb.bank.questions) for qb in course.banks) >= ASIDE_PROMPTS:
        context.aside = AsidePairs(course.banks, course.config.checks.near_duplicate)


def check_coverage(course: Course, context: CheckContext) -> Iterator[Finding]:
    """Rules on the course as a whole: lesson-without-quiz, small-bank, thin-competency."""
    yield from _run([_lessons_without_quiz], [_small_banks, _thin_competencies], course, context)


def _run(always: list[Rule], with_thresholds: list[Rule], course: Course,
         context: CheckContext) -> Iterator[Finding]:
    """Run ``always``, and ``with_thresholds`` when academy.yml could be read (they need its
    ``checks:``), each rule on its own, so that an internal error in one cannot stop another."""
    checks = course.config.checks if course.config is not None else None
    for rule in always + (with_thresholds if checks is not None else []):
        try:
            found = list(rule(course, checks))
        except Exception:  # pragma: no cover - defensive: a check never raises
            context.notes.append(f"the quiz quality rule {rule.__name__.strip('_')} was skipped "
                                 "after an internal error")
            continue
        yield from found


# ---------------------------------------------------------------------------------------------
# Coverage


def _banks_unreadable(course: Course) -> bool:
    """Whether a quiz bank failed to load (it has red cards; coverage would be guessed)."""
    folder = course.project.rel(course.project.quizzes_dir).rstrip("/") + "/"
    return any(f.file.startswith(folder) for f in course.load_findings)


def _lessons_without_quiz(course: Course, checks: ChecksConfig | None) -> Iterator[Finding]:
    if _banks_unreadable(course) or any(
            qb.bank.lesson is not None and qb.bank.lesson not in course.lessons
            for qb in course.banks):
        return  # a bank that cannot be read or names a missing lesson (red) may be the quiz
    with_bank = {qb.bank.lesson for qb in course.banks}
    for lesson in sorted(course.lessons.values(), key=lambda item: item.file):
        if lesson.path in with_bank:
            continue
        stem = lesson.path.rsplit("/", 1)[-1].removesuffix(".md")
        yield yellow(lesson.file, 1, LESSON_WITHOUT_QUIZ,
                     f"the lesson 「{lesson.meta.title}」 has no quiz bank, so learners cannot "
                     "check what they learned",
                     f"Create a bank (`academy new quiz quizzes/{stem}.yml`) and write "
                     f"`lesson: {lesson.path}` in it.")


def _small_banks(course: Course, checks: ChecksConfig) -> Iterator[Finding]:
    minimum = checks.min_bank_questions
    for qb in course.banks:
        count = len(qb.bank.questions)
        if count < minimum:
            yield yellow(qb.file, qb.positions.line(("questions",)), SMALL_BANK,
                         f"the bank `{qb.bank.id}` has {count} question(s), fewer than "
                         f"{minimum}",
                         f"Add {minimum - count} more question(s) under `questions:` (or lower "
                         f"`checks: min_bank_questions` in academy.yml).")


def _thin_competencies(course: Course, checks: ChecksConfig) -> Iterator[Finding]:
    config, positions = course.config, course.config_positions
    if config is None or positions is None:
        return
    known = {competency.id for competency in config.competencies}
    if _banks_unreadable(course) or any(cid not in known for qb in course.banks
                                        for cid in qb.bank.competencies):
        return  # counts would be wrong until the red cards of the banks are fixed
    minimum = checks.min_competency_questions
    counts: Counter[str] = Counter()
    banks_for: dict[str, list[str]] = {}
    for qb in course.banks:
        for cid in dict.fromkeys(qb.bank.competencies):  # each question once per competency
            counts[cid] += len(qb.bank.questions)
            banks_for.setdefault(cid, []).append(qb.file)
    for index, competency in enumerate(config.competencies):
        count = counts[competency.id]
        if count >= minimum:
            continue
        missing = minimum - count
        banks = banks_for.get(competency.id, [])
        where = (f"to a bank that lists it, e.g. {banks[0]}" if banks
                 else f"to a bank and add `{competency.id}` to that bank's `competencies:`")
        yield yellow(course.config_file, positions.line(("competencies", index, "id")),
                     THIN_COMPETENCY,
                     f"the competency `{competency.id}` ({competency.title}) is examined by "
                     f"{count} question(s), fewer than {minimum}",
                     f"Add {missing} question(s) {where} (or lower "
                     "`checks: min_competency_questions`).")


# ---------------------------------------------------------------------------------------------
# Position bias


def _position_bias(course: Course, checks: ChecksConfig) -> Iterator[Finding]:
    limit = checks.position_bias
    for qb in course.banks:
        if not course.in_focus(qb.file):  # cards about one bank: only the focused are wanted
            continue
        positions: list[tuple[int, str]] = []  # (index of the correct option, question id)
        for question in qb.bank.questions:
            if not isinstance(question, SingleChoice) or len(question.options) < MIN_BIAS_OPTIONS:
                continue
            correct = [i for i, option in enumerate(question.options) if option.correct]
            if len(correct) == 1:  # other counts get a red card from the question rules
                positions.append((correct[0], question.id))
        total = len(positions)
        if total < MIN_BIAS_QUESTIONS:
            continue
        counts = Counter(index for index, _ in positions)
        index, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
        if count / total <= limit:
            continue
        allowed = math.floor(limit * total + 1e-9)
        ids = [qid for i, qid in positions if i == index]
        shown = ", ".join(f"`{qid}`" for qid in ids[:MAX_LISTED]) + (
            " ..." if len(ids) > MAX_LISTED else "")
        yield yellow(qb.file, qb.positions.line(("questions",)), POSITION_BIAS,
                     f"{count} of {total} `single` questions with {MIN_BIAS_OPTIONS}+ options have "
                     f"the correct answer as option {index + 1} ({count / total:.0%}, more than "
                     f"{limit:.0%}); readers of the file or a printout can guess it",
                     f"Move the `correct: true` option of at least {count - allowed} of these "
                     f"questions to another position: {shown}.")


# ---------------------------------------------------------------------------------------------
# All of the above

_ABOVE_ZH = re.compile(
    r"(?:以上|上述|上面)的?"
    r"(?:(?:所有|全部|各项|各个|几项|几个|各|三项|四项|两项)(?:的)?(?:选项|答案|说法|做法|内容|方法)?"
    r"(?:都|均|皆)?"
    r"|(?:选项|答案|说法|做法|内容|方法)?(?:都|均|皆|全部|全))"
    r"(?:是|对|正确|不对|不是|非|错|错误|不正确|可以|不可以|适用|不适用|成立|不成立|有|没有)?"
)
_ALL_ZH = re.compile(r"(?:都|全|均|皆)(?:对|不对|是|不是|正确|不正确|错|错误|非)")
_ABOVE_EN = re.compile(r"(?:all|none|both|neither)(?:of)?(?:the)?(?:above|options|answers)")


def is_all_of_the_above(text: str) -> bool:
    norm = normalize(text[:200])
    return bool(_ABOVE_ZH.match(norm) or _ALL_ZH.fullmatch(norm) or _ABOVE_EN.match(norm))


def _all_of_the_above(course: Course, checks: ChecksConfig | None) -> Iterator[Finding]:
    for qb in course.banks:
        if not course.in_focus(qb.file):  # cards about one bank: only the focused are wanted
            continue
        for i, question in enumerate(qb.bank.questions):
            if not isinstance(question, SingleChoice | MultipleChoice):
                continue
            for j, option in enumerate(question.options):
                if not is_all_of_the_above(option.text):
                    continue
                multiple = ("mark each right option `correct: true`" if
                            isinstance(question, MultipleChoice) else
                            "if several options are right, change `type:` to `multiple` and mark "
                            "each of them `correct: true`")
                yield yellow(qb.file, qb.positions.line(("questions", i, "options", j, "text")),
                             ALL_OF_THE_ABOVE,
                             f"question {i + 1} (`{question.id}`): the option 「{option.text}」 "
                             "can be chosen by elimination, without knowing the answer",
                             f"Replace 「{option.text}」 with a concrete statement (the right "
                             f"action itself, or a mistake agents really make); {multiple}.")


# ---------------------------------------------------------------------------------------------
# Near-duplicate prompts (the search itself: similar.py)


def _near_duplicate_cards(course: Course, checks: ChecksConfig, aside: AsidePairs | None
                          ) -> Iterator[Finding]:
    focus = course.in_focus if course.focus is not None else None
    if aside is not None and aside.banks is course.banks and aside.threshold == checks.near_duplicate:
        pairs = aside.pairs()
    else:
        pairs = near_duplicate_pairs(course.banks, checks.near_duplicate, focus)
    partners: dict[tuple[int, int], str] = {}  # a prompt is often the partner of many
    for later, earlier, score in pairs:
        question = later.qb.bank.questions[later.index]
        key = (id(earlier.qb), earlier.index)
        if key not in partners:
            other = earlier.qb.bank.questions[earlier.index]
            partners[key] = (f"question {earlier.index + 1} (`{other.id}`) at {earlier.where} "
                             f"「{_short(other.prompt)}」")
        yield yellow(
            later.qb.file, later.qb.positions.line(("questions", later.index, "prompt")),
            NEAR_DUPLICATE,
            f"question {later.index + 1} (`{question.id}`) 「{_short(question.prompt)}」 is "
            f"{score:.0%} the same as {partners[key]}",
            _SAME_BANK if earlier.qb is later.qb else _OTHER_BANK,
        )


_SAME_BANK = ("Ask about something the other question does not cover, or delete one of the two "
              "(progress is kept per question id, so keep the older one).")
_OTHER_BANK = ("Ask about something the other question does not cover, or delete one of the two "
               "(learners meet both; keep the one in the bank of the better-fitting lesson).")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
