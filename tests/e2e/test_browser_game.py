"""Gamification in a phone-sized Chromium (docs/game.md): points and the header, the level-up and
badge notices, the badge gallery, streaks across local days, the 错题本 on the next due day, the
growth dashboard, and the certificate printed on one A4 page."""

from __future__ import annotations

import contextlib
import json
import re
from datetime import UTC, datetime

import pytest
from academy_e2e import (
    answer,
    bank_of,
    bank_url,
    question,
    quiz,
    shown,
    site_id,
    start_if_timed,
    stored,
    submit,
)
from conftest import PHONE
from playwright.sync_api import Page, expect

LANGUAGE = "foundation/service-language/"
FIRST = "foundation/first-response/"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def shanghai(browser, base_url):
    """page_at(url, when): a page in UTC+8 whose clock starts at `when` (UTC); errors are checked."""
    errors: list[str] = []
    ctx = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="zh-CN",
                              timezone_id="Asia/Shanghai", base_url=base_url)
    ctx.set_default_timeout(5000)

    def page_at(url: str, when: datetime) -> Page:
        page = ctx.new_page()
        page.on("pageerror", lambda e: errors.append(f"{url}: {e.message}"))
        page.on("console", lambda m: m.type == "error" and errors.append(f"{url}: {m.text}"))
        page.clock.install(time=when)
        page.goto(url)
        return page

    yield page_at
    with contextlib.suppress(Exception):
        ctx.close()
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)


def status(page: Page):
    """The header's link to the dashboard, named with level, points, streak and today's goal."""
    return page.get_by_role("link", name=re.compile("^我的成长档案："))


def take(page: Page, right: bool | set[str] = True) -> dict:
    q = quiz(page)
    bank = bank_of(q)
    start_if_timed(q, bank)
    answer(q, bank, right=right)
    submit(q)
    return bank


def retake(page: Page, right: bool | set[str] = True) -> None:
    q = quiz(page)
    q.get_by_role("button", name="再试一次").tap()
    bank = bank_of(q)
    start_if_timed(q, bank)
    answer(q, bank, right=right)
    submit(q)


def points_of(page: Page) -> int:
    return sum(e["points"] for e in (stored(page) or {}).get("events", []))


def level_points(course: dict, title: str) -> int:
    return next(lv["points"] for lv in course["game"]["levels"] if lv["title"] == title)


