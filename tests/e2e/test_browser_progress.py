"""Progress in a phone-sized Chromium: learned lessons, the progress page, export and import,
and what happens when the stored progress is corrupted, from a newer version, or unavailable."""

from __future__ import annotations

import json
import re

from academy_e2e import (
    STORE_VERSION,
    answer,
    bank_of,
    quiz,
    raw_store,
    site_id,
    start_if_timed,
    stored,
    submit,
)
from playwright.sync_api import expect

ALL = "quiz/e2e-all-types/"


def mark(page, pressed: bool) -> None:
    page.get_by_role("button", name="标记为已学", pressed=not pressed).tap()
    expect(page.get_by_role("button", name="标记为已学", pressed=pressed)).to_be_visible()


def pass_bank(page) -> dict:
    q = quiz(page)
    bank = bank_of(q)
    start_if_timed(q, bank)
    answer(q, bank, right=True)
    expect(submit(q)).to_contain_text("得分 100%")
    return bank


def summary(page):
    return page.get_by_text(re.compile(r"^已学课程 \d+/\d+ · 已通过测验 \d+/\d+$"))


def test_lesson_marked_learned_survives_reload(open_page, course):
    lesson = course["lessons"][0]
    page = open_page(lesson["url"])
    expect(page.get_by_role("button", name="标记为已学", pressed=False)).to_be_visible()
    expect(page.get_by_text("尚未标记为已学")).to_be_visible()
    mark(page, True)
    expect(page.get_by_role("status").filter(has_text="已标记为已学。")).to_have_count(1)
    expect(page.get_by_text(re.compile(r"^已学 · \d{4}"))).to_be_visible()

    page.reload()
    expect(page.get_by_role("button", name="标记为已学", pressed=True)).to_be_visible()
    assert stored(page)["lessons"][lesson["path"]]["learned"] is True

    progress = open_page("progress/", context=page.context)
    expect(summary(progress)).to_have_text(
        f"已学课程 1/{len(course['lessons'])} · 已通过测验 0/{len(course['banks'])}")
    tier = next(t["title"] for t in course["tiers"] if t["id"] == lesson["tier"])
    item = progress.get_by_role("list", name=tier, exact=True).get_by_role("listitem").filter(
        has=progress.get_by_role("link", name=lesson["title"], exact=True))
    expect(item).to_contain_text("已学（")
    item.get_by_role("link").tap()
    expect(progress).to_have_url(re.compile(re.escape(lesson["url"]) + "$"))

    mark(page, False)
    page.reload()
    expect(page.get_by_role("button", name="标记为已学", pressed=False)).to_be_visible()
    assert lesson["path"] not in stored(page)["lessons"]


def test_export_then_import_into_a_fresh_browser(open_page, new_context, course, tmp_path):
    lessons = course["lessons"]
    entry = course["banks"][0]
    # browser A: one lesson learned, one bank passed, then export
    a = open_page(lessons[0]["url"])
    mark(a, True)
    a.goto(entry["url"])
    bank = pass_bank(a)
    a.goto("progress/")
    expect(summary(a)).to_contain_text("已学课程 1/")
    expect(summary(a)).to_contain_text("已通过测验 1/")
    with a.expect_download() as info:
        a.get_by_role("button", name="导出进度").tap()
    download = info.value
    assert re.fullmatch(rf"academy-progress-{site_id(a)}-\d{{4}}-\d\d-\d\d\.json",
                        download.suggested_filename)
    file = tmp_path / download.suggested_filename
    download.save_as(file)
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["format"] == "service-academy-progress"
    assert data["version"] == STORE_VERSION
    assert data["site_id"] == site_id(a)
    assert re.match(r"\d{4}-\d\d-\d\dT", data["exported_at"])
    assert data["progress"]["lessons"][lessons[0]["path"]]["learned"] is True
    assert data["progress"]["banks"][bank["id"]]["best"] == 100

    # browser B (empty storage): its own lesson, then import A's file: merged
    b_context = new_context()
    b = open_page(lessons[1]["url"], context=b_context)
    mark(b, True)
    b.goto("progress/")
    expect(summary(b)).to_contain_text("已学课程 1/")
    expect(summary(b)).to_contain_text("已通过测验 0/")
    b.get_by_label("导入进度文件").set_input_files(file)
    expect(b.get_by_role("status").filter(has_text="导入")).to_have_text(
        f"导入成功：已合并 1 门已学课程、1 个测验记录、{len(bank['questions'])} 道题的作答。")
    expect(summary(b)).to_contain_text("已学课程 2/")
    expect(summary(b)).to_contain_text("已通过测验 1/")
    bank_item = b.get_by_role("list", name="测验", exact=True).get_by_role("listitem").filter(
        has=b.get_by_role("link", name=entry["title"], exact=True))
    expect(bank_item).to_contain_text("最好成绩 100% · 通过 · 作答 1 次")

    b.reload()
    expect(summary(b)).to_contain_text("已学课程 2/")
    b.goto(entry["url"])
    expect(quiz(b).get_by_text("最好成绩 100% · 已作答 1 次")).to_be_visible()
    b.goto(lessons[0]["url"])
    expect(b.get_by_role("button", name="标记为已学", pressed=True)).to_be_visible()


