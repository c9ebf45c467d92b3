"""Every structural rule: a failing and a passing fixture, and the line it points at."""

from __future__ import annotations

import pytest

from tests.conftest import BANK, HEAD, ProjectFactory
from tests.unit.helpers import findings_for

# rule -> (bad question YAML, good question YAML, line of the finding in the bad bank file)
QUESTION_RULES = {
    "single-one-correct": (
        """\
  - id: q1
    type: single
    prompt: 哪句更好？
    options:
      - text: 甲
        correct: true
      - text: 乙
        correct: true
    explanation: 因为。
""",
        """\
  - id: q1
    type: single
    prompt: 哪句更好？
    options:
      - text: 甲
        correct: true
      - text: 乙
    explanation: 因为。
""",
        10,
    ),
    "multiple-some-correct": (
        """\
  - id: q1
    type: multiple
    prompt: 哪些更好？
    options:
      - text: 甲
      - text: 乙
    explanation: 因为。
""",
        """\
  - id: q1
    type: multiple
    prompt: 哪些更好？
    options:
      - text: 甲
        correct: true
      - text: 乙
    explanation: 因为。
""",
        10,
    ),
    "unique-options": (
        """\
  - id: q1
    type: single
    prompt: 哪句更好？
    options:
      - text: 甲
        correct: true
      - text: 乙
      - text: 乙
    explanation: 因为。
""",
        """\
  - id: q1
    type: single
    prompt: 哪句更好？
    options:
      - text: 甲
        correct: true
      - text: 乙
      - text: 丙
    explanation: 因为。
""",
        14,
    ),
    "order-min-items": (
        """\
  - id: q1
    type: order
    prompt: 排序
    items: [致歉, 查询]
    explanation: 因为。
""",
        """\
  - id: q1
    type: order
    prompt: 排序
    items: [致歉, 查询, 答复]
    explanation: 因为。
""",
        10,
    ),
    "match-min-pairs": (
        """\
  - id: q1
    type: match
    prompt: 连线
    pairs:
      - {left: 甲, right: 一}
      - {left: 乙, right: 二}
    explanation: 因为。
""",
        """\
  - id: q1
    type: match
    prompt: 连线
    pairs:
      - {left: 甲, right: 一}
      - {left: 乙, right: 二}
      - {left: 丙, right: 三}
    explanation: 因为。
""",
        10,
    ),
    "fill-answers": (
        """\
  - id: q1
    type: fill
    prompt: 首次响应在 ____ 秒内
    answers: []
    explanation: 因为。
""",
        """\
  - id: q1
    type: fill
    prompt: 首次响应在 ____ 秒内
    answers: ["30"]
    explanation: 因为。
""",
        10,
    ),
    "explanation-required": (
        """\
  - id: q1
    type: truefalse
    prompt: 可以先解释原因再致歉。
    answer: false
""",
        """\
  - id: q1
    type: truefalse
    prompt: 可以先解释原因再致歉。
    answer: false
    explanation: 先致歉。
""",
        7,
    ),
    "duplicate-question-id": (
        """\
  - id: q1
    type: truefalse
    prompt: 甲
    answer: true
    explanation: 因为。
  - id: q1
    type: truefalse
    prompt: 乙
    answer: false
    explanation: 因为。
""",
        """\
  - id: q1
    type: truefalse
    prompt: 甲
    answer: true
    explanation: 因为。
  - id: q2
    type: truefalse
    prompt: 乙
    answer: false
    explanation: 因为。
""",
        12,
    ),
    "scenario-next": (
        """\
  - id: q1
    type: scenario
    prompt: 对话
    explanation: 因为。
    nodes:
      - id: start
        customer: 我的快递呢？
        choices:
          - text: 马上为您查询。
            score: 2
            next: nowhere
""",
        """\
  - id: q1
    type: scenario
    prompt: 对话
    explanation: 因为。
    nodes:
      - id: start
        customer: 我的快递呢？
        choices:
          - text: 马上为您查询。
            score: 2
            next: done
      - id: done
        customer: 好的，谢谢。
""",
        17,
    ),
    "unknown-key": (
        """\
  - id: q1
    type: truefalse
    prompt: 甲
    answer: true
    explanaton: 因为。
""",
        """\
  - id: q1
    type: truefalse
    prompt: 甲
    answer: true
    explanation: 因为。
""",
        11,
    ),
}


