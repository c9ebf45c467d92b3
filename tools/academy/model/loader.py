"""Read every content file once into a Course; problems become findings, never exceptions."""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from rules import RulesError, Ruleset

from academy.findings import Finding, red
from academy.forked import Beside, can_fork
from academy.model.cache import LoadCache, Stamp, keyed_digest, settled_stamp
from academy.model.cached import BANK_SUMMARY, stand_in
from academy.model.course import Course, Lesson, ManualFile, Project, QuizBank
from academy.model.manual import Manual
from academy.model.schema import QUESTION_TYPES, Bank, CourseConfig, LessonMeta
from academy.model.schemas import SCHEMAS
from academy.model.text import normalize
from academy.model.yamlpos import Positions, YamlProblem, load_yaml, split_front_matter

DEFAULT_QUIZZES_DIR = "quizzes"
M = TypeVar("M", bound=BaseModel)


class ProjectError(Exception):
    """The project itself cannot be read (no mkdocs.yml, ...): the CLI exits 2."""


def project_from_mkdocs(config_file: Path, quizzes_dir: str | None = None) -> Project:
    """Find the content folders from mkdocs.yml (docs_dir, site_dir, academy plugin options)."""
    if not config_file.is_file():
        raise ProjectError(f"{config_file}: not found; run academy in the folder of mkdocs.yml")
    try:
        data, _ = load_yaml(config_file.read_text(encoding="utf-8"))
    except (YamlProblem, UnicodeDecodeError) as exc:
        raise ProjectError(f"{config_file}: cannot be read: {exc}") from None
    data = data if isinstance(data, dict) else {}
    root = config_file.resolve().parent
    if quizzes_dir is None:
        quizzes_dir = _plugin_option(data.get("plugins"), "quizzes_dir") or DEFAULT_QUIZZES_DIR
    return Project(
        root=root,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        quizzes_dir=root / quizzes_dir,
        site_dir=root / str(data.get("site_dir") or "site"),
    )


def _plugin_option(plugins: Any, option: str) -> str | None:
    entries = plugins.items() if isinstance(plugins, dict) else plugins or []
    for entry in entries:
        if isinstance(entry, tuple) and entry[0] == "academy" and isinstance(entry[1], dict):
            return entry[1].get(option)
        if isinstance(entry, dict) and isinstance(entry.get("academy"), dict):
            return entry["academy"].get(option)
    return None


def load_course(project: Project, focus: tuple[str, ...] | None = None) -> Course:
    """Load academy.yml, every lesson, quiz bank and manual file of a project.

    With ``focus`` (project-relative files or folders), only those are parsed and validated
    again; other files come from the load cache when unchanged since it was written (see
    model/cache.py). Every file is parsed when ``focus`` is None; from PARALLEL_FILES files on,
    a second process parses half of them (:func:`_parse_all`).
    """
    with no_collections():
        return _load_course(project, focus)


