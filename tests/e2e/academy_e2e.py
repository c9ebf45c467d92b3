"""Helpers for the browser tests: find quiz parts by role and name, answer from the bank data."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Locator, Page, expect

# A bank with every question type, as the build writes it (defaults filled in).
ALL_TYPES = {
    "id": "e2e-all-types",
    "title": "端到端：全部题型",
    "lesson": None,
    "competencies": [],
    "pass_score": 80,
    "time_limit": None,
    "questions": [
        {
            "id": "first-words", "type": "single", "points": 1,
            "prompt": "客户说快递三天没动了，您的第一句话是？",
            "explanation": "先致歉、再行动，不推卸责任。",
            "options": [
                {"text": "非常抱歉让您久等了，我马上为您查询物流进度。", "correct": True,
                 "feedback": None},
                {"text": "这是快递公司的问题，我们也没办法。", "correct": False,
                 "feedback": "推卸责任会激化情绪。"},
                {"text": "您再等等吧。", "correct": False, "feedback": None},
            ],
        },
        {
            "id": "opening", "type": "multiple", "points": 2,
            "prompt": "开场白的三要素是哪几项？",
            "explanation": "问候、表明身份、表达服务意愿。",
            "options": [
                {"text": "问候", "correct": True, "feedback": None},
                {"text": "索要订单号", "correct": False, "feedback": "索要信息不是开场白要素。"},
                {"text": "表明身份", "correct": True, "feedback": None},
                {"text": "表达服务意愿", "correct": True, "feedback": None},
            ],
        },
        {
            "id": "query-first", "type": "truefalse", "points": 1, "answer": False,
            "prompt": "需要查询的问题，应先查清楚再回复第一句话。",
            "explanation": "先回一句“正在查询”，再去查。",
        },
        {
            "id": "limit", "type": "fill", "points": 1, "answers": ["30", "30 秒"],
            "prompt": "首次响应的上限是多少秒？",
            "explanation": "30 秒是客户耐心的分水岭。",
        },
        {
            "id": "steps", "type": "order", "points": 1,
            "items": ["问候并表明身份", "告诉客户正在查询", "查询订单", "结论先行地答复"],
            "prompt": "把处理步骤排成正确顺序。",
            "explanation": "先接住客户，再查询，最后结论先行。",
        },
        {
            "id": "prepare", "type": "match", "points": 1,
            "pairs": [
                {"left": "老客从售后入口进线", "right": "打开物流轨迹"},
                {"left": "新客在商品页咨询", "right": "调出商品参数"},
                {"left": "客户有进行中的退款", "right": "查看退款节点"},
            ],
            "prompt": "为每种情形选出要先准备的内容。",
            "explanation": "响应快靠的是准备。",
        },
        {
            "id": "apology", "type": "reply", "points": 1,
            "rubric": {"require": [["抱歉", "不好意思"]], "max_chars": 120},
            "sample": "非常抱歉让您久等了。",
            "prompt": "写一句致歉的回复。", "explanation": "先致歉。",
        },
        {
            "id": "angry", "type": "scenario", "points": 1, "start": "n1",
            "nodes": [
                {"id": "n1", "customer": "怎么还没到？", "choices": [
                    {"text": "非常抱歉让您久等了，我马上为您查询。", "score": 2,
                     "feedback": "先致歉，再行动。", "next": "n2"},
                    {"text": "快递慢不归我们管。", "score": -1, "feedback": "推诿会激化情绪。",
                     "next": None},
                ]},
                {"id": "n2", "customer": "那什么时候能到？", "choices": [
                    {"text": "预计明天下午送达，我会跟进到签收。", "score": 2, "feedback": "给出确切时间。",
                     "next": None},
                    {"text": "应该快了吧。", "score": 0, "feedback": "模糊的猜测让客户更不安。",
                     "next": None},
                ]},
            ],
            "prompt": "情景对话：催物流的客户。", "explanation": "先接住情绪。",
        },
    ],
}
ALL_TYPES_POINTS = 9  # every question scores 1 point, except the 2-point multiple
STORE_VERSION = 2  # VERSION of theme/assets/academy/store.js
# A reply that breaks the wording rules of content/wording.yml (a forbidden phrase).
BAD_REPLY = "您必须先提供订单号，不然没办法查。"

# Free text and a dialogue only (tests/e2e/test_browser_practice.py): the reply is graded by the
# rule engine in Pyodide against content/wording.yml.
REPLIES = {
    "id": "e2e-replies", "title": "端到端：自由回复与情景对话", "lesson": None, "competencies": [],
    "pass_score": 80, "time_limit": None,
    "questions": [
        {
            "id": "first-reply", "type": "reply", "points": 2,
            "rubric": {"require": [["您好", "你好"], ["抱歉", "久等"], ["查询", "查看"]], "max_chars": 60},
            "sample": "您好，非常抱歉让您久等了，我马上为您查询物流进度。",
            "prompt": "客户说：我的快递三天都没动了！请写出您的第一句回复。",
            "explanation": "问候、致歉、说明正在处理，三件事一句话说完。",
        },
        next(q for q in ALL_TYPES["questions"] if q["type"] == "scenario"),
    ],
}

# A timed bank: 90 seconds, so the one-minute warning is reached too.
TIMED = {
    "id": "e2e-timed", "title": "端到端：限时测验", "lesson": None, "competencies": [],
    "pass_score": 80, "time_limit": 90,
    "questions": [q for q in ALL_TYPES["questions"] if q["type"] in ("single", "truefalse")],
}


def bank_url(course: dict, bank_id: str) -> str:
    """Where a bank is taken: its lesson's quiz section, or its own page (exams)."""
    return next(b["url"] for b in course["banks"] if b["id"] == bank_id)


