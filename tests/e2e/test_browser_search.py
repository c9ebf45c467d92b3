"""The site search on a phone (docs/search.md): loaded only when opened, Chinese fragments and
whole phrases, results with the lesson title, a section anchor that exists and a snippet."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from playwright.sync_api import Page, expect

TABLE = json.loads((Path(__file__).resolve().parents[2] / "theme/assets/academy/i18n/zh-CN.json")
                   .read_text(encoding="utf-8"))
SEARCH_FILES = ("/academy/search/", "/search.js", "search_index.json", "/workers/search", "/lunr/")
REFUND = "compliance/refund-and-compensation/"
BUTTON = 'label.md-header__button[for="__search"]'


def t(key: str, **params: object) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m[1]]), TABLE[key])


def search_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if any(part in u for part in SEARCH_FILES)]


def search(page: Page, query: str) -> None:
    """Open search with the header button, type the query and wait for the results."""
    page.locator(BUTTON).tap()
    box = page.get_by_role("textbox", name=t("search.placeholder"))
    expect(box).to_be_focused()
    box.fill(query)
    expect(page.locator(".md-search-result")).to_have_attribute("data-state", "done", timeout=15_000)


def results(page: Page) -> list[str]:
    """Paths of the result pages, in order."""
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all(
        "links => links.map((a) => new URL(a.href).pathname)")
    return [h.lstrip("/") for h in hrefs]


def text_of(site_dir: Path, path: str) -> str:
    """What a learner reads on a built page (no scripts)."""
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    article = html[html.index('<article class="md-content__inner'):html.rindex("</article>")]
    article = re.sub(r"<(script|noscript)\b.*?</\1>", "", article, flags=re.S)
    return re.sub(r"<[^>]+>", "", article)


def test_nothing_of_search_is_fetched_until_search_is_opened(new_context, open_page):
    context = new_context()
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))  # pages, workers, service worker
    page = open_page(REFUND, context=context)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert search_requests(requested) == [], "fetched before search was opened"
    search(page, "退款")
    fetched = search_requests(requested)
    assert any(u.endswith("/academy/search/meta.json") for u in fetched)
    assert not [u for u in fetched if "search_index.json" in u or "/lunr/" in u], "no Material search"


def test_refund_finds_the_refund_lesson_first_with_title_section_and_snippet(open_page):
    page = open_page("")
    search(page, "退款")
    found = results(page)
    assert found[0] == REFUND
    count = re.compile("^" + re.escape(t("search.count", n=0)).replace("0", r"(\d+)", 1) + "$")
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(count)
    assert int(count.match(meta.inner_text())[1]) >= len(found) > 1
    first = page.locator(".md-search-result__item").first
    expect(first.locator("h1")).to_have_text("退款与赔偿承诺的边界")
    sections = first.locator("a.md-search-result__link:not(:first-child)")
    assert sections.count() >= 1
    expect(sections.first.locator("h2")).to_have_text("学习目标")
    snippet = sections.first.locator("p")
    expect(snippet).to_contain_text("退款")
    assert snippet.locator("mark").all_inner_texts()[0] == "退款"
    assert len(snippet.inner_text()) < 100, "a snippet, not the whole section"


def test_a_fragment_inside_a_word_finds_its_pages(open_page, site_dir):
    page = open_page("")
    search(page, "意度")  # only ever inside 满意度
    found = results(page)
    assert "supervisor/smart-goals/" in found
    assert found and all("意度" in text_of(site_dir, p) for p in found)
    assert set(page.locator(".md-search-result mark").all_inner_texts()) == {"意度"}


def test_a_phrase_finds_only_pages_that_hold_it_whole(open_page, site_dir):
    page = open_page("")
    search(page, "退款到账")
    found = results(page)
    assert REFUND in found
    assert all("退款到账" in text_of(site_dir, p) for p in found), "no page with 退款 and 到账 apart"
    # both words apart are on more pages: the phrase is not searched as two words
    search_words = [p for p in ("advanced/voice-and-pace/", "advanced/multi-window/")
                    if "退款" in text_of(site_dir, p) and "到账" in text_of(site_dir, p)]
    assert search_words and not set(search_words) & set(found)
    page.get_by_role("textbox", name=t("search.placeholder")).fill("退款 到账")
    expect(page.locator(".md-search-result")).to_have_attribute("data-state", "done")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert set(search_words) <= set(results(page)), "two words: pages that hold both"


def test_a_result_links_to_a_section_anchor_that_exists(open_page):
    page = open_page("")
    search(page, "包裹预计")  # a stage of the script manual
    link = page.locator('a.md-search-result__link[href*="manual/logistics/#"]').first
    href = link.get_attribute("href") or ""
    anchor = unquote(href.split("#", 1)[1])
    assert anchor == "handling"
    expect(link.locator("h2")).to_have_text("问题处理")
    link.tap()
    page.wait_for_url(re.compile(r"/manual/logistics/#handling$"))
    expect(page.locator(f'[id="{anchor}"]')).to_be_in_viewport()
    assert not page.locator("#__search").is_checked(), "search closes on the new page"


def test_search_on_a_phone_fits_the_screen_and_closes(open_page):
    page = open_page(REFUND)
    button = page.locator(BUTTON)
    expect(button).to_have_attribute("title", t("search.open"))
    box = button.bounding_box()
    assert box and box["x"] + box["width"] <= 390
    search(page, "客户")
    dialog = page.locator(".md-search")
    expect(dialog).to_have_role("dialog")
    expect(dialog).to_have_accessible_name(t("search.dialog"))
    # the dialog settles within the phone's width (Material animates it open)
    page.wait_for_function("""() => {
        const r = document.querySelector('.md-search__inner').getBoundingClientRect();
        return r.left >= 0 && r.width > 0 && r.right <= innerWidth;
    }""")
    expect(page.locator(".md-search-result__item").first).to_be_in_viewport()
    more = page.get_by_role("button", name=t("search.more"))
    expect(more).to_be_visible()
    before = page.locator(".md-search-result__item").count()
    more.click()
    expect(page.locator(".md-search-result__item")).to_have_count(before + 10)
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("/")  # Material's shortcut opens it again
    expect(page.get_by_role("textbox", name=t("search.placeholder"))).to_be_focused()


def test_nothing_found_and_a_broken_index_are_said(new_context, open_page):
    page = open_page("")
    search(page, "罗马帝国")
    expect(page.locator(".md-search-result__meta")).to_have_text(t("search.none"))
    context = new_context()
    context.route("**/academy/search/meta.json", lambda route: route.abort())
    page = open_page("", context=context, ignore="Failed to load resource: net::ERR_FAILED")
    page.locator(BUTTON).tap()
    page.get_by_role("textbox", name=t("search.placeholder")).fill("退款")
    expect(page.locator(".md-search-result__meta")).to_have_text(t("search.failed"))
