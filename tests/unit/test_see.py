"""`see:` on questions (docs/formats.md): the model and its JSON Schema, the check (a failing and
a passing fixture per rule, with the line and the did-you-mean), the coverage card, and the links
the build gives the browser — site-relative URLs that land on the section's anchor."""

from __future__ import annotations

import json

import pytest
from academy.cli import main
from academy.compile import course_json
from academy.findings import Finding, Severity
from academy.model import load_course, project_from_mkdocs
from academy.model.schema import Bank

from tests.conftest import BANK, LESSON, REPO, ProjectFactory
from tests.unit.helpers import findings_for
from tests.unit.test_manual import MANUAL, WORDING

EXPLANATION = "    explanation: 先致歉、再行动。\n"
SEE_LINE = BANK.splitlines().index(EXPLANATION.rstrip("\n")) + 2  # the line after it
LESSON_REF = "foundation/first-response.md#为什么要快"
MANUAL_REF = "manual/logistics.md#handling"


def with_see(refs: str) -> dict[str, str]:
    """Files of a mini project (a lesson, a manual scenario) whose first question has `see: refs`."""
    return {"quizzes/first-response.yml": BANK.replace(EXPLANATION, f"{EXPLANATION}    see: {refs}\n"),
            "content/wording.yml": WORDING, "content/manual/logistics.yml": MANUAL}


def see_findings(make_project: ProjectFactory, refs: str) -> list[Finding]:
    root = make_project(with_see(refs))
    return [f for f in findings_for(root) if "see:" in f.message or f.rule == "missing-see"]


# -- model and schema -----------------------------------------------------------------------------


def test_see_is_an_optional_list_of_references() -> None:
    data = {"id": "b", "title": "B", "competencies": ["c"], "owner": "o", "reviewed": "2026-01-01",
            "questions": [{"id": "q", "type": "truefalse", "prompt": "P", "answer": True,
                           "explanation": "E", "see": [LESSON_REF, MANUAL_REF]},
                          {"id": "r", "type": "truefalse", "prompt": "P", "answer": True,
                           "explanation": "E"}]}
    bank = Bank.model_validate(data)
    assert bank.questions[0].see == [LESSON_REF, MANUAL_REF]
    assert bank.questions[1].see == []
    schema = json.loads((REPO / "schema" / "quiz-bank.schema.json").read_text(encoding="utf-8"))
    see = schema["$defs"]["TrueFalse"]["properties"]["see"]
    assert see["type"] == "array" and see["items"]["type"] == "string"
    assert "manual/logistics.md#handling" in see["description"]
    academy = json.loads((REPO / "schema" / "academy.schema.json").read_text(encoding="utf-8"))
    assert academy["$defs"]["ChecksConfig"]["properties"]["see_coverage"]["maximum"] == 1


# -- the check --------------------------------------------------------------------------------------


def test_good_references_pass(make_project: ProjectFactory) -> None:
    assert see_findings(make_project, f"[{LESSON_REF}, {MANUAL_REF}, foundation/first-response.md]") == []


