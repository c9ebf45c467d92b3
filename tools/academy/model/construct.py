"""Rebuild validated models from their own JSON dump without validating again (cache hits)."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def deep_construct(model: type[M], data: dict[str, Any]) -> M:
    """``model.model_construct`` applied recursively: nested models, lists, unions, dates.

    Only for data that ``model_dump(mode="json")`` of a *validated* model produced.
    """
    plan = _plan(model)
    values = {name: value if (annotation := plan.get(name)) is None else _value(annotation, value)
              for name, value in data.items()}
    return model.model_construct(**values)


@functools.cache
def _plan(model: type[BaseModel]) -> dict[str, Any]:
    """The annotation of each field whose JSON value needs converting (nested models, dates);
    the others (text, numbers, lists of them) are taken as they are."""
    hints = typing.get_type_hints(model, include_extras=True)
    return {name: hint for name, hint in hints.items() if not _plain(hint)}


def _plain(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | date):
        return False
    return all(_plain(arg) for arg in typing.get_args(annotation)
               if isinstance(arg, type) or typing.get_origin(arg) is not None)


def _value(annotation: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(args[0], value)
    if origin is list:
        return [_value(args[0], item) for item in value]
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if isinstance(value, dict):
            tagged = _by_tag(members, value)
            if tagged is not None:
                return deep_construct(tagged, value)
        return _value(members[0], value) if len(members) == 1 else value
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel) and isinstance(value, dict):
            return deep_construct(annotation, value)
        if annotation is date and isinstance(value, str):
            return date.fromisoformat(value)
    return value


def _by_tag(members: list[Any], value: dict[str, Any]) -> type[BaseModel] | None:
    """The member of a tagged union (``type: Literal[...]``) that matches ``value['type']``."""
    models = [typing.get_args(m)[0] if typing.get_origin(m) is typing.Annotated else m for m in members]
    for member in models:
        if isinstance(member, type) and issubclass(member, BaseModel):
            field = member.model_fields.get("type")
            if field is not None and value.get("type") in typing.get_args(field.annotation):
                return member
    return None


def bank_stand_in(data: dict[str, Any]) -> Any:
    """A cheap stand-in for a cached bank outside a focused check's files.

    Only what checks read across files is typed (ids, lesson, competencies, dates, prompts);
    per-question rules never run on it, so its questions stay plain attribute bags.
    """
    values = dict(data)
    values["reviewed"] = date.fromisoformat(data["reviewed"])
    values["questions"] = [types.SimpleNamespace(**q) for q in data["questions"]]
    return types.SimpleNamespace(**values)


class Lazy:
    """A stand-in for a cached model outside a focused check's files: the attributes that rules
    read across files are set from the cache's summary; any other is read from the full object,
    which ``full`` makes (once) on first need."""

    def __init__(self, known: dict[str, Any], full: Callable[[], Any]) -> None:
        self.__dict__.update(known)
        self.__dict__["_full"] = full

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_full":
            raise AttributeError(name)
        return getattr(self._full(), name)


def once(make: Callable[[], Any]) -> Callable[[], Any]:
    """``make`` called on the first call only; later calls return its result."""
    made: list[Any] = []

    def get() -> Any:
        if not made:
            made.append(make())
        return made[0]

    return get
