"""The shipped level thresholds (content/academy.yml `game.levels`, docs/game.md), worked out on
the real course by the browser's own rules (award(), facts() and levelIndex() of game.js, run
under Node): a learner who completes exactly the foundation tier is 执行级 and no higher, however
many points they collect; completing everything but the supervisor track is not 领导级; the
supervisor track then is."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

import pytest
from academy.compile import course_json
from academy.model import Course, load_course, project_from_mkdocs

from tests.conftest import REPO

GAME_JS = REPO / "theme" / "assets" / "academy" / "game.js"
TODAY = "2026-03-31"
AT = "2026-03-01T02:00:00.000Z"

# Reads {course, game, docs} on stdin; prints [{points, level}] per document.
SCRIPT = f"""
import {{ award, facts, levelIndex }} from {json.dumps(GAME_JS.as_uri())};
let input = '';
for await (const chunk of process.stdin) input += chunk;
const {{ course, game, docs }} = JSON.parse(input);
const now = new Date('{TODAY}T12:00:00');
const out = docs.map((doc) => {{
  const events = award(doc, course, game, '{TODAY}', now);
  const f = facts({{ ...doc, events }}, course, game, '{TODAY}');
  return {{ points: f.points, level: game.levels[levelIndex(f, game.levels)].title }};
}});
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(project_from_mkdocs(REPO / "mkdocs.yml"))


@pytest.fixture(scope="module")
def catalogue(course: Course) -> dict[str, Any]:
    return course_json(course)


def settle(catalogue: dict[str, Any], docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed (apt-get install nodejs)")
        pytest.skip("node is not installed")
    data = json.dumps({"course": catalogue, "game": catalogue["game"], "docs": docs})
    done = subprocess.run([node, "--input-type=module", "-e", SCRIPT], input=data,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def completed(catalogue: dict[str, Any], tiers: set[str], *, exams: bool = False,
              best: bool = False, leave_out: str | None = None) -> dict[str, Any]:
    """A progress document: every lesson of ``tiers`` learned and its bank passed; with
    ``exams`` the banks of no lesson (the exams) passed as well. ``best``: the most points a
    learner can collect with it — every bank perfect, every timed bank beaten, every question
    right at the first try, the daily goal met for 30 days in a row. Otherwise the least: each
    bank passed with 80 % after a failed first try (no question points, no days)."""
    lessons = [x for x in catalogue["lessons"] if x["tier"] in tiers]
    banks = {x["bank"] for x in lessons if x["bank"]}
    if exams:
        lessons_banks = {x["bank"] for x in catalogue["lessons"]}
        banks |= {b["id"] for b in catalogue["banks"] if b["id"] not in lessons_banks}
    banks.discard(leave_out)
    doc: dict[str, Any] = {
        "version": 2, "site_id": catalogue["site_id"], "practice": {},
        "lessons": {x["path"]: {"learned": True, "at": AT} for x in lessons},
        "banks": {b: {"best": 100 if best else 80, "attempts": 2, "passed": True, "beaten": best,
                      "time_total": 600} for b in banks},
        "questions": {},
    }
    if best:
        doc["questions"] = {f"{b['id']}/{q['id']}": {"correct": True, "at": AT}
                            for b in catalogue["banks"] if b["id"] in banks for q in b["questions"]}
        doc["days"] = {f"2026-03-{d:02d}": {"answers": 40, "seconds": 1800} for d in range(1, 31)}
    return doc


def least_points(catalogue: dict[str, Any], tiers: set[str]) -> int:
    """What completing ``tiers`` earns at the least: a lesson learned and a bank passed each."""
    points = catalogue["game"]["points"]
    lessons = [x for x in catalogue["lessons"] if x["tier"] in tiers]
    return (len(lessons) * points["lesson_learned"]
            + sum(1 for x in lessons if x["bank"]) * points["bank_passed"])


def level(catalogue: dict[str, Any], title: str) -> dict[str, Any]:
    return next(lv for lv in catalogue["game"]["levels"] if lv["title"] == title)


FOUNDATION = {"foundation"}
ALL_BUT_SUPERVISOR = {"foundation", "scenario", "advanced", "compliance"}
EVERYTHING = ALL_BUT_SUPERVISOR | {"supervisor"}


def test_the_foundation_tier_makes_an_executor_and_no_more(catalogue: dict[str, Any]) -> None:
    least, most, short = settle(catalogue, [
        completed(catalogue, FOUNDATION),
        completed(catalogue, FOUNDATION, best=True),
        completed(catalogue, FOUNDATION, best=True, leave_out="first-response"),
    ])
    assert least["points"] == least_points(catalogue, FOUNDATION)
    assert least["points"] >= level(catalogue, "执行级")["points"], "the least a diligent agent earns"
    assert least["level"] == "执行级"
    assert most["points"] > level(catalogue, "独立级")["points"], "enough points for 独立级 …"
    assert most["level"] == "执行级", "… which needs the scenario tier as well"
    assert short["level"] == "入门级", "points alone do not make an executor"


def test_only_the_supervisor_track_leads_to_leader(catalogue: dict[str, Any]) -> None:
    without, with_track, least = settle(catalogue, [
        completed(catalogue, ALL_BUT_SUPERVISOR, exams=True, best=True),
        completed(catalogue, EVERYTHING, exams=True, best=True),
        completed(catalogue, EVERYTHING, exams=True),
    ])
    leader = level(catalogue, "领导级")
    assert without["points"] >= leader["points"], "every other lesson and bank: points enough …"
    assert without["level"] == "专家级", "… but no supervisor track, no 领导级"
    assert with_track["level"] == least["level"] == "领导级"
    assert "supervisor" in leader["tiers"]


def test_each_level_is_within_reach_of_its_tiers(catalogue: dict[str, Any]) -> None:
    """No level asks for more points than completing its tiers (and banks) surely earns."""
    bank_passed = catalogue["game"]["points"]["bank_passed"]
    titles = [lv["title"] for lv in catalogue["game"]["levels"]]
    assert titles == ["入门级", "执行级", "独立级", "专家级", "领导级"]
    for lv in catalogue["game"]["levels"][1:]:
        assert lv["tiers"], f"{lv['title']} needs tiers, not only points"
        floor = least_points(catalogue, set(lv["tiers"])) + len(lv["banks"]) * bank_passed
        assert lv["points"] <= floor, f"{lv['title']}: {lv['points']} points > {floor}"