# refs -> (rule, words in the message, the fix)
BAD = {
    "a page that does not exist": (
        "[foundation/first-respons.md#为什么要快]", "broken-link", "not a page of the site",
        "Did you mean `foundation/first-response.md#为什么要快`?"),
    "the manual's source file instead of its page": (
        "[manual/logistics.yml#handling]", "broken-link", "`manual/logistics.yml`",
        "Did you mean `manual/logistics.md#handling`?"),
    "an anchor that is no heading": (
        "[foundation/first-response.md#为什么要慢]", "broken-anchor", "`#为什么要慢`",
        "Did you mean `foundation/first-response.md#为什么要快`?"),
    "a manual stage that does not exist": (
        "[manual/logistics.md#handle]", "broken-anchor", "not a heading of `manual/logistics.md`",
        "Did you mean `manual/logistics.md#handling`?"),
    "an address outside the site": (
        "['https://example.com/guide#x']", "broken-link", "is not a page of this site",
        "relative to the content folder"),
    "a path relative to the bank file": (
        "[../content/foundation/first-response.md]", "broken-link", "is not a page of this site",
        "relative to the content folder"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_references_get_a_red_card_at_their_line(make_project: ProjectFactory, case: str) -> None:
    refs, rule, message, fix = BAD[case]
    found = see_findings(make_project, refs)
    assert len(found) == 1, found
    card = found[0]
    assert (card.file, card.line, card.rule, card.severity) == (
        "quizzes/first-response.yml", SEE_LINE, rule, Severity.RED)
    assert card.message.startswith("question 1 (`first-line`): `see: ")
    assert message in card.message
    assert fix in card.fix


def test_the_heading_text_instead_of_its_id_is_explained(make_project: ProjectFactory) -> None:
    assert "## 为什么要快" in LESSON
    files = with_see("[foundation/first-response.md#为什么 要快]")
    card, = [f for f in findings_for(make_project(files)) if "see:" in f.message]
    assert card.rule == "broken-anchor"
    assert "Did you mean `foundation/first-response.md#为什么要快`?" in card.fix


def test_each_reference_of_a_list_is_checked_at_its_own_line(make_project: ProjectFactory) -> None:
    files = with_see(f"\n      - {LESSON_REF}\n      - manual/logistics.md#closin")
    found = [f for f in findings_for(make_project(files)) if "see:" in f.message]
    assert [(f.line, f.rule) for f in found] == [(SEE_LINE + 2, "broken-anchor")]
    assert "Did you mean `manual/logistics.md#closing`?" in found[0].fix


# -- coverage (yellow, off by default) ------------------------------------------------------------

COURSE = """\
site_id: mini-academy
tiers: [{id: foundation, title: 基础层}]
competencies: [{id: communication, title: 沟通表达}, {id: empathy, title: 共情}]
checks: {min_bank_questions: 1, min_competency_questions: 0, see_coverage: %s}
"""


@pytest.mark.parametrize(("coverage", "cards"), [(0, 0), (0.5, 0), (1, 1)])
def test_coverage_of_see_is_a_yellow_card_when_asked_for(make_project: ProjectFactory, coverage: float,
                                                        cards: int) -> None:
    files = with_see(f"[{LESSON_REF}]")
    files["content/academy.yml"] = COURSE % coverage
    found = [f for f in findings_for(make_project(files)) if f.rule == "missing-see"]
    assert len(found) == cards
    if cards:
        card = found[0]
        assert card.severity == Severity.YELLOW
        assert "1 of 2 questions have no `see:` (`seconds`)" in card.message
        assert card.line == BANK.splitlines().index("  - id: seconds") + 2  # below the see line
        assert "see_coverage" in card.fix


def test_the_shipped_course_links_every_question() -> None:
    course = load_course(project_from_mkdocs(REPO / "mkdocs.yml"))
    assert course.config is not None and course.config.checks.see_coverage == 1
    assert all(q.see for qb in course.banks for q in qb.bank.questions)


# -- what the build gives the browser -------------------------------------------------------------


def test_course_json_carries_links(make_project: ProjectFactory) -> None:
    root = make_project(with_see(f"[{LESSON_REF}, {MANUAL_REF}]"))
    course = load_course(project_from_mkdocs(root / "mkdocs.yml"))
    first, second = course_json(course)["banks"][0]["questions"]
    assert first["see"] == [
        {"url": "foundation/first-response/#为什么要快", "page": "首次响应", "section": "为什么要快",
         "kind": "lesson"},
        {"url": "manual/logistics/#handling", "page": "物流异常", "section": "问题处理", "kind": "manual"},
    ]
    assert second["see"] == []


def test_links_land_on_their_section_in_the_built_site(make_project: ProjectFactory) -> None:
    root = make_project(with_see(f"[{LESSON_REF}, {MANUAL_REF}]"))
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    site = root / "build"
    lesson = (site / "foundation/first-response/index.html").read_text(encoding="utf-8")
    start = lesson.index('<script type="application/json" class="academy-bank">')
    start = lesson.index(">", start) + 1
    embedded = json.loads(lesson[start: lesson.index("</script>", start)])
    catalogue = json.loads((site / "academy/course.json").read_text(encoding="utf-8"))
    assert embedded["questions"][0]["see"] == catalogue["banks"][0]["questions"][0]["see"]
    for link in embedded["questions"][0]["see"]:
        path, _, anchor = link["url"].partition("#")
        page = (site / path / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in page, link


def test_a_missing_page_stops_the_build(make_project: ProjectFactory,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(with_see("[foundation/first-respons.md#为什么要快]"))
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 1
    assert f"quizzes/first-response.yml:{SEE_LINE}" in capsys.readouterr().out


def test_the_shipped_links_are_all_resolved() -> None:
    course = load_course(project_from_mkdocs(REPO / "mkdocs.yml"))
    data = course_json(course)
    links = [link for bank in data["banks"] for q in bank["questions"] for link in q["see"]]
    refs = [ref for qb in course.banks for q in qb.bank.questions for ref in q.see]
    assert len(links) == len(refs) and all(link["section"] for link in links)
    assert {link["kind"] for link in links} == {"lesson", "manual"}
