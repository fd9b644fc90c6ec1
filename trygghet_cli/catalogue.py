"""Finding, reading and validating the catalogue: the only place the core touches files."""

from __future__ import annotations

import os
from pathlib import Path

from trygghet_cli import loader, store
from trygghet_cli.errors import CatalogueError, Problem
from trygghet_cli.model import Catalogue, Initiative
from trygghet_cli.schema import build_catalogue, build_record

DATA_ENV = "TRYGGHET_DATA"
NO_CACHE_ENV = "TRYGGHET_NO_CACHE"
CACHE_MIN_BYTES = 1024 * 1024  # below this, building in memory is as quick as reading a cache


PACKAGED = Path(__file__).resolve().parent / "data" / "initiatives.yaml"
PACKAGED_STORE = PACKAGED.with_suffix(store.SUFFIX)  # built into the wheel by hatch_build.py
CHECKOUT = Path(__file__).resolve().parent.parent / "data" / "initiatives.yaml"


def default_path() -> Path:
    """The catalogue shipped in the wheel, or the checkout's copy in an editable install."""
    return PACKAGED if PACKAGED.is_file() else CHECKOUT


def resolve_path(explicit: str | os.PathLike[str] | None) -> Path:
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DATA_ENV)
    return Path(from_env) if from_env else default_path()


def load(path: Path, use_cache: bool = True) -> Catalogue:
    """Read and validate a catalogue; raise CatalogueError with every problem, located.

    A database built from the same content is read instead of parsing the YAML again: the
    shipped one in the wheel, or, for a `--data` catalogue of 1 MB or more, one in the user
    cache directory, written there on first read (see `store.py`). Anything wrong with such
    a file means building afresh from the YAML, never an error.
    """
    name = str(path)
    data = loader.read_bytes(path)
    key = store.digest(data)
    shipped = path in (PACKAGED, CHECKOUT)  # small, and in the wheel already stored: never cached
    cached = use_cache and not shipped and len(data) >= CACHE_MIN_BYTES
    stored = PACKAGED_STORE if path == PACKAGED else cache_file(key) if cached else None
    ready = _read(stored, key, name, data) if stored is not None else None
    if ready is not None:
        return ready
    built = _built(data, name)
    if cached and stored is not None:
        store.stamp(built.store, key)
        store.save(built.store, stored)  # a cache that cannot be written is simply skipped
    return built


def cache_file(source_digest: str) -> Path | None:
    """Where the database of a `--data` catalogue with this content is kept: the platform's
    user cache directory; None when caching is switched off or there is no usable one (the
    XDG spec says a relative XDG_CACHE_HOME is to be ignored, and so is one here)."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("trygghet", appauthor=False))
    return folder / f"{source_digest}{store.SUFFIX}" if folder.is_absolute() else None


def _read(path: Path, key: str, name: str, data: bytes) -> Catalogue | None:
    """The catalogue from its database, or None when that cannot be trusted."""
    opened = store.open_file(path, key)
    if opened is None:
        return None
    db, head_doc = opened
    try:
        head = build_catalogue({**head_doc, "initiatives": []}, name)
    except CatalogueError:
        return None

    def build(raw: object, position: int) -> Initiative:
        return build_record(raw, head, name, position)

    return head._replace(store=store.Store(db, build, lambda: _built(data, name).store), source=name)


def _built(data: bytes, name: str) -> Catalogue:
    doc = loader.parse(data, name)
    try:
        return build_catalogue(doc, name)._replace(source=name)
    except CatalogueError as exc:
        raise CatalogueError(_located(exc.problems, data)) from None


def _located(problems: list[Problem], data: bytes) -> list[Problem]:
    """Problems with their file positions, found in one pass over the file however many there are."""
    firsts = [problem.params.get("first_path") for problem in problems]
    wanted = [(problem.path, problem.at_key) for problem in problems]
    wanted += [(first, False) for first in firsts if first is not None]
    places = iter(loader.locate_all(data, wanted))
    positions = [next(places) for _ in problems]
    located = []
    for problem, position in zip(problems, positions, strict=True):
        params = dict(problem.params)
        if params.pop("first_path", None) is not None:
            first = next(places)
            params["first"] = first[0] if first else "?"
        line, column = position if position else (None, None)
        located.append(problem._replace(params=params, line=line, column=column))
    return sorted(located, key=lambda p: (p.line or 0, p.column or 0))
