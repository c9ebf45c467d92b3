"""The content-quality page for editors and leads, and the review dates shown on lessons."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, timedelta

from academy.checks import CheckResult
from academy.checks.freshness import reviewed_content
from academy.findings import Severity
from academy.model import Course, Lesson

QUALITY_PAGE = "quality.md"
QUALITY_TITLE = "内容质量"
DUE_WINDOW_DAYS = 30


def quality_markdown(course: Course, result: CheckResult) -> str:
    stats = result.stats
    items = reviewed_content(course)
    owners = {item.file: item.meta.owner for item in items}
    lines = [
        f"---\ntitle: {QUALITY_TITLE}\n---\n",
        f"# {QUALITY_TITLE}\n",
        f"统计日期：{result.today}。本页供内容编辑和培训主管查看，学员学习不受影响。\n",
        "## 时效率\n",
        f"**{float(stats['timeliness']):.1%}**（{stats['current_files']} / {stats['reviewed_files']} "  # type: ignore[arg-type]
        "个课程与题库在审核周期内；目标 ≥ 98%）\n",
        "## 红黄牌\n",
    ]
    if result.findings:
        by_owner: Counter[str] = Counter()
        lines += ["| 文件 | 负责人 | 行 | 牌 | 规则 | 问题 |", "|---|---|---|---|---|---|"]
        for f in result.findings:
            owner = owners.get(f.file, "—")
            by_owner[owner] += 1
            card = "红牌" if f.severity is Severity.RED else "黄牌"
            lines.append(f"| `{f.file}` | {_cell(owner)} | {f.line} | {card} | `{f.rule}` | "
                         f"{_cell(f.message)} |")
        lines += ["", "按负责人统计：" + "，".join(f"{o} {n} 张" for o, n in by_owner.most_common()), ""]
    else:
        lines.append("没有红牌或黄牌。\n")
    horizon = result.today + timedelta(days=DUE_WINDOW_DAYS)
    due = sorted((item.due, item.file, item.meta.owner) for item in items if item.due <= horizon)
    lines.append(f"## 未来 {DUE_WINDOW_DAYS} 天内到期的审核\n")
    if due:
        lines += ["| 到期日 | 文件 | 负责人 |", "|---|---|---|"]
        lines += [f"| {when} | `{file}` | {_cell(owner)} |" for when, file, owner in due]
        lines.append("")
    else:
        lines.append(f"未来 {DUE_WINDOW_DAYS} 天内没有到期的审核。\n")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return html.escape(text).replace("|", "\\|").replace("\n", " ")


def review_dates_html(lesson: Lesson, updated: date | None) -> str:
    reviewed = lesson.meta.reviewed
    parts = [f'最近审核：<time datetime="{reviewed}">{reviewed}</time>']
    if updated is not None:
        parts.append(f'最近更新：<time datetime="{updated}">{updated}</time>')
    return f'<p class="academy-review-dates">{" · ".join(parts)}</p>\n'


def last_updated(result: CheckResult, lesson: Lesson) -> date | None:
    return result.updated.get(lesson.file)


__all__ = ["QUALITY_PAGE", "last_updated", "quality_markdown", "review_dates_html"]
