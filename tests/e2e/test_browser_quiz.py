"""The quiz widget in a phone-sized Chromium: answering, feedback, score, retry, timer, keyboard."""

from __future__ import annotations

import re

from academy_e2e import (
    ALL_TYPES_POINTS,
    answer,
    bank_of,
    match_by_keyboard,
    order_now,
    question,
    quiz,
    sort_by_keyboard,
    start_if_timed,
    stored,
    submit,
    tab_to,
)
from playwright.sync_api import expect

ALL = "quiz/e2e-all-types/"
TIMED = "quiz/e2e-timed/"


def test_every_type_right_then_wrong_then_partly(open_page):
    page = open_page(ALL)
    q = quiz(page)
    bank = bank_of(q)
    expect(q.get_by_text("尚未作答")).to_be_visible()
    count = len(bank["questions"])
    for n, item in enumerate(bank["questions"], 1):
        expect(question(q, n)).to_be_visible()
        if item["type"] == "reply":  # graded by the rule engine (tests/e2e/test_browser_practice.py)
            expect(question(q, n).get_by_role("textbox", name="您的回复")).to_be_visible()
        if item["type"] == "scenario":  # a dialogue (ibid.)
            expect(question(q, n)).to_contain_text("怎么还没到？")

    # 1. everything right (the fill answer typed in full-width forms with spaces)
    answer(q, bank, right=True)
    result = submit(q)
    expect(result).to_contain_text(f"得分 100%，通过（及格线 80%）。答对 {count}/{count} 题。")
    for n, item in enumerate(bank["questions"], 1):
        g = question(q, n)
        expect(g).to_have_accessible_description(re.compile(r"^正确"))
        expect(g).to_have_accessible_description(re.compile(re.escape(f"解析：{item['explanation']}")))
        expect(g.locator("input, select, button, textarea").first).to_be_disabled()
    expect(q.get_by_role("button", name="提交答案")).to_be_hidden()
    expect(q.get_by_role("button", name="再试一次")).to_be_focused()
    expect(q.get_by_text("最好成绩 100% · 已作答 1 次")).to_be_visible()

    # 2. retry: cleared, then everything wrong
    q.get_by_role("button", name="再试一次").tap()
    expect(result).to_have_text("")
    expect(question(q, 1).get_by_role("radio").first).to_be_enabled()
    expect(question(q, 1).get_by_role("radio", checked=True)).to_have_count(0)
    answer(q, bank, right=False)
    submit(q)
    expect(result).to_contain_text(f"得分 0%，未通过（及格线 80%）。答对 0/{count} 题。")
    single = question(q, 1)
    expect(single).to_have_accessible_description(re.compile(r"^错误"))
    expect(single).to_have_accessible_description(re.compile("推卸责任会激化情绪。"))  # chosen option
    expect(single).to_have_accessible_description(
        re.compile("正确答案：非常抱歉让您久等了，我马上为您查询物流进度。"))
    expect(question(q, 5)).to_have_accessible_description(re.compile("未作答"))  # order untouched

    # 3. weighting by points: the 2-point multiple and the single wrong, the rest right
    q.get_by_role("button", name="再试一次").tap()
    answer(q, bank, right={"query-first", "limit", "steps", "prepare", "apology", "angry"})
    submit(q)
    percent = (ALL_TYPES_POINTS - 3) * 100 // ALL_TYPES_POINTS
    expect(result).to_contain_text(f"得分 {percent}%，未通过")

    doc = stored(page)
    assert doc["banks"]["e2e-all-types"]["best"] == 100
    assert doc["banks"]["e2e-all-types"]["attempts"] == 3
    assert doc["banks"]["e2e-all-types"]["last_score"] == percent
    assert doc["questions"]["e2e-all-types/first-words"]["correct"] is False
    assert doc["questions"]["e2e-all-types/limit"]["correct"] is True
    apology = doc["questions"]["e2e-all-types/apology"]  # a reply is stored with its grade
    assert apology["correct"] is True
    assert apology["answer"]["text"] == bank["questions"][6]["sample"]
    assert apology["answer"]["passed"] is True
    assert doc["questions"]["e2e-all-types/angry"]["answer"] == [  # a dialogue: the chosen lines
        c["text"] for c in (bank["questions"][7]["nodes"][0]["choices"][0],
                            bank["questions"][7]["nodes"][1]["choices"][0])]

    # progress is kept across a reload
    page.reload()
    expect(quiz(page).get_by_text("最好成绩 100% · 已作答 3 次")).to_be_visible()


def test_options_reshuffle_on_retry(open_page):
    page = open_page(ALL)
    q = quiz(page)
    seen = set()
    for _ in range(6):
        seen.add(tuple(order_now(question(q, 5))))
        seen.add(tuple(question(q, 2).get_by_role("checkbox").evaluate_all(
            "els => els.map(e => e.labels[0].textContent)")))
        submit(q)
        q.get_by_role("button", name="再试一次").tap()
    assert len(seen) > 2, seen


