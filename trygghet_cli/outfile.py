"""Writing a file the user asked for, and never over one that is already there.

The only files the tool writes: a handout the user named with `--output`, or the one the
wizard saves in the current directory when the user chooses to. Nothing else, no history.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from trygghet_cli.errors import UsageError, os_reason

PaperFormat = Literal["html", "text", "markdown"]
SUFFIXES: dict[str, PaperFormat] = {".html": "html", ".htm": "html", ".txt": "text", ".md": "markdown"}


def format_of(path: Path) -> PaperFormat:
    """The handout format a file name asks for: "html", "text" or "markdown".

    Raises UsageError (`usage.output_suffix`) for any other ending.
    """
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise UsageError("usage.output_suffix", path=str(path))
    return found


def write_new(path: Path, text: str, force: bool = False, make_parent: bool = False) -> Path:
    """Write `text` (UTF-8) to `path` whole or not at all; refuse an existing file unless `force`.

    The text goes to a temporary file beside `path` first, then is linked into place (which
    fails if a file appeared meanwhile) or, with `force`, renamed over it; a failure or Ctrl-C
    leaves no partial file. The file gets the usual permissions, not a temporary file's
    owner-only ones (a published feed must be readable). `make_parent` creates the folder.
    Raises UsageError: `usage.output_exists`, or `usage.output_failed` with the OS's reason.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    made = False
    try:
        if make_parent:
            _make_folder(path.parent)
        with temporary.open("x", encoding="utf-8", newline="\n") as handle:
            made = True
            handle.write(text)
        umask = os.umask(0o022)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)
        if force:
            temporary.replace(path)
        else:
            os.link(temporary, path)
    except FileExistsError:
        raise UsageError("usage.output_exists", path=str(path)) from None
    except OSError as exc:
        raise UsageError("usage.output_failed", path=str(path), **os_reason(exc)) from None
    finally:
        if made:
            temporary.unlink(missing_ok=True)
    return path


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file has the folder's name: not "the output exists"
        raise UsageError(
            "usage.output_failed", path=str(folder), reason="Not a directory", errno="ENOTDIR"
        ) from None


def write_beside(folder: Path, name: str, text: str, attempts: int = 100) -> Path:
    """Write under `name` in `folder`, or `name-2`, `name-3`… when it is taken; the path used.

    Raises UsageError (`usage.output_failed`) when the folder cannot be written to.
    """
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(1, attempts + 1):
        candidate = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            return write_new(candidate, text)
        except UsageError as exc:
            if exc.code != "usage.output_exists":
                raise
    raise UsageError("usage.output_exists", path=str(folder / name))
