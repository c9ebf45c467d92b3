"""The game settings (academy.yml `game:`): models, the badge-criteria and level checks with a
failing and a passing fixture per rule, bank `draw`, and what the build puts in the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from academy.cli import main
from academy.findings import Severity
from academy.model import load_course, project_from_mkdocs
from academy.model.game import (
    CRITERIA,
    AllCriterion,
    AnyCriterion,
    BankScoreCriterion,
    GameConfig,
    StreakCriterion,
    UnknownCriterion,
    walk_criteria,
)
from academy.model.schema import CourseConfig

from tests.conftest import ACADEMY_YML, BANK, MKDOCS_YML, REPO, ProjectFactory
from tests.unit.helpers import findings_for, rules

LEVELS = ["入门级", "执行级", "独立级", "专家级", "领导级"]
THEME = REPO / "theme"  # the real theme: main.html puts the header data on every page

# ACADEMY_YML has 12 lines; the game section starts on line 13 and the criteria on line 24.
GAME = """\
game:
  certificate: {{bank: first-response}}
  levels:
    - {{id: entry, title: 入门级}}
    - {{id: executor, title: 执行级, points: 50, banks: [first-response], tiers: [foundation]}}
  badges:
    - id: star
      title: 之星
      description: 测试用的徽章。
      icon: star
      criteria:
{criteria}
"""
CRITERIA_LINE = 24


def game_project(make_project: ProjectFactory, criteria: str = "        streak: 3\n",
                 game: str | None = None, **files: str) -> Path:
    assert ACADEMY_YML.count("\n") == 12
    text = game if game is not None else GAME.format(criteria=criteria.rstrip("\n"))
    return make_project({"content/academy.yml": ACADEMY_YML + text,
                         "mkdocs.yml": MKDOCS_YML.replace("  name: material\n",
                                                          f"  name: material\n  custom_dir: {THEME}\n"),
                         **files})


# -- models ------------------------------------------------------------------------------------


def test_defaults_give_five_levels_and_points_rules() -> None:
    game = GameConfig()
    assert [lv.title for lv in game.levels] == LEVELS
    assert [lv.points for lv in game.levels] == sorted(lv.points for lv in game.levels)
    assert game.points.lesson_learned > 0 and game.points.question_first_try > 0
    assert [m.days for m in game.points.streak_milestones] == [3, 7, 14, 30]
    assert game.badges == [] and game.certificate is None
    config = CourseConfig.model_validate({"site_id": "x", "tiers": [{"id": "a", "title": "A"}],
                                          "competencies": [{"id": "c", "title": "C"}]})
    assert config.game == GameConfig(), "a course without `game:` gets the defaults"


def test_criteria_are_a_keyed_union() -> None:
    game = GameConfig.model_validate({"badges": [{
        "id": "b", "title": "B", "description": "D", "icon": "i",
        "criteria": {"any": [{"streak": 7}, {"all": [{"bank_score": {"bank": "x", "min": 90}},
                                                     {"strek": 1}, "seven"]}]},
    }]})
    criteria = game.badges[0].criteria
    assert isinstance(criteria, AnyCriterion)
    found = walk_criteria(criteria)
    kinds = [type(c) for _, c in found]
    assert kinds == [AnyCriterion, StreakCriterion, AllCriterion, BankScoreCriterion,
                     UnknownCriterion, UnknownCriterion]
    assert [p for p, _ in found][3] == ("any", 1, "all", 0)
    unknown = [c.raw for _, c in found if isinstance(c, UnknownCriterion)]
    assert unknown == [{"strek": 1}, "seven"], "kept as written, for academy check to explain"


def test_schema_lists_every_criterion_and_nothing_else() -> None:
    schema = json.loads((REPO / "schema" / "academy.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    options = defs["Badge"]["properties"]["criteria"]["oneOf"]
    names = sorted(next(iter(defs[o["$ref"].split("/")[-1]]["required"])) for o in options)
    assert names == sorted(CRITERIA)
    assert "UnknownCriterion" not in defs
    assert defs["AllCriterion"]["properties"]["all"]["minItems"] == 1
    bank = json.loads((REPO / "schema" / "quiz-bank.schema.json").read_text(encoding="utf-8"))
    assert "draw" in bank["properties"]


def test_the_shipped_game() -> None:
    course = load_course(project_from_mkdocs(REPO / "mkdocs.yml"))
    assert course.config is not None
    game = course.config.game
    assert [lv.title for lv in game.levels] == LEVELS
    assert len(game.badges) >= 12
    assert len({b.id for b in game.badges}) == len(game.badges)
    for badge in game.badges:
        assert (REPO / "theme/assets/academy/badges" / f"{badge.icon}.svg").is_file(), badge.icon
    for svg in (REPO / "theme/assets/academy/badges").glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "currentColor" in text and "#000" not in text, f"{svg.name} must follow the colour scheme"
    exam = next(qb.bank for qb in course.banks if qb.bank.id == "final-exam")
    assert game.certificate is not None and game.certificate.bank == "final-exam"
    assert exam.draw == 20 and len(exam.questions) >= 30 and exam.pass_score == 80
    assert {q.type for q in exam.questions} <= {"single", "multiple", "truefalse", "fill", "order", "match"}
    starter = {"first-response", "service-language", "logistics-delay", "returns-exchanges",
               "multi-window", "three-step-empathy"}
    taught = {c for qb in course.banks if qb.bank.id in starter for c in qb.bank.competencies}
    assert taught <= set(exam.competencies), "the exam covers what the six starter lessons teach"



# -- checks: a failing and a passing fixture per rule --------------------------------------------

# rule -> (bad criteria, good criteria, line of the finding, words in its fix)
CRITERIA_RULES = {
    "unknown-criterion": ("        streek: 7\n", "        streak: 7\n", CRITERIA_LINE,
                          "Did you mean `streak`?"),
    "unknown-criterion/several-keys": ("        {points: 10, streak: 3}\n",
                                       "        all: [{points: 10}, {streak: 3}]\n", CRITERIA_LINE,
                                       "combine them with `all:`"),
    "unknown-bank": ("        bank_score: {bank: first-respons, min: 80}\n",
                     "        bank_score: {bank: first-response, min: 80}\n", CRITERIA_LINE,
                     "Did you mean `first-response`?"),
    "unknown-tier": ("        tier_complete: foundaton\n", "        tier_complete: foundation\n",
                     CRITERIA_LINE, "Did you mean `foundation`?"),
    "empty-criteria": ("        all: []\n", "        all: [{lessons: 1}]\n", CRITERIA_LINE,
                       "Add at least one criterion under `all:`"),
    "empty-criteria/any": ("        any: []\n", "        any: [{drills: 1}, {banks_passed: 1}]\n",
                           CRITERIA_LINE, "under `any:`"),
    "unknown-tier/nested": (
        "        any:\n          - points: 10\n          - all:\n              - tier_complete: basics\n",
        "        any:\n          - points: 10\n          - all:\n              - tier_complete: foundation\n",
        CRITERIA_LINE + 3, "Use an existing tier: `foundation`, `scenario`"),
}


@pytest.mark.parametrize("case", sorted(CRITERIA_RULES))
def test_badge_criteria_rule_fails_bad_and_passes_good(make_project: ProjectFactory, case: str) -> None:
    bad, good, line, fix = CRITERIA_RULES[case]
    rule = case.split("/")[0]
    findings = findings_for(game_project(make_project, bad))
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, findings
    (hit,) = hits
    assert hit.severity is Severity.RED
    assert (hit.file, hit.line) == ("content/academy.yml", line)
    assert "badge `star`" in hit.message
    assert fix in hit.fix
    assert rule not in rules(findings_for(game_project(make_project, good)))


def test_a_badge_on_a_tier_without_lessons_is_a_yellow_card(make_project: ProjectFactory) -> None:
    findings = findings_for(game_project(make_project, "        tier_complete: scenario\n"))
    (hit,) = [f for f in findings if f.rule == "empty-tier"]
    assert hit.severity is Severity.YELLOW and hit.line == CRITERIA_LINE
    good = findings_for(game_project(make_project, "        tier_complete: foundation\n"))
    assert "empty-tier" not in rules(good)


def test_wrong_value_types_are_schema_errors_at_their_line(make_project: ProjectFactory) -> None:
    findings = findings_for(game_project(make_project, "        streak: seven\n"))
    assert ("content/academy.yml", CRITERIA_LINE, "schema") in {(f.file, f.line, f.rule) for f in findings}
    too_high = "        bank_score: {bank: first-response, min: 120}\n"
    findings = findings_for(game_project(make_project, too_high))
    assert "schema" in rules(findings)


LEVELS_OK = """\
game:
  levels:
    - {id: entry, title: 入门级}
    - {id: executor, title: 执行级, points: 50, banks: [first-response], tiers: [foundation]}
    - {id: expert, title: 专家级, points: 80}
