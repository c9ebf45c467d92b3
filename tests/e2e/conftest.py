"""Fixtures for the browser end-to-end tests.

One site build and one Chromium per session; a fresh browser context (empty localStorage) per
test, on a 390×844 touch screen. The site is built from the repository with `academy build`
(or `mkdocs build` when the CLI is not installed), or taken from $ACADEMY_E2E_SITE, copied to a
temporary folder, and two test-only quiz pages are added to the copy: they reuse a built page
(real theme, real assets) with a bank from academy_e2e.py, so the tests do not depend on what the
course content happens to contain.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from academy_e2e import ALL_TYPES, REPLIES, TIMED, own_page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ACADEMY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: browser end-to-end test (Playwright + Chromium)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def quiz_section(bank: dict) -> str:
    """The widget markup of docs/formats.md for a bank."""
    data = json.dumps(bank, ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    bid = bank["id"]
    return (
        f'<section class="academy-quiz" id="quiz-{bid}" data-bank="{bid}" '
        f'aria-labelledby="quiz-{bid}-title">\n'
        f'<h2 id="quiz-{bid}-title">随堂测验：{bank["title"]}</h2>\n'
        '<noscript><p class="academy-noscript">测验需要启用 JavaScript。</p></noscript>\n'
        f'<script type="application/json" class="academy-bank">{data}</script>\n'
        "</section>"
    )


def add_quiz_page(site: Path, template: Path, bank: dict) -> None:
    """Write quiz/<bank id>/index.html: the built page `template` with its widget replaced."""
    html = template.read_text(encoding="utf-8")
    html, n = re.subn(r'<section class="academy-quiz".*?</section>',
                      lambda _: quiz_section(bank), html, count=1, flags=re.S)
    assert n == 1, f"no quiz widget in {template}"
    out = site / "quiz" / bank["id"] / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("e2e") / "site"
    prebuilt = os.environ.get("ACADEMY_E2E_SITE")
    if prebuilt:
        shutil.copytree(prebuilt, out)
    else:
        if shutil.which("academy"):
            cmd = ["academy", "build", "--site-dir", str(out)]
        else:
            cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(out)]
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            pytest.fail(f"site build failed: {' '.join(cmd)}\n{run.stdout}\n{run.stderr}")
    course = json.loads((out / "academy" / "course.json").read_text(encoding="utf-8"))
    if not course["banks"]:
        pytest.fail("the built site has no quiz bank to take a page from")
    template = out / own_page(course) / "index.html"  # the test pages are copies of an exam's page
    for bank in (ALL_TYPES, TIMED, REPLIES):
        add_quiz_page(out, template, bank)
    return out


@pytest.fixture(scope="session")
def course(site_dir: Path) -> dict:
    return json.loads((site_dir / "academy" / "course.json").read_text(encoding="utf-8"))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the browser dropping a connection is not a test failure


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)  # port 0: a free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium, or set ACADEMY_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a missing browser must not pass silently
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def new_context(browser, base_url):
    """Factory for phone-sized contexts; each has its own empty localStorage."""
    contexts = []

    def make():
        ctx = browser.new_context(
            viewport=PHONE, has_touch=True, is_mobile=True, locale="zh-CN",
            base_url=base_url, accept_downloads=True,
        )
        ctx.set_default_timeout(5000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        with contextlib.suppress(Exception):
            ctx.close()


@pytest.fixture
def open_page(new_context):
    """open_page(url, context=None) → a page with JavaScript errors collected and checked."""
    errors: list[str] = []
    default = []

    def go(url: str, context=None, clock: bool = False, ignore: str | None = None):
        """ignore: a message the page may throw (from outside the academy modules)."""
        if context is None:
            if not default:
                default.append(new_context())
            context = default[0]
        page = context.new_page()
        def note(text: str) -> None:
            if text != ignore:
                errors.append(f"{url}: {text}")

        page.on("pageerror", lambda e: note(e.message))
        page.on("console", lambda m: m.type == "error" and note(m.text))
        if clock:
            page.clock.install()
        page.goto(url)
        return page

    yield go
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)
