"""`see:` in a phone-sized Chromium: a wrong answer shows "复习：…" links with its explanation (a
right one does not), and following a link lands on the lesson section or manual stage that
teaches the point. Real banks of the shipped course; only questions answered without the rule
engine (choice, true/false, fill) are touched, the others are left unanswered."""

from __future__ import annotations

import re
from urllib.parse import unquote

from academy_e2e import bank_of, bank_url, question, quiz, submit
from playwright.sync_api import Locator, Page, expect

SIMPLE = ("single", "truefalse", "fill")


def pick(bank: dict, kind: str) -> tuple[int, dict]:
    """The first question (1-based position) of a simple type with a `see:` link of `kind`."""
    return next((n, x) for n, x in enumerate(bank["questions"], 1)
                if x["type"] in SIMPLE and any(s["kind"] == kind for s in x["see"]))


def reply(g: Locator, item: dict, right: bool) -> None:
    if item["type"] == "single":
        option = next(o for o in item["options"] if o["correct"] == right)
        g.get_by_role("radio", name=option["text"], exact=True).check()
    elif item["type"] == "truefalse":
        value = item["answer"] if right else not item["answer"]
        g.get_by_role("radio", name="对" if value else "错", exact=True).check()
    else:
        g.get_by_role("textbox", name="填写答案").fill(item["answers"][0] if right else "不知道")


def feedback(page: Page, g: Locator) -> Locator:
    """The feedback block of a question (the group's description)."""
    return page.locator(f'[id="{g.get_attribute("aria-describedby")}"]')


def follow(page: Page, base_url: str, link: Locator, see: dict) -> None:
    """The link goes to the section's URL, and the page there has the section's anchor."""
    href = link.get_attribute("href") or ""
    assert unquote(href) == base_url + see["url"], href
    link.tap()
    path, _, anchor = see["url"].partition("#")
    expect(page).to_have_url(re.compile(re.escape(base_url + path)))
    target = page.locator(f'[id="{anchor}"]')
    expect(target).to_have_count(1)
    expect(target).to_be_in_viewport()
    if see["section"]:
        expect(target).to_contain_text(see["section"])


def test_a_wrong_answer_links_to_the_lesson_section(open_page, base_url):
    page = open_page("foundation/service-language/")
    q = quiz(page)
    bank = bank_of(q)
    wrong_n, wrong = pick(bank, "lesson")
    right_n, right = next((n, x) for n, x in enumerate(bank["questions"], 1)
                          if x["type"] in SIMPLE and n != wrong_n)
    reply(question(q, wrong_n), wrong, right=False)
    reply(question(q, right_n), right, right=True)
    submit(q)

    see = wrong["see"][0]
    box = feedback(page, question(q, wrong_n))
    expect(box).to_contain_text("错误")
    expect(box).to_contain_text(f"解析：{wrong['explanation']}")
    name = f"复习：《{see['page']}》“{see['section']}”"
    link = box.get_by_role("link", name=name, exact=True)
    expect(link).to_be_visible()
    expect(box.get_by_role("link", name=re.compile("^复习："))).to_have_count(len(wrong["see"]))
    # a right answer gets the explanation without the links
    ok = feedback(page, question(q, right_n))
    expect(ok).to_contain_text("正确")
    expect(ok.get_by_role("link", name=re.compile("^复习："))).to_have_count(0)

    follow(page, base_url, link, see)


def test_a_wrong_answer_links_to_the_manual_stage(open_page, base_url, course):
    page = open_page(bank_url(course, "privacy-inquiry"))
    q = quiz(page)
    bank = bank_of(q)
    n, item = pick(bank, "manual")
    reply(question(q, n), item, right=False)
    submit(q)
    see = next(s for s in item["see"] if s["kind"] == "manual")
    link = feedback(page, question(q, n)).get_by_role(
        "link", name=f"复习：话术手册《{see['page']}》“{see['section']}”", exact=True)
    expect(link).to_be_visible()
    follow(page, base_url, link, see)
    expect(page.get_by_role("heading", name=see["page"], level=1)).to_be_visible()
