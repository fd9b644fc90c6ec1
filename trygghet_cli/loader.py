"""Reading a catalogue file into plain Python data, safely.

PyYAML's safe loader still accepts aliases (a few hundred bytes can expand to gigabytes when
walked), silently keeps the last of two duplicate keys, builds sets and bytes from `!!set` and
`!!binary`, and raises RecursionError (not a YAMLError) on deep nesting. The loader here
refuses all of that with a file position, and it refuses special and oversized files before
reading them, so a hostile or careless file costs neither time nor memory.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.resolver import Resolver

from trygghet_cli.errors import CatalogueError, Problem

MAX_BYTES = 64 * 1024 * 1024

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class _LoadRefused(yaml.MarkedYAMLError):
    """A rule of ours, not YAML's, was broken; carries a message key for translation."""

    def __init__(self, code: str, mark: Any, **params: Any) -> None:
        super().__init__(problem=code, problem_mark=mark)
        self.code = code
        self.params = params


class StrictConstructor(SafeConstructor):
    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _LoadRefused("yaml.alias", node.start_mark)
        if node.tag not in _ALLOWED_TAGS:
            raise _LoadRefused("yaml.tag", node.start_mark, tag=node.tag)
        return super().construct_object(node, deep)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        # No merge keys (`<<`): they only work with aliases, which are refused.
        mapping: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                raise _LoadRefused("yaml.key_not_text", key_node.start_mark)
            key = key_node.value
            if key in mapping:
                raise _LoadRefused("yaml.duplicate_key", key_node.start_mark, key=key, first=first_line[key])
            first_line[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser as _Parser

    class StrictLoader(_Parser, StrictConstructor, Resolver):
        def __init__(self, stream: Any) -> None:
            _Parser.__init__(self, stream)
            StrictConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - exercised only where libyaml is missing
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class StrictLoader(Reader, Scanner, Parser, Composer, StrictConstructor, Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: Any) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            StrictConstructor.__init__(self)
            Resolver.__init__(self)


def read_bytes(path: Path) -> bytes:
    """Read a catalogue file, refusing anything that is not a readable regular file of sane size."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _refused(name, "file.missing") from None
    except OSError as exc:
        raise _refused(name, "file.unreadable", reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _refused(name, "file.directory")
    if not stat.S_ISREG(info.st_mode):
        raise _refused(name, "file.special")
    if info.st_size > MAX_BYTES:
        raise _refused(name, "file.too_large", limit=MAX_BYTES // (1024 * 1024))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _refused(name, "file.unreadable", reason=exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise _refused(name, "file.too_large", limit=MAX_BYTES // (1024 * 1024))
    return data


def parse(data: bytes, name: str) -> Any:
    """Parse one YAML document into dicts, lists and scalars, or raise CatalogueError."""
    if not data.strip():
        raise _refused(name, "file.empty")
    loader = StrictLoader(data)
    try:
        doc = loader.get_single_data()
    except _LoadRefused as exc:
        line, column = _mark_position(exc.problem_mark)
        raise CatalogueError([Problem(name, exc.code, exc.params, line, column)]) from None
    except yaml.reader.ReaderError as exc:
        at_line, at_column = _position(data, exc.position)
        raise CatalogueError(
            [Problem(name, "yaml.not_text", {"reason": str(exc.reason)}, at_line, at_column)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        reason = exc.problem or exc.context or "syntax error"
        line, column = _mark_position(exc.problem_mark or exc.context_mark)
        code = "yaml.tag" if isinstance(exc, ConstructorError) else "yaml.syntax"
        if "nesting depth" in reason:
            code = "yaml.too_deep"
        raise CatalogueError(
            [Problem(name, code, {"reason": reason, "tag": _tag_in(reason)}, line, column)]
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogueError([Problem(name, "yaml.syntax", {"reason": str(exc)})]) from None
    except RecursionError:
        raise _refused(name, "yaml.too_deep") from None
    finally:
        loader.dispose()
    if doc is None:
        raise _refused(name, "file.empty")
    return doc


def compose(data: bytes) -> Node | None:
    """The node tree with positions; used only to locate problems, never to build data."""
    loader = StrictLoader(data)
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def locate(root: Node | None, path: tuple[str | int, ...], at_key: bool) -> tuple[int, int] | None:
    """1-based line and column of the value (or key) at `path`, or of its nearest ancestor."""
    node = root
    found = (node.start_mark.line + 1, node.start_mark.column + 1) if node else None
    for step in path:
        if node is None:
            break
        child: Node | None = None
        key_node: Node | None = None
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == step:
                    key_node, child = k, v
                    break
        elif isinstance(step, int) and isinstance(node.value, list) and step < len(node.value):
            child = node.value[step]
        if child is None:
            break
        node = child
        mark_node = key_node if (at_key and step == path[-1] and key_node) else child
        found = (mark_node.start_mark.line + 1, mark_node.start_mark.column + 1)
    return found


def _mark_position(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _refused(name: str, code: str, **params: Any) -> CatalogueError:
    return CatalogueError([Problem(name, code, params)])


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[: max(offset, 0)]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    return line, column


def _tag_in(reason: str) -> str:
    start = reason.find("'")
    end = reason.find("'", start + 1)
    return reason[start + 1 : end] if 0 <= start < end else ""