def test_points_badges_and_the_level_after_the_foundation_tier(open_page, course):
    page = open_page(FIRST)
    expect(status(page)).to_have_accessible_name(
        re.compile("^我的成长档案：入门级，累计 0 积分，连续学习 0 天"))
    bar = page.get_by_role("progressbar", name="升级进度")
    expect(bar).to_have_attribute("aria-valuetext", "距「执行级」还差 250 积分")

    page.get_by_role("button", name="标记为已学").tap()
    expect(status(page)).to_have_accessible_name(re.compile("累计 10 积分"))
    page.goto(LANGUAGE)
    page.get_by_role("button", name="标记为已学").tap()
    bank = take(page, right=True)

    # 10 + 10 for the lessons; per question right at its first try; pass; perfect; daily goal (8 answers)
    first_try = 2 * sum(q.get("points", 1) for q in bank["questions"])
    total = 20 + first_try + 20 + 10 + 5
    toasts = page.locator(".academy-toasts[role=status]")
    expect(toasts).to_contain_text("获得新徽章！")
    expect(toasts).to_contain_text("「首战告捷」")
    expect(toasts).to_contain_text("「零禁忌话术」")
    expect(toasts).not_to_contain_text("升级啦！")
    expect(toasts.get_by_role("link", name="查看徽章墙")).to_have_attribute("href", re.compile("/badges/$"))
    toasts.get_by_role("button", name="知道了").tap()
    expect(toasts).to_be_empty()
    # two lessons and a bank are not the foundation tier: still 入门级
    expect(status(page)).to_have_accessible_name(re.compile(f"^我的成长档案：入门级，累计 {total} 积分"))
    expect(bar).to_have_attribute("aria-valuetext", f"距「执行级」还差 {250 - total} 积分")
    events = stored(page)["events"]
    assert len({e["key"] for e in events}) == len(events)
    assert sum(1 for e in events if e["what"] == "question") == len(bank["questions"])

    # retrying cannot farm points, and the notices are not repeated
    retake(page, right=True)
    page.wait_for_timeout(1000)  # the game settles after each attempt (import() of game.js, no fetch)
    assert points_of(page) == total
    expect(toasts).to_be_empty()

    # the gallery: earned and locked badges, and what each locked one still needs
    page.goto("badges/")
    expect(page.get_by_text(re.compile(r"^已获得 2/\d+ 枚徽章$"))).to_be_visible()
    earned = page.get_by_role("list", name="已获得的徽章", exact=True)
    expect(earned.get_by_role("heading", name="零禁忌话术")).to_be_visible()
    expect(earned.get_by_role("heading", name="首战告捷")).to_be_visible()
    assert earned.locator("svg.academy-badge-icon").count() == 2
    locked = page.get_by_role("list", name="未解锁的徽章", exact=True)
    expect(locked.get_by_role("list", name="「连续 7 天」还差")).to_have_text(
        "连续 7 天达成每日目标（最长 1 天）")
    foundation = [x for x in course["lessons"] if x["tier"] == "foundation"]
    parts = sum(2 if x["bank"] else 1 for x in foundation)  # learned, and its bank passed
    expect(locked.get_by_role("list", name="「基础层毕业」还差")).to_contain_text(f"已完成 3/{parts} 项")

    # the rest of the foundation tier done (as if on other days) but for one lesson: still 入门级
    last = foundation[-1]
    assert last["url"] not in (FIRST, LANGUAGE)
    doc = stored(page)
    for x in foundation:
        if x["path"] != last["path"]:
            doc["lessons"].setdefault(x["path"], {"learned": True, "at": "2026-03-01T02:00:00.000Z"})
        doc["banks"].setdefault(x["bank"], {"best": 80, "attempts": 1, "passed": True, "time_total": 120})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"academy:{site_id(page)}", json.dumps(doc)])
    page.goto(last["url"])
    expect(status(page)).to_have_accessible_name(re.compile("^我的成长档案：入门级"))
    # marking the last lesson completes the tier: 执行级, with the tier's badge
    page.get_by_role("button", name="标记为已学").tap()
    expect(toasts).to_contain_text("升级啦！")
    expect(toasts).to_contain_text("恭喜您达到「执行级」。")
    expect(toasts).to_contain_text("「基础层毕业」")
    total = points_of(page)
    expect(status(page)).to_have_accessible_name(re.compile(f"^我的成长档案：执行级，累计 {total} 积分"))
    independent = level_points(course, "独立级")
    expect(bar).to_have_attribute("aria-valuetext", f"距「独立级」还差 {max(0, independent - total)} 积分")


def test_streak_follows_local_days_and_the_daily_goal(shanghai, course):
    # 23:30 on 1 March in Shanghai (15:30 UTC): the daily goal (8 answers) met
    page = shanghai(bank_url(course, "service-language"), utc("2026-03-01T15:30:00"))
    expect(status(page)).to_have_accessible_name(re.compile("连续学习 0 天，今日目标 0/8 题"))
    take(page, right=True)
    expect(status(page)).to_have_accessible_name(re.compile("连续学习 1 天，今日目标 8/8 题"))
    # an hour later it is 2 March in Shanghai, though still 1 March in UTC: a second day
    page.clock.set_system_time(utc("2026-03-01T16:30:00"))
    page.reload()
    expect(status(page)).to_have_accessible_name(re.compile("连续学习 1 天，今日目标 0/8 题"))
    take(page, right=True)
    expect(status(page)).to_have_accessible_name(re.compile("连续学习 2 天，今日目标 8/8 题"))
    expect(page.locator(".academy-status-streak")).to_have_text("2天")
    assert sorted(stored(page)["days"]) == ["2026-03-01", "2026-03-02"]
    assert sorted(e["key"] for e in stored(page)["events"] if e["what"] == "daily_goal") == [
        "goal:2026-03-01", "goal:2026-03-02"]
    # 3 March: the goal is not met yet, the streak is still alive
    page.clock.set_system_time(utc("2026-03-03T04:00:00"))
    page.reload()
    expect(status(page)).to_have_accessible_name(re.compile("连续学习 2 天，今日目标 0/8 题"))
    # 4 March: 3 March passed without the goal; the streak is gone
    page.clock.set_system_time(utc("2026-03-04T04:00:00"))
    page.reload()
    expect(status(page)).to_have_accessible_name(re.compile("连续学习 0 天"))
    expect(page.locator(".academy-status-streak")).to_have_text("0天")


