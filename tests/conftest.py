"""Shared fixtures: mini projects written into tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

ACADEMY_YML = """\
site_id: mini-academy
review_every: 90
tiers:
  - id: foundation
    title: 基础层
  - id: scenario
    title: 场景层
competencies:
  - id: communication
    title: 沟通表达
  - id: empathy
    title: 共情
"""

LESSON = """\
---
title: 首次响应
tier: foundation
competencies: [communication]
owner: training
reviewed: 2026-11-20
---

# 首次响应

## 为什么要快

客户等待越久，情绪越差。
"""

BANK = """\
id: first-response
title: 首次响应测验
lesson: foundation/first-response.md
competencies: [communication]
owner: training
reviewed: 2026-11-20
questions:
  - id: first-line
    type: single
    prompt: 客户说快递三天没动了，您的第一句话是？
    options:
      - text: 非常抱歉让您久等了，我马上为您查询。
        correct: true
      - text: 这是快递公司的问题。
    explanation: 先致歉、再行动。
  - id: seconds
    type: fill
    prompt: 首次响应应在多少秒内？
    answers: ["30", 30秒]
    explanation: 培训计划要求 30 秒内首次响应。
"""

# A bank no lesson shows (an exam): it has a page of its own, quiz/exam/.
EXAM = """\
id: exam
title: 结业考试
competencies: [communication]
owner: training
reviewed: 2026-11-20
questions:
  - id: promise
    type: truefalse
    prompt: 答应客户的回电时间可以视情况推迟，不必告知。
    answer: false
    explanation: 承诺的时间要兑现；做不到时提前告知。
"""

# The head of a bank whose questions a test writes after it.
HEAD = """\
id: drill
title: 练习
competencies: [communication]
owner: training
reviewed: 2026-11-20
questions:
"""

MKDOCS_YML = """\
site_name: Mini
docs_dir: content
site_dir: build
theme:
  name: material
  language: zh
  font: false
plugins:
  - academy
"""


QUIET_COVERAGE = "checks: {min_bank_questions: 1, min_competency_questions: 0}\n"

ProjectFactory = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """Write a mini project; ``files`` maps relative paths to text (None removes a default)."""

    def make(files: dict[str, str | None] | None = None) -> Path:
        contents: dict[str, str | None] = {
            "mkdocs.yml": MKDOCS_YML,
            "content/academy.yml": ACADEMY_YML,
            "content/index.md": "# Mini\n",
            "content/foundation/first-response.md": LESSON,
            "quizzes/first-response.yml": BANK,
        }
        contents.update(files or {})
        course = contents.get("content/academy.yml")
        if course is not None and not course.startswith("checks:") and "\nchecks:" not in course:
            # a mini course is too small for the coverage rules; tests of those set their own
            contents["content/academy.yml"] = course + QUIET_COVERAGE
        for rel, text in contents.items():
            if text is None:
                continue
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return make
