"""Real builds of mini-sites: the plugin's pages, widgets, course.json and the red-card gate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from academy.cli import main

from tests.conftest import BANK, EXAM, ProjectFactory


def build(root: Path, *extra: str) -> int:
    return main(["-f", str(root / "mkdocs.yml"), "build", *extra])


def bank_json(html: str) -> dict:
    start = html.index('<script type="application/json" class="academy-bank">')
    start = html.index(">", start) + 1
    return json.loads(html[start: html.index("</script>", start)])


def test_build_puts_quiz_at_lesson_end_and_a_bank_without_lesson_on_its_own_page(
        make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/exam.yml": EXAM})
    assert build(root) == 0
    lesson = (root / "build/foundation/first-response/index.html").read_text()
    assert lesson.index("为什么要快") < lesson.index('class="academy-quiz"')
    assert 'data-lesson="foundation/first-response.md"' in lesson
    assert bank_json(lesson)["questions"][0]["options"][0]["correct"] is True
    assert bank_json(lesson)["url"] == "foundation/first-response/#quiz-first-response"
    page = (root / "build/quiz/exam/index.html").read_text()
    assert bank_json(page)["id"] == "exam"
    assert bank_json(page)["url"] == "quiz/exam/"
    assert "<title>结业考试" in page
    # a lesson's bank has no page of its own, in the navigation or built by MkDocs: its old
    # address sends the browser to the lesson's quiz section
    assert 'href="../quiz/first-response/"' not in lesson
    stub = (root / "build/quiz/first-response/index.html").read_text()
    target = "../../foundation/first-response/#quiz-first-response"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in stub
    assert "academy-quiz" not in stub
    listing = (root / "build/quiz/index.html").read_text()
    assert 'href="../foundation/first-response/#quiz-first-response"' in listing
    assert 'href="exam/"' in listing
    assert (root / "build/progress/index.html").is_file()
    assert not (root / "build/academy.yml").exists()


def test_course_json(make_project: ProjectFactory) -> None:
    root = make_project()
    assert build(root) == 0
    course = json.loads((root / "build/academy/course.json").read_text())
    assert course["site_id"] == "mini-academy"
    assert [t["id"] for t in course["tiers"]] == ["foundation", "scenario"]
    (lesson,) = course["lessons"]
    assert lesson == {
        "path": "foundation/first-response.md", "url": "foundation/first-response/",
        "title": "首次响应", "tier": "foundation", "competencies": ["communication"],
        "bank": "first-response",
    }
    (bank,) = course["banks"]
    assert bank["url"] == "foundation/first-response/#quiz-first-response"
    assert bank["questions"][1]["answers"] == ["30", "30秒"]
    assert "owner" not in bank


def test_nav_follows_the_course_with_chinese_titles(make_project: ProjectFactory) -> None:
    root = make_project()
    assert build(root) == 0
    home = (root / "build/index.html").read_text()
    for title in ("基础层", "题库", "学习进度"):
        assert title in home


def test_script_in_bank_text_cannot_break_out(make_project: ProjectFactory) -> None:
    # unsafe-html stops such a bank at check time; the widget escapes it all the same
    from academy.compile.pages import quiz_widget
    from academy.model import load_course, project_from_mkdocs

    root = make_project({"quizzes/first-response.yml": BANK.replace(
        "先致歉、再行动。", "'</script><script>alert(1)</script>'")})
    course = load_course(project_from_mkdocs(root / "mkdocs.yml"))
    page = quiz_widget(course, course.banks[0].bank)
    assert "<script>alert(1)" not in page
    assert bank_json(page)["questions"][0]["explanation"].startswith("</script>")


def test_red_card_builds_nothing_and_keeps_the_old_site(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project()
    assert build(root) == 0
    before = (root / "build/index.html").read_text()
    make_project({"quizzes/first-response.yml": BANK.replace("type: fill", "type: blank")})
    assert build(root) == 1
    assert "quizzes/first-response.yml:17" in capsys.readouterr().out
    assert (root / "build/index.html").read_text() == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".build")) == []


def test_mkdocs_build_gives_the_same_site(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project()
    assert build(root, "--site-dir", str(tmp_path / "via-academy")) == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "via-mkdocs")],
                   cwd=root, check=True, env=env)
    a = sorted(p.relative_to(tmp_path / "via-academy").as_posix()
               for p in (tmp_path / "via-academy").rglob("*") if p.is_file())
    b = sorted(p.relative_to(tmp_path / "via-mkdocs").as_posix()
               for p in (tmp_path / "via-mkdocs").rglob("*") if p.is_file())
    assert a == b
    for rel in ("academy/course.json", "foundation/first-response/index.html"):
        assert (tmp_path / "via-academy" / rel).read_bytes() == (tmp_path / "via-mkdocs" / rel).read_bytes()


def test_plain_mkdocs_build_fails_on_red_cards(make_project: ProjectFactory) -> None:
    root = make_project({"quizzes/first-response.yml": BANK.replace("type: fill", "type: blank")})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "quizzes/first-response.yml:17" in result.stderr
    assert not (root / "build").exists()


def test_lesson_shows_review_date_and_quality_page_lists_cards(make_project: ProjectFactory) -> None:
    reviewed = date.today() - timedelta(days=15)  # due 5 days ago: a yellow card
    root = make_project({"quizzes/first-response.yml": BANK.replace(
        "reviewed: 2026-11-20", f"reviewed: {reviewed}\nreview_every: 10")})
    assert build(root) == 0
    lesson = (root / "build/foundation/first-response/index.html").read_text()
    assert '最近审核：<time datetime="2026-11-20">' in lesson
    quality = (root / "build/quality/index.html").read_text()
    assert "时效率" in quality
    assert "50.0%" in quality
    assert "<code>review-due</code>" in quality
    due_table = quality[quality.index("未来 30 天内到期的审核"):]
    assert f"<td>{reviewed + timedelta(days=10)}</td>" in due_table
    assert "<code>quizzes/first-response.yml</code>" in due_table


def test_academy_serve_previews_the_site(make_project: ProjectFactory) -> None:
    import socket
    import time
    import urllib.request

    root = make_project()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "academy.cli", "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/foundation/first-response/") as r:
                    page = r.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert 'class="academy-quiz"' in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_quality_page_cards_show_quoted_names_as_code_and_never_markup(
        make_project: ProjectFactory) -> None:
    from academy.checks import check_course
    from academy.compile.quality import quality_markdown
    from academy.findings import Finding, Severity
    from academy.model import load_course, project_from_mkdocs

    root = make_project()
    course = load_course(project_from_mkdocs(root / "mkdocs.yml"))
    result = check_course(course)
    result.findings = [Finding("content/foundation/first-response.md", 3, Severity.YELLOW,
                               "wording", "the phrase `您必须` <b>is</b> forbidden | x", "write 我们建议")]
    page = quality_markdown(course, result)
    assert ("<td>the phrase <code>您必须</code> &lt;b&gt;is&lt;/b&gt; forbidden | x</td>"
            in page)
    assert "<td><code>content/foundation/first-response.md</code></td>" in page


@pytest.mark.parametrize("fork", [True, False])
def test_build_checks_beside_mkdocs_in_a_second_process_when_it_can(
        make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        fork: bool) -> None:
    import academy.cli
    import academy.forked

    checked_in = tmp_path / "checked-in"
    real_check = academy.cli.check_course

    def check(course, today=None):  # type: ignore[no-untyped-def]
        checked_in.write_text(str(os.getpid()))
        return real_check(course, today)

    monkeypatch.setattr(academy.cli, "check_course", check)
    monkeypatch.setattr(academy.forked, "can_fork", lambda: fork)
    root = make_project({"quizzes/first-response.yml": BANK.replace(
        "reviewed: 2026-11-20", "reviewed: 2020-01-01")})  # a red card: past twice the cycle
    assert build(root) == 1
    assert not (root / "build").exists()
    assert not list(root.glob(".build-*"))  # the staging folder went too
    assert (checked_in.read_text() != str(os.getpid())) is fork
    root = make_project()
    assert build(root) == 0
    assert (checked_in.read_text() != str(os.getpid())) is fork
    assert "时效率" in (root / "build/quality/index.html").read_text()
