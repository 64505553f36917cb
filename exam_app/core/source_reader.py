"""Reading composed YAML nodes of a pack source with errors that name file, line and field.

Values are read from composed nodes (not `yaml.safe_load` output) so every error can name its line, and so
duplicate keys, which PyYAML silently merges, can be refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.constructor import SafeConstructor

from exam_app.core.errors import SourceError

T = TypeVar("T")
D = TypeVar("D")
S = TypeVar("S", bound=str)
Convert = Callable[[yaml.Node, str], T]

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map")
)
# Only the scalar-parsing methods are used; they keep no state, so one instance serves every load.
_SCALARS = SafeConstructor()

# libyaml's parser is about 7x faster on large banks and keeps line marks; pure Python is the fallback.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_document(path: Path, shown: str) -> yaml.MappingNode:
    """The top-level YAML mapping node of the file at `path` (`shown` is how errors name it)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(shown, None, "", f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(shown, line, "", "not valid UTF-8 text; save the file as UTF-8") from None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        mark_line = mark.line + 1 if mark is not None else None
        raise SourceError(shown, mark_line, "", f"YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise SourceError(shown, line, "", f"character not allowed in YAML: {exc.character!r}") from None
    if root is None:
        raise SourceError(shown, 1, "", "file is empty")
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(shown, root.start_mark.line + 1, "", "the file must be a mapping of pack fields")
    return root


def describe(node: yaml.Node) -> str:
    """A short human description of what a node holds, for "expected X, got Y" messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kinds = {_STR: "text", _INT: "the number", _FLOAT: "the number", _BOOL: "the boolean"}
    if node.tag == _NULL:
        return "an empty value"
    return f'{kinds.get(node.tag, "the value")} "{node.value}"'


@dataclass(frozen=True)
class Context:
    """Where errors are reported: the file as the user named it, and the object being read ("" = pack)."""

    file: str
    where: str = ""

    def error(self, node: yaml.Node, path: str, message: str) -> SourceError:
        """A SourceError at `node`'s line; `path` is the field, shown after `where` or as `field PATH`."""
        line = node.start_mark.line + 1
        if self.where:
            return SourceError(self.file, line, self.where, f"{path}: {message}" if path else message)
        return SourceError(self.file, line, f"field {path}" if path else "", message)

    def text(self, node: yaml.Node, path: str) -> str:
        """Non-empty text (YAML numbers and booleans must be quoted to count as text)."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            raise self.error(node, path, f"expected text, got {describe(node)}")
        if not node.value.strip():
            raise self.error(node, path, "must not be empty")
        return str(node.value)

    def number(self, node: yaml.Node, path: str) -> float:
        """A finite number."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _INT:
            return float(_SCALARS.construct_yaml_int(node))
        if isinstance(node, yaml.ScalarNode) and node.tag == _FLOAT:
            value = _SCALARS.construct_yaml_float(node)
            if math.isfinite(value):
                return value
        raise self.error(node, path, f"expected a number, got {describe(node)}")

    def positive(self, node: yaml.Node, path: str) -> float:
        """A number > 0."""
        value = self.number(node, path)
        if value <= 0:
            raise self.error(node, path, f"must be greater than 0, got {value:g}")
        return value

    def non_negative(self, node: yaml.Node, path: str) -> float:
        """A number >= 0."""
        value = self.number(node, path)
        if value < 0:
            raise self.error(node, path, f"must not be negative, got {value:g}")
        return value

    def integer(self, node: yaml.Node, path: str, minimum: int = 0) -> int:
        """A whole number >= `minimum`."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != _INT:
            raise self.error(node, path, f"expected a whole number, got {describe(node)}")
        value = _SCALARS.construct_yaml_int(node)
        if value < minimum:
            raise self.error(node, path, f"must be at least {minimum}, got {value}")
        return value

    def counting(self, node: yaml.Node, path: str) -> int:
        """A whole number >= 1."""
        return self.integer(node, path, minimum=1)

    def boolean(self, node: yaml.Node, path: str) -> bool:
        """true or false."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
            raise self.error(node, path, f"expected true or false, got {describe(node)}")
        return _SCALARS.construct_yaml_bool(node)

    def identifier(self, node: yaml.Node, path: str) -> str:
        """A question or section id."""
        value = self.text(node, path)
        if not ID_PATTERN.fullmatch(value):
            raise self.error(node, path, f'invalid id "{value}": use letters, digits, _ . - (at most 64)')
        return value

    def choice(self, what: str, allowed: Sequence[S]) -> Convert[S]:
        """A converter accepting one of `allowed`; `what` names the kind in errors ("unknown action ...")."""

        def convert(node: yaml.Node, path: str) -> S:
            value = self.text(node, path)
            for option in allowed:
                if option == value:
                    return option
            raise self.error(node, path, f'unknown {what} "{value}"; expected one of: {", ".join(allowed)}')

        return convert

    def choices(self, what: str, allowed: Sequence[S]) -> Convert[tuple[S, ...]]:
        """A converter for a list whose items are each one of `allowed`."""
        one = self.choice(what, allowed)

        def convert(node: yaml.Node, path: str) -> tuple[S, ...]:
            return tuple(one(item, f"{path}[{n}]") for n, item in enumerate(self.items(node, path), 1))

        return convert

    def items(self, node: yaml.Node, path: str) -> list[yaml.Node]:
        """The item nodes of a YAML list."""
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, path, f"expected a list, got {describe(node)}")
        return list(node.value)

    def text_list(self, node: yaml.Node, path: str) -> tuple[str, ...]:
        """A list of non-empty texts."""
        return tuple(self.text(item, f"{path}[{n}]") for n, item in enumerate(self.items(node, path), 1))


def peek_id(node: yaml.Node) -> str | None:
    """The `id` of a mapping if it is plain text, so errors found before the id is checked can name it."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode) and value_node.tag == _STR:
                return str(value_node.value)
    return None


def nullable(convert: Convert[T]) -> Convert[T | None]:
    """Wrap a converter so an explicit empty value (`null`) reads as None."""

    def wrapped(node: yaml.Node, path: str) -> T | None:
        return None if node.tag == _NULL else convert(node, path)

    return wrapped


class Fields:
    """A YAML mapping checked for duplicate and (optionally) unknown keys, read with converters."""

    def __init__(self, node: yaml.Node, ctx: Context, path: str, allowed: Collection[str] | None) -> None:
        if not isinstance(node, yaml.MappingNode):
            raise ctx.error(node, path, f"expected a mapping, got {describe(node)}")
        self.mapping, self.ctx, self.path = node, ctx, path
        self._keys: dict[str, yaml.Node] = {}
        self._values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = ctx.text(key_node, path or "field name")
            if key in self._keys:
                first = self._keys[key].start_mark.line + 1
                raise ctx.error(key_node, self.sub(key), f"duplicate key (first given at line {first})")
            self._keys[key], self._values[key] = key_node, value_node
        if allowed is not None:
            self.restrict(allowed)

    def sub(self, key: str) -> str:
        """The path of a field of this mapping."""
        return f"{self.path}.{key}" if self.path else key

    def restrict(self, allowed: Collection[str]) -> None:
        """Refuse any key outside `allowed`."""
        for key, key_node in self._keys.items():
            if key not in allowed:
                raise self.ctx.error(key_node, self.sub(key), f"unknown field; allowed: {', '.join(allowed)}")

    def node(self, key: str) -> yaml.Node | None:
        """The value node of `key`, or None when absent."""
        return self._values.get(key)

    def at(self, key: str) -> yaml.Node:
        """Where to report a problem with `key`: the line of its name, or of the mapping when it is absent."""
        return self._keys.get(key, self.mapping)

    def nested(self, key: str, allowed: Collection[str]) -> Fields:
        """The mapping under `key`; when absent, an empty one, so every getter on it returns its default."""
        node = self._values.get(key)
        if node is None:
            node = yaml.MappingNode(_MAP, [], self.mapping.start_mark, self.mapping.end_mark)
        return Fields(node, self.ctx, self.sub(key), allowed)

    def get(self, key: str, convert: Convert[T], default: D) -> T | D:
        """The converted value of `key`, or `default` when absent."""
        node = self._values.get(key)
        return default if node is None else convert(node, self.sub(key))

    def need(self, key: str, convert: Convert[T]) -> T:
        """The converted value of a required `key`."""
        node = self._values.get(key)
        if node is None:
            raise self.ctx.error(self.mapping, self.path, f'missing required field "{key}"')
        return convert(node, self.sub(key))
