"""Offline study in a phone-sized Chromium (docs/browser.md, "Offline"): a lesson and its quiz
opened once can be opened again, and the quiz taken and recorded, with the network off; a new
site version replaces the cached files and keeps the learner's progress.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from academy.compile.offline import SW_PATH, write_service_worker
from academy_e2e import question, quiz, shown, stored
from conftest import _Quiet, _Server
from playwright.sync_api import Error, Page, expect
from test_browser_progress import pass_bank

WORKER_TIMEOUT = 20_000  # install precaches the shell (~40 files) on a loaded 2-core machine
FETCH_FAILED = "Failed to load resource: net::ERR_FAILED"  # the browser's note for a failed fetch


def controlled(page: Page) -> None:
    """Wait until the service worker controls the page (it claims open pages on activation)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=WORKER_TIMEOUT)


def cache_names(page: Page) -> list[str]:
    return page.evaluate("caches.keys()")


def wait_cached(page: Page, url: str) -> None:
    """Wait until `url` (relative to the page) is in one of the site's caches."""
    deadline = time.monotonic() + WORKER_TIMEOUT / 1000
    while not page.evaluate("async (u) => !!(await caches.match(new URL(u, location.href).href))", url):
        assert time.monotonic() < deadline, f"{url} was not cached"
        page.wait_for_timeout(100)


def lesson_with_quiz(course: dict) -> tuple[dict, dict]:
    """A lesson with a quiz, preferably one without reply questions (graded by the engine)."""
    banks = {b["id"]: b for b in course["banks"]}
    pairs = [(x, banks[x["bank"]]) for x in course["lessons"] if x["bank"] in banks]
    assert pairs, "the course has no lesson with a quiz"
    return min(pairs, key=lambda p: sum(q["type"] == "reply" for q in p[1]["questions"]))


def path_of(url: str) -> str:
    return re.escape(url) + "$"


def visit_online(open_page, context, lesson: dict, bank: dict, take: bool = False) -> None:
    """Open the lesson, its quiz page (taking the quiz if `take`) and the progress page."""
    page = open_page(lesson["url"], context=context)
    controlled(page)  # the first page was loaded before the worker: it asks the worker to keep it
    wait_cached(page, "")
    quiz_page = open_page(bank["url"], context=context)  # opened through the worker
    expect(quiz(quiz_page)).to_be_visible()
    if take:
        pass_bank(quiz_page)
    wait_cached(quiz_page, "")
    progress = open_page("progress/", context=context)
    expect(progress.get_by_text(re.compile(r"^已学课程 0/"))).to_be_visible()
    wait_cached(progress, "")
    for p in (page, quiz_page, progress):
        p.close()


def test_a_visited_lesson_and_its_quiz_work_offline(new_context, open_page, course):
    lesson, bank = lesson_with_quiz(course)
    context = new_context()
    visit_online(open_page, context, lesson, bank)

    context.set_offline(True)
    # offline, what the page cannot fetch (the grading engine, never used) fails quietly
    page = open_page(lesson["url"], context=context, ignore=FETCH_FAILED)
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson["title"])
    expect(page.get_by_role("status").filter(has_text="当前没有网络")).to_be_visible()
    page.get_by_role("button", name="标记为已学", pressed=False).tap()
    expect(page.get_by_role("button", name="标记为已学", pressed=True)).to_be_visible()

    page.reload()  # a reload offline comes from the cache too
    expect(page.get_by_role("button", name="标记为已学", pressed=True)).to_be_visible()

    page.goto(bank["url"])
    pass_bank(page)  # the engine was never used online: reply questions are left out
    replies = [n for n, q in enumerate(shown(quiz(page), bank), 1) if q["type"] == "reply"]
    for n in replies:
        expect(question(quiz(page), n)).to_contain_text("本题未评分，不计入得分")
    data = stored(page)
    assert data["banks"][bank["id"]]["passed"] is True
    assert data["lessons"][lesson["path"]]["learned"] is True

    # the progress page reads game.json from the cache
    page.goto("progress/")
    expect(page.get_by_text(re.compile(r"^已学课程 1/\d+ · 已通过测验 1/\d+$"))).to_be_visible()

    # a page never opened is not there: the browser shows its own offline page
    never = next(x["url"] for x in course["lessons"] if x["url"] != lesson["url"])
    with pytest.raises(Error):
        page.goto(never)
    context.set_offline(False)


