"""Stand-ins for the files a focused check takes from the load cache (model/cache.py).

A file outside the check's focus whose cached summary is current is not read: a lesson, a bank
or a manual is made from its summary (what the rules that look across files read), and anything
more is taken from the full cache entry, or the file itself, on first use. A summary of another
shape than this version writes makes the file be read after all (``stand_in`` returns False).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Hashable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from academy.lazy import LazySequence
from academy.model.cache import LoadCache
from academy.model.construct import Lazy, bank_stand_in, deep_construct, once
from academy.model.course import Course, Lesson, ManualFile, Project, QuizBank
from academy.model.manual import Manual
from academy.model.schema import Bank, LessonMeta
from academy.model.yamlpos import Positions

#: the loader's parse of one file (project, path, kind) → its parsed text and data
Reparse = Callable[[Project, Path, str], Any]


def stand_in(course: Course, cache: LoadCache, file: str, path: str, kind: str,
             summary: dict[str, Any], digest: str, reparse: Reparse) -> bool:
    """A file outside a focused check's files, stood in for by its cached summary; False when
    the summary does not have the shape this version writes (then the file is read again)."""
    project = course.project

    def full() -> dict[str, Any] | None:
        return cache.full(file, digest)

    if kind == "lesson":
        meta = summary.get("meta")
        if not (_shaped(meta, _LESSON_FIELDS) and type(summary.get("body_line")) is int):
            return False
        docs = str(project.docs_dir) + os.sep
        rel = (path[len(docs):] if os.sep == "/" and path.startswith(docs)
               else Path(path).relative_to(project.docs_dir).as_posix())
        course.lessons[rel] = CachedLesson.make(
            rel, file, Lazy(_review_dates(meta), once(lambda: deep_construct(LessonMeta, meta))),
            summary["body_line"], once(lambda: _full_body(project, path, full(), reparse)))
    elif kind == "bank":
        bank = once(lambda: _full_bank(project, path, full(), reparse))
        return _bank_from_cache(course, file, summary, bank)
    else:
        data = summary.get("data")
        if not _shaped(data, _MANUAL_FIELDS):
            return False
        course.manuals.append(ManualFile(file, deep_construct(Manual, data), Positions()))
    return True


def _bank_from_cache(course: Course, file: str, summary: dict[str, Any], full: Callable[[], Any]
                     ) -> bool:
    fields, ids, texts = summary.get("bank"), summary.get("ids"), summary.get("texts")
    prompts, lines = summary.get("prompts"), summary.get("prompt_lines")
    if not (_shaped(fields, _BANK_FIELDS) and _texts(ids) and _texts(texts) and _texts(prompts)
            and isinstance(lines, list) and set(map(type, lines)) <= {int}
            and len(ids) == len(texts) == len(prompts) == len(lines)):
        return False
    # the questions of a cached bank, each made when asked for: rules that look across files
    # count them, and only a near-duplicate card names one (its id and prompt)
    questions = LazySequence(len(ids), lambda i: CachedQuestion(ids[i], texts[i], full, i))
    course.banks.append(QuizBank(file, Lazy({**_review_dates(fields), "questions": questions}, full),
                                 PromptPositions(lines), prompts))
    return True


class PromptPositions(Positions):
    """The positions of a cached bank: its prompts' lines, made into the map of Positions only
    when a line is asked for (a near-duplicate card names a cached prompt's line)."""

    def __init__(self, prompt_lines: list[int]) -> None:  # no dataclass __init__: ``lines`` waits
        self.prompt_lines, self.duplicate_keys, self.first_line = prompt_lines, [], 1

    def __getattr__(self, name: str) -> Any:
        if name != "lines":
            raise AttributeError(name)
        at: dict[tuple[Hashable, ...], int] = {}
        for i, line in enumerate(self.prompt_lines):  # Positions.line walks the path down
            at.setdefault(("questions",), line)
            at[("questions", i)] = at[("questions", i, "prompt")] = line
        self.lines = at
        return at


def _texts(value: Any) -> bool:
    return isinstance(value, list) and set(map(type, value)) <= {str}


class CachedQuestion:
    """A question of a cached bank: its id and prompt; anything else from the full bank."""

    __slots__ = ("_bank", "_index", "id", "prompt")

    def __init__(self, qid: str, prompt: str, bank: Callable[[], Any], index: int) -> None:
        self.id, self.prompt, self._bank, self._index = qid, prompt, bank, index

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._bank().questions[self._index], name)