def test_order_and_match_with_the_keyboard_only(open_page):
    page = open_page(ALL)
    q = quiz(page)
    bank = bank_of(q)
    order_q = next(n for n, x in enumerate(bank["questions"], 1) if x["type"] == "order")
    match_q = next(n for n, x in enumerate(bank["questions"], 1) if x["type"] == "match")
    order_item = bank["questions"][order_q - 1]
    match_item = bank["questions"][match_q - 1]

    g = question(q, order_q)
    # enter the page with the keyboard: focus the first control of the question, then only keys
    g.locator("button:not([disabled])").first.focus()
    sort_by_keyboard(page, g, order_item["items"])
    assert order_now(g) == order_item["items"]
    expect(q.locator(".academy-sr[role=status]")).to_contain_text("移到第")

    match_by_keyboard(page, question(q, match_q), match_item["pairs"])

    tab_to(page, q.get_by_role("button", name="提交答案"))
    page.keyboard.press("Enter")
    expect(question(q, order_q)).to_have_accessible_description(re.compile(r"^正确"))
    expect(question(q, match_q)).to_have_accessible_description(re.compile(r"^正确"))
    expect(q.get_by_role("button", name="再试一次")).to_be_focused()
    page.keyboard.press("Enter")  # retry from the keyboard too
    expect(q.get_by_role("button", name="提交答案")).to_be_visible()


def test_timed_bank_counts_down_and_submits_itself(open_page):
    page = open_page(TIMED, clock=True)
    q = quiz(page)
    bank = bank_of(q)
    assert bank["time_limit"] == 90
    expect(q.get_by_text("限时 01:30")).to_be_visible()
    expect(question(q, 1)).to_be_hidden()  # no reading ahead before the clock starts
    q.get_by_role("button", name="开始计时测验").tap()
    timer = q.get_by_role("timer", name="剩余时间")
    expect(timer).to_have_text("01:30")
    expect(question(q, 1).get_by_role("radio").first).to_be_focused()

    page.clock.run_for(5_000)
    expect(timer).to_have_text("01:25")
    answer(q, bank, right={bank["questions"][0]["id"]})  # one right, one wrong
    page.clock.run_for(30_000)
    expect(timer).to_have_text("00:55")
    page.clock.run_for(100)
    expect(q.locator(".academy-sr[role=status]")).to_have_text("还剩 1 分钟。")

    page.clock.run_for(60_000)
    result = q.locator(".academy-result[role=status]")
    expect(result).to_contain_text("时间到，已自动提交。")
    expect(result).to_contain_text("得分 50%，未通过")
    expect(result).to_contain_text("用时 01:30")
    expect(timer).to_be_hidden()
    expect(question(q, 1).get_by_role("radio").first).to_be_disabled()
    bank_doc = stored(page)["banks"]["e2e-timed"]
    assert bank_doc["attempts"] == 1
    assert bank_doc["last_time"] == 90
    assert bank_doc["time_total"] == 90

    # retry goes back to the start button; a manual submit records the time taken
    q.get_by_role("button", name="再试一次").tap()
    q.get_by_role("button", name="开始计时测验").tap()
    page.clock.run_for(12_000)
    submit(q)
    assert stored(page)["banks"]["e2e-timed"]["last_time"] == 12
    assert stored(page)["banks"]["e2e-timed"]["time_total"] == 102


def covering(banks: list[dict], most: int = 4) -> list[dict]:
    """A few banks that together use every question type found in the course."""
    left = {x["type"] for b in banks for x in b["questions"]}
    chosen = []
    while left and len(chosen) < most:
        best = max(banks, key=lambda b: len(left & {x["type"] for x in b["questions"]}))
        chosen.append(best)
        left -= {x["type"] for x in best["questions"]}
    return chosen


def test_course_banks_can_be_passed(open_page, course):
    """Banks of the real course on their own pages, answered right from the page data."""
    assert course["banks"]
    for entry in covering(course["banks"]):
        page = open_page(entry["url"])
        q = quiz(page)
        bank = bank_of(q)
        assert bank["id"] == entry["id"]
        start_if_timed(q, bank)
        answer(q, bank, right=True)
        if any(x["type"] not in ("reply", "scenario") for x in bank["questions"]):
            expect(submit(q)).to_contain_text("得分 100%，通过")
        page.close()


def test_a_lesson_banks_old_quiz_page_leads_to_the_quiz_in_the_lesson(open_page, course, base_url):
    """A lesson's bank is taken in the lesson; links made to its former page still get there."""
    bank = next(b for b in course["banks"] if "#" in b["url"])
    page = open_page(f"quiz/{bank['id']}/")
    expect(page).to_have_url(base_url + bank["url"])
    q = quiz(page)
    expect(q).to_be_in_viewport()
    assert bank_of(q)["id"] == bank["id"]
