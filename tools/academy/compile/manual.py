"""Pages of the script manual (话术手册): an index and one page per scenario, stage anchors stable."""

from __future__ import annotations

import html
import re

from academy.compile.urls import page_url
from academy.model import Course, ManualFile
from academy.model.manual import STAGE_TITLES, Manual

MANUAL_DIR = "manual"
MANUAL_INDEX_PAGE = f"{MANUAL_DIR}/index.md"
MANUAL_TITLE = "话术手册"
PRACTICE_PAGE = "practice.md"
_SLOT = re.compile(r"\{[^{}\n]{1,20}\}")


def manual_page_path(manual_id: str) -> str:
    return f"{MANUAL_DIR}/{manual_id}.md"


def manual_index_markdown(course: Course) -> str:
    rows = "\n".join(
        f"- [{mf.manual.title}]({mf.manual.id}.md)：{_md(mf.manual.description)}"
        for mf in course.manuals
    )
    stages = "、".join(STAGE_TITLES.values())
    return (
        f"---\ntitle: {MANUAL_TITLE}\n---\n\n# {MANUAL_TITLE}\n\n"
        f"每个场景按{stages}四个阶段列出推荐说法、禁用说法和替换说法。"
        "推荐说法旁的“复制”按钮可以直接复制到聊天窗口，花括号里的内容请换成实际信息。\n\n"
        f"{rows}\n"
    )


def manual_markdown(mf: ManualFile) -> str:
    manual = mf.manual
    parts = [f"---\ntitle: {_yaml_str(manual.title)}\n---\n\n# {_md(manual.title)}\n"]
    if manual.description:
        parts.append(f"{_md(manual.description)}\n")
    if manual.practice:
        parts.append(f"[练一练：本场景的限时回复练习](../{PRACTICE_PAGE}#{manual.id})"
                     "{ .md-button }\n")
    for stage in manual.stages:
        parts.append(f"## {STAGE_TITLES[stage.stage]} {{ #{stage.stage} }}\n")
        parts.append(_stage_html(manual, stage.stage))
    if manual.compliance_reviewed:
        parts.append(f"\n<p class=\"academy-review-dates\">标有“需合规审核”的说法已于 "
                     f"{manual.compliance_reviewed} 通过合规审核。</p>\n")
    return "\n".join(parts)


def _stage_html(manual: Manual, stage_id: str) -> str:
    stage = next(s for s in manual.stages if s.stage == stage_id)
    out = ['<div class="academy-manual-stage">', '<h3 class="academy-manual-label">推荐说法</h3>',
           '<ul class="academy-lines">']
    for line in stage.recommended:
        flag = ' <span class="academy-flag">需合规审核</span>' if line.compliance else ""
        note = f'<br><small>{html.escape(line.note)}</small>' if line.note else ""
        out.append(f'<li><span class="academy-line" data-copy="{html.escape(line.text)}">'
                   f"{_slots(line.text)}</span>{flag}{note}</li>")
    out.append("</ul>")
    if stage.forbidden:
        out += ['<h3 class="academy-manual-label">禁用说法与替换</h3>',
                '<table class="academy-forbidden"><thead><tr><th scope="col">不要说</th>'
                '<th scope="col">改为</th><th scope="col">原因</th></tr></thead><tbody>']
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
