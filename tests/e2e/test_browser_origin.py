"""No request leaves the site's origin: fonts, scripts, styles, images, workers, the grading
engine and the service worker all come from the site itself (docs/browser.md, "Same origin only").

Agents in mainland China cannot reach Google Fonts or the usual CDNs, and a request that waits
for one blocks the page; an analytics beacon would send learners' visits to a third party.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect
from test_browser_progress import pass_bank

ENGINE_TIMEOUT = 60_000  # Pyodide's first start on a loaded 2-core machine
IDLE_TIMEOUT = 30_000  # the practice page downloads Pyodide (12 MB) as it opens
# Every URL the page's markup asks the browser to fetch or connect to (links to read are fine).
FETCHED_BY_MARKUP = """() => {
  const urls = [];
  for (const el of document.querySelectorAll(
      'script[src], img[src], iframe[src], source[src], video[src], audio[src], embed[src], input[src]'))
    urls.push(el.src);
  for (const el of document.querySelectorAll('link[href]'))
    if (!/^(canonical|alternate|next|prev|author|license|help|search)$/i.test(el.rel)) urls.push(el.href);
  for (const el of document.querySelectorAll('object[data]')) urls.push(el.data);
  return urls;
}"""


def origin(url: str) -> str | None:
    """scheme://host:port of a URL that goes over the network; None for data: and about:."""
    if url.startswith("blob:"):
        url = url[len("blob:"):]
    parts = urlsplit(url)
    if parts.scheme in ("data", "about", "javascript"):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def foreign(urls: list[str], base_url: str) -> list[str]:
    home = origin(base_url)
    return sorted({u for u in urls if origin(u) not in (None, home)})


def test_no_request_leaves_the_origin(new_context, open_page, course, base_url):
    context = new_context()
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))  # pages, workers, service worker
    sockets: list[str] = []
    markup: list[str] = []

    def visit(url: str) -> Page:
        page = open_page(url, context=context)
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT)
        markup.extend(page.evaluate(FETCHED_BY_MARKUP))
        return page

    # a lesson, and its quiz taken on the quiz page
    lesson = next(x for x in course["lessons"] if x["bank"])
    visit(lesson["url"])
    entry = next(b for b in course["banks"] if b["id"] == lesson["bank"])
    page = visit(entry["url"])
    pass_bank(page)
    page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT)

    # the script manual: its index and a scenario page
    visit("manual/")
    visit(course["manuals"][0]["url"])

    # the dashboard and the other game pages
    page = visit("dashboard/")
    expect(page.locator(".academy-dashboard")).to_be_attached()
    for url in ("badges/", "review/", "progress/"):
        visit(url)

    # the practice desk: Pyodide starts in a worker and grades a reply
    manual = next(m for m in course["manuals"] if m["practice"])
    page = visit(f"practice/#{manual['id']}")
    expect(page.locator(".academy-engine-note")).to_have_text("评分引擎已就绪。", timeout=ENGINE_TIMEOUT)
    page.get_by_role("button", name="抽一张场景卡").tap()
    page.get_by_role("textbox", name="您的回复").fill("您好，非常抱歉让您久等了，我马上为您查询。")
    page.get_by_role("button", name="提交回复").tap()
    expect(page.locator(".academy-practice-result .academy-result")).to_contain_text(re.compile("通过"))
    page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT)

    assert any("/assets/pyodide/" in u for u in requested), "the engine was not exercised"
    assert any(u.endswith("/academy/course.json") for u in requested)
    assert foreign(requested, base_url) == [], "requests to other origins"
    assert foreign(sockets, base_url) == [], "web sockets to other origins"
    assert foreign(markup, base_url) == [], "markup that fetches from or connects to other origins"


def test_the_shell_asks_for_no_web_font(new_context, open_page, course):
    """System fonts only: no @font-face in the site's styles, so nothing waits for a font."""
    page = open_page(course["lessons"][0]["url"], context=new_context())
    faces = page.evaluate("""() => {
      const found = [];
      for (const sheet of document.styleSheets) {
        let rules;
        try { rules = sheet.cssRules; } catch { found.push('unreadable: ' + sheet.href); continue; }
        for (const rule of rules) if (rule instanceof CSSFontFaceRule) found.push(rule.cssText);
      }
      return found;
    }""")
    assert faces == []
    assert page.evaluate("document.fonts.size") == 0