@pytest.mark.parametrize("rule", sorted(QUESTION_RULES))
def test_question_rule_fails_bad_and_passes_good(make_project: ProjectFactory, rule: str) -> None:
    bad, good, line = QUESTION_RULES[rule]
    root = make_project({"quizzes/drill.yml": HEAD + bad})
    hits = [f for f in findings_for(root) if f.rule == rule]
    assert hits, f"{rule} did not fire"
    assert hits[0].file == "quizzes/drill.yml"
    assert hits[0].line == line
    assert str(hits[0].severity) == "red"
    assert hits[0].fix
    root = make_project({"quizzes/drill.yml": HEAD + good})
    assert findings_for(root) == []


def test_unknown_key_suggests_the_close_field(make_project: ProjectFactory) -> None:
    bad = QUESTION_RULES["unknown-key"][0]
    root = make_project({"quizzes/drill.yml": HEAD + bad})
    (hit,) = [f for f in findings_for(root) if f.rule == "unknown-key"]
    assert "`explanation`" in hit.fix


def test_duplicate_bank_id(make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/copy.yml": BANK})
    hits = [f for f in findings_for(root) if f.rule == "duplicate-bank-id"]
    # reported on both files, so a check of either one alone sees it
    assert [(f.file, f.line) for f in hits] == [("quizzes/copy.yml", 1),
                                                ("quizzes/first-response.yml", 1)]
    assert "quizzes/first-response.yml" in hits[0].message
    root = make_project({"quizzes/copy.yml": BANK.replace("id: first-response", "id: second")})
    assert [f for f in findings_for(root) if f.rule == "duplicate-bank-id"] == []


def test_unknown_lesson_reference(make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/first-response.yml": BANK.replace(
        "lesson: foundation/first-response.md", "lesson: foundation/first-respons.md")})
    (hit,) = findings_for(root)
    assert (hit.rule, hit.line) == ("unknown-lesson", 3)
    assert "foundation/first-response.md" in hit.fix


def test_unknown_competency_in_bank_and_lesson(make_project: ProjectFactory) -> None:
    root = make_project({
        "quizzes/first-response.yml": BANK.replace(
            "competencies: [communication]", "competencies: [communicaton]"),
        "content/foundation/first-response.md": (
            "---\ntitle: 甲\ntier: foundation\ncompetencies:\n  - empathy\n  - speed\n"
            "owner: training\nreviewed: 2026-11-20\n---\n正文\n"),
    })
    hits = sorted((f.file, f.line, f.rule) for f in findings_for(root))
    assert hits == [
        ("content/foundation/first-response.md", 6, "unknown-competency"),
        ("quizzes/first-response.yml", 4, "unknown-competency"),
    ]


def test_unknown_tier(make_project: ProjectFactory) -> None:
    root = make_project({"content/foundation/first-response.md": (
        "---\ntitle: 甲\ntier: fundation\ncompetencies: [empathy]\n"
        "owner: training\nreviewed: 2026-11-20\n---\n正文\n")})
    (hit,) = findings_for(root)
    assert (hit.rule, hit.line) == ("unknown-tier", 3)
    assert "`foundation`" in hit.fix


def test_duplicate_competency_id(make_project: ProjectFactory) -> None:
    from tests.conftest import ACADEMY_YML

    root = make_project({"content/academy.yml": ACADEMY_YML + "  - id: empathy\n    title: 又一个\n"})
    (hit,) = findings_for(root)
    assert (hit.file, hit.line, hit.rule) == ("content/academy.yml", 13, "duplicate-id")


def test_a_rule_can_be_silenced_for_one_line_with_a_reason(make_project: ProjectFactory) -> None:
    bad = QUESTION_RULES["order-min-items"][0].replace(
        "    items: [致歉, 查询]",
        "    # academy-ignore order-min-items: 两步流程，故意只排两项\n    items: [致歉, 查询]")
    root = make_project({"quizzes/drill.yml": HEAD + bad})
    assert findings_for(root) == []


def test_a_silence_needs_a_reason(make_project: ProjectFactory) -> None:
    bad = QUESTION_RULES["order-min-items"][0].replace(
        "    items: [致歉, 查询]", "    items: [致歉, 查询]  # academy-ignore order-min-items")
    root = make_project({"quizzes/drill.yml": HEAD + bad})
    assert sorted(f.rule for f in findings_for(root)) == ["ignore-needs-reason", "order-min-items"]
