"""`see:` on questions: the lesson section or manual stage that teaches the point.

A reference is a page path relative to content/ (as a bank's `lesson:`) with an optional anchor,
written like a Markdown link's target: ``foundation/first-response.md#为什么是-30-秒`` (a lesson
heading, its id as the build makes it) or ``manual/logistics.md#handling`` (a manual stage). The
pages and anchors are those the link checks know (academy.checks.safety): lessons, other pages
and the generated ones (manual scenarios, quiz pages).

* ``broken-link`` (red): the page does not exist, or the reference is not a page of this site;
* ``broken-anchor`` (red): the anchor is not a heading (or stage) of that page;
* ``missing-see`` (yellow): a bank in which fewer than `checks: see_coverage` of the questions
  have `see:` (0, the default, turns it off).

The compiler (academy.compile.catalogue) resolves the same references into the links the quiz
shows after a wrong answer: site-relative URL, page title and section title.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from academy.findings import Finding, red, yellow
from academy.model import Course, QuizBank
from academy.model.yamlpos import YamlProblem, load_yaml, split_front_matter

from .context import CheckContext
from .safety import BROKEN_ANCHOR, BROKEN_LINK, link_targets, page_sections, slug

MISSING_SEE = "missing-see"
MANUAL_DIR = "manual/"


@dataclass(frozen=True)
class SeeTarget:
    """Where a reference leads, as the learner sees it."""

    url: str  # relative to the site root, e.g. "foundation/first-response/#为什么是-30-秒"
    page: str  # the page's title
    section: str | None  # the heading's text; None for the whole page or a non-heading anchor
    kind: str  # "lesson", "manual" (a scenario of the script manual) or "page"


class SeeRefs:
    """Resolves `see:` references against the pages of the site, once per course."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.site = link_targets(course)
        self._sections: dict[str, dict[str, str]] = {}
        self._titles: dict[str, str] = {}

    @staticmethod
    def split(ref: str) -> tuple[str, str]:
        path, _, anchor = ref.strip().partition("#")
        return path, anchor

    def problem(self, ref: str) -> tuple[str, str, str] | None:
        """(rule, message, fix) when ``ref`` leads nowhere; None when it is good."""
        path, anchor = self.split(ref)
        site = self.site
        if "://" in path or path.startswith(("/", "../", "./")) or not path:
            return (BROKEN_LINK, f"`see: {ref}` is not a page of this site",
                    "Write a page path relative to the content folder, e.g. "
                    "`foundation/first-response.md#为什么是-30-秒` or `manual/logistics.md#handling`.")
        if not path.endswith(".md") or not site.exists(path):
            guess = site.suggest(posixpath.normpath(path), site.pool("pages"))
            fix = (f"Did you mean `{guess}{'#' + anchor if anchor else ''}`?" if guess else
                   "Use a page path relative to the content folder: a lesson (`foundation/"
                   "first-response.md`) or a manual scenario (`manual/logistics.md`).")
            return (BROKEN_LINK, f"`see: {ref}` points at `{path}`, which is not a page of the site",
                    fix)
        anchors = site.anchors(path) or set()
        if "#" in ref and anchor not in anchors:
            close = slug(anchor) if slug(anchor) in anchors else site.suggest_anchor(anchor, anchors)
            if close:
                fix = f"Did you mean `{path}#{close}`?"
            else:
                shown = ", ".join(f"`#{a}`" for a in sorted(self.sections(path))[:8])
                fix = (f"Use the id of a heading of `{path}`: {shown}." if shown
                       else f"`{path}` has no headings to point at; write `{path}` without `#...`.")
            if path.startswith(MANUAL_DIR):
                fix += " Manual stages are `#opening`, `#needs`, `#handling` and `#closing`."
            return (BROKEN_ANCHOR, f"`see: {ref}` points at `#{anchor}`, which is not a heading of "
                    f"`{path}`", fix)
        return None

    def resolve(self, ref: str) -> SeeTarget | None:
        """The link for a good reference; None for one that leads nowhere."""
        if self.problem(ref) is not None:
            return None
        path, anchor = self.split(ref)
        url = _page_url(path) + (f"#{anchor}" if anchor else "")
        section = self.sections(path).get(anchor) if anchor else None
        kind = ("lesson" if path in self.course.lessons
                else "manual" if path.startswith(MANUAL_DIR) and path != f"{MANUAL_DIR}index.md"
                else "page")
        return SeeTarget(url, self.title(path), section, kind)

    def sections(self, path: str) -> dict[str, str]:
        """Heading id → heading text of a page (front matter left out)."""
        if path not in self._sections:
            _, body = self._split(path)
            self._sections[path] = page_sections(body) if body is not None else {}
        return self._sections[path]

    def title(self, path: str) -> str:
        if path not in self._titles:
            lesson = self.course.lessons.get(path)
            if lesson is not None:
                title = lesson.meta.title
            else:
                meta, body = self._split(path)
                title = str(meta.get("title") or "") or next(iter(page_sections(body or "").values()),
                                                             path)
            self._titles[path] = title
        return self._titles[path]

    def _split(self, path: str) -> tuple[dict[str, Any], str | None]:
        """(front matter, body) of a page's Markdown."""
        text = self.site.text(path)
        if text is None:
            return {}, None
        try:
            yaml_text, _, body = split_front_matter(text)
            data = load_yaml(yaml_text)[0] if yaml_text is not None else None
        except YamlProblem:
            return {}, text
        return (data if isinstance(data, dict) else {}), body


def _page_url(path: str) -> str:
    from academy.compile.urls import page_url  # compile imports checks: import late

    return page_url(path)


def check_see(course: Course, context: CheckContext) -> Iterator[Finding]:
    """Every `see:` reference leads to a page and a section; the coverage of `see:` per bank."""
    banks = [qb for qb in course.banks if course.in_focus(qb.file)]
    if not banks:
        return
    refs: SeeRefs | None = None
    coverage = course.config.checks.see_coverage if course.config else 0
    for qb in banks:
        for index, question in enumerate(qb.bank.questions):
            for j, ref in enumerate(getattr(question, "see", None) or []):
                refs = refs or SeeRefs(course)
                found = refs.problem(ref)
                if found:
                    rule, message, fix = found
                    yield red(qb.file, qb.positions.line(("questions", index, "see", j)), rule,
                              f"question {index + 1} (`{question.id}`): {message}", fix)
        if coverage:
            yield from _coverage(qb, coverage)


def _coverage(qb: QuizBank, coverage: float) -> Iterator[Finding]:
    questions = qb.bank.questions
    missing = [(i, q.id) for i, q in enumerate(questions) if not getattr(q, "see", None)]
    if not questions or (len(questions) - len(missing)) / len(questions) >= coverage:
        return
    ids = ", ".join(f"`{qid}`" for _, qid in missing[:8]) + (" ..." if len(missing) > 8 else "")
    yield yellow(qb.file, qb.positions.line(("questions", missing[0][0])), MISSING_SEE,
                 f"{len(missing)} of {len(questions)} questions have no `see:` ({ids}): a learner "
                 "who answers them wrong gets no link to the section that teaches the point",
                 "Add `see:` to each, e.g. `see: [foundation/first-response.md#为什么是-30-秒]` "
                 "(docs/style-guide.md), or lower `checks: see_coverage` in content/academy.yml.")
