"""YAML and front-matter reading that keeps the line of every key and list item.

Checks need to point editors at the exact line of the offending item, so documents are
composed into nodes first and built into plain Python data next to a map from the path of
each value (``("questions", 3, "options", 1)``) to its 1-based line.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[Hashable, ...]


class YamlProblem(Exception):
    """The text is not valid YAML; ``line`` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Positions:
    """Lines of the values of one document, keyed by their path."""

    lines: dict[Path_, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)
    first_line: int = 1

    def line(self, path: Iterable[Hashable] = ()) -> int:
        """The line of the deepest known value along ``path``.

        Parts of the path that are not in the document (such as the tag pydantic adds for a
        tagged union) are skipped, so an error location always finds the nearest line.
        """
        current: Path_ = ()
        best = self.lines.get((), self.first_line)
        for part in path:
            candidate = (*current, part)
            if candidate in self.lines:
                current = candidate
                best = self.lines[candidate]
        return best


# libyaml's parser (bundled with PyYAML wheels) composes nodes ~10x faster than pure Python.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader that also accepts (and ignores) python tags found in mkdocs.yml."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node, as BaseResolver.resolve finds it without path resolvers (the safe
        loader has none), with the implicit resolvers looked up once per first character: libyaml
        asks for every node, and this is most of the time of composing."""
        if kind is yaml.ScalarNode and not self.yaml_path_resolvers:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return _STR_TAG
        return str(super().resolve(kind, value, implicit))


def _ignore_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_Loader.add_multi_constructor("!", _ignore_tag)
_STR_TAG = "tag:yaml.org,2002:str"
_WILDCARD: list[tuple[str, Any]] = list(_Loader.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {first: [*resolvers, *_WILDCARD]
             for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None}


def load_yaml(text: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document; raise YamlProblem with a 1-based file line on bad YAML."""
    loader = _Loader(text)
    positions = Positions(first_line=line_offset + 1)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, positions
        data = _build(loader, node, (), positions, line_offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, problem) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(line_offset + 1, str(exc)) from None
    finally:
        loader.dispose()
    return data, positions


def _build(loader: _Loader, node: yaml.Node, path: Path_, pos: Positions, offset: int) -> Any:
    lines = pos.lines
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        if any(key_node.tag in _SPECIAL_KEYS for key_node, _ in node.value):
            loader.flatten_mapping(node)  # merge keys (<<) and value keys (=)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node)
            if not isinstance(key, Hashable):
                raise yaml.MarkedYAMLError(
                    problem="a key must be plain text", problem_mark=key_node.start_mark
                )
            key_line = key_node.start_mark.line + 1 + offset
            if key in result:
                pos.duplicate_keys.append((str(key), key_line))
            child = (*path, key)
            if value_node.tag == _STR_TAG and type(value_node) is yaml.ScalarNode:
                lines[child] = key_line  # plain text: no need to build
                result[key] = value_node.value
            else:
                result[key] = _build(loader, value_node, child, pos, offset)
                lines[child] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, (*path, index), pos, offset)
            for index, item in enumerate(node.value)
        ]
    return _construct(loader, node)


_SPECIAL_KEYS = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """The value of a node; plain text directly (most values: what PyYAML's str constructor
    would return, without its generic dispatch)."""
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    return loader.construct_object(node, deep=True)


def split_front_matter(text: str) -> tuple[str | None, int, str]:
    """Split ``---`` front matter from Markdown.

    Returns the YAML text (None when the file has none), the number of lines before the YAML
    starts (so YAML line 1 is file line ``offset + 1``) and the Markdown body.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").strip() != "---":
        return None, 0, text
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").strip() in ("---", "..."):
            return "".join(lines[1:index]), 1, "".join(lines[index + 1 :])
    raise YamlProblem(1, "the front matter that starts on line 1 has no closing `---` line")
