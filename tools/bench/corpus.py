"""Generate a large synthetic course (lessons + banks) for benchmarks."""

from __future__ import annotations

import json
import random
import re
import shutil
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

LESSON = """---
title: 第 {n} 课：物流异常处理要点
tier: {tier}
competencies: [communication, problem-solving]
owner: training
reviewed: {today}
description: 练习在物流延迟时先致歉、再查询、再给出明确时间。
---

# 第 {n} 课：物流异常处理要点

## 学习目标

学完本课，您能够在 30 秒内完成首次响应，并在三分钟内给出处理方案。第 {n} 课的案例来自真实咨询。

## 案例

客户说包裹三天没有更新。高效的做法是先致歉，再说明正在查询，最后给出明确的回复时间。
低效的做法是让客户自己去问快递公司，客户只会更着急。

## 要点

1. 先回应情绪，再处理事情。
2. 给出具体的时间点，而不是笼统的说法。
3. 结束前确认客户没有其他问题。

## 练一练

请写出您对“快递三天没动”的第一句回复。
"""

BANK = """id: bank-{n}
title: 第 {n} 组练习
lesson: {lesson}
competencies: [communication]
owner: training
reviewed: {today}
questions:
  - id: q1
    type: single
    prompt: {p1}
    options:
      - text: 这是快递公司的问题。
      - text: 非常抱歉让您久等了，我马上为您查询。
        correct: true
      - text: 请您自己联系快递。
    explanation: 先致歉、再行动，不推卸责任。
  - id: q2
    type: multiple
    prompt: {p2}
    options:
      - text: 先致歉
        correct: true
      - text: 给出明确时间
        correct: true
      - text: 解释公司规定
    explanation: 致歉和明确的时间让客户安心。
  - id: q3
    type: truefalse
    prompt: {p3}
    answer: true
    explanation: 培训计划要求 30 秒内首次响应。
  - id: q4
    type: fill
    prompt: {p4}
    answers: ["30", 30秒]
    explanation: 30 秒内首次响应。
  - id: q5
    type: order
    prompt: {p5}
    items: [致歉, 查询, 答复时间, 确认结束]
    explanation: 先情绪后事情。
  - id: q6
    type: match
    prompt: {p6}
    pairs:
      - {{left: 物流延迟, right: 查询并给出时间}}
      - {{left: 商品破损, right: 拍照登记并补发}}
      - {{left: 催促退款, right: 告知到账时间}}
    explanation: 每个场景都有明确的下一步。
"""

TIERS = ("foundation", "scenario", "advanced")

# Templated prompts (scene × customer × question, numbered): 2,100 combinations, so at 30,000
# prompts nearly every prompt repeats an earlier one: the near-duplicate rule's stress case.
_SCENES = ["物流延迟", "商品破损", "尺码不合", "优惠券失效", "发票补开", "地址修改", "退款未到账",
           "赠品缺失", "预售发货", "会员积分", "售后维修", "价格保护", "缺货取消", "错发漏发",
           "安装预约", "质量投诉", "差评回访", "隐私咨询", "账号异常", "支付失败"]
_WHO = ["一位老客户", "一位新手妈妈", "一位上班族", "一位老年客户", "一位企业采购", "一位学生",
        "一位外地客户", "一位急性子客户", "一位第一次网购的客户", "一位常投诉的客户"]
_ASK = ["第一句话怎么说", "先确认哪项信息", "怎样说明处理时限", "如何表达歉意", "怎样避免推诿",
        "该给出什么承诺", "如何复述需求", "怎样结束对话", "要不要转交同事", "如何记录工单"]


def prompt(n: int, q: int) -> str:
    """A templated prompt (scene, customer, question) numbered to stay unique."""
    rng = random.Random(n * 10 + q)
    scene, who, ask = rng.choice(_SCENES), rng.choice(_WHO), rng.choice(_ASK)
    return f"{who}遇到{scene}，您{ask}？（练习 {n}-{q}）"


_FRAMES = ["{a}，{b}。这种做法对吗？", "客户说：“{a}，{b}。”您接下来怎么回应？",
           "关于“{a}”和“{b}”，下列哪项最恰当？", "{a}；同时{b}。您先处理哪一件？", "判断：{a}，因为{b}。",
           "在“{b}”的情况下，{a}，为什么？", "请排列：{a}，然后{b}。", "{a}，{b}。请选出与此相符的说法。"]


def _clauses() -> list[str]:
    """Clauses (8 to 30 characters) of the shipped lessons' sentences."""
    found: set[str] = set()
    for path in sorted((REPO / "content").rglob("*.md")):
        for clause in re.split(r"[。！？；，：\n“”「」（）()]", path.read_text(encoding="utf-8")):
            clause = re.sub(r"[#>*`|\-\[\]_!]+|\s+", "", clause)
            if 8 <= len(clause) <= 30 and re.search(r"[\u4e00-\u9fff]{6}", clause):
                found.add(clause)
    return sorted(found)


def varied_prompts(count: int, repeats: float = 0.01, seed: int = 5) -> list[str]:
    """Prompts as varied as a real course's: two clauses of the shipped lessons in one of eight
    question frames. A share ``repeats`` of them repeat an earlier prompt with one character
    changed (real near-duplicates, for the rule to find)."""
    rng = random.Random(seed)
    clauses = _clauses()
    prompts: list[str] = []
    for _ in range(count):
        if prompts and rng.random() < repeats:
            chars = list(rng.choice(prompts))
            chars[rng.randrange(len(chars))] = rng.choice("的了您我们请")
            prompts.append("".join(chars))
        else:
            a, b = rng.sample(clauses, 2)
            prompts.append(rng.choice(_FRAMES).format(a=a, b=b))
    return prompts


def generate(root: Path, lessons: int, banks: int, prompts: str = "templated") -> Path:
    """Write a project with ``lessons`` lessons and ``banks`` banks into ``root``; ``prompts``
    is "templated" (:func:`prompt`) or "varied" (:func:`varied_prompts`)."""
    varied = iter(varied_prompts(banks * 6)) if prompts == "varied" else None
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "quizzes").mkdir()
    course = yaml.safe_load((REPO / "content/academy.yml").read_text(encoding="utf-8"))
    course = {key: course[key] for key in ("site_id", "review_every", "tiers", "competencies")}
    (root / "content/academy.yml").write_text(
        yaml.safe_dump(course, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(REPO / "content/wording.yml", root / "content/wording.yml")
    (root / "content/index.md").write_text("# 课程\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Bench\ndocs_dir: content\nsite_dir: build\n"
        "theme:\n  name: material\n  custom_dir: " + str(REPO / "theme") + "\n  language: zh\n"
        "  font: false\n  features: [navigation.prune]\n"
        "plugins:\n  - search\n  - academy\n",
        encoding="utf-8",
    )
    today = date.today().isoformat()
    paths = []
    for n in range(lessons):
        tier = TIERS[n % len(TIERS)]
        rel = f"{tier}/lesson-{n:05d}.md"
        paths.append(rel)
        target = root / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(LESSON.format(n=n, tier=tier, today=today), encoding="utf-8")
    for n in range(banks):
        lesson = paths[n % len(paths)] if paths else "index.md"
        (root / "quizzes" / f"bank-{n:05d}.yml").write_text(
            BANK.format(n=n, lesson=lesson, today=today,
                        **{f"p{q}": json.dumps(next(varied) if varied else prompt(n, q),
                                               ensure_ascii=False) for q in range(1, 7)}),
            encoding="utf-8")
    return root