class CachedLesson(Lesson):
    """A lesson outside a focused check's files: its body is read from the cache (or the file)
    only when a rule asks for it (links into the lesson, the site map)."""

    _body: Callable[[], str]

    @classmethod
    def make(cls, path: str, file: str, meta: Any, body_line: int, body: Callable[[], str]
             ) -> CachedLesson:
        lesson = cls.__new__(cls)
        lesson.__dict__.update(path=path, file=file, meta=meta, positions=Positions(),
                               body_line=body_line, _body=body)
        return lesson

    def __getattr__(self, name: str) -> Any:
        if name == "body":
            return self.__dict__["_body"]()
        raise AttributeError(name)


# What the summaries hold, checked before a summary stands in for a file (a JSON value of
# another shape means the file is read again, never a wrong finding or a crash).
_REVIEW_FIELDS: dict[str, tuple[type, ...]] = {
    "owner": (str,), "reviewed": (str,), "review_every": (int, type(None))}
_LESSON_FIELDS = {**_REVIEW_FIELDS, "title": (str,), "tier": (str,), "competencies": (list,),
                  "description": (str,), "order": (int,)}
_BANK_FIELDS = {**_REVIEW_FIELDS, "id": (str,), "title": (str,), "lesson": (str, type(None)),
                "competencies": (list,), "pass_score": (int,), "time_limit": (int, type(None)),
                "draw": (int, type(None))}
_MANUAL_FIELDS = {**_REVIEW_FIELDS, "id": (str,), "competencies": (list,)}
BANK_SUMMARY = tuple(_BANK_FIELDS)  # the fields of a bank a summary keeps (the loader writes them)


def _shaped(value: Any, fields: dict[str, tuple[type, ...]]) -> bool:
    """Whether a summary's fields have the types the model gives them (bool is no int here)."""
    if not isinstance(value, dict):
        return False
    get = value.get
    for name, kinds in fields.items():
        if type(get(name, _MISSING)) not in kinds:
            return False
    for name in _LISTS[id(fields)]:  # lists of text (competencies)
        if not _texts(value[name]):
            return False
    try:
        date.fromisoformat(value["reviewed"])
    except ValueError:
        return False
    return fields is not _LESSON_FIELDS or len(value) == len(fields)


_MISSING = object()
_LISTS = {id(fields): tuple(name for name, kinds in fields.items() if kinds == (list,))
          for fields in (_LESSON_FIELDS, _BANK_FIELDS, _MANUAL_FIELDS)}


def _review_dates(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "reviewed": date.fromisoformat(values["reviewed"])}


def _full_body(project: Project, path: str, entry: dict[str, Any] | None, reparse: Reparse) -> str:
    body = entry.get("body") if entry is not None else None
    if isinstance(body, str):
        return body
    parsed = reparse(project, Path(path), "lesson")  # the full entry is missing: read the file
    if parsed.text is None:
        raise AttributeError("body")
    return parsed.text[parsed.body_start :]


def _full_bank(project: Project, path: str, entry: dict[str, Any] | None, reparse: Reparse) -> Any:
    data = entry.get("data") if entry is not None else None
    if isinstance(data, dict):
        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
            return bank_stand_in(data)
    parsed = reparse(project, Path(path), "bank")  # the full entry is missing: read the file
    try:
        return Bank.model_validate(parsed.data)
    except ValidationError:
        raise AttributeError("questions") from None
