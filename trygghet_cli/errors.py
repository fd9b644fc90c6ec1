"""Exit codes and the errors the core raises.

The core never prints: it raises one of these with a message key and parameters, and the
shell translates the key into the user's language and exits with the class's code.
"""

from enum import IntEnum
from typing import Any, NamedTuple


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    CATALOGUE = 3
    INTERRUPTED = 130


class Problem(NamedTuple):
    """One thing wrong with a catalogue, located as precisely as the file allows."""

    file: str
    code: str
    params: dict[str, Any] = {}
    line: int | None = None
    column: int | None = None
    path: tuple[str | int, ...] = ()
    at_key: bool = False


class TrygghetError(Exception):
    exit_code = ExitCode.INTERNAL

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class UsageError(TrygghetError):
    exit_code = ExitCode.USAGE


class CatalogueError(TrygghetError):
    """The catalogue could not be read or is invalid; carries every problem found."""

    exit_code = ExitCode.CATALOGUE

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("catalogue.invalid", count=len(problems))
        self.problems = problems


def os_reason(exc: OSError) -> dict[str, str]:
    """An OS error as message parameters: `reason`, the system's own words (English on most
    systems), and `errno`, its symbolic name (such as ENOENT), by which `i18n.t` says it in the
    user's language where the locale files have it."""
    import errno

    return {"reason": exc.strerror or str(exc), "errno": errno.errorcode.get(exc.errno or 0, "")}
