"""The script manual: its own rules checked by the wording engine, and its pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from academy.cli import main
from academy.compile.search import find

from tests.conftest import ProjectFactory
from tests.unit.helpers import findings_for

WORDING = """\
forbidden:
  - phrase: 您必须
    replacement: 我们建议您
  - phrase: 这不归我管
    replacement: 我来帮您联系负责的同事
vague: [应该, 大概]
"""

MANUAL = """\
id: logistics
title: 物流异常
owner: training
reviewed: 2026-11-20
stages:
  - stage: opening
    recommended:
      - text: 您好，我是客服{客服名}，马上为您查询。
  - stage: needs
    recommended:
      - text: 麻烦您提供一下订单号，好吗？
  - stage: handling
    recommended:
      - text: 包裹预计{时间}前送达。
        compliance: true
    forbidden:
      - text: 这不归我管，您找快递。
        reason: 推诿
        replacement: 我来帮您联系快递网点。
  - stage: closing
    recommended:
      - text: 请问还有其他可以帮您的吗？
practice:
  - id: parcel-stuck
    customer: 快递三天没动了！
    require: [[您好], [抱歉]]
    max_chars: 60
    sample: 您好，非常抱歉让您久等了，我马上为您查询。
compliance_reviewed: 2026-11-20
"""

FILE = "content/manual/logistics.yml"


def project(make_project: ProjectFactory, manual: str) -> Path:
    return make_project({"content/wording.yml": WORDING, FILE: manual})


def rules_of(root: Path) -> list[tuple[int, str, str]]:
    return [(f.line, f.rule, str(f.severity)) for f in findings_for(root) if f.file == FILE]


def test_a_good_manual_passes(make_project: ProjectFactory) -> None:
    assert rules_of(project(make_project, MANUAL)) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("您好，我是客服{客服名}，马上为您查询。", "您必须先告诉我订单号。",
         (8, "forbidden-phrase", "red")),
        ("麻烦您提供一下订单号，好吗？", "订单号大概是多少？", (11, "vague-word", "yellow")),
        ("这不归我管，您找快递。", "您找快递吧。", (17, "manual-forbidden-not-caught", "red")),
        ("sample: 您好，非常抱歉", "sample: 您好，非常", (28, "sample-fails-rubric", "red")),
        ("compliance_reviewed: 2026-11-20\n", "", (15, "compliance-review-missing", "red")),
        ("compliance_reviewed: 2026-11-20", "compliance_reviewed: 2999-01-01",
         (29, "reviewed-in-future", "red")),
        ("  - stage: closing\n    recommended:\n      - text: 请问还有其他可以帮您的吗？\n", "",
         (5, "manual-missing-stage", "yellow")),
        ("  - stage: closing", "  - stage: needs", (20, "duplicate-stage", "red")),
    ],
    ids=["forbidden-line", "vague-line", "not-caught", "sample", "compliance", "compliance-future",
         "missing-stage", "duplicate-stage"],
)
def test_manual_rule(make_project: ProjectFactory, old: str, new: str,
                     expected: tuple[int, str, str]) -> None:
    assert old in MANUAL
    found = rules_of(project(make_project, MANUAL.replace(old, new)))
    assert expected in found, found


def test_duplicate_manual_id(make_project: ProjectFactory) -> None:
    root = make_project({"content/wording.yml": WORDING, FILE: MANUAL,
                         "content/manual/copy.yml": MANUAL})
    hits = [(f.file, f.rule) for f in findings_for(root) if f.rule == "duplicate-manual-id"]
    assert hits == [(FILE, "duplicate-manual-id")]


def test_manual_pages_and_course_json(make_project: ProjectFactory) -> None:
    root = make_project({"content/wording.yml": WORDING, FILE: MANUAL})
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    page = (root / "build/manual/logistics/index.html").read_text()
    for stage in ("opening", "needs", "handling", "closing"):
        assert f'id="{stage}"' in page  # wrong answers elsewhere link to manual/logistics/#handling
    assert 'data-copy="包裹预计{时间}前送达。"' in page
    assert '<span class="academy-slot">{时间}</span>' in page
    assert "<s>这不归我管，您找快递。</s>" in page and "我来帮您联系快递网点。" in page
    assert "需合规审核" in page
    assert 'href="../../practice/#logistics"' in page
    assert (root / "build/manual/index.html").is_file()
    assert (root / "build/practice/index.html").read_text().count("academy-practice-desk") == 1
    assert not (root / "build/manual/logistics.yml").exists()
    # the site search (docs/search.md) finds a line of a stage, and links to the stage
    assert find(root / "build", "包裹预计{时间}前送达") == [("manual/logistics/", "handling")]
    course = json.loads((root / "build/academy/course.json").read_text())
    (manual,) = course["manuals"]
    assert manual["url"] == "manual/logistics/"
    assert manual["practice"][0]["require"] == [["您好"], ["抱歉"]]


def test_new_manual_passes_the_check(make_project: ProjectFactory,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project({"content/wording.yml": WORDING})
    target = root / "content/manual/refund.yml"
    assert main(["-f", str(root / "mkdocs.yml"), "new", "manual", str(target)]) == 0
    assert target.read_text().startswith("# yaml-language-server: $schema=../../schema/manual.schema.json")
    assert [f for f in findings_for(root) if f.file == "content/manual/refund.yml"] == []


def test_lessons_can_link_to_manual_stages_and_the_practice_desk(make_project: ProjectFactory) -> None:
    from tests.conftest import LESSON

    def lesson(link: str) -> dict[str, str]:
        return {"content/wording.yml": WORDING, FILE: MANUAL,
                "content/foundation/first-response.md": LESSON + f"\n参见[物流异常·问题处理]({link})。\n"}

    ok = [f for f in findings_for(make_project(lesson("../manual/logistics.md#handling")))
          if f.file.endswith("first-response.md")]
    assert ok == []
    assert [f for f in findings_for(make_project(lesson("../practice.md")))
            if f.file.endswith("first-response.md")] == []
    bad = [f.rule for f in findings_for(make_project(lesson("../manual/logistics.md#handing")))
           if f.file.endswith("first-response.md")]
    assert bad == ["broken-anchor"]
