"""Helpers for the browser tests: find quiz parts by role and name, answer from the bank data."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Locator, Page, expect

STORE_KEY = "academy:service-academy"


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
    """Current order of an order question, read from the names of its 上移 buttons."""
    names = [b.get_attribute("aria-label") for b in g.get_by_role("button", name=re.compile("^上移：")).all()]
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


def answer(q: Locator, bank: dict, right: bool | set[str] = True) -> None:
    """Answer every scored question right, or wrong; `right` may be the set of ids to get right.
    Wrong answers pick an option with feedback where there is one; wrong order and match
    questions are left as they are (shown shuffled, they are wrong until sorted)."""
    for n, item in enumerate(bank["questions"], 1):
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


def submit(q: Locator) -> Locator:
    """Submit by tapping; returns the result (the status line with the score)."""
    q.get_by_role("button", name="提交答案").tap()
    result = q.locator(".academy-result[role=status]")
    expect(result).to_contain_text("得分")
    return result


def stored(page: Page, key: str = STORE_KEY) -> dict | None:
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)
