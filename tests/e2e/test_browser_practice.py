"""Reply grading in a phone-sized Chromium: the practice desk, `reply` and `scenario` questions.

Replies are graded by the Python rules package run by the site's own Pyodide (engine.js), against
content/wording.yml; the first grading on a page starts Pyodide, which takes seconds (cold).
"""

from __future__ import annotations

import re
from pathlib import Path

from academy_e2e import BAD_REPLY, REPLIES, bank_of, best_path, question, quiz, stored, submit, tab_to
from playwright.sync_api import Page, expect

REPLY_PAGE = f"quiz/{REPLIES['id']}/"
ENGINE_TIMEOUT = 60_000  # Pyodide's first start on a loaded 2-core machine
# What starting the engine fetches (engine.js itself is a small module loaded with reply.js).
PYODIDE_PARTS = ("/assets/pyodide/", "/academy/engine.json", ".whl", "/academy/wording.json",
                 "engine-worker.js")


def practice_manual(course: dict) -> dict:
    manual = next((m for m in course["manuals"] if m["practice"]), None)
    assert manual, "the course has no practice card"
    return manual


def drawn_card(page: Page, manual: dict) -> dict:
    """The card on the desk, found by the customer's line."""
    line = page.locator(".academy-card .academy-say.is-customer").inner_text()
    return next(c for c in manual["practice"] if c["customer"] in line)


def pyodide_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if any(part in u for part in PYODIDE_PARTS)]


def test_practice_desk_flags_a_forbidden_phrase_and_suggests_better_wording(open_page, course):
    manual = practice_manual(course)
    page = open_page(f"practice/#{manual['id']}")
    note = page.locator(".academy-engine-note")
    expect(note).to_contain_text("正在加载评分引擎")  # a visible, announced loading state
    expect(note).to_have_attribute("role", "status")
    expect(page.get_by_role("combobox", name="选择场景")).to_have_value(manual["id"])  # from the hash
    expect(note).to_have_text("评分引擎已就绪。", timeout=ENGINE_TIMEOUT)

    page.get_by_role("button", name="抽一张场景卡").tap()
    card = drawn_card(page, manual)
    heading = re.compile(f"^场景卡：{re.escape(manual['title'])} · ")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("timer", name="剩余时间")).to_have_text(re.compile(r"^00:[0-5]\d$|^0\d:\d\d$"))
    box = page.get_by_role("textbox", name="您的回复")
    expect(box).to_be_focused()
    box.fill("您好，您必须先告诉我订单号，我才能查询。")
    page.get_by_role("button", name="提交回复").tap()

    result = page.locator(".academy-practice-result")
    expect(result.locator(".academy-result")).to_contain_text("未通过")
    mark = result.locator("mark", has_text="您必须")
    expect(mark).to_be_visible()
    expect(mark).to_have_attribute("title", "禁用说法")
    expect(result.get_by_role("listitem").filter(has_text="“您必须”是禁用说法")).to_contain_text(
        "建议改为“我们建议您”")
    expect(result).to_contain_text(f"参考回复：{card['sample']}")
    expect(page.get_by_role("button", name="再练这张卡")).to_be_focused()
    key = f"{manual['id']}/{card['id']}"
    entry = stored(page)["practice"][key]
    assert (entry["attempts"], entry["passed"]) == (1, False)
    assert "您必须" in entry["last_text"]

    # the same card again, answered with the sample: it passes its own card
    page.get_by_role("button", name="再练这张卡").tap()
    expect(box).to_have_value("")
    box.fill(card["sample"])
    page.get_by_role("button", name="提交回复").tap()
    expect(result.locator(".academy-result")).to_contain_text("通过")
    expect(result.locator(".academy-result")).not_to_contain_text("未通过")
    expect(result).to_contain_text("没有发现需要改进的说法。")
    expect(page.get_by_text(re.compile(r"^本卡最好成绩 \d+ 分 · 已练习 2 次$"))).to_be_visible()
    assert stored(page)["practice"][key]["passed"] is True