def test_a_missed_question_comes_back_on_its_due_day(shanghai, course):
    page = shanghai(bank_url(course, "service-language"), utc("2026-03-02T02:00:00"))
    bank = bank_of(quiz(page))
    missed = next(q for q in bank["questions"] if q["type"] == "truefalse")
    take(page, right={q["id"] for q in bank["questions"]} - {missed["id"]})
    due_link = page.get_by_role("link", name=re.compile("错题本今天有"))
    expect(due_link).to_be_hidden()

    page.goto("review/")
    expect(page.get_by_role("status").filter(has_text="今天没有到期的题目")).to_have_text(
        "今天没有到期的题目。下一次复习：2026/3/3。")
    table = page.get_by_role("table", name="全部错题")
    expect(table.get_by_role("row").filter(has_text=missed["prompt"])).to_contain_text("第 1 阶段")
    expect(page.get_by_role("region", name="今日错题复习")).to_have_count(0)

    # the next day it is due: in the header and on the review page, in the quiz widget
    page.clock.set_system_time(utc("2026-03-03T01:00:00"))
    page.reload()
    expect(due_link).to_have_accessible_name("复习 1：错题本今天有 1 道题待复习")  # the shown text first
    expect(due_link).to_have_text("复习 1")
    expect(page.get_by_role("status").filter(has_text="待复习")).to_have_text("今天有 1 道题待复习。")
    session = page.get_by_role("region", name="今日错题复习")
    expect(question(session, 1)).to_contain_text(missed["prompt"])
    expect(question(session, 2)).to_have_count(0)
    answer(session, {"questions": [missed]}, right=True)
    expect(submit(session)).to_contain_text("得分 100%")
    expect(page.get_by_role("status").filter(has_text="今天没有到期的题目")).to_have_text(
        "今天没有到期的题目。下一次复习：2026/3/5。")
    expect(table.get_by_role("row").filter(has_text=missed["prompt"])).to_contain_text("第 2 阶段")
    expect(due_link).to_be_hidden()
    entry = stored(page)["reviews"][f"service-language/{missed['id']}"]
    assert (entry["box"], entry["due"], entry["right"]) == (2, "2026-03-05", 1)
    assert any(e["what"] == "review" for e in stored(page)["events"])


def seed(page: Page, progress: dict) -> None:
    doc = {"version": 2, "site_id": site_id(page), "questions": {}, "banks": {}, "lessons": {},
           "practice": {}, **progress}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"academy:{site_id(page)}", json.dumps(doc)])
    page.reload()


def test_dashboard_radar_points_and_recommendations(open_page, course):
    page = open_page("dashboard/")
    first = course["lessons"][0]
    seed(page, {
        "banks": {"service-language": {"best": 100, "attempts": 1, "passed": True, "time_total": 300},
                  "first-response": {"best": 50, "attempts": 2, "passed": False, "time_total": 240}},
        "lessons": {first["path"]: {"learned": True, "at": "2026-03-01T02:00:00.000Z"}},
        "days": {"2026-03-01": {"answers": 16, "seconds": 840}},
    })
    radar = page.get_by_role("img", name=re.compile("^能力雷达图："))
    expect(radar).to_be_visible()
    assert radar.evaluate("el => el.tagName") == "svg"
    assert radar.locator("polygon.academy-area").count() == 1
    box = radar.bounding_box()
    assert box and box["width"] <= PHONE["width"], "the chart fits a phone"
    table = page.get_by_role("table", name="各项能力得分")
    assert table.get_by_role("row").count() == len(course["competencies"]) + 1
    expect(table.get_by_role("row").filter(has_text="规范合规")).to_contain_text(re.compile(r"规范合规\s*\d+"))
    expect(page.get_by_role("img", name=re.compile("^积分走势图："))).to_be_visible()

    # how I earned my points: every award, explained
    ledger = page.get_by_text(re.compile(r"^积分明细：共 \d+ 条记录，合计 \d+ 分$"))
    ledger.tap()
    rows = page.get_by_role("table", name="积分明细", exact=True)
    expect(rows.get_by_role("row").filter(has_text="通过测验「基础层：服务用语规范与禁用语」")).to_contain_text("+20")
    expect(rows.get_by_role("row").filter(has_text=f"学完课程「{first['title']}」")).to_contain_text("+10")
    expect(rows.get_by_role("row").filter(has_text="达成每日目标（2026-03-01）")).to_contain_text("+5")
    total = points_of(page)
    expect(page.get_by_text(re.compile("^当前等级："))).to_have_text(re.compile(f"累计 {total} 积分$"))
    expect(page.get_by_text("学习时长：累计 14 分钟，近 7 天", exact=False)).to_be_visible()

    # three lessons for the weakest competencies, not the ones already done
    recs = page.get_by_role("region", name="推荐下一步学习").get_by_role("listitem")
    expect(recs).to_have_count(3)
    assert first["title"] not in recs.all_inner_texts()[0]
    expect(recs.first.get_by_role("link")).to_have_attribute("href", re.compile(r"/$"))
    expect(page.get_by_role("region", name="我的徽章")).to_contain_text("首战告捷")


