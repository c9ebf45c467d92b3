"""Pages the course adds to the site, the markup appended to pages, and the navigation outline."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

from academy.checks import CheckResult
from academy.compile.catalogue import bank_data
from academy.compile.game import GAME_PAGES, game_marker, game_pages
from academy.compile.manual import (
    MANUAL_INDEX_PAGE,
    MANUAL_TITLE,
    PRACTICE_PAGE,
    manual_index_markdown,
    manual_markdown,
    manual_page_path,
)
from academy.compile.quality import (
    QUALITY_PAGE,
    QUALITY_TITLE,
    last_updated,
    quality_markdown,
    review_dates_html,
)
from academy.compile.urls import QUIZ_DIR, page_url, quiz_page_path
from academy.model import Course
from academy.model.schema import Bank

QUIZ_INDEX_PAGE = f"{QUIZ_DIR}/index.md"
PROGRESS_PAGE = "progress.md"
QUIZ_SECTION_TITLE = "题库"
PROGRESS_TITLE = "学习进度"
PRACTICE_TITLE = "练习台"
NOSCRIPT = "测验需要启用 JavaScript。课程内容无需 JavaScript 即可阅读。"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # relative to the docs folder
    markdown: str


@dataclass
class Outline:
    """Navigation in course order: (section title, page paths) after the home page."""

    home: str | None
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


def generated_pages(course: Course, result: CheckResult | None) -> list[GeneratedPage]:
    """Every page the course adds to the site. Without a check result (the link checks ask
    which pages will exist) the quality page is only its title."""
    pages = [GeneratedPage(quiz_page_path(qb.bank.id), _bank_page(course, qb.bank))
             for qb in course.banks]
    listing = "\n".join(
        f"- [{qb.bank.title}]({qb.bank.id}.md)（{len(qb.bank.questions)} 题）"
        for qb in course.banks
    )
    pages.append(GeneratedPage(
        QUIZ_INDEX_PAGE,
        f"---\ntitle: {QUIZ_SECTION_TITLE}\n---\n\n# {QUIZ_SECTION_TITLE}\n\n"
        f"所有测验都可以在这里单独练习，成绩保存在本浏览器中。\n\n{listing}\n",
    ))
    pages.append(GeneratedPage(
        PROGRESS_PAGE,
        f"---\ntitle: {PROGRESS_TITLE}\n---\n\n# {PROGRESS_TITLE}\n\n"
        "学习进度只保存在您当前使用的浏览器中。换设备或清理浏览器前，请先导出进度文件。\n",
    ))
    pages.append(GeneratedPage(QUALITY_PAGE, quality_markdown(course, result) if result
                               else f"# {QUALITY_TITLE}\n"))
    pages += [GeneratedPage(path, markdown) for path, markdown in game_pages(course)]
    if course.manuals:
        pages.append(GeneratedPage(MANUAL_INDEX_PAGE, manual_index_markdown(course)))
        pages += [GeneratedPage(manual_page_path(mf.manual.id), manual_markdown(mf))
                  for mf in course.manuals]
        pages.append(GeneratedPage(
            PRACTICE_PAGE,
            f"---\ntitle: {PRACTICE_TITLE}\n---\n\n# {PRACTICE_TITLE}\n\n"
            "抽一张场景卡，在限定时间内写出您的回复，系统会按话术手册的规则当场评分，"
            "并标出需要改进的说法。\n",
        ))
    return pages


def _bank_page(course: Course, bank: Bank) -> str:
    intro = ""
    if bank.lesson and bank.lesson in course.lessons:
        title = course.lessons[bank.lesson].meta.title
        intro = f"配套课程：[{title}](../{bank.lesson})\n\n"
    limit = f"限时 {bank.time_limit} 秒，" if bank.time_limit else ""
    return (
        f"---\ntitle: {json.dumps(bank.title, ensure_ascii=False)}\n---\n\n# {bank.title}\n\n"
        f"{intro}共 {len(bank.questions)} 题，{limit}及格线 {bank.pass_score}%。\n"
    )


def quiz_widget(bank: Bank) -> str:
    data = json.dumps(bank_data(bank, page_url(quiz_page_path(bank.id))), ensure_ascii=False)
    # Inside <script>, "</" and "<!--" must not appear; JSON allows \u escapes for them.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    bid = html.escape(bank.id)
    return (
        f'<section class="academy-quiz" id="quiz-{bid}" data-bank="{bid}" '
        f'aria-labelledby="quiz-{bid}-title">\n'
        f'<h2 id="quiz-{bid}-title">随堂测验：{html.escape(bank.title)}</h2>\n'
        f'<noscript><p class="academy-noscript">{NOSCRIPT}</p></noscript>\n'
        f'<script type="application/json" class="academy-bank">{data}</script>\n'
        "</section>\n"
    )


def html_after(course: Course, result: CheckResult, path: str) -> str:
    """The markup to append to the page built from ``path`` (relative to the docs folder)."""
    if path == PROGRESS_PAGE:
        return '<div class="academy-progress-panel"></div>\n'
    marker = game_marker(path)
    if marker is not None:
        return marker
    if path == PRACTICE_PAGE:
        return '<div class="academy-practice-desk"></div>\n'
    if path.startswith(f"{QUIZ_DIR}/"):
        return "".join(quiz_widget(qb.bank) for qb in course.banks
                       if quiz_page_path(qb.bank.id) == path)
    lesson = course.lessons.get(path)
    if lesson is not None:
        dates = review_dates_html(lesson, last_updated(result, lesson))
        widgets = "".join(quiz_widget(qb.bank) for qb in course.banks_for_lesson(path))
        return dates + widgets + f'<div class="academy-lesson-end" data-lesson="{html.escape(path)}"></div>\n'
    return ""


def outline(course: Course) -> Outline:
    home = "index.md" if "index.md" in course.pages else None
    result = Outline(home=home)
    if course.config:
        lessons = course.ordered_lessons()
        for tier in course.config.tiers:
            paths = [lesson.path for lesson in lessons if lesson.meta.tier == tier.id]
            if paths:
                result.sections.append((tier.title, paths))
    banks = [quiz_page_path(qb.bank.id) for qb in course.banks]
    result.sections.append((QUIZ_SECTION_TITLE, [QUIZ_INDEX_PAGE, *banks]))
    if course.manuals:
        manuals = [manual_page_path(mf.manual.id) for mf in course.manuals]
        result.sections.append((MANUAL_TITLE, [MANUAL_INDEX_PAGE, *manuals, PRACTICE_PAGE]))
    result.tail += [PROGRESS_PAGE, *GAME_PAGES, QUALITY_PAGE]
    return result