@contextlib.contextmanager
def no_collections() -> Iterator[None]:
    """The cyclic garbage collector paused: loading and checking make millions of objects and
    no cycles, and the collector's passes over them took half the time of loading."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_course(project: Project, focus: tuple[str, ...] | None) -> Course:
    course = Course(project=project, config=None, config_positions=None, focus=focus)
    cache = LoadCache(project.root)
    if focus is not None:
        cache.skip = course.in_focus  # a whole check caches them
    _load_config(course)
    _load_wording(course)
    files: list[tuple[str, str]] = []  # (path as text, kind): no Path objects for cached files
    files += [(path, "lesson") for path in _listed(project.docs_dir, (".md",))]
    files += [(path, "bank") for path in _yaml_files(project.quizzes_dir)]
    files += [(path, "manual") for path in _yaml_files(project.manual_dir)]
    root = str(project.root) + os.sep
    names = [path[len(root):] if os.sep == "/" and path.startswith(root) else project.rel(Path(path))
             for path, _ in files]
    entries = [None if course.in_focus(file) else cache.summary(file, path, kind)
               for file, (path, kind) in zip(names, files, strict=True)]
    parsed = iter(_parse_all(project, [(Path(path), kind) for (path, kind), entry
                                       in zip(files, entries, strict=True) if entry is None],
                             cache.key))
    for file, (path, kind), entry in zip(names, files, entries, strict=True):  # course order
        if entry is not None and stand_in(course, cache, file, path, kind, *entry, reparse=_parse):
            continue
        if entry is not None:  # a summary of the wrong shape: the file is read after all
            _APPLY[kind](course, Path(path), cache, _parse(project, Path(path), kind, cache.key))
        else:
            _APPLY[kind](course, Path(path), cache, next(parsed))
    cache.save(set(names))
    return course


PARALLEL_FILES = 400  # from this many files to parse on, two processes share the parsing


def _parse_all(project: Project, files: list[tuple[Path, str]], key: bytes | None = None
               ) -> list[_Parsed]:
    """Each file read and parsed (not validated), in order; a second process takes the second
    half when there are many files and more than one core. Parsing is pure (files in, data
    out), so either way the results are the same."""
    if len(files) < PARALLEL_FILES or not can_fork():
        return _parse_part(project, files, key)
    sizes = [_size(path) for path, _ in files]  # split where half the bytes are parsed
    half, total, running = len(files) // 2, sum(sizes), 0
    for index, size in enumerate(sizes):
        running += size
        if 2 * running >= total:
            half = index + 1
            break
    later = Beside(lambda: _parse_part(project, files[half:], key))
    return _parse_part(project, files[:half], key) + later.result()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _parse_part(project: Project, files: list[tuple[Path, str]], key: bytes | None
                ) -> list[_Parsed]:
    return [_parse(project, path, kind, key) for path, kind in files]


@dataclass
class _Parsed:
    """What reading and parsing one file gave: its text, the YAML data and positions (for a
    lesson: of its front matter), or the finding that stopped it."""

    file: str
    text: str | None = None
    problem: Finding | None = None
    data: Any = None
    positions: Positions | None = None
    front_matter: bool = True  # Markdown only: whether the file starts with a `---` block
    body_start: int = 0  # Markdown only: where the body starts in the text
    body_line: int = 0  # Markdown only: the file line where the body starts
    digest: str | None = None  # the keyed hash of the bytes read (the load cache's key)
    stamp: Stamp | None = None  # the file's stamp when it was read (model/cache.py)

    def __getstate__(self) -> dict[str, Any]:
        """Sent from the second process without the paths of the positions when the data
        gives them back (no duplicate or merged keys): the lines alone, in preorder."""
        state = dict(self.__dict__)
        positions = self.positions
        if positions is not None and not positions.duplicate_keys:
            lines = positions.lines
            if list(lines) == _preorder(self.data):
                state["positions"] = (list(lines.values()), positions.first_line)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if isinstance(state["positions"], tuple):
            lines, first_line = state["positions"]
            state["positions"] = Positions(dict(zip(_preorder(state["data"]), lines, strict=True)),
                                           first_line=first_line)
        self.__dict__.update(state)


def _preorder(data: Any, path: tuple[Hashable, ...] = (),
              out: list[tuple[Hashable, ...]] | None = None) -> list[tuple[Hashable, ...]]:
    """The paths of a value and all values inside it, as yamlpos.load_yaml first records them."""
    out = [] if out is None else out
    out.append(path)
    if isinstance(data, dict):
        for key, value in data.items():
            _preorder(value, (*path, key), out)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _preorder(value, (*path, index), out)
    return out


def _parse(project: Project, path: Path, kind: str, key: bytes | None = None) -> _Parsed:
    parsed = _Parsed(project.rel(path))
    text, parsed.problem, parsed.digest, parsed.stamp = _read_text(path, parsed.file, key)
    if text is None:
        return parsed
    parsed.text = text
    try:
        if kind != "lesson":
            parsed.data, parsed.positions = load_yaml(text)
            return parsed
        yaml_text, offset, body = split_front_matter(text)
        parsed.body_start = len(text) - len(body)
        if yaml_text is None:
            parsed.front_matter = False
            return parsed
        parsed.data, parsed.positions = load_yaml(yaml_text, line_offset=offset)
        parsed.body_line = offset + yaml_text.count("\n") + 2
    except YamlProblem as exc:
        parsed.problem = _yaml_finding(parsed.file, exc)
    return parsed


def _yaml_files(folder: Path) -> list[str]:
    return _listed(folder, (".yml", ".yaml"))


def _listed(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """The paths (as text) that ``sorted(folder.rglob("*" + suffix))`` gives for each suffix
    (symlinked folders not entered, hidden names included), in the order of paths (by their
    parts), with string work instead of 10,000 Path objects made and compared."""
    if not folder.is_dir():
        return []
    if os.sep != "/":  # pragma: no cover - the general form elsewhere
        return [str(p) for p in sorted({p for suffix in suffixes for p in folder.rglob("*" + suffix)})]
    found: list[str] = []
    for top, dirs, names in os.walk(folder, followlinks=False):
        for name in (*names, *dirs):  # rglob lists folders that match too
            if name.endswith(suffixes):
                found.append(os.path.join(top, name))
    found.sort(key=lambda path: path.replace("/", "\0"))  # by parts: "a/b" before "a-b"
    return found


def _load_config(course: Course) -> None:
    path = course.project.course_file
    file = course.project.rel(path)
    if not path.is_file():
        course.load_findings.append(
            red(file, 0, "missing-file", "the course definition is missing",
                "Create content/academy.yml with site_id, tiers and competencies "
                "(see docs/formats.md).")
        )
        return
    loaded = _read_yaml(course, path, file)
    if loaded is None:
        return
    data, positions = loaded
    course.config = _validate(course, CourseConfig, data, positions, file)
    course.config_positions = positions


def _load_wording(course: Course) -> None:
    path = course.project.wording_file
    if not path.is_file():
        return
    file = course.project.rel(path)
    loaded = _read_yaml(course, path, file)
    if loaded is None:
        return
    data, positions = loaded
    try:
        course.wording = Ruleset.from_dict(data)
    except RulesError as exc:
        course.load_findings.append(
            red(file, positions.line(exc.loc), "wording-rules", f"the wording rules are invalid: {exc}",
                "Correct the entry (see docs/rules.md for the format of content/wording.yml).")
        )


def _take(course: Course, parsed: _Parsed) -> bool:
    """Record the file's text, or the finding that stopped it; whether there is data to use."""
    if parsed.text is not None:
        course.sources[parsed.file] = parsed.text
    if parsed.problem is not None:
        course.load_findings.append(parsed.problem)
        return False
    return parsed.text is not None


