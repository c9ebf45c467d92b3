"""Pages the course adds to the site, the markup appended to pages, and the navigation outline."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

from academy.checks import CheckResult
from academy.compile.catalogue import bank_data, bank_url, has_own_page, lesson_banks, page_banks, see_refs
from academy.compile.game import GAME_PAGES, game_marker, game_pages
from academy.compile.i18n import current_language, t, titled_page
from academy.compile.manual import (
    MANUAL_INDEX_PAGE,
    PRACTICE_PAGE,
    manual_index_markdown,
    manual_markdown,
    manual_page_path,
)
from academy.compile.quality import (
    QUALITY_PAGE,
    last_updated,
    quality_markdown,
    review_dates_html,
)
from academy.compile.urls import QUIZ_DIR, quiz_page_path
from academy.model import Course
from academy.model.schema import Bank

QUIZ_INDEX_PAGE = f"{QUIZ_DIR}/index.md"
PROGRESS_PAGE = "progress.md"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # relative to the docs folder
    markdown: str


#: A navigation entry: a page path, or a group (title, entries).
NavEntry = str | tuple[str, list["NavEntry"]]
#: A section with up to this many pages lists them all (about a phone screen of entries); a
#: longer one is grouped (``grouped``). The shipped course's longest section, 话术手册, has 11.
NAV_FLAT_MAX = 15
#: Most entries of a group, and of a grouped section.
NAV_GROUP_SIZE = 10


@dataclass
class Outline:
    """Navigation in course order: (section title, entries) after the home page."""

    home: str | None
    sections: list[tuple[str, list[NavEntry]]] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


def grouped(paths: list[str]) -> list[NavEntry]:
    """``paths`` as a section of the navigation shows them: all of them up to ``NAV_FLAT_MAX``;
    beyond, in groups of ``NAV_GROUP_SIZE`` titled by their range (第 1–10 篇, 第 11–20 篇; a
    last page alone joins the group before), grouped again while there are more than
    ``NAV_GROUP_SIZE`` of them.

    Material renders every top-level section open (navigation.sections), so without groups each
    page carried a link to every lesson and quiz: page size, and the time to render a page,
    grew with the course, and the whole site with its square. With navigation.prune a closed
    group is one link, so a page carries a bounded number of entries per section and per level
    of its own branch, however long the course (docs/benchmarks.md, "Build at scale").
    """
    if len(paths) <= NAV_FLAT_MAX:
        return list(paths)
    entries: list[tuple[NavEntry, int, int]] = [(p, i, i) for i, p in enumerate(paths, 1)]
    while len(entries) > NAV_GROUP_SIZE:
        chunks = [entries[i:i + NAV_GROUP_SIZE] for i in range(0, len(entries), NAV_GROUP_SIZE)]
        if len(chunks[-1]) == 1:  # no group of one: the last entry joins the group before
            chunks[-2:] = [chunks[-2] + chunks[-1]]
        entries = [((t("nav.group", first=c[0][1], last=c[-1][2]), [e for e, _, _ in c]),
                    c[0][1], c[-1][2]) for c in chunks]
    return [entry for entry, _, _ in entries]


def generated_pages(course: Course, result: CheckResult | None) -> list[GeneratedPage]:
    """Every page the course adds to the site. Without a check result (the link checks ask
    which pages will exist) the quality page is only its title."""
    pages = [GeneratedPage(quiz_page_path(qb.bank.id), _bank_page(qb.bank))
             for qb in course.banks if has_own_page(course, qb.bank)]
    listing = "\n".join(
        "- " + t("page.quizzes.item", link=f"[{qb.bank.title}]({_index_link(course, qb.bank)})",
                 count=len(qb.bank.questions))
        for qb in course.banks
    )
    pages.append(GeneratedPage(
        QUIZ_INDEX_PAGE,
        titled_page("page.quizzes.title", f"{t('page.quizzes.intro')}\n\n{listing}"),
    ))
    pages.append(GeneratedPage(
        PROGRESS_PAGE,
        titled_page("page.progress.title", t("page.progress.intro")),
    ))
    pages.append(GeneratedPage(QUALITY_PAGE, quality_markdown(course, result) if result
                               else f"# {t('page.quality.title')}\n"))
    pages += [GeneratedPage(path, markdown) for path, markdown in game_pages(course)]
    if course.manuals:
        pages.append(GeneratedPage(MANUAL_INDEX_PAGE, manual_index_markdown(course)))
        pages += [GeneratedPage(manual_page_path(mf.manual.id), manual_markdown(mf))
                  for mf in course.manuals]
        pages.append(GeneratedPage(
            PRACTICE_PAGE,
            titled_page("page.practice.title", t("page.practice.intro")),
        ))
    return pages


def _index_link(course: Course, bank: Bank) -> str:
    """The quiz index's link to a bank: its page, or the quiz section of its lesson."""
    if has_own_page(course, bank):
        return f"{bank.id}.md"
    return f"../{bank.lesson}#quiz-{bank.id}"


