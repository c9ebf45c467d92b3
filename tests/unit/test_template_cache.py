"""Compiled theme templates kept between builds (academy.template_cache)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from academy.cli import main
from academy.template_cache import use_template_cache

from tests.conftest import ProjectFactory


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Names of the templates Jinja compiled from source, with the cache under tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    seen: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return compile_source(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


def _render(folder: Path, **settings: object) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **settings)
    assert use_template_cache(env)
    return env.get_template("page.html").render(name="学员")


def test_second_build_loads_compiled_template(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "page.html").write_text("你好，{{ name }}", encoding="utf-8")
    assert _render(tmp_path) == "你好，学员"
    assert _render(tmp_path) == "你好，学员"
    assert compiles == ["page.html"]  # compiled by the first build only
    assert list((tmp_path / "cache/academy/templates").rglob("*.cache"))


def test_edited_template_is_compiled_again(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "page.html").write_text("你好，{{ name }}", encoding="utf-8")
    _render(tmp_path)
    (tmp_path / "page.html").write_text("再见，{{ name }}", encoding="utf-8")
    assert _render(tmp_path) == "再见，学员"
    assert compiles == ["page.html", "page.html"]


def test_other_settings_do_not_share_compiled_code(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "page.html").write_text("{{ name }}\n", encoding="utf-8")
    assert _render(tmp_path) == "学员"
    assert _render(tmp_path, keep_trailing_newline=True) == "学员\n"
    assert len(compiles) == 2
    assert len(list((tmp_path / "cache/academy/templates").iterdir())) == 2


def test_no_cache_folder_means_compiling_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "page.html").write_text("{{ name }}", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    assert not use_template_cache(env)
    assert env.get_template("page.html").render(name="学员") == "学员"


def test_second_site_build_compiles_no_template(
    make_project: ProjectFactory, compiles: list[str]
) -> None:
    root = make_project()
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    assert "main.html" in compiles  # Material's page template, compiled by the first build
    first = (root / "build/foundation/first-response/index.html").read_text(encoding="utf-8")
    compiles.clear()
    assert main(["-f", str(root / "mkdocs.yml"), "build"]) == 0
    assert compiles == []
    assert (root / "build/foundation/first-response/index.html").read_text(encoding="utf-8") == first
