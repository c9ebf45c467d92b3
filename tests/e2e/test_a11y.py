"""Accessibility: axe-core in every page type and state, on a phone, in light and dark schemes.

axe-core comes from npm (tools/browser, `npm ci --prefix tools/browser`) and is injected into
the page; no CDN. Every rule axe runs by default counts, whatever its impact: a page passes with
0 violations. Without axe-core the tests are skipped locally and fail on CI (like Chromium).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from academy_e2e import (
    REPLIES,
    answer,
    bank_of,
    best_path,
    own_page,
    play,
    question,
    quiz,
    site_id,
    start_if_timed,
    submit,
)
from conftest import PHONE, ROOT
from playwright.sync_api import Page, expect
from test_browser_search import search

AXE = ROOT / "tools" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ENGINE_TIMEOUT = 60_000  # Pyodide's first start on a loaded 2-core machine


# No finite animation or transition running (a loading spinner may spin on)
SETTLED = """() => !document.querySelector('[aria-busy="true"]')
  && document.getAnimations().every((a) => a.playState !== 'running'
  || a.effect?.getComputedTiming().endTime === Infinity)"""

# → one entry per violation: rule, impact, help, targets (CSS selectors) and axe's summary
RUN = """async () => {
  const r = await axe.run(document, { resultTypes: ['violations'] });
  return r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        message = f"axe-core is not installed at {AXE} (npm ci --prefix tools/browser)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a missing checker must not pass silently
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


class Audit:
    """Runs axe in page states and collects what it finds; `done()` fails with all of it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[str] = []
        self.checked: list[str] = []

    def __call__(self, page: Page, state: str) -> None:
        page.wait_for_load_state("networkidle", timeout=30_000)
        page.wait_for_function(SETTLED)  # drawn, and no colour mid-transition: what the learner reads
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(content=self.source)
        self.checked.append(state)
        for v in page.evaluate(RUN):
            nodes = "\n".join(f"      {n['target']}\n        "
                              + n["summary"].replace("\n", "\n        ") for n in v["nodes"][:5])
            more = f"\n      … and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else ""
            self.found.append(f"[{state}] {v['id']} ({v['impact']}): {v['help']} <{v['url']}>\n"
                              f"{nodes}{more}")

    def done(self) -> None:
        assert not self.found, (f"{len(self.found)} axe violation(s) in {len(self.checked)} page state(s):\n"
                                + "\n".join(self.found))


@pytest.fixture
def axe(axe_source: str) -> Audit:
    return Audit(axe_source)


@pytest.fixture
def dark(browser, base_url):
    """A phone context that prefers the dark scheme (Material's slate palette)."""
    ctx = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="zh-CN",
                              color_scheme="dark", base_url=base_url)
    ctx.set_default_timeout(5000)
    yield ctx
    with contextlib.suppress(Exception):
        ctx.close()


def seed(page: Page, progress: dict) -> None:
    """Replace the stored progress (store.js, version 2) and reload the page."""
    doc = {"version": 2, "site_id": site_id(page), "questions": {}, "banks": {}, "lessons": {},
           "practice": {}, **progress}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"academy:{site_id(page)}", json.dumps(doc)])
    page.reload()


def stamp(days_ago: int = 0) -> str:
    when = datetime.now(UTC) - timedelta(days=days_ago)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def today() -> str:
    return datetime.now().date().isoformat()  # the browser's local day: same machine, same zone


def static_pages(course: dict) -> dict[str, str]:
    lesson = next(x for x in course["lessons"] if x["bank"])
    return {
        "home": "", "lesson": lesson["url"], "quiz-page": own_page(course),
        "quiz-index": "quiz/", "manual-index": "manual/", "manual": course["manuals"][0]["url"],
        "practice": "practice/", "progress": "progress/", "dashboard-empty": "dashboard/",
        "badges": "badges/", "review-empty": "review/", "certificate-locked": "certificate/",
        "quality": "quality/", "exam": "exam/", "not-found": "404.html",
    }


PAGES = ["home", "lesson", "quiz-page", "quiz-index", "manual-index", "manual", "practice", "progress",
         "dashboard-empty", "badges", "review-empty", "certificate-locked", "quality", "exam", "not-found"]


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_type_as_it_first_opens(kind, open_page, course, axe):
    page = open_page(static_pages(course)[kind])
    axe(page, kind)
    axe.done()


@pytest.mark.parametrize("kind", ["home", "lesson", "quiz-page", "manual", "practice", "dashboard-empty",
                                  "certificate-locked"])
def test_dark_scheme(kind, dark, course, axe):
    page = dark.new_page()
    page.goto(static_pages(course)[kind])
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    axe(page, f"{kind} (dark)")
    axe.done()


def test_search_open_with_results_light_and_dark(open_page, dark, course, axe):
    page = open_page(static_pages(course)["lesson"])
    search(page, "退款")
    axe(page, "search open with results")
    page = dark.new_page()
    page.goto(static_pages(course)["lesson"])
    search(page, "退款")
    axe(page, "search open with results (dark)")
    axe.done()


