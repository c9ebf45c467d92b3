"""A site built with theme.language: en shows our widgets in English, and its pages download the
English table only (docs/i18n.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import MKDOCS_YML, REPO, ProjectFactory

I18N = re.compile(r"/assets/academy/i18n/([\w-]+)\.json$")


def build_english_site(make_project: ProjectFactory, out: Path) -> None:
    """The mini course of tests/conftest.py with the repository's theme and theme.language: en,
    built into ``out`` (a folder of the served site)."""
    config = MKDOCS_YML.replace("language: zh", f"language: en\n  custom_dir: {REPO / 'theme'}")
    root = make_project({"mkdocs.yml": config})
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                         cwd=root, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_an_english_site_shows_english_widgets(make_project, site_dir, new_context, open_page):
    build_english_site(make_project, site_dir / "i18n-en")
    context = new_context()
    tables: list[tuple[str, bool]] = []  # (language, fetched by the page rather than the service worker)
    context.on("request", lambda r: (m := I18N.search(r.url)) and tables.append((m[1], not r.service_worker)))
    warnings: list[str] = []
    page = open_page("i18n-en/foundation/first-response/", context=context)
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))

    quiz = page.get_by_role("region", name="Quiz: 首次响应测验")  # the course itself stays Chinese
    expect(quiz.get_by_text("Not attempted yet")).to_be_visible()
    expect(quiz.get_by_text("Questions: 2 · Pass mark 80%")).to_be_visible()
    first = quiz.get_by_role("group", name=re.compile(r"^Question 1 "))
    first.get_by_role("radio", name="非常抱歉让您久等了，我马上为您查询。").check()
    quiz.get_by_role("group", name=re.compile(r"^Question 2 ")).get_by_role(
        "textbox", name="Your answer").fill("30")
    quiz.get_by_role("button", name="Submit answers").tap()
    expect(quiz.locator(".academy-result")).to_contain_text(
        "Score 100%, passed (pass mark 80%). Correct: 2/2.")
    expect(quiz.get_by_role("button", name="Try again")).to_be_focused()

    header = page.get_by_role("link", name=re.compile(r"^My dashboard: .*, \d+ points in total, \d+-day "))
    expect(header).to_be_visible()
    expect(page.locator(".academy-status-points")).to_have_text(re.compile(r"^[1-9]\d* pts$"))
    expect(page.get_by_role("progressbar", name="Level progress")).to_be_attached()
    expect(page.get_by_role("button", name="Mark as learned")).to_be_visible()

    assert [lang for lang, by_page in tables if by_page] == ["en"], "the page fetches its table, once"
    assert {lang for lang, _ in tables} == {"en"}, "the site has no other table, nor caches one"
    assert not (site_dir / "i18n-en/assets/academy/i18n/zh-CN.json").exists()
    assert not [w for w in warnings if "preload" in w], warnings
