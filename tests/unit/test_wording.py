"""Wording rules from content/wording.yml applied to lessons, correct options and samples."""

from __future__ import annotations

import pytest

from tests.conftest import BANK, LESSON, ProjectFactory
from tests.unit.helpers import findings_for

WORDING = """\
forbidden:
  - phrase: 您必须
    replacement: 我们建议您
    reason: 命令口吻
vague: [可能, 应该]
glossary: [SKU, SLA]
limits: {max_sentence_chars: 40, max_jargon_ratio: 0.05}
"""

CHANGED = "客户等待越久，情绪越差。"


def lesson_with(text: str) -> dict[str, str]:
    return {"content/wording.yml": WORDING,
            "content/foundation/first-response.md": LESSON.replace(CHANGED, text)}


def found(root) -> list[tuple[str, int, str, str]]:
    return [(f.file, f.line, f.rule, str(f.severity)) for f in findings_for(root)]


LESSON_FILE = "content/foundation/first-response.md"
BANK_FILE = "quizzes/first-response.yml"


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        ("您必须先上传照片。", "forbidden-phrase", "red"),
        ("包裹应该明天到。", "vague-word", "yellow"),
        ("这是一个非常非常长的句子，它一直说下去，没有句号，说到客户都忘了开头问的是什么问题了吧",
         "long-sentence", "yellow"),
        ("SKU 和 SLA 是什么？", "jargon-ratio", "yellow"),
    ],
)
def test_lesson_wording_rule(make_project: ProjectFactory, text: str, rule: str, severity: str) -> None:
    bad = found(make_project(lesson_with(text)))
    assert bad == [(LESSON_FILE, 13, rule, severity)]
    good = found(make_project(lesson_with("我们建议您先上传照片，包裹明天 18 点前送到。")))
    assert good == []


def test_forbidden_finding_quotes_phrase_and_replacement(make_project: ProjectFactory) -> None:
    (hit,) = findings_for(make_project(lesson_with("您必须先上传照片。")))
    assert "「您必须」" in hit.message
    assert "「我们建议您」" in hit.fix and "命令口吻" in hit.fix


@pytest.mark.parametrize(
    "text",
    [
        "### 低效版本\n\n> 您必须先上传照片。\n\n### 高效版本\n\n> 我们建议您先上传照片。",
        '!!! failure "反面示例"\n\n    您必须先上传照片。\n\n正文继续。',
        "- 避免：“您必须先上传照片。”\n- 改为：“我们建议您先上传照片。”",
        "请不要说 `您必须`。",
        "```text\n您必须先上传照片。\n```",
        "请用确定的信息代替“应该”这类模糊词。",
    ],
    ids=["bad-section", "failure-admonition", "prefix", "inline-code", "fence", "mention"],
)
def test_bad_examples_are_skipped(make_project: ProjectFactory, text: str) -> None:
    assert found(make_project(lesson_with(text))) == []


def test_bad_example_section_ends_at_next_heading(make_project: ProjectFactory) -> None:
    text = "### 低效版本\n\n> 您必须先上传照片。\n\n### 高效版本\n\n> 您必须先上传照片。"
    assert found(make_project(lesson_with(text))) == [(LESSON_FILE, 19, "forbidden-phrase", "red")]


def test_correct_options_are_checked_but_wrong_ones_are_not(make_project: ProjectFactory) -> None:
    bank = BANK.replace("非常抱歉让您久等了，我马上为您查询。", "您必须等一下。")
    assert found(make_project({"content/wording.yml": WORDING, "quizzes/first-response.yml": bank})) == [
        ("quizzes/first-response.yml", 12, "forbidden-phrase", "red")]
    bank = BANK.replace("这是快递公司的问题。", "您必须等一下。")
    assert found(make_project({"content/wording.yml": WORDING, "quizzes/first-response.yml": bank})) == []


REPLY = """\
  - id: reply-one
    type: reply
    prompt: 客户说快递没到，请回复。
    rubric:
      require: [[您好, 你好], [抱歉, 不好意思]]
      max_chars: 40
    sample: {sample}
    explanation: 先问候、再致歉。
"""


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("您好，非常抱歉，我马上为您查询。", []),
        ("您好，我马上为您查询。", [(BANK_FILE, 27, "sample-fails-rubric", "red")]),
        ("您好，抱歉，" + "我马上为您查询。" * 6, [(BANK_FILE, 27, "sample-fails-rubric", "red")]),
        ("您好，抱歉，您必须等一下。", [(BANK_FILE, 27, "forbidden-phrase", "red")]),
    ],
    ids=["passes", "missing-element", "too-long", "forbidden"],
)
def test_reply_sample_must_pass_its_rubric(
    make_project: ProjectFactory, sample: str, expected: list
) -> None:
    bank = BANK + REPLY.format(sample=sample)
    assert found(make_project({"content/wording.yml": WORDING, BANK_FILE: bank})) == expected


def test_invalid_wording_file_points_at_the_entry(make_project: ProjectFactory) -> None:
    bad = WORDING.replace("  - phrase: 您必须\n", "  - phrase: ''\n")
    (hit,) = findings_for(make_project({"content/wording.yml": bad}))
    assert (hit.file, hit.line, hit.rule) == ("content/wording.yml", 2, "wording-rules")
    assert "forbidden[0].phrase" in hit.message


def test_wording_file_is_not_published(make_project: ProjectFactory) -> None:
    from academy.cli import main

    root = make_project({"content/wording.yml": WORDING})
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    assert not (root / "build/wording.yml").exists()
