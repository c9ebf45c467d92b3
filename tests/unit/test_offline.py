"""The service worker the build writes at the site root (academy.compile.offline): what it
precaches, what it leaves to first use, and a version that changes exactly when a cached file
can change."""

from __future__ import annotations

import json
import re
from pathlib import Path

from academy.cli import main
from academy.compile.offline import SW_PATH, WORKER_SCRIPT, offline_plan, write_service_worker

from tests.conftest import MKDOCS_YML, REPO, ProjectFactory

HOME = """<!doctype html><html><head>
<link rel="icon" href="assets/images/favicon.png">
<link rel="stylesheet" href="assets/stylesheets/main.css?v=1">
<link rel="stylesheet" href="https://fonts.example.com/css">
<link rel="preload" href="assets/academy/i18n/zh-CN.json" as="fetch">
<link rel="canonical" href="https://academy.example.com/">
</head><body><a href="foundation/first/">课程</a>
<script src="assets/javascripts/bundle.js"></script>
<script src="//cdn.example.com/x.js"></script>
<script type="module" src="./assets/academy/academy.js"></script>
</body></html>"""

SITE = {
    "index.html": HOME,
    "404.html": "<html></html>",
    "foundation/first/index.html": "<html>lesson</html>",
    "assets/images/favicon.png": "png",
    "assets/stylesheets/main.css": "body{}",
    "assets/stylesheets/main.css.map": "{}",
    "assets/javascripts/bundle.js": "bundle",
    "assets/javascripts/workers/search.js": "worker",
    "assets/academy/academy.js": "import './quiz.js';",
    "assets/academy/quiz.js": "quiz",
    "assets/academy/engine.js": "engine",
    "assets/academy/reply.js": "reply",
    "assets/academy/i18n/zh-CN.json": "{}",
    "assets/academy/badges/star.svg": "<svg/>",
    WORKER_SCRIPT: "// worker",
    "assets/pyodide/0.25.1/pyodide.asm.wasm": "wasm",
    "academy/course.json": '{"lessons": []}',
    "academy/engine.json": "{}",
    "search/search_index.json": "{}",
    "sitemap.xml": "<urlset/>",
}


def site(tmp_path: Path, files: dict[str, str] = SITE) -> Path:
    root = tmp_path / "site"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_precache_is_the_shell_the_quiz_code_and_course_data(tmp_path: Path) -> None:
    plan = offline_plan(site(tmp_path))
    assert plan.precache == [
        # what the home page loads, in its order; other origins are not ours to cache
        "assets/images/favicon.png", "assets/stylesheets/main.css", "assets/academy/i18n/zh-CN.json",
        "assets/javascripts/bundle.js", "assets/academy/academy.js",
        # the rest of the theme's files: modules loaded later, badges
        "assets/academy/badges/star.svg", "assets/academy/quiz.js",
        "academy/course.json",
    ]
    # Pyodide is cached on first use, in a cache that outlives site versions
    assert plan.lasting == ["assets/pyodide/0.25.1/"]
    assert plan.pages == ["./"]
    assert plan.precache_bytes == sum(len(SITE[rel].encode()) for rel in plan.precache)


def test_version_follows_cached_files_not_pages(tmp_path: Path) -> None:
    root = site(tmp_path)
    first = offline_plan(root).version
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert offline_plan(root).version == first  # the same site, the same version

    # pages are fetched network-first; Pyodide's folder carries its own version
    (root / "foundation/first/index.html").write_text("<html>new text</html>", encoding="utf-8")
    (root / "assets/pyodide/0.25.1/pyodide.asm.wasm").write_text("other build", encoding="utf-8")
    (root / "sitemap.xml").write_text("<urlset>new</urlset>", encoding="utf-8")
    assert offline_plan(root).version == first

    for rel in ("assets/academy/quiz.js", "academy/course.json", "assets/javascripts/workers/search.js"):
        (root / rel).write_text((root / rel).read_text(encoding="utf-8") + " ", encoding="utf-8")
        changed = offline_plan(root).version
        assert changed != first, rel
        first = changed


def test_sw_js_at_the_root_imports_the_worker_with_its_plan(tmp_path: Path) -> None:
    root = site(tmp_path)
    plan = write_service_worker(root)
    text = (root / SW_PATH).read_text(encoding="utf-8")
    config = json.loads(re.search(r"self\.ACADEMY_OFFLINE = (\{.*?\});", text, re.S).group(1))
    assert config == {"version": plan.version, "precache": plan.precache, "pages": ["./"],
                      "lasting": ["assets/pyodide/0.25.1/"]}
    assert f"importScripts('{WORKER_SCRIPT}?v={plan.version}');" in text
    assert plan.skipped is None


def test_without_the_worker_script_no_sw_js_is_written(tmp_path: Path) -> None:
    files = {k: v for k, v in SITE.items() if k != WORKER_SCRIPT}
    root = site(tmp_path, files)
    (root / SW_PATH).write_text("// an old worker", encoding="utf-8")
    plan = write_service_worker(root)
    assert not (root / SW_PATH).exists()
    assert plan.skipped and WORKER_SCRIPT in plan.skipped


def test_a_real_build_writes_sw_js_with_the_theme_and_course(make_project: ProjectFactory) -> None:
    root = make_project({"mkdocs.yml": MKDOCS_YML.replace(
        "language: zh", f"language: zh\n  custom_dir: {REPO / 'theme'}")})
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    built = root / "build"
    text = (built / SW_PATH).read_text(encoding="utf-8")
    config = json.loads(re.search(r"self\.ACADEMY_OFFLINE = (\{.*?\});", text, re.S).group(1))
    precache = set(config["precache"])
    assert {"assets/academy/academy.js", "assets/academy/quiz.js", "assets/academy/store.js",
            "assets/academy/offline.js", "academy/course.json", "academy/game.json"} <= precache
    assert any(re.fullmatch(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css", p) for p in precache)
    assert any(re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", p) for p in precache)
    assert not {"assets/academy/engine.js", "assets/academy/engine-worker.js"} & precache
    assert all((built / p).is_file() for p in precache)
    assert (built / WORKER_SCRIPT).is_file()
    assert config["version"] == offline_plan(built).version
