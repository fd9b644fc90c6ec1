"""Reading a catalogue file into plain Python data, safely.

PyYAML's safe loader still accepts aliases (a few hundred bytes can expand to gigabytes when
walked), silently keeps the last of two duplicate keys, builds sets and bytes from `!!set` and
`!!binary`, and raises RecursionError (not a YAMLError) on deep nesting. The loader here
(`safeyaml.py`) refuses all of that with a file position, and this module refuses special and
oversized files before reading them, so a hostile or careless file costs neither time nor
memory. PyYAML is imported only when a file is really parsed: the shipped catalogue and cached
large ones load from their SQLite database (`store.py`) without it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from trygghet_cli.errors import CatalogueError, Problem, os_reason

MAX_BYTES = 128 * 1024 * 1024  # 10,000 initiatives in eight languages are about 70 MB


class ZeroLed(int):
    """A whole number written with a leading zero (`06`, `012`). YAML 1.1 reads such a number
    as octal (`012` is 10), so the loader keeps what was written and the validator refuses it
    by name instead of using a number nobody meant."""

    written: str
    _PATTERN = re.compile(r"[-+]?0[0-9_]")  # `0` alone, 0x.. and 0b.. are not zero-led

    def __new__(cls, value: int, written: str) -> ZeroLed:
        number = super().__new__(cls, value)
        number.written = written
        return number

    @classmethod
    def written_so(cls, text: str) -> bool:
        """Whether a number's text starts with a zero followed by more digits."""
        return cls._PATTERN.match(text) is not None


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """Read a catalogue file, refusing anything that is not a readable regular file of sane size
    (`limit` bytes, MAX_BYTES unless given: an HSDS feed says the same in more bytes)."""
    name = str(path)
    limit = MAX_BYTES if limit is None else limit
    check_file(path, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise _refused(name, "file.unreadable", **os_reason(exc)) from None
    if len(data) > limit:
        raise _refused(name, "file.too_large", limit=limit // (1024 * 1024))
    return data


def check_file(path: Path, limit: int | None = None) -> os.stat_result:
    """The file's status, once it is known to be a regular file of sane size; never opens it,
    so a FIFO or a device cannot block or flood the run."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _refused(name, "file.missing") from None
    except OSError as exc:
        raise _refused(name, "file.unreadable", **os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _refused(name, "file.directory")
    if not stat.S_ISREG(info.st_mode):
        raise _refused(name, "file.special")
    limit = MAX_BYTES if limit is None else limit
    if info.st_size > limit:
        raise _refused(name, "file.too_large", limit=limit // (1024 * 1024))
    return info


def parse(data: bytes, name: str) -> Any:
    """Parse one YAML document into dicts, lists and scalars, or raise CatalogueError."""
    import yaml

    from trygghet_cli import safeyaml

    if not data.strip():
        raise _refused(name, "file.empty")
    try:
        doc = safeyaml.load(data)
    except safeyaml.LoadRefused as exc:
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
        code = "yaml.too_deep" if "nesting depth" in reason else "yaml.syntax"  # libyaml's own limit
        tab = _tab_near(data, line, column)
        if tab is not None:
            code, column = "yaml.tab", tab
        raise CatalogueError([Problem(name, code, {"reason": reason}, line, column)]) from None
    except yaml.YAMLError as exc:
        raise CatalogueError([Problem(name, "yaml.syntax", {"reason": str(exc)})]) from None
    except RecursionError:
        raise _refused(name, "yaml.too_deep") from None
    if doc is None:
        raise _refused(name, "file.empty")
    return doc


def locate_all(data: bytes, paths: list[tuple[tuple[str | int, ...], bool]]) -> list[tuple[int, int] | None]:
    """1-based line and column of each (path, at_key): the value, or its key, or where the path
    is missing its nearest ancestor. Only for a file that has already parsed."""
    import yaml

    from trygghet_cli import safeyaml

    wanted = {path[:n] for path, _ in paths for n in range(len(path) + 1)}
    try:
        found = safeyaml.positions(data, wanted)
    except (yaml.YAMLError, RecursionError):  # cannot happen for a file that parsed; no position then
        found = {}
    located: list[tuple[int, int] | None] = []
    for path, at_key in paths:
        for n in range(len(path), -1, -1):
            if path[:n] in found:
                key_at, value_at = found[path[:n]]
                exact = n == len(path)
                located.append(key_at if (at_key and exact and key_at) else value_at)
                break
        else:
            located.append(None)
    return located


def _mark_position(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _tab_near(data: bytes, line: int | None, column: int | None) -> int | None:
    """The 1-based column of the tab that YAML stumbled on, if any: at the error's position or
    in that line's indentation. libyaml's own words ("cannot start any token") never say tab,
    and a tab looks like spaces in most editors."""
    if line is None or column is None:
        return None
    lines = data.split(b"\n")
    text = lines[line - 1] if line <= len(lines) else b""
    if text[column - 1 : column] == b"\t":
        return column
    indent = len(text) - len(text.lstrip(b" \t-"))
    found = text.find(b"\t", 0, max(indent, column - 1))
    return found + 1 if found >= 0 else None


def _refused(name: str, code: str, **params: Any) -> CatalogueError:
    return CatalogueError([Problem(name, code, params)])


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[: max(offset, 0)]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    return line, column
