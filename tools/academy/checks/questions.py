"""Rules on the shape of each question, beyond what the schema can say."""

from __future__ import annotations

from collections.abc import Iterator

from academy.findings import Finding, red
from academy.model import Course, QuizBank
from academy.model.schema import Fill, Match, MultipleChoice, Order, Scenario, SingleChoice

from .context import CheckContext

MIN_ORDER_ITEMS = 3
MIN_MATCH_PAIRS = 3


def check_questions(course: Course, context: CheckContext) -> Iterator[Finding]:
    for qb in course.banks:
        if not course.in_focus(qb.file):
            continue
        for index, question in enumerate(qb.bank.questions):
            yield from _check_question(qb, index, question)


def _check_question(qb: QuizBank, index: int, q: object) -> Iterator[Finding]:
    at = ("questions", index)
    label = f"question {index + 1} (`{getattr(q, 'id', '?')}`)"

    def finding(path: tuple[object, ...], rule: str, message: str, fix: str) -> Finding:
        return red(qb.file, qb.positions.line((*at, *path)), rule, f"{label}: {message}", fix)

    if isinstance(q, SingleChoice | MultipleChoice):
        correct = sum(1 for option in q.options if option.correct)
        if isinstance(q, SingleChoice) and correct != 1:
            yield finding(("options",), "single-one-correct",
                          f"a `single` question needs exactly one correct option, found {correct}",
                          "Mark exactly one option `correct: true`, or change `type:` to "
                          "`multiple` if several answers are right.")
        if isinstance(q, MultipleChoice) and correct == 0:
            yield finding(("options",), "multiple-some-correct",
                          "a `multiple` question has no correct option",
                          "Mark every right option with `correct: true`.")
        seen: set[str] = set()
        for j, option in enumerate(q.options):
            if option.text in seen:
                yield finding(("options", j), "unique-options",
                              f"the option 「{option.text}」 appears twice",
                              "Remove the copy or rewrite it as a different distractor.")
            seen.add(option.text)
    elif isinstance(q, Order) and len(q.items) < MIN_ORDER_ITEMS:
        yield finding(("items",), "order-min-items",
                      f"an `order` question needs at least {MIN_ORDER_ITEMS} items, "
                      f"found {len(q.items)}",
                      "List the steps under `items:` in the right order, three or more.")
    elif isinstance(q, Match) and len(q.pairs) < MIN_MATCH_PAIRS:
        yield finding(("pairs",), "match-min-pairs",
                      f"a `match` question needs at least {MIN_MATCH_PAIRS} pairs, "
                      f"found {len(q.pairs)}",
                      "Add pairs as `- {left: ..., right: ...}`, three or more.")
    elif isinstance(q, Fill) and not q.answers:
        yield finding(("answers",) if q.answers is not None else (), "fill-answers",
                      "a `fill` question has no accepted answer",
                      "List every accepted answer under `answers:`, e.g. `answers: [30, 30秒]`.")
    elif isinstance(q, Scenario):
        yield from _check_dialogue(q, finding)


def _check_dialogue(q: Scenario, finding) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    ids = [node.id for node in q.nodes]
    seen: set[str] = set()
    for j, node in enumerate(q.nodes):
        if node.id in seen:
            yield finding(("nodes", j, "id"), "scenario-node-id",
                          f"the dialogue node id `{node.id}` is used twice",
                          "Give every node of the dialogue its own id.")
        seen.add(node.id)
        for k, choice in enumerate(node.choices):
            if choice.next is not None and choice.next not in ids:
                yield finding(("nodes", j, "choices", k, "next"), "scenario-next",
                              f"the choice leads to `{choice.next}`, which is not a node",
                              f"Use one of: {', '.join(ids)}, or leave `next` out to end here.")
    if q.start is not None and q.start not in ids:
        yield finding(("start",), "scenario-next", f"`start: {q.start}` is not a node",
                      f"Use one of: {', '.join(ids)}.")