def own_page(course: dict) -> str:
    """The first bank with a page of its own (a bank no lesson shows)."""
    return next(b["url"] for b in course["banks"] if "#" not in b["url"])


def quiz(page: Page) -> Locator:
    """The first quiz on the page (a region named by its heading)."""
    return page.get_by_role("region", name=re.compile("^随堂测验：")).first


def bank_of(q: Locator) -> dict:
    """The bank the build embedded in the page (the same JSON the widget reads)."""
    return json.loads(q.locator("script.academy-bank").text_content())


def question(q: Locator, n: int) -> Locator:
    """Question n (1-based): a group named by its legend, "第 n 题 …"."""
    return q.get_by_role("group", name=re.compile(rf"^第 {n} 题 "))


def start_if_timed(q: Locator, bank: dict) -> None:
    if bank.get("time_limit"):
        q.get_by_role("button", name="开始计时测验").tap()


def fullwidth(s: str) -> str:
    """ASCII → full-width forms: the widget must fold them back."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def order_now(g: Locator) -> list[str]:
    """Current order of an order question, read from the names of its 上移 buttons (once the
    widget has drawn them: the quiz module loads after the page)."""
    buttons = g.get_by_role("button", name=re.compile("^上移："))
    expect(buttons.first).to_be_attached()
    names = [b.get_attribute("aria-label") for b in buttons.all()]
    return [n.split("：", 1)[1] for n in names]


def sort_by_tapping(g: Locator, items: list[str]) -> None:
    for target, text in enumerate(items):
        for _ in range(order_now(g).index(text) - target):
            g.get_by_role("button", name=f"上移：{text}", exact=True).tap()


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Move the focus with Tab / Shift+Tab only until `target` has it."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        after = target.evaluate(
            "el => !!(document.activeElement.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)")
        page.keyboard.press("Tab" if after else "Shift+Tab")
    raise AssertionError(f"could not reach {target} with the keyboard")


def sort_by_keyboard(page: Page, g: Locator, items: list[str]) -> None:
    for target, text in enumerate(items):
        moves = order_now(g).index(text) - target
        if moves <= 0:
            continue
        tab_to(page, g.get_by_role("button", name=f"上移：{text}", exact=True))
        for _ in range(moves):
            page.keyboard.press("Enter")  # the focus stays on the moved item


def match_by_keyboard(page: Page, g: Locator, pairs: list[dict]) -> None:
    for p in pairs:
        select = g.get_by_role("combobox", name=p["left"], exact=True)
        tab_to(page, select)
        options = select.locator("option").all_inner_texts()
        for _ in range(options.index(p["right"])):
            page.keyboard.press("ArrowDown")
        expect(select.locator("option:checked")).to_have_text(p["right"])


def shown(q: Locator, bank: dict) -> list[dict]:
    """The questions on screen, in order: a bank with `draw` shows a random few of its pool,
    found here by their prompts."""
    if not bank.get("draw"):
        return bank["questions"]
    found = []
    for n in range(1, min(bank["draw"], len(bank["questions"])) + 1):
        legend = question(q, n).locator("legend").inner_text()
        found.append(next(x for x in bank["questions"] if x["prompt"] in legend))
    return found


def answer(q: Locator, bank: dict, right: bool | set[str] = True) -> None:
    """Answer every scored question right, or wrong; `right` may be the set of ids to get right.
    Wrong answers pick an option with feedback where there is one; wrong order and match
    questions are left as they are (shown shuffled, they are wrong until sorted)."""
    for n, item in enumerate(shown(q, bank), 1):
        ok = right if isinstance(right, bool) else item["id"] in right
        g = question(q, n)
        kind = item["type"]
        if kind in ("single", "multiple"):
            good = [o for o in item["options"] if o["correct"]]
            bad = sorted((o for o in item["options"] if not o["correct"]),
                         key=lambda o: o["feedback"] is None)
            role = "radio" if kind == "single" else "checkbox"
            for o in (good if ok and kind == "multiple" else good[:1] if ok else bad[:1]):
                g.get_by_role(role, name=o["text"], exact=True).check()
        elif kind == "truefalse":
            value = item["answer"] if ok else not item["answer"]
            g.get_by_role("radio", name="对" if value else "错", exact=True).check()
        elif kind == "fill":
            g.get_by_role("textbox", name="填写答案").fill(
                f"  {fullwidth(item['answers'][0])} " if ok else "不知道")
        elif kind == "order" and ok:
            sort_by_tapping(g, item["items"])
        elif kind == "match" and ok:
            for p in item["pairs"]:
                g.get_by_role("combobox", name=p["left"], exact=True).select_option(label=p["right"])
        elif kind == "reply":
            g.get_by_role("textbox", name="您的回复").fill(item["sample"] if ok else BAD_REPLY)
        elif kind == "scenario":
            play(g, best_path(item) if ok else worst_path(item))


def _path(item: dict, better) -> list[str]:
    """Choice texts from the start, each turn's choice picked by `better` (a simple path)."""
    nodes = {n["id"]: n for n in item["nodes"]}

    def walk(nid: str, seen: frozenset) -> tuple[int, list[str]] | None:
        node = nodes[nid]
        if not node["choices"]:
            return 0, []
        found = None
        for c in node["choices"]:
            if c.get("next") in seen or c.get("next") == nid:
                continue
            rest = walk(c["next"], seen | {nid}) if c.get("next") else (0, [])
            if rest is not None:
                total = c.get("score", 0) + rest[0]
                if found is None or better(total, found[0]):
                    found = (total, [c["text"], *rest[1]])
        return found

    return walk(item.get("start") or item["nodes"][0]["id"], frozenset())[1]