def test_practice_desk_submits_by_itself_when_time_is_up(open_page, course):
    manual = practice_manual(course)
    page = open_page(f"practice/#{manual['id']}", clock=True)
    expect(page.locator(".academy-engine-note")).to_have_text("评分引擎已就绪。", timeout=ENGINE_TIMEOUT)
    page.get_by_role("button", name="抽一张场景卡").tap()
    card = drawn_card(page, manual)
    timer = page.get_by_role("timer", name="剩余时间")
    expect(timer).to_have_text(f"00:{card['time_limit']:02d}" if card["time_limit"] < 60 else re.compile("."))
    page.get_by_role("textbox", name="您的回复").fill("您好，请稍等。")
    page.clock.run_for(card["time_limit"] * 1000 + 500)
    summary = page.locator(".academy-practice-result .academy-result")
    expect(summary).to_contain_text("时间到，已自动提交。")
    expect(summary).to_contain_text("未通过")
    expect(page.locator(".academy-practice-result")).to_contain_text("缺少要点")
    expect(page.get_by_role("textbox", name="您的回复")).to_be_hidden()


def test_reply_question_loads_the_engine_on_demand_and_is_graded(new_context, open_page):
    context = new_context()
    urls: list[str] = []
    context.on("request", lambda r: urls.append(r.url))
    page = open_page(REPLY_PAGE, context=context)
    q = quiz(page)
    reply = question(q, 1)
    box = reply.get_by_role("textbox", name="您的回复")
    expect(box).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert pyodide_requests(urls) == [], "nothing of the engine before the learner writes"

    box.focus()  # intent to write: Pyodide starts loading, and says so
    expect(reply.get_by_role("status")).to_contain_text("评分引擎")
    box.fill("您好，抱歉让您久等了，我这就为您查询包裹的位置。")
    expect(reply).to_contain_text("已输入 24 字，上限 60 字")
    bank = bank_of(q)
    for text in best_path(bank["questions"][1]):
        question(q, 2).get_by_role("button", name=text, exact=True).tap()
    result = submit(q)
    expect(result).to_contain_text("得分 100%，通过（及格线 80%）。答对 2/2 题。")
    expect(reply).to_have_accessible_description(re.compile(r"^正确"))
    expect(reply).to_contain_text("规则评分 100 分，通过。")
    expect(reply).to_contain_text(f"参考回复：{REPLIES['questions'][0]['sample']}")
    assert any("/assets/pyodide/0.25.1/pyodide.asm.wasm" in u for u in urls)
    answer = stored(page)["questions"][f"{REPLIES['id']}/first-reply"]
    assert answer["correct"] is True and answer["answer"]["score"] == 100

    # a reply that breaks the rules: marked, with the better wording
    q.get_by_role("button", name="再试一次").tap()
    reply.get_by_role("textbox", name="您的回复").fill(BAD_REPLY)
    submit(q)
    expect(reply).to_have_accessible_description(re.compile(r"^错误"))
    expect(reply.locator("mark", has_text="您必须")).to_be_visible()
    expect(reply.locator("mark", has_text="没办法")).to_be_visible()
    expect(reply).to_contain_text("“您必须”是禁用说法，建议改为“我们建议您”。")
    expect(reply).to_contain_text("缺少要点：回复中需要包含“您好”或“你好”。")
    expect(reply).not_to_contain_text("正确答案：")  # the sample is the reference instead
    expect(reply).to_contain_text("参考回复：")


