"""The MkDocs adapter: the only module that imports mkdocs.

It hands MkDocs what the generator-agnostic compiler (academy.compile) produces: generated
pages, markup appended to pages, the navigation in course order and course.json.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from academy.anchors import slugify
from academy.checks import CheckResult, check_course
from academy.compile import (
    COURSE_JSON_PATH,
    GAME_JSON_PATH,
    course_json,
    game_json,
    generated_pages,
    html_after,
    outline,
    redirect_pages,
)
from academy.compile.compact import compact_html
from academy.compile.game import header_data
from academy.compile.i18n import DEFAULT_LANGUAGE, languages, resolve, unused_table, use_language
from academy.compile.offline import write_service_worker
from academy.compile.pages import NavEntry
from academy.compile.pyodide import install_engine
from academy.compile.search import build_search
from academy.findings import Finding, Severity, has_red
from academy.model import Course, Project, load_course
from academy.report import render
from academy.template_cache import use_template_cache

log = logging.getLogger("mkdocs.plugins.academy")
COURSE_DATA_FILES = ("academy.yml", "wording.yml")  # read by the course model, not published


class AcademyConfig(Config):
    quizzes_dir = c.Type(str, default="quizzes")
    language = c.Optional(c.Type(str))  # interface language; default: follows theme.language


class AcademyPlugin(BasePlugin[AcademyConfig]):
    def __init__(self) -> None:
        self.course: Course | None = None
        self.result: CheckResult | None = None
        self._preloaded: tuple[Course, CheckResult] | None = None

    def use_course(self, course: Course, result: CheckResult) -> None:
        """Reuse a course the CLI already loaded and checked (it is loaded once per build)."""
        self._preloaded = (course, result)

    # -- events ---------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._preloaded is not None:
            course, result = self._preloaded
            self._preloaded = None
        else:
            course = load_course(_project(config, self.config.quizzes_dir))
            result = check_course(course)
            _log_findings(result.findings)
        if has_red(result.findings):
            raise PluginError(
                "academy: red cards in the content; fix them and build again (academy check)."
            )
        self.course, self.result = course, result
        config.extra["academy_site_id"] = course.config.site_id if course.config else ""
        config.extra["academy_game"] = header_data(course)
        config.extra["academy_lang"] = self._language(config)
        if config.nav is None:
            config.nav = _nav(course)
        if "attr_list" not in config.markdown_extensions:  # stable anchors of manual stages
            config.markdown_extensions.append("attr_list")
        _readable_anchors(config)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        course, result = self._loaded()
        for file in list(files):
            if file.src_uri in COURSE_DATA_FILES or (
                file.src_uri.startswith("manual/") and file.src_uri.endswith((".yml", ".yaml"))
            ) or unused_table(file.src_uri, config.extra["academy_lang"]):
                files.remove(file)
        for page in generated_pages(course, result):
            if files.get_file_from_path(page.path) is None:
                files.append(File.generated(config, page.path, content=page.markdown))
        return files

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        use_template_cache(env)  # Material's templates compiled once, not on every build
        return env

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return html + html_after(*self._loaded(), page.file.src_uri)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return compact_html(output)  # half of Material's page is whitespace-only lines

    def on_post_build(self, config: MkDocsConfig) -> None:
        course, site = self._loaded()[0], Path(config.site_dir)
        data = course_json(course)
        files = {rel: json.dumps(content, ensure_ascii=False, separators=(",", ":"))
                 for rel, content in ((COURSE_JSON_PATH, data), (GAME_JSON_PATH, game_json(data)))}
        # old quiz pages of lesson banks send the browser on; never over a page the site has
        files |= {rel: text for rel, text in redirect_pages(course).items() if not (site / rel).exists()}
        for rel, text in files.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(text, encoding="utf-8")
        engine = install_engine(course, site)  # prints when it runs npm
        if engine.warning:
            log.warning(engine.warning)
        build_search(site)  # docs/search.md
        offline = write_service_worker(site)  # last: its version hashes the site
        if offline.skipped:
            log.info(offline.skipped)

    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        quizzes = Path(config.config_file_path).parent / self.config.quizzes_dir
        if quizzes.is_dir():
            server.watch(str(quizzes))
        return server

    # -- helpers --------------------------------------------------------------------------

    def _language(self, config: MkDocsConfig) -> str:
        """The interface table for this build (docs/i18n.md): the plugin's `language` option,
        else Material's theme.language (zh → zh-CN, zh-Hant/zh-TW → zh-TW, en → en)."""
        chosen = self.config.language
        lang = resolve(chosen or config.theme.get("language"))
        if lang is None and chosen:
            raise PluginError(f"academy: no interface table for language {chosen!r}; "
                              f"available: {', '.join(languages())}")
        if lang is None:
            log.warning(f"academy: no interface table for theme.language "
                        f"{config.theme.get('language')!r}; using {DEFAULT_LANGUAGE} "
                        "(set the academy plugin's `language` option to choose another)")
            lang = DEFAULT_LANGUAGE
        use_language(lang)
        return lang

    def _loaded(self) -> tuple[Course, CheckResult]:
        if self.course is None or self.result is None:
            raise PluginError("academy: the course was not loaded (on_config did not run)")
        return self.course, self.result


def _project(config: MkDocsConfig, quizzes_dir: str) -> Project:
    root = Path(config.config_file_path).resolve().parent
    return Project(
        root=root,
        docs_dir=Path(config.docs_dir),
        quizzes_dir=root / quizzes_dir,
        site_dir=Path(config.site_dir),
    )


def _readable_anchors(config: MkDocsConfig) -> None:
    """Heading ids from academy.anchors.slugify, the slug the anchor checks resolve links with."""
    toc = config.mdx_configs.setdefault("toc", {})
    if toc.setdefault("slugify", slugify) is not slugify:
        log.warning("academy: mkdocs.yml sets another toc slugify; the anchor checks use "
                    "academy.anchors.slugify, so they may disagree with the built ids.")


def _nav(course: Course) -> list[Any]:
    plan = outline(course)
    nav: list[Any] = [plan.home] if plan.home else []
    nav += [{title: _nav_entries(entries)} for title, entries in plan.sections]
    nav += plan.tail
    nav += [page for page in course.pages if page != plan.home]
    return nav


def _nav_entries(entries: list[NavEntry]) -> list[Any]:
    return [entry if isinstance(entry, str) else {entry[0]: _nav_entries(entry[1])}
            for entry in entries]


def _log_findings(findings: list[Finding]) -> None:
    reds = [f for f in findings if f.severity is Severity.RED]
    if reds:
        log.error("\n" + render(reds, "text"))
    for f in findings:
        if f.severity is Severity.YELLOW:
            log.info(f"{f.file}:{f.line}: yellow card [{f.rule}] {f.message} Fix: {f.fix}")
