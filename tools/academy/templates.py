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


def new_manual(course: Course, path: Path, today: date) -> str:
    schema = _relative_schema(course, path, "manual.schema.json")
    manual_id = "".join(ch if ch.isalnum() and ch.isascii() else "-" for ch in path.stem.lower())
    manual_id = manual_id.strip("-") or "new-scenario"
    stages = "\n".join(
        f"""  - stage: {stage}
    recommended:
      - text: {line}"""
        for stage, line in (
            ("opening", "您好，我是客服{客服名}，很高兴为您服务！"),
            ("needs", "为了尽快帮您处理，麻烦您提供一下订单号，好吗？"),
            ("handling", "我已经为您登记，{时间}前给您回复处理结果。"),
            ("closing", "请问还有其他可以帮您的吗？祝您生活愉快！"),
        )
    )
    return f"""{QUIZ_MODELINE.format(schema=schema)}
id: {manual_id}
title: 新场景
description: 一句话说明这个场景。
owner: training
reviewed: {today.isoformat()}
stages:
{stages}
"""


TEMPLATES = {"lesson": new_lesson, "quiz": new_quiz, "manual": new_manual}