def test_bad_import_files_are_refused_and_change_nothing(open_page, course, tmp_path):
    page = open_page(course["lessons"][0]["url"])
    mark(page, True)
    page.goto("progress/")
    before = raw_store(page)
    site = site_id(page)
    good = {"format": "service-academy-progress", "version": 1, "site_id": site,
            "exported_at": "2026-01-01T00:00:00Z",
            "progress": {"questions": {}, "banks": {}, "lessons": {}}}
    cases = {
        "corrupt.json": ("{\"format\": \"service-academy-progress\", ",
                         "导入失败：文件不是有效的 JSON。现有进度未改动。"),
        "foreign.json": (json.dumps({**good, "site_id": f"{site}-elsewhere"}),
                         f"导入失败：这个文件属于另一个站点（{site}-elsewhere），不能导入到本站。现有进度未改动。"),
        "other.json": (json.dumps({"hello": "world"}),
                       "导入失败：这不是客服学院的进度文件。现有进度未改动。"),
        "newer.json": (json.dumps({**good, "version": 99}),
                       "导入失败：文件来自更新版本的网站（格式版本 99），"
                       f"本站只支持到版本 {STORE_VERSION}。现有进度未改动。"),
        "broken.json": (json.dumps({**good, "progress": {"questions": {}, "banks": {},
                                                         "lessons": {"a.md": "yes"}}}),
                        "导入失败：文件内容不完整或已损坏。现有进度未改动。"),
    }
    status = page.get_by_role("status").filter(has_text="导入")
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.get_by_label("导入进度文件").set_input_files(path)
        expect(status).to_have_text(message)
        assert raw_store(page) == before, name
    expect(summary(page)).to_contain_text("已学课程 1/")


def test_corrupted_storage_is_backed_up_not_lost(open_page):
    page = open_page("progress/")
    key = f"academy:{site_id(page)}"
    junk = '{"version": 1, "lessons": {"foundation/x.md": {"learn'
    # Corrupt the store before any page script runs (a script still busy with the first load
    # could otherwise write over the junk), once: the second reload must find it recovered.
    page.add_init_script(
        "if (!sessionStorage.getItem('corrupted')) { sessionStorage.setItem('corrupted', '1');"
        f" localStorage.setItem({json.dumps(key)}, {json.dumps(junk)}); }}")
    page.reload()
    expect(page.get_by_text(re.compile(r"进度数据已损坏，已另存为备份（academy:"))).to_be_visible()
    backups = page.evaluate(
        "k => Object.keys(localStorage).filter(x => x.startsWith(k + ':backup:'))", key)
    assert len(backups) == 1
    assert page.evaluate("k => localStorage.getItem(k)", backups[0]) == junk
    assert stored(page)["version"] == STORE_VERSION
    page.reload()
    expect(page.get_by_text("进度数据已损坏")).to_have_count(0)  # recovered once


def test_progress_from_a_newer_version_is_left_untouched(open_page):
    page = open_page(ALL)
    newer = json.dumps({"version": 99, "site_id": site_id(page), "questions": {}, "banks": {},
                        "lessons": {}, "badges": {"from": "the future"}})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"academy:{site_id(page)}", newer])
    page.reload()
    q = quiz(page)
    answer(q, bank_of(q), right=True)
    result = submit(q)
    expect(result).to_contain_text("得分 100%")
    expect(result).to_contain_text("注意：进度未能保存（本浏览器中的进度由更新版本的网站保存（格式版本 99）")
    assert raw_store(page) == newer
    page.goto("progress/")
    expect(page.get_by_text(re.compile("由更新版本的网站保存"))).to_be_visible()
    assert raw_store(page) == newer


def test_without_local_storage_everything_still_works(new_context, open_page, course):
    context = new_context()
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('blocked', 'SecurityError'); } });""")
    # Material's own inline script reads localStorage too and throws "blocked": not ours.
    page = open_page(ALL, context=context, ignore="blocked")
    q = quiz(page)
    answer(q, bank_of(q), right=True)
    result = submit(q)
    expect(result).to_contain_text("得分 100%，通过")
    expect(result).to_contain_text("浏览器存储不可用")
    expect(q.get_by_text("最好成绩 100% · 已作答 1 次")).to_be_visible()
    page.goto(course["lessons"][0]["url"])
    mark(page, True)
    expect(page.get_by_role("status").filter(has_text="已标记为已学")).to_contain_text("浏览器存储不可用")