def _apply_markdown(course: Course, path: Path, cache: LoadCache, parsed: _Parsed) -> None:
    file = parsed.file
    rel = path.relative_to(course.project.docs_dir).as_posix()
    if not _take(course, parsed) or parsed.text is None:
        return
    is_page = path.name == "index.md"
    if is_page:
        course.pages.append(rel)
        return
    if not parsed.front_matter:
        course.load_findings.append(
            red(file, 1, "front-matter", "the lesson has no front matter",
                "Start the file with a `---` block giving title, tier, competencies, "
                "owner and reviewed (run `academy new lesson PATH` for a template).")
        )
        return
    positions = parsed.positions or Positions()
    _report_duplicates(course, file, positions)
    meta = _validate(course, LessonMeta, parsed.data, positions, file)
    if meta is not None:
        body = parsed.text[parsed.body_start :]
        course.lessons[rel] = Lesson(rel, file, meta, positions, body, parsed.body_line)
        if not _has_findings(course, file):
            cache.put(file, parsed.digest, "lesson",
                      lambda: ({"meta": meta.model_dump(mode="json"), "body_line": parsed.body_line},
                               {"body": body}), parsed.stamp)


def _apply_bank(course: Course, path: Path, cache: LoadCache, parsed: _Parsed) -> None:
    loaded = _apply_yaml_model(course, path, cache, parsed, Bank, "bank", _bank_extra)
    if loaded is not None:
        course.banks.append(QuizBank(*loaded))


def _bank_extra(bank: Bank, positions: Positions) -> dict[str, Any]:
    """A cached bank's summary: its fields but the questions, each question's id and prompt,
    the prompts normalized, and their lines (a near-duplicate card names the line of the other
    prompt, which may be a cached one)."""
    return {"bank": bank.model_dump(mode="json", include=set(BANK_SUMMARY)),
            "ids": [q.id for q in bank.questions],
            "texts": [q.prompt for q in bank.questions],
            "prompts": [normalize(q.prompt) for q in bank.questions],
            "prompt_lines": [positions.line(("questions", i, "prompt"))
                             for i in range(len(bank.questions))]}


def _manual_extra(manual: Manual, positions: Positions) -> dict[str, Any]:
    return {"data": manual.model_dump(mode="json")}


