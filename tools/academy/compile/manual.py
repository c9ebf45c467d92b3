"""Pages of the script manual (话术手册): an index and one page per scenario, stage anchors stable."""

from __future__ import annotations

import html
import re

from academy.compile.i18n import t, titled_page
from academy.compile.urls import page_url
from academy.model import Course, ManualFile
from academy.model.manual import STAGE_TITLES, Manual

MANUAL_DIR = "manual"
MANUAL_INDEX_PAGE = f"{MANUAL_DIR}/index.md"
PRACTICE_PAGE = "practice.md"
_SLOT = re.compile(r"\{[^{}\n]{1,20}\}")


def manual_page_path(manual_id: str) -> str:
    return f"{MANUAL_DIR}/{manual_id}.md"


def manual_index_markdown(course: Course) -> str:
    rows = "\n".join(
        "- " + t("page.manual.item", link=f"[{mf.manual.title}]({mf.manual.id}.md)",
                 description=_md(mf.manual.description))
        for mf in course.manuals
    )
    stages = t("page.manual.stageSep").join(t(f"practice.stage.{s}") for s in STAGE_TITLES)
    return titled_page("page.manual.title", f"{t('page.manual.intro', stages=stages)}\n\n{rows}")


def manual_markdown(mf: ManualFile) -> str:
    manual = mf.manual
    parts = [f"---\ntitle: {_yaml_str(manual.title)}\n---\n\n# {_md(manual.title)}\n"]
    if manual.description:
        parts.append(f"{_md(manual.description)}\n")
    if manual.practice:
        parts.append(f"[{t('page.manual.practice')}](../{PRACTICE_PAGE}#{manual.id})"
                     "{ .md-button }\n")
    for stage in manual.stages:
        parts.append(f"## {t(f'practice.stage.{stage.stage}')} {{ #{stage.stage} }}\n")
        parts.append(_stage_html(manual, stage.stage))
    if manual.compliance_reviewed:
        when = t("page.manual.complianceReviewed", date=manual.compliance_reviewed)
        parts.append(f"\n<p class=\"academy-review-dates\">{when}</p>\n")
    return "\n".join(parts)


def _stage_html(manual: Manual, stage_id: str) -> str:
    stage = next(s for s in manual.stages if s.stage == stage_id)
    out = ['<div class="academy-manual-stage">',
           f'<h3 class="academy-manual-label">{t("page.manual.recommended")}</h3>',
           '<ul class="academy-lines">']
    for line in stage.recommended:
        flag = f' <span class="academy-flag">{t("page.manual.compliance")}</span>' if line.compliance else ""
        note = f'<br><small>{html.escape(line.note)}</small>' if line.note else ""
        out.append(f'<li><span class="academy-line" data-copy="{html.escape(line.text)}">'
                   f"{_slots(line.text)}</span>{flag}{note}</li>")
    out.append("</ul>")
    if stage.forbidden:
        heads = "".join(f'<th scope="col">{t(f"page.manual.{c}")}</th>' for c in ("dont", "instead", "why"))
        out += [f'<h3 class="academy-manual-label">{t("page.manual.forbidden")}</h3>',
                f'<table class="academy-forbidden"><thead><tr>{heads}</tr></thead><tbody>']
        for line in stage.forbidden:
            out.append(f'<tr><td><s>{html.escape(line.text)}</s></td>'
                       f'<td><span class="academy-line" data-copy="{html.escape(line.replacement)}">'
                       f"{_slots(line.replacement)}</span></td><td>{html.escape(line.reason)}</td></tr>")
        out.append("</tbody></table>")
    if stage.notes:
        out.append('<ul class="academy-notes">' + "".join(
            f"<li>{html.escape(note)}</li>" for note in stage.notes) + "</ul>")
    out.append("</div>\n")
    return "\n".join(out)


def _slots(text: str) -> str:
    escaped = html.escape(text)
    return _SLOT.sub(lambda m: f'<span class="academy-slot">{m.group(0)}</span>', escaped)


def _md(text: str) -> str:
    """Plain text safe inside Markdown: HTML-escaped, Markdown punctuation neutralised."""
    return re.sub(r"([\\`*_\[\]#|])", r"\\\1", html.escape(text, quote=False))


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def manual_data(course: Course) -> list[dict[str, object]]:
    """The manual as course.json carries it (the practice desk reads the cards)."""
    return [
        {
            "id": mf.manual.id,
            "title": mf.manual.title,
            "url": page_url(manual_page_path(mf.manual.id)),
            "competencies": mf.manual.competencies,
            "stages": [s.model_dump(mode="json") for s in mf.manual.stages],
            "practice": [c.model_dump(mode="json") for c in mf.manual.practice],
        }
        for mf in course.manuals
    ]
