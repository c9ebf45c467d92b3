"""The `academy` command: check, build, serve, new, schema (contract in docs/architecture.md)."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from academy.checks import CheckResult, check_course
from academy.findings import has_red
from academy.forked import Beside
from academy.model import Course, Project, load_course, project_from_mkdocs
from academy.model.loader import ProjectError, no_collections
from academy.report import FORMATS, render
from academy.templates import TEMPLATES

EXIT_OK, EXIT_RED, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        return int(args.run(args))
    except ProjectError as exc:
        print(f"academy: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="academy", description="Service Academy build tool.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path,
                        help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    sub = parser.add_subparsers(dest="verb", required=True)

    check = sub.add_parser("check", help="validate content without building")
    check.add_argument("paths", nargs="*", type=Path, help="report only on these files/folders")
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("--today", type=_date, help="the date for freshness checks (YYYY-MM-DD)")
    check.set_defaults(run=cmd_check)

    build = sub.add_parser("build", help="build the site (exit 1 on red cards)")
    build.add_argument("--site-dir", type=Path, help="where to build (default: site_dir, build/)")
    build.set_defaults(run=cmd_build)

    serve = sub.add_parser("serve", help="live preview on 127.0.0.1")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="IP:PORT (default %(default)s)")
    serve.set_defaults(run=cmd_serve)

    new = sub.add_parser("new", help="create a valid, dated content file to start from")
    new.add_argument("kind", choices=sorted(TEMPLATES))
    new.add_argument("path", type=Path)
    new.set_defaults(run=cmd_new)

    schema = sub.add_parser("schema", help="write the JSON Schemas into schema/")
    schema.add_argument("--out", type=Path, help="folder (default: schema/ beside mkdocs.yml)")
    schema.set_defaults(run=cmd_schema)
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _load(
    args: argparse.Namespace, focus: tuple[str, ...] | None = None
) -> tuple[Project, Course, CheckResult]:
    project = project_from_mkdocs(args.config_file)
    course = load_course(project, focus=focus)
    result = check_course(course, today=getattr(args, "today", None))
    _print_notes(result)
    return project, course, result


def _print_notes(result: CheckResult) -> None:
    for note in result.notes:
        print(f"academy: note: {note}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    focus = None
    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        if missing:
            print(f"academy: no such file or folder: {missing[0]}", file=sys.stderr)
            return EXIT_USAGE
        focus = tuple(project_from_mkdocs(args.config_file).rel(p) for p in args.paths)
    with no_collections():
        _, course, result = _load(args, focus)
        findings = [f for f in result.findings if course.in_focus(f.file)]
        print(render(findings, args.format, result.stats))
        # the millions of objects of a check hold no cycles to collect: the collector's first
        # pass after this block would walk them all (0.3-0.5 s) just before the command ends
        gc.freeze()
    return EXIT_RED if has_red(findings) else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    project = project_from_mkdocs(args.config_file)
    course = load_course(project)
    checked = Beside(lambda: check_course(course))  # in a second process while MkDocs starts

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    target = (args.site_dir or project.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    _mkdocs_logging()
    started = time.perf_counter()
    try:
        try:
            config = load_config(str(args.config_file), site_dir=str(staging))
        finally:
            result = checked.result()  # the second process ends either way
        _print_notes(result)
        if result.findings:
            print(render(result.findings, "text", result.stats))
        if has_red(result.findings):
            shutil.rmtree(staging, ignore_errors=True)
            print("academy: nothing was built; fix the red cards above.", file=sys.stderr)
            return EXIT_RED
        plugin = config.plugins.get("academy")
        if plugin is not None:
            plugin.use_course(course, result)  # type: ignore[attr-defined]
        build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"academy: the build failed: {exc}", file=sys.stderr)
        return EXIT_RED
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _replace_dir(staging, target)
    print(f"Built {len(course.lessons)} lessons and {len(course.banks)} quiz banks into "
          f"{target} in {time.perf_counter() - started:.2f} s.")
    return EXIT_OK


def _replace_dir(new: Path, target: Path) -> None:
    """Put a finished build in place so that the target is never half-written."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _mkdocs_logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    project_from_mkdocs(args.config_file)  # exit 2 early without mkdocs.yml
    _mkdocs_logging()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        serve(config_file=str(args.config_file), dev_addr=args.dev_addr)
    except MkDocsException as exc:
        print(f"academy: {exc}", file=sys.stderr)
        return EXIT_RED
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    project = project_from_mkdocs(args.config_file)
    path: Path = args.path
    if path.exists():
        print(f"academy: {path} already exists; choose a new file name", file=sys.stderr)
        return EXIT_USAGE
    expected = {"lesson": project.docs_dir, "quiz": project.quizzes_dir,
                "manual": project.manual_dir}[args.kind]
    suffixes = (".md",) if args.kind == "lesson" else (".yml", ".yaml")
    if path.suffix not in suffixes or not path.resolve().is_relative_to(expected.resolve()):
        print(f"academy: a {args.kind} goes under {project.rel(expected)}/ and ends with "
              f"{' or '.join(suffixes)}", file=sys.stderr)
        return EXIT_USAGE
    course = load_course(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATES[args.kind](course, path, date.today()), encoding="utf-8")
    print(f"Created {project.rel(path)}; edit it, then run `academy check`.")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from academy.model.schemas import SCHEMAS

    out = args.out or args.config_file.resolve().parent / "schema"
    out.mkdir(parents=True, exist_ok=True)
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        (out / name).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n",
                                encoding="utf-8")
        print(out / name)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
