"""YAML into plain data, with our rules: no anchors or aliases, no tags, no duplicate or non-text keys.

The data is built straight from the parser's events rather than through PyYAML's node tree and
constructor. That is where the rules are easiest to enforce (an alias is refused before it is
followed, depth is counted, not recursed into), and it is what makes a first read of a large
catalogue cheaper than `yaml.load` with the C loader: composing nodes and resolving each one
costs PyYAML several times what libyaml's parsing does.

Plain scalars are typed exactly as YAML 1.1 and PyYAML's safe loader type them (`NO` is
false, `0701234567` an octal number, `2024-01-01` a date), so the validator can catch those
surprises and name them. The same builder runs on libyaml's parser when it is installed and on
PyYAML's pure-Python one otherwise, so the rules cannot drift apart. Imported only when YAML is
really parsed (see `loader.py`).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from trygghet_cli.loader import ZeroLed

MAX_DEPTH = 64

_YAML = "tag:yaml.org,2002:"
_STR = _YAML + "str"
_MAP = _YAML + "map"
_SEQ = _YAML + "seq"
_TYPED_SCALARS = frozenset(_YAML + name for name in ("int", "float", "bool", "null", "timestamp"))

_RESOLVER = Resolver()
_FIRST_CHARS = frozenset(Resolver.yaml_implicit_resolvers)
_ANY_FIRST = None in _FIRST_CHARS  # a resolver for any first character: no shortcut
_CONSTRUCTOR = SafeConstructor()
_INT = _YAML + "int"
_TIMESTAMP = _YAML + "timestamp"


class LoadRefused(yaml.MarkedYAMLError):
    """A rule of ours, not YAML's, was broken; carries a message key for translation."""

    def __init__(self, code: str, mark: Any, **params: Any) -> None:
        super().__init__(problem=code, problem_mark=mark)
        self.code = code
        self.params = params


class PythonParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser: the fallback where libyaml is missing."""

    def __init__(self, stream: Any) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    DEFAULT_PARSER: type = CParser
else:  # pragma: no cover - exercised only where libyaml is missing
    DEFAULT_PARSER = PythonParser


def load(data: bytes, parser: type | None = None) -> Any:
    """The single document in `data` as dicts, lists and scalars (None for an empty stream)."""
    source = (parser or DEFAULT_PARSER)(data)
    try:
        next_event = source.get_event
        next_event()  # stream start
        if source.check_event(StreamEndEvent):
            return None
        next_event()  # document start
        value = _value(next_event, next_event(), 0)
        next_event()  # document end
        if not source.check_event(StreamEndEvent):
            extra = next_event()
            raise ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                extra.start_mark,
            )
        return value
    finally:
        source.dispose()


def _value(next_event: Any, event: Any, depth: int) -> Any:
    kind = type(event)
    if kind is AliasEvent or getattr(event, "anchor", None) is not None:
        raise LoadRefused("yaml.alias", event.start_mark)
    if kind is ScalarEvent:
        return _scalar(event)
    if depth >= MAX_DEPTH:
        raise LoadRefused("yaml.too_deep", event.start_mark)
    if kind is MappingStartEvent:
        _require_tag(event, _MAP)
        return _mapping(next_event, depth + 1)
    if kind is SequenceStartEvent:
        _require_tag(event, _SEQ)
        return _sequence(next_event, depth + 1)
    raise ComposerError(None, None, f"unexpected {kind.__name__}", event.start_mark)


def _mapping(next_event: Any, depth: int) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    while True:
        key_event = next_event()
        if type(key_event) is MappingEndEvent:
            return mapping
        mark: Any = key_event.start_mark
        if type(key_event) is AliasEvent or key_event.anchor is not None:
            raise LoadRefused("yaml.alias", mark)
        if type(key_event) is not ScalarEvent or _tag_of(key_event) != _STR:
            raise LoadRefused("yaml.key_not_text", mark)
        key = key_event.value
        if key in mapping:
            raise LoadRefused("yaml.duplicate_key", mark, key=key, first=first_line[key])
        first_line[key] = mark.line + 1
        mapping[key] = _value(next_event, next_event(), depth)


def _sequence(next_event: Any, depth: int) -> list[Any]:
    items: list[Any] = []
    while True:
        event = next_event()
        if type(event) is SequenceEndEvent:
            return items
        items.append(_value(next_event, event, depth))


def _tag_of(event: Any) -> str:
    """The scalar's tag as PyYAML's composer would resolve it, skipping the regexes for the
    many scalars whose first character no implicit type can start with."""
    tag: str | None = event.tag
    if tag is not None and tag != "!":
        return tag
    value = event.value
    if not event.implicit[0] or (value and value[0] not in _FIRST_CHARS and not _ANY_FIRST):
        return _STR
    resolved: str = _RESOLVER.resolve(ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
    return resolved


def _scalar(event: Any) -> Any:
    tag = _tag_of(event)
    if tag == _STR:
        return event.value
    if tag not in _TYPED_SCALARS:
        raise LoadRefused("yaml.tag", event.start_mark, tag=tag)
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except (ValueError, TypeError, OverflowError, KeyError, IndexError, AttributeError):
        # PyYAML's constructors trust the tag: `!!int abc`, `!!bool maybe`, `!!timestamp x`,
        # or a date like 2024-02-30 each fail in their own way.
        code = "yaml.no_such_date" if tag == _TIMESTAMP and event.implicit[0] else "yaml.bad_value"
        raise LoadRefused(code, event.start_mark, value=event.value) from None
    if tag == _INT and ZeroLed.written_so(event.value):
        return ZeroLed(value, event.value)
    return value


def _require_tag(event: Any, expected: str) -> None:
    if event.tag not in (None, "!", expected):
        raise LoadRefused("yaml.tag", event.start_mark, tag=event.tag)


Position = tuple[int, int]
Path = tuple[str | int, ...]


def positions(
    data: bytes, wanted: set[Path], parser: type | None = None
) -> dict[Path, tuple[Position | None, Position]]:
    """Where each wanted path's key and value start (1-based line and column), from one pass over
    the events; only called on a file that has already loaded, so every key is plain text."""
    found: dict[Path, tuple[Position | None, Position]] = {}
    source = (parser or DEFAULT_PARSER)(data)
    frames: list[list[Any]] = []  # [path, is_mapping, next index or pending key, key position]
    try:
        while True:
            event = source.get_event()
            kind = type(event)
            if kind is StreamEndEvent:
                return found
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                frames.pop()
                continue
            if kind not in (ScalarEvent, MappingStartEvent, SequenceStartEvent):
                continue
            at = (event.start_mark.line + 1, event.start_mark.column + 1)
            key_at = None
            if not frames:
                path: Path = ()
            else:
                frame = frames[-1]
                if frame[1]:
                    if frame[2] is None:  # a key: remember it, the value comes next
                        frame[2], frame[3] = event.value, at
                        continue
                    path, key_at = (*frame[0], frame[2]), frame[3]
                    frame[2] = None
                else:
                    path = (*frame[0], frame[2])
                    frame[2] += 1
            if path in wanted:
                found[path] = (key_at, at)
            if kind is MappingStartEvent:
                frames.append([path, True, None, None])
            elif kind is SequenceStartEvent:
                frames.append([path, False, 0, None])
    finally:
        source.dispose()
