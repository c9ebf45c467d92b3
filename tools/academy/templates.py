"""Starting points for new content files (`academy new`), valid and dated today."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from academy.model import Course

QUIZ_MODELINE = "# yaml-language-server: $schema={schema}"


def new_lesson(course: Course, path: Path, today: date) -> str:
    tier = course.config.tiers[0].id if course.config else "foundation"
    competency = course.config.competencies[0].id if course.config else "communication"
    return f"""---
title: 新课程标题
tier: {tier}
competencies: [{competency}]
owner: training
reviewed: {today.isoformat()}
description: 一句话说明学员学完能做到什么。
---

# 新课程标题

## 学习目标

- 学完本课，您能……

## 案例

**高效的做法：**

**低效的做法：**

## 要点

1. ……

## 练一练

……
"""


def new_quiz(course: Course, path: Path, today: date) -> str:
    competency = course.config.competencies[0].id if course.config else "communication"
    schema = _relative_schema(course, path, "quiz-bank.schema.json")
    bank_id = "".join(ch if ch.isalnum() and ch.isascii() else "-" for ch in path.stem.lower())
    bank_id = bank_id.strip("-") or "new-bank"
    return f"""{QUIZ_MODELINE.format(schema=schema)}
id: {bank_id}
title: 新测验
# lesson: foundation/your-lesson.md   # the quiz then appears at the end of that lesson
competencies: [{competency}]
pass_score: 80
owner: training
reviewed: {today.isoformat()}
questions:
  - id: first-question
    type: single
    prompt: 题干写在这里？
    options:
      - text: 正确的选项
        correct: true
      - text: 学员常犯的错误做法
        feedback: 说明这个选项错在哪里。
    explanation: 说明为什么正确答案是对的。
"""


def _relative_schema(course: Course, path: Path, name: str) -> str:
    schema = course.project.root / "schema" / name
    return Path(os.path.relpath(schema, path.resolve().parent)).as_posix()


TEMPLATES = {"lesson": new_lesson, "quiz": new_quiz}