def test_replies_are_graded_offline_once_the_engine_was_used(new_context, open_page, course):
    banks = {b["id"]: b for b in course["banks"]}
    lesson, bank = next((x, banks[x["bank"]]) for x in course["lessons"] if x["bank"] in banks
                        and any(q["type"] == "reply" for q in banks[x["bank"]]["questions"]))
    context = new_context()
    visit_online(open_page, context, lesson, bank, take=True)  # the reply starts the engine

    context.set_offline(True)
    page = open_page(bank["url"], context=context)
    expect(page.get_by_text(re.compile(r"^最好成绩 100% · 已作答 1 次$"))).to_be_visible()
    pass_bank(page)  # graded by Pyodide from the cache
    q = quiz(page)
    for n, item in enumerate(shown(q, bank), 1):
        if item["type"] == "reply":
            expect(question(q, n)).not_to_contain_text("未评分")
    assert stored(page)["banks"][bank["id"]]["attempts"] == 2
    context.set_offline(False)


# -- a new site version ------------------------------------------------------------------------


@pytest.fixture
def own_site(site_dir: Path, tmp_path: Path):
    """A copy of the built site on its own server, for a test that changes it (hard links: no
    file of the shared site is changed, `replace` writes a new file)."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, copy_function=os.link)
    handler = functools.partial(_Quiet, directory=str(copy))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield copy, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def replace(path: Path, text: str) -> None:
    path.unlink()
    path.write_text(text, encoding="utf-8")


def version_of(site: Path) -> str:
    text = (site / SW_PATH).read_text(encoding="utf-8")
    return json.loads(re.search(r"self\.ACADEMY_OFFLINE = (\{.*?\});", text, re.S).group(1))["version"]


def test_a_new_version_replaces_old_files_and_keeps_progress(browser, own_site, course):
    site, base = own_site
    lesson, _ = lesson_with_quiz(course)
    errors: list[str] = []
    context = browser.new_context(base_url=base, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    context.set_default_timeout(5000)
    context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        page = context.new_page()
        page.goto(lesson["url"])
        controlled(page)
        wait_cached(page, "")
        page.get_by_role("button", name="标记为已学", pressed=False).tap()
        expect(page.get_by_role("button", name="标记为已学", pressed=True)).to_be_visible()
        old = version_of(site)
        assert any(old in name for name in cache_names(page))
        css = "../../assets/academy/academy.css"
        assert "academy-new-version" not in page.evaluate("u => fetch(u).then((r) => r.text())", css)

        # the new build: a stylesheet changed, so the worker's version changes
        replace(site / "assets/academy/academy.css",
                (site / "assets/academy/academy.css").read_text(encoding="utf-8")
                + "\n.academy-new-version { display: block; }\n")
        plan = write_service_worker(site)
        assert plan.version != old

        page.reload()  # the browser checks sw.js on navigation and installs the new worker
        expect(page.get_by_role("status").filter(has_text="本站已发布新版本")).to_be_visible(
            timeout=WORKER_TIMEOUT)
        # the worker switches on activation; it then deletes the old caches
        deadline = time.monotonic() + WORKER_TIMEOUT / 1000
        while any(old in name for name in cache_names(page)):
            assert time.monotonic() < deadline, cache_names(page)
            page.wait_for_timeout(100)
        assert any(plan.version in name for name in cache_names(page))
        page.get_by_role("button", name="刷新页面").tap()
        expect(page.get_by_role("button", name="标记为已学", pressed=True)).to_be_visible()
        assert "academy-new-version" in page.evaluate("u => fetch(u).then((r) => r.text())", css)
        assert stored(page)["lessons"][lesson["path"]]["learned"] is True  # progress untouched

        # the lesson opened under the old version is still there offline
        context.set_offline(True)
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson["title"])
        expect(page.get_by_role("button", name="标记为已学", pressed=True)).to_be_visible()
        context.set_offline(False)
    finally:
        context.close()
    assert not errors, errors