def verify_code(name: str, date: str, score: int, site: str) -> str:
    """The certificate code, computed independently of certificate.js."""
    data = "|".join([site, name.strip(), date, str(score)]).encode()

    def fnv(seed: int) -> int:
        x = seed
        for b in data:
            x = ((x ^ b) * 0x01000193) & 0xFFFFFFFF
        return x

    a = fnv(0x811C9DC5)
    n = (a << 32) | fnv(0x9E3779B9 ^ a)
    text = ""
    for _ in range(10):
        text = ALPHABET[n & 31] + text
        n >>= 5
    return f"{text[:5]}-{text[5:]}"


def test_final_exam_unlocks_a_certificate_on_one_a4_page(shanghai, tmp_path):
    page = shanghai("certificate/", utc("2026-03-02T02:00:00"))
    locked = re.compile("^通过「结业考试：.*」（及格线 80%）后即可解锁结业证书。$")
    expect(page.get_by_text(locked)).to_be_visible()
    page.get_by_role("link", name="去参加结业考试").tap()

    q = quiz(page)
    bank = bank_of(q)
    assert bank["draw"] == 20 and len(bank["questions"]) >= 30
    expect(q.get_by_text("共 20 题 · 及格线 80%")).to_be_visible()
    start_if_timed(q, bank)
    asked = shown(q, bank)
    assert len({x["id"] for x in asked}) == 20
    answer(q, bank, right=True)
    expect(submit(q)).to_contain_text("得分 100%，通过")
    answered = [k for k in stored(page)["questions"] if k.startswith("final-exam/")]
    assert len(answered) == 20, "only the drawn questions were asked"

    page.goto("certificate/")
    name = page.get_by_role("textbox", name="您的姓名（将印在证书上）")
    print_button = page.get_by_role("button", name="打印证书")
    expect(print_button).to_be_disabled()
    name.fill("王小明")
    cert = page.get_by_role("article", name="客服学院结业证书")
    expect(cert).to_contain_text("王小明")
    expect(cert).to_contain_text("以 100% 的成绩通过「结业考试：客服核心能力综合测评」")
    expect(cert).to_contain_text("2026 年 3 月 2 日")
    expect(cert).to_contain_text(re.compile("当前等级：.+级"))
    code = verify_code("王小明", "2026-03-02", 100, site_id(page))
    expect(cert).to_contain_text(code)
    expect(print_button).to_be_enabled()
    page.reload()
    expect(name).to_have_value("王小明")  # kept in the store

    # anyone can check a certificate against its code
    page.get_by_text("核验证书").tap()
    page.get_by_role("textbox", name="姓名", exact=True).fill("王小明")
    page.get_by_role("textbox", name="通过日期").fill("2026-03-02")
    page.get_by_role("textbox", name="成绩（%）").fill("100")
    page.get_by_role("textbox", name="验证码", exact=True).fill(code)
    page.get_by_role("button", name="核验", exact=True).tap()
    expect(page.get_by_role("status").filter(has_text="验证码")).to_have_text(re.compile("^验证码正确"))

    # print: only the certificate, on one A4 page
    page.emulate_media(media="print")
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".md-footer")).to_be_hidden()
    expect(page.get_by_role("heading", name="结业证书", exact=True)).to_be_hidden()
    expect(name).to_be_hidden()
    expect(cert).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)  # print media, as when the learner prints
    (tmp_path / "certificate.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, "the certificate prints on one page"
    assert b"/MediaBox [0 0 595" in pdf, "A4 width in points"


def test_header_fits_a_phone_in_light_and_dark(open_page):
    page = open_page(FIRST)
    for scheme in ("default", "slate"):
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        link = status(page)
        box = link.bounding_box()
        header = page.locator(".md-header").bounding_box()
        search = page.locator('label.md-header__button[for="__search"]').bounding_box()
        assert box and header and search
        assert box["x"] >= 0 and box["x"] + box["width"] <= search["x"] + 1, "left of the search button"
        assert header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
        assert box["height"] >= 40, "a touch target"
        size = float(link.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px"))
        assert size >= 11
        colour, background = link.evaluate(
            "el => [getComputedStyle(el).color,"
            " getComputedStyle(document.querySelector('.md-header')).backgroundColor]")
        assert colour != background
        bar = page.get_by_role("progressbar", name="升级进度")
        bar_box = bar.bounding_box()
        assert bar_box and abs(bar_box["y"] + bar_box["height"] - (header["y"] + header["height"])) < 1
        assert bar_box["width"] == pytest.approx(PHONE["width"], abs=1)