def redirect_pages(course: Course) -> dict[str, str]:
    """``quiz/<id>/index.html`` → a small page that sends the browser to the lesson section
    where the bank is now taken, for each bank a lesson shows (links and bookmarks to the
    quiz pages of earlier versions keep working). Not built by MkDocs: no theme, no nav."""
    pages = {}
    for qb in course.banks:
        if has_own_page(course, qb.bank):
            continue
        target = html.escape("../../" + bank_url(course, qb.bank))
        title = html.escape(qb.bank.title)
        pages[f"{QUIZ_DIR}/{qb.bank.id}/index.html"] = (
            f'<!doctype html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            f'<meta name="robots" content="noindex">'
            f'<meta http-equiv="refresh" content="0; url={target}">'
            f'<link rel="canonical" href="{target}"></head>\n'
            f'<body><p><a href="{target}">{title}</a></p></body></html>\n'
        )
    return pages


def _bank_page(bank: Bank) -> str:
    """The page of a bank no lesson shows (has_own_page): its title and rules, then the widget."""
    meta = t("page.bank.metaTimed" if bank.time_limit else "page.bank.meta",
             count=len(bank.questions), seconds=bank.time_limit, mark=bank.pass_score)
    return (
        f"---\ntitle: {json.dumps(bank.title, ensure_ascii=False)}\n---\n\n# {bank.title}\n\n"
        f"{meta}\n"
    )


def quiz_widget(course: Course, bank: Bank) -> str:
    data = json.dumps(bank_data(bank, bank_url(course, bank), see_refs(course)), ensure_ascii=False)
    # Inside <script>, "</" and "<!--" must not appear; JSON allows \u escapes for them.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    bid = html.escape(bank.id)
    return (
        f'<section class="academy-quiz" id="quiz-{bid}" data-bank="{bid}" '
        f'aria-labelledby="quiz-{bid}-title">\n'
        f'<h2 id="quiz-{bid}-title">{t("page.quiz.heading", title=html.escape(bank.title))}</h2>\n'
        f'<noscript><p class="academy-noscript">{t("page.quiz.noscript")}</p></noscript>\n'
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
        return "".join(quiz_widget(course, qb.bank) for qb in page_banks(course, path))
    lesson = course.lessons.get(path)
    if lesson is not None:
        dates = review_dates_html(lesson, last_updated(result, lesson))
        widgets = "".join(quiz_widget(course, qb.bank) for qb in lesson_banks(course, path))
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
                result.sections.append((tier.title, grouped(paths)))
    banks = [quiz_page_path(qb.bank.id) for qb in course.banks if has_own_page(course, qb.bank)]
    result.sections.append((t("page.quizzes.title"), [QUIZ_INDEX_PAGE, *grouped(banks)]))
    if course.manuals:
        manuals = [manual_page_path(mf.manual.id) for mf in course.manuals]
        result.sections.append((t("page.manual.title"),
                                [MANUAL_INDEX_PAGE, *grouped(manuals), PRACTICE_PAGE]))
    result.tail += [PROGRESS_PAGE, *GAME_PAGES, QUALITY_PAGE]
    return result