def test_quiz_with_every_question_type_before_and_after_feedback(open_page, axe):
    page = open_page("quiz/e2e-all-types/")
    q = quiz(page)
    bank = bank_of(q)
    axe(page, "all types, unanswered")

    answer(q, bank, right=False)
    expect(submit(q)).to_contain_text("未通过")
    expect(question(q, 1)).to_have_accessible_description(re.compile("^错误"))
    axe(page, "all types, wrong answers with feedback")

    q.get_by_role("button", name="再试一次").tap()
    answer(q, bank, right=True)
    expect(submit(q)).to_contain_text("得分 100%")
    axe(page, "all types, right answers")
    axe.done()


def test_lesson_learned_and_its_quiz_passed_with_the_notices(open_page, course, axe):
    lesson = next(x for x in course["lessons"] if x["bank"])
    page = open_page(lesson["url"])
    page.get_by_role("button", name="标记为已学").tap()
    q = quiz(page)
    bank = bank_of(q)
    start_if_timed(q, bank)
    answer(q, bank, right=True)
    expect(submit(q)).to_contain_text("得分 100%")
    toasts = page.locator(".academy-toasts[role=status]")
    expect(toasts.get_by_role("button", name="知道了")).to_be_visible()  # badge / level-up notice
    axe(page, "lesson learned, quiz passed, notices shown")
    axe.done()


def test_timed_quiz_before_and_while_the_clock_runs(open_page, axe):
    page = open_page("quiz/e2e-timed/")
    q = quiz(page)
    axe(page, "timed quiz, not started")
    q.get_by_role("button", name="开始计时测验").tap()
    expect(q.get_by_role("timer")).to_be_visible()
    axe(page, "timed quiz, running")
    axe.done()


def test_reply_question_and_scenario_dialogue(open_page, axe):
    page = open_page(f"quiz/{REPLIES['id']}/")
    q = quiz(page)
    bank = bank_of(q)
    scenario = next(x for x in bank["questions"] if x["type"] == "scenario")
    n = bank["questions"].index(scenario) + 1
    question(q, n).get_by_role("button", name=best_path(scenario)[0], exact=True).tap()
    axe(page, "dialogue, second turn")
    play(question(q, n), best_path(scenario)[1:])
    answer(q, {"questions": bank["questions"][:1]}, right=False)
    expect(submit(q)).to_contain_text("得分")
    axe(page, "reply graded and dialogue replayed")
    axe.done()


def test_practice_desk_with_a_graded_reply(open_page, course, axe):
    manual = next(m for m in course["manuals"] if m["practice"])
    page = open_page(f"practice/#{manual['id']}")
    expect(page.locator(".academy-engine-note")).to_have_text("评分引擎已就绪。", timeout=ENGINE_TIMEOUT)
    axe(page, "practice desk, ready")
    page.get_by_role("button", name="抽一张场景卡").tap()
    expect(page.get_by_role("timer", name="剩余时间")).to_be_visible()
    axe(page, "practice desk, card drawn")
    page.get_by_role("textbox", name="您的回复").fill("您好，您必须先告诉我订单号，我才能查询。")
    page.get_by_role("button", name="提交回复").tap()
    expect(page.locator(".academy-practice-result mark").first).to_be_visible()
    axe(page, "practice desk, reply graded with marks")
    axe.done()


def test_dashboard_review_and_certificate_with_progress(open_page, course, axe):
    page = open_page("dashboard/")
    missed = next(b for b in course["banks"] if b["id"] != "final-exam")
    first = course["lessons"][0]
    seed(page, {
        "banks": {
            missed["id"]: {"best": 50, "attempts": 2, "last_score": 50, "passed": False, "time_total": 240,
                           "last_time": 120, "last_at": stamp(1)},
            "final-exam": {"best": 95, "attempts": 1, "last_score": 95, "passed": True, "time_total": 900,
                           "last_time": 900, "last_at": stamp(1)},
        },
        "lessons": {first["path"]: {"learned": True, "at": stamp(2)}},
        "days": {today(): {"answers": 16, "seconds": 840}},
        "reviews": {f"{missed['id']}/{missed['questions'][0]['id']}":
                    {"box": 1, "due": today(), "misses": 1, "right": 0, "at": stamp(1)}},
    })
    expect(page.get_by_role("img", name=re.compile("^能力雷达图："))).to_be_visible()
    page.get_by_text(re.compile(r"^积分明细：")).tap()  # the ledger, opened
    axe(page, "dashboard with progress")

    page.goto("review/")
    session = page.get_by_role("region", name="今日错题复习")
    expect(question(session, 1)).to_be_visible()
    axe(page, "review with a due question")

    page.goto("certificate/")
    page.get_by_role("textbox", name="您的姓名（将印在证书上）").fill("王小明")
    expect(page.get_by_role("article", name="客服学院结业证书")).to_contain_text("王小明")
    page.get_by_text("核验证书").tap()
    axe(page, "certificate unlocked, verify form open")

    page.goto("badges/")
    expect(page.get_by_role("list", name="已获得的徽章", exact=True)).to_be_visible()
    axe(page, "badges with some earned")
    axe.done()