"""

# rule -> (replace this, with this, line of the finding in academy.yml)
LEVEL_RULES = {
    "unknown-bank": ("banks: [first-response]", "banks: [first-reply]", 16),
    "unknown-tier": ("tiers: [foundation]", "tiers: [basic]", 16),
    "level-order": ("points: 80", "points: 40", 17),
    "duplicate-id": ("id: expert", "id: executor", 17),
    "empty-tier": ("tiers: [foundation]", "tiers: [scenario]", 16),
}


@pytest.mark.parametrize("rule", sorted(LEVEL_RULES))
def test_level_rule_fails_bad_and_passes_good(make_project: ProjectFactory, rule: str) -> None:
    old, new, line = LEVEL_RULES[rule]
    assert rule not in rules(findings_for(game_project(make_project, game=LEVELS_OK)))
    findings = findings_for(game_project(make_project, game=LEVELS_OK.replace(old, new)))
    hits = [f for f in findings if f.rule == rule]
    assert [(f.file, f.line) for f in hits] == [("content/academy.yml", line)], findings


def test_certificate_bank_must_exist(make_project: ProjectFactory) -> None:
    good = "game:\n  certificate: {bank: first-response}\n"
    assert "unknown-bank" not in rules(findings_for(game_project(make_project, game=good)))
    findings = findings_for(game_project(make_project, game=good.replace("first-response", "final-exam")))
    (hit,) = [f for f in findings if f.rule == "unknown-bank"]
    assert hit.line == 14 and hit.severity is Severity.RED


def test_badge_icon_must_exist_when_the_theme_has_badges(make_project: ProjectFactory) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
           '<circle r="9" fill="currentColor"/></svg>')
    icons = {"theme/assets/academy/badges/star.svg": svg}
    assert "missing-badge-icon" not in rules(findings_for(game_project(make_project, **icons)))
    root = game_project(make_project, **icons)
    text = (root / "content/academy.yml").read_text(encoding="utf-8").replace("icon: star", "icon: stra")
    (root / "content/academy.yml").write_text(text, encoding="utf-8")
    (hit,) = [f for f in findings_for(root) if f.rule == "missing-badge-icon"]
    assert hit.line == 22 and "Did you mean `star`?" in hit.fix


def test_duplicate_badge_id(make_project: ProjectFactory) -> None:
    twice = GAME.format(criteria="        streak: 3") + (
        "    - {id: star, title: 又一个, description: 重复。, icon: star, criteria: {points: 5}}\n")
    (hit,) = [f for f in findings_for(game_project(make_project, game=twice)) if f.rule == "duplicate-id"]
    assert hit.line == 25


def test_draw_cannot_exceed_the_questions(make_project: ProjectFactory) -> None:
    def bank(draw: int) -> str:
        return BANK.replace("reviewed: 2026-11-20\n", f"reviewed: 2026-11-20\ndraw: {draw}\n")

    (hit,) = [f for f in findings_for(make_project({"quizzes/first-response.yml": bank(3)}))
              if f.rule == "draw-too-large"]
    assert (hit.file, hit.line, hit.severity) == ("quizzes/first-response.yml", 7, Severity.RED)
    assert "Lower `draw` to 2" in hit.fix
    assert "draw-too-large" not in rules(findings_for(make_project({"quizzes/first-response.yml": bank(2)})))
    zero = findings_for(make_project({"quizzes/first-response.yml": bank(0)}))
    assert ("quizzes/first-response.yml", 7, "schema") in {(f.file, f.line, f.rule) for f in zero}


def test_the_shipped_course_has_no_red_card() -> None:
    findings = findings_for(REPO)
    assert [f for f in findings if f.severity is Severity.RED] == []
    assert not [f for f in findings if f.file == "quizzes/final-exam.yml"], "the final exam is clean"


# -- the build ------------------------------------------------------------------------------------


def test_build_writes_game_pages_header_data_and_course_json(make_project: ProjectFactory) -> None:
    root = game_project(make_project)
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    site = root / "build"
    for page, marker, title in (("dashboard", "academy-dashboard", "我的成长档案"),
                                ("badges", "academy-badges", "徽章墙"),
                                ("review", "academy-review", "错题本"),
                                ("certificate", "academy-certificate", "结业证书")):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert f'<div class="{marker}">' in html and f"<title>{title}" in html, page
    home = (site / "index.html").read_text(encoding="utf-8")
    start = home.index('<script type="application/json" id="academy-game">')
    header = json.loads(home[home.index(">", start) + 1: home.index("</script>", start)])
    assert header["daily_goal"] == 10
    assert [lv["title"] for lv in header["levels"]] == ["入门级", "执行级"]
    assert header["pages"]["review"] == "review/"
    assert "我的成长档案" in home, "the pages are in the navigation"
    course = json.loads((site / "academy/course.json").read_text(encoding="utf-8"))
    game = course["game"]
    assert game["badges"][0]["criteria"] == {"streak": 3}
    assert game["certificate"]["bank"] == "first-response"
    assert game["pages"]["dashboard"] == "dashboard/"
    assert course["banks"][0]["draw"] is None
    # game.json: what the progress pages read, course.json without question texts and manuals
    digest = json.loads((site / "academy/game.json").read_text(encoding="utf-8"))
    assert digest["game"] == game and digest["lessons"] == course["lessons"]
    assert "manuals" not in digest
    for full, short in zip(course["banks"], digest["banks"], strict=True):
        assert {k: v for k, v in full.items() if k != "questions"} == \
            {k: v for k, v in short.items() if k != "questions"}
        for q, s in zip(full["questions"], short["questions"], strict=True):
            assert s == {"id": q["id"], "type": q["type"], "points": q["points"]}