def best_path(item: dict) -> list[str]:
    return _path(item, lambda a, b: a > b)


def worst_path(item: dict) -> list[str]:
    return _path(item, lambda a, b: a < b)


def play(g: Locator, texts: list[str]) -> None:
    """Play a scenario dialogue by tapping the choices in turn, then wait for the replay."""
    for text in texts:
        g.get_by_role("button", name=text, exact=True).tap()
    expect(g.get_by_role("heading", name="对话回放")).to_be_visible()


def submit(q: Locator) -> Locator:
    """Submit by tapping; returns the result (the status line with the score)."""
    q.get_by_role("button", name="提交答案").tap()
    result = q.locator(".academy-result[role=status]")
    # replies are graded by Pyodide: the first grading on a page starts it (seconds, cold)
    expect(result).to_contain_text("得分", timeout=60_000)
    return result


def site_id(page: Page) -> str:
    return page.locator('meta[name="academy-site"]').get_attribute("content")


def raw_store(page: Page) -> str | None:
    """The stored progress text: localStorage["academy:<site_id>"]."""
    return page.evaluate("k => localStorage.getItem(k)", f"academy:{site_id(page)}")


def stored(page: Page) -> dict | None:
    raw = raw_store(page)
    return None if raw is None else json.loads(raw)
