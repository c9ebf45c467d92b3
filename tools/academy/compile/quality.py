"""The content-quality page for editors and leads, and the review dates shown on lessons."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, timedelta

from academy.checks import CheckResult
from academy.checks.freshness import reviewed_content
from academy.compile.i18n import t, titled_page
from academy.findings import Severity
from academy.model import Course, Lesson

QUALITY_PAGE = "quality.md"
DUE_WINDOW_DAYS = 30


def quality_markdown(course: Course, result: CheckResult) -> str:
    stats = result.stats
    items = reviewed_content(course)
    owners = {item.file: item.meta.owner for item in items}
    rate = f"{float(stats['timeliness']):.1%}"  # type: ignore[arg-type]
    lines = [
        titled_page("page.quality.title", t("page.quality.intro", date=result.today)),
        f"## {t('page.quality.timeliness')}\n",
        t("page.quality.rate", rate=rate, current=stats["current_files"],
          reviewed=stats["reviewed_files"]) + "\n",
        f"## {t('page.quality.cards')}\n",
    ]
    if result.findings:
        by_owner: Counter[str] = Counter()
        heads = ("file", "owner", "line", "card", "rule", "problem")
        lines += [_row(*(t(f"page.quality.{c}") for c in heads)), "|---|---|---|---|---|---|"]
        for f in result.findings:
            owner = owners.get(f.file, "—")
            by_owner[owner] += 1
            card = t("page.quality.red" if f.severity is Severity.RED else "page.quality.yellow")
            lines.append(f"| `{f.file}` | {_cell(owner)} | {f.line} | {card} | `{f.rule}` | "
                         f"{_cell(f.message)} |")
        counts = t("page.quality.sep").join(t("page.quality.ownerCards", owner=o, n=n)
                                            for o, n in by_owner.most_common())
        lines += ["", t("page.quality.byOwner", list=counts), ""]
    else:
        lines.append(t("page.quality.noCards") + "\n")
    horizon = result.today + timedelta(days=DUE_WINDOW_DAYS)
    due = sorted((item.due, item.file, item.meta.owner) for item in items if item.due <= horizon)
    lines.append(f"## {t('page.quality.due', days=DUE_WINDOW_DAYS)}\n")
    if due:
        lines += [_row(*(t(f"page.quality.{c}") for c in ("dueDate", "file", "owner"))), "|---|---|---|"]
        lines += [f"| {when} | `{file}` | {_cell(owner)} |" for when, file, owner in due]
        lines.append("")
    else:
        lines.append(t("page.quality.noDue", days=DUE_WINDOW_DAYS) + "\n")
    return "\n".join(lines)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    return html.escape(text).replace("|", "\\|").replace("\n", " ")


def review_dates_html(lesson: Lesson, updated: date | None) -> str:
    reviewed = lesson.meta.reviewed
    parts = [t("page.lesson.reviewed", date=f'<time datetime="{reviewed}">{reviewed}</time>')]
    if updated is not None:
        parts.append(t("page.lesson.updated", date=f'<time datetime="{updated}">{updated}</time>'))
    return f'<p class="academy-review-dates">{" · ".join(parts)}</p>\n'


def last_updated(result: CheckResult, lesson: Lesson) -> date | None:
    return result.updated.get(lesson.file)


__all__ = ["QUALITY_PAGE", "last_updated", "quality_markdown", "review_dates_html"]
