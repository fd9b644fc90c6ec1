"""What the terminal can take: a width that always draws, and whether it understands escapes.

Shell only (prints nothing itself except the clear sequence). `COLUMNS` is read by Rich,
Typer's help and us; a value that is not a usable width (0, negative, huge, not a number)
would draw nothing or a rule millions of cells long, so every reader gets `width()` instead.
"""

from __future__ import annotations

import os
import sys

MIN_WIDTH = 20  # below this no line of an answer is readable; draw at 20 and let the terminal fold
MAX_WIDTH = 500  # beyond this a heading's rule is noise; real terminals are far narrower
FALLBACK_WIDTH = 80
CLEAR = "\x1b[H\x1b[2J\x1b[3J"  # home, erase screen, erase scrollback (xterm, VTE, iTerm2, Windows Terminal)


def parse_columns(value: str | None) -> int | None:
    """A width in cells from a `COLUMNS` value, or None when it is not a usable width."""
    if value is None or not value.strip().isdecimal():
        return None
    columns = int(value.strip())
    return columns if columns > 0 else None


def width() -> int:
    """Cells per line: a valid `COLUMNS`, else the terminal's own size, else 80; within 20..500."""
    columns = parse_columns(os.environ.get("COLUMNS"))
    if columns is None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (OSError, ValueError):
            columns = 0
    return min(max(columns or FALLBACK_WIDTH, MIN_WIDTH), MAX_WIDTH)


def sanitise_columns() -> None:
    """Replace an unusable `COLUMNS` in our own environment, so libraries that read it draw."""
    if "COLUMNS" in os.environ and parse_columns(os.environ["COLUMNS"]) != width():
        os.environ["COLUMNS"] = str(width())


def is_dumb() -> bool:
    """True for a terminal that takes no cursor or erase sequences: TERM dumb or unknown.

    The same test as prompt_toolkit's `is_dumb_terminal`, without importing prompt_toolkit.
    """
    return os.environ.get("TERM", "").lower() in ("dumb", "unknown")


def clear_screen() -> None:
    """Wipe the screen and the scrollback: the next visitor at a desk must not see this one's answers.

    Nothing is written to a pipe or to a dumb terminal, which cannot be cleared; there the
    answers stay where that terminal keeps them, which the README says.
    """
    if sys.stdout.isatty() and not is_dumb():
        sys.stdout.write(CLEAR)
        sys.stdout.flush()