def test_scenario_dialogue_turn_by_turn_with_keyboard_then_replay(open_page):
    page = open_page(REPLY_PAGE)
    q = quiz(page)
    dialogue = question(q, 2)
    item = bank_of(q)["questions"][1]
    first, second = item["nodes"]
    expect(dialogue.get_by_role("heading", name="第 1 轮")).to_be_visible()
    expect(dialogue).to_contain_text(first["customer"])
    turn = dialogue.get_by_role("group", name="第 1 轮")
    expect(turn.get_by_role("button")).to_have_count(len(first["choices"]))

    # keyboard only from the first reply on: the best first reply, then a vague second one
    dialogue.get_by_role("button").first.focus()
    tab_to(page, dialogue.get_by_role("button", name=first["choices"][0]["text"], exact=True))
    page.keyboard.press("Enter")
    live = q.locator(".academy-sr[role=status]")
    expect(live).to_contain_text(f"您回复：{first['choices'][0]['text']}（本轮 +2 分）。")
    expect(live).to_contain_text(f"客户说：{second['customer']}")
    expect(dialogue).to_contain_text("点评：先致歉，再行动。")
    expect(dialogue.get_by_role("button", name=second["choices"][0]["text"], exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialogue.get_by_role("button", name=second["choices"][1]["text"], exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    replay = dialogue.locator(".academy-dialogue-replay")
    expect(replay.get_by_role("heading", name="对话回放")).to_be_focused()
    turns = replay.get_by_role("listitem")
    expect(turns).to_have_count(2)
    expect(turns.nth(0)).to_contain_text(first["customer"])
    expect(turns.nth(0)).to_contain_text("本轮 +2 分")
    expect(turns.nth(1)).to_contain_text(second["choices"][1]["text"])
    expect(turns.nth(1)).to_contain_text("点评：模糊的猜测让客户更不安。 本轮 0 分")
    expect(replay).to_contain_text("对话结束：总分 2 分，最佳路径 4 分，未通过（需达到最佳路径的 80%）。")
    expect(replay).to_contain_text("得分最高的回复路径：" + " → ".join(best_path(item)))
    expect(live).to_contain_text("对话结束：总分 2 分")

    # again, by tapping, along the best path
    replay.get_by_role("button", name="重新开始对话").tap()
    expect(dialogue.get_by_role("heading", name="第 1 轮")).to_be_visible()
    for text in best_path(item):
        dialogue.get_by_role("button", name=text, exact=True).tap()
    expect(replay).to_contain_text("对话结束：总分 4 分，最佳路径 4 分，通过")
    expect(replay).not_to_contain_text("得分最高的回复路径")

    # the quiz counts it; the empty reply is wrong without starting the engine
    result = submit(q)
    expect(result).to_contain_text("答对 1/2 题")
    expect(dialogue).to_have_accessible_description(re.compile(r"^正确"))
    expect(dialogue.get_by_role("button", name="重新开始对话")).to_be_disabled()


def lesson_without_replies(course: dict, site_dir: Path) -> str:
    """A lesson page whose quiz has no reply question; made from a built lesson (quiz removed)
    when every lesson of the course has one."""
    banks = {b["id"]: b for b in course["banks"]}
    for x in course["lessons"]:
        if not x["bank"] or not any(q["type"] == "reply" for q in banks[x["bank"]]["questions"]):
            return x["url"]
    html = (site_dir / course["lessons"][0]["url"] / "index.html").read_text(encoding="utf-8")
    html = re.sub(r'<section class="academy-quiz".*?</section>', "", html, flags=re.S)
    out = site_dir / "e2e-lesson-without-replies" / "index.html"
    out.parent.mkdir(exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return "e2e-lesson-without-replies/"


def test_no_pyodide_byte_until_someone_writes_a_reply(new_context, open_page, course, site_dir):
    context = new_context()
    urls: list[str] = []
    context.on("request", lambda r: urls.append(r.url))
    page = open_page(lesson_without_replies(course, site_dir), context=context)
    expect(page.locator(".academy-lesson-end")).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert urls, "requests were recorded"
    assert pyodide_requests(urls) == [], pyodide_requests(urls)
    assert not any(u.endswith(("practice.css", "/engine.js", "/reply.js")) for u in urls)

    # a lesson whose quiz has a reply question: still nothing of Pyodide until the box is used
    banks = {b["id"]: b for b in course["banks"]}
    with_reply = next((x for x in course["lessons"] if x["bank"] and any(
        q["type"] == "reply" for q in banks[x["bank"]]["questions"])), None)
    if with_reply:
        urls.clear()
        page = open_page(with_reply["url"], context=context)
        expect(quiz(page).locator("textarea.academy-reply-input").first).to_be_attached()  # rendered
        page.wait_for_load_state("networkidle")
        assert pyodide_requests(urls) == [], pyodide_requests(urls)


def test_without_the_engine_the_desk_says_so_and_replies_are_left_out(new_context, open_page, course):
    context = new_context()
    context.route("**/academy/engine.json", lambda route: route.fulfill(
        json={"format": 1, "available": False, "reason": "npm is not installed"}))
    page = open_page("practice/", context=context)
    expect(page.get_by_role("alert")).to_contain_text("练习台暂时无法使用")
    expect(page.get_by_role("button", name="抽一张场景卡")).to_have_count(0)

    page = open_page(REPLY_PAGE, context=context)
    q = quiz(page)
    box = question(q, 1).get_by_role("textbox", name="您的回复")
    box.focus()
    expect(question(q, 1).get_by_role("status")).to_have_text(
        "本站点没有安装评分引擎，自由回复暂时无法评分。")
    box.fill("您好，抱歉让您久等了，我马上为您查询。")
    result = submit(q)
    expect(result).to_contain_text("答对 0/1 题")  # the dialogue, unanswered; the reply left out
    expect(question(q, 1)).to_contain_text("评分引擎不可用，本题未评分，不计入得分。")