def _apply_manual(course: Course, path: Path, cache: LoadCache, parsed: _Parsed) -> None:
    loaded = _apply_yaml_model(course, path, cache, parsed, Manual, "manual", _manual_extra)
    if loaded is not None:
        course.manuals.append(ManualFile(*loaded))


def _apply_yaml_model(
    course: Course, path: Path, cache: LoadCache, parsed: _Parsed, model: type[M], kind: str,
    extra: Callable[[M, Positions], dict[str, Any]],
) -> tuple[str, Any, Positions] | None:
    """(file, model, positions) of a parsed YAML content file, validated; its cache summary is
    ``extra``, its full entry the model's dump (a manual's summary is its dump)."""
    if not _take(course, parsed):
        return None
    file, positions = parsed.file, parsed.positions or Positions()
    _report_duplicates(course, file, positions)
    value = _validate(course, model, parsed.data, positions, file)
    if value is None:
        return None
    if not _has_findings(course, file):
        cache.put(file, parsed.digest, kind,
                  lambda: (extra(value, positions),
                           {} if kind == "manual" else {"data": value.model_dump(mode="json")}),
                  parsed.stamp)
    return file, value, positions


_APPLY: dict[str, Callable[[Course, Path, LoadCache, _Parsed], None]] = {
    "lesson": _apply_markdown, "bank": _apply_bank, "manual": _apply_manual,
}


def _has_findings(course: Course, file: str) -> bool:
    return any(f.file == file for f in course.load_findings)


def _read_text(path: Path, file: str, key: bytes | None = None
               ) -> tuple[str | None, Finding | None, str | None, Stamp | None]:
    """The text of a file, or the finding that says why it cannot be read; the keyed hash of
    its bytes and its stamp when it was read (model/cache.py; None without a secret)."""
    try:
        with open(path, "rb") as stream:
            status = os.fstat(stream.fileno()) if key is not None else None
            data = stream.read()
        stamp = settled_stamp(status) if status is not None else None
        return data.decode("utf-8-sig"), None, keyed_digest(data, key), stamp
    except UnicodeDecodeError as exc:
        return None, red(file, 1, "encoding", f"the file is not UTF-8 text ({exc.reason})",
                         "Save the file as UTF-8 (in VS Code: 'Save with Encoding' → UTF-8)."), None, None
    except OSError as exc:
        return None, red(file, 0, "unreadable", f"the file cannot be read: {exc.strerror}",
                         "Check the file's permissions or remove it."), None, None


def _read_yaml(course: Course, path: Path, file: str) -> tuple[Any, Positions] | None:
    parsed = _Parsed(file)
    text, parsed.problem, _, _ = _read_text(path, file)
    if text is not None:
        parsed.text = text
        try:
            parsed.data, parsed.positions = load_yaml(text)
        except YamlProblem as exc:
            parsed.problem = _yaml_finding(file, exc)
    if not _take(course, parsed) or parsed.positions is None:
        return None
    _report_duplicates(course, file, parsed.positions)
    return parsed.data, parsed.positions


def _yaml_finding(file: str, exc: YamlProblem) -> Finding:
    return red(file, exc.line, "yaml-syntax", f"the YAML cannot be read: {exc.message}",
               "Check indentation (spaces, not tabs), the `key: value` form and quotes around "
               "text that contains `: ` or starts with a special character.")


def _report_duplicates(course: Course, file: str, positions: Positions) -> None:
    for key, line in positions.duplicate_keys:
        course.load_findings.append(
            red(file, line, "duplicate-key", f"the key `{key}` appears twice in the same block",
                f"Keep one `{key}:`; the later one would silently replace the earlier.")
        )


def _validate(
    course: Course, model: type[M], data: Any, positions: Positions, file: str
) -> M | None:
    if not isinstance(data, dict):
        course.load_findings.append(
            red(file, positions.line(), "schema", "the file does not hold a `key: value` mapping",
                f"Write the fields of {_kind(model)} as `key: value` lines (see docs/formats.md).")
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        course.load_findings.extend(_schema_findings(model, exc, data, positions, file))
        return None


def _kind(model: type[BaseModel]) -> str:
    return {Bank: "a quiz bank", LessonMeta: "lesson front matter", Manual: "a script manual"}.get(
        model, "content/academy.yml"
    )


_FIELD_FIX = {
    "explanation": "Add `explanation:` saying why the right answer is right; learners read it "
    "after answering.",
    "reviewed": "Add `reviewed: YYYY-MM-DD`, the date a person last checked this is still true.",
    "owner": "Add `owner:` with the person or team who keeps this content true.",
    "competencies": "Add `competencies: [id, ...]` with ids from content/academy.yml.",
    "id": "Add `id:` in lower-case letters, digits and hyphens, e.g. `id: first-reply`.",
    "type": f"Add `type:` with one of: {', '.join(QUESTION_TYPES)}.",
    "options": "Add `options:` as a list of `- text: ...` items, with `correct: true` on the "
    "right one(s).",
}
_RULE_FOR_FIELD = {"explanation": "explanation-required"}
def _field_names() -> list[str]:
    names: set[str] = set()
    seen: set[type] = set()

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                return
            seen.add(tp)
            for name, info in tp.model_fields.items():
                names.add(name)
                walk(info.annotation)
        for arg in getattr(tp, "__args__", ()) or ():
            walk(arg)
        for arg in getattr(tp, "__metadata__", ()) or ():
            walk(arg)
        origin = getattr(tp, "__origin__", None)
        if origin is not None:
            walk(origin)

    for model in SCHEMAS.values():
        walk(model)
    return sorted(names)


_FIELDS = _field_names()


def _schema_findings(
    model: type[BaseModel], exc: ValidationError, data: Any, positions: Positions, file: str
) -> list[Finding]:
    findings = []
    for error in exc.errors(include_url=False):
        loc: Sequence[Hashable] = error["loc"]
        line = positions.line(loc)
        names = [part for part in loc if isinstance(part, str) and part not in QUESTION_TYPES]
        name = names[-1] if names else ""
        where = _where(loc, data)
        kind = error["type"]
        rule = _RULE_FOR_FIELD.get(name, "schema")
        if kind == "missing":
            message = f"{where}is missing `{name}`"
            fix = _FIELD_FIX.get(name, f"Add `{name}:` (see docs/formats.md).")
        elif kind == "extra_forbidden":
            rule = "unknown-key"
            close = difflib.get_close_matches(name, _FIELDS, n=1, cutoff=0.6)
            message = f"{where}has an unknown key `{name}`"
            fix = (f"Did you mean `{close[0]}`? Rename it." if close
                   else "Remove it or check its spelling (see docs/formats.md).")
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            tag = (error.get("ctx") or {}).get("tag", "")
            message = (f"{where}has an unknown question type `{tag}`" if tag
                       else f"{where}has no `type`")
            fix = f"Write `type:` as one of: {', '.join(QUESTION_TYPES)}."
            line = positions.line((*loc, "type"))
        elif kind == "string_pattern_mismatch":
            value = str(error.get("input", ""))
            message = f"{where}`{name}` is `{value}`, which is not an id"
            fix = f"Use lower-case letters, digits and hyphens, e.g. `{_slug(value)}`."
        elif kind == "string_too_short":
            message = f"{where}`{name}` is empty"
            fix = _FIELD_FIX.get(name, f"Write the text of `{name}`.")
        elif kind == "too_short":
            minimum = (error.get("ctx") or {}).get("min_length", 1)
            message = f"{where}`{name}` needs at least {minimum} item(s)"
            fix = _FIELD_FIX.get(name, f"Add items to `{name}` as `- ...` lines.")
        elif kind.startswith("date"):
            message = f"{where}`{name}` is not a date"
            fix = f"Write `{name}: YYYY-MM-DD`, e.g. `{name}: 2026-11-20`."
        else:
            message = f"{where}`{name}`: {error['msg'].lower()}"
            fix = f"Correct `{name}` (see docs/formats.md for the field)."
        findings.append(red(file, line, rule, message, fix))
    return findings


def _where(loc: Sequence[Hashable], data: Any) -> str:
    """Human words for the start of a location: 'question 3 (`first-reply`): '."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        index = loc[1]
        questions = data.get("questions") if isinstance(data, dict) else None
        qid = ""
        if isinstance(questions, list) and index < len(questions):
            item = questions[index]
            if isinstance(item, dict) and item.get("id"):
                qid = f" (`{item['id']}`)"
        return f"question {index + 1}{qid}: "
    return ""


def _slug(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "my-id"
