"""Finding, reading and validating the catalogue: the only place the core touches files."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from trygghet_cli import loader, store
from trygghet_cli.errors import CatalogueError, Problem
from trygghet_cli.model import Catalogue, Initiative

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
    info = loader.check_file(path)
    shipped = path in (PACKAGED, CHECKOUT)  # small, and in the wheel already stored: never cached
    cached = use_cache and not shipped and info.st_size >= CACHE_MIN_BYTES
    stored = PACKAGED_STORE if path == PACKAGED else cache_file(path) if cached else None
    opened = store.open_file(stored) if stored is not None else None
    seen = store.seen(info)
    if opened is not None and cached and opened.seen == seen:  # the YAML is as it was last read
        return _from(opened, path, name)
    data = loader.read_bytes(path)
    key = store.digest(data)
    if opened is not None and opened.digest == key:
        if cached and stored is not None:
            store.note_seen(stored, seen)
        return _from(opened, path, name)
    if opened is not None:
        opened.db.close()
    built = _built(data, name)
    if cached and stored is not None:
        store.stamp(built.store, key, seen)
        store.save(built.store, stored)  # a cache that cannot be written is simply skipped
    return built


def validate(path: Path, today: dt.date) -> Catalogue:
    """`load`, and also refuse dates that cannot be true on `today` (a review or a source dated
    after it) and a crisis net switched off (no crisis kinds, or a kind's example no longer
    read as it: see `schema.safety_problems`); raises CatalogueError with every problem
    located. Only `trygghet validate` runs this: the other commands answer whatever the clock
    says. The YAML itself is read, never
    a cached database: a check must see the file as it is."""
    from trygghet_cli.schema import dated_problems, safety_problems

    cat = load(path, use_cache=False)
    problems = dated_problems(cat, str(path), today) + safety_problems(cat, str(path))
    if problems:
        raise CatalogueError(_located(problems, loader.read_bytes(path)))
    return cat


def lines_of(path: Path, paths: list[tuple[str | int, ...]]) -> list[int | None]:
    """The 1-based line of each document path's key (its value's, for a list item) in the
    catalogue file at `path`, None where there is none: for pointing a maintainer at what to
    look at. Raises CatalogueError if the file cannot be read."""
    places = loader.locate_all(loader.read_bytes(path), [(where, True) for where in paths])
    return [place[0] if place else None for place in places]


def cache_file(path: Path) -> Path | None:
    """Where the database of a `--data` catalogue is kept: the platform's user cache directory,
    named by a CRC-32 of the catalogue's full path; None when caching is switched off or there
    is no usable directory (the XDG spec says a relative XDG_CACHE_HOME is to be ignored, and
    so is one here). Two paths that share a name only rebuild each other's database: what it
    was built from is checked on every read (`store.open_file`, `load`). (CRC-32, not SHA-256:
    importing hashlib's OpenSSL costs 3 ms of `find`'s budget on a large catalogue.)"""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    import zlib

    import platformdirs

    folder = Path(platformdirs.user_cache_dir("trygghet", appauthor=False))
    named = zlib.crc32(os.fsencode(path.resolve()))
    return folder / f"{named:08x}{store.SUFFIX}" if folder.is_absolute() else None


def _kept_head(opened: store.Opened, path: Path) -> Catalogue | None:
    """The wheel's validated head, kept as Python objects at build time (store.keep_built);
    only ever read from the wheel's own database, never from a cache file."""
    if path != PACKAGED or opened.built is None:
        return None
    head = _unpickled(opened.built)
    return head if isinstance(head, Catalogue) else None


def _unpickled(value: bytes) -> object:
    import pickle

    try:
        return pickle.loads(value)
    except Exception:  # a damaged blob: built again from its JSON instead
        return None


def _from(opened: store.Opened, path: Path, name: str) -> Catalogue:
    """The catalogue in a stored database: its head rebuilt now, each initiative when shown
    (both as the wheel keeps them, where it does); should the file turn out damaged later,
    the YAML is read afresh instead."""
    kept = _kept_head(opened, path)
    try:  # the head's JSON is decoded only here: the wheel's own file keeps it built
        head = kept or _head_of(store.head_document(opened.db), name)
    except (CatalogueError, ValueError, TypeError):  # a damaged head, or not JSON of one
        return _built(loader.read_bytes(path), name)

    def build(raw: object, position: int) -> Initiative:
        if kept is not None:
            value = store.kept_initiative(opened.db, position)
            item = _unpickled(value) if value is not None else None
            if isinstance(item, Initiative):
                return item
        from trygghet_cli.schema import build_record  # not imported where the wheel keeps them built

        return build_record(raw, head, name, position)

    def rebuild() -> store.Store:
        return _built(loader.read_bytes(path), name).store

    return head._replace(store=store.Store(opened.db, build, rebuild), source=name)


def _head_of(document: str, name: str) -> Catalogue:
    """A stored head's JSON rebuilt into model values (already validated when it was stored)."""
    from trygghet_cli.schema import build_catalogue

    return build_catalogue({**json.loads(document), "initiatives": []}, name, checked=True)


def _built(data: bytes, name: str) -> Catalogue:
    from trygghet_cli.schema import build_catalogue

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


def translation_gaps(path: Path) -> dict[str, list[Problem]]:
    """For each declared language but Swedish, every text that lacks it, located
    (`FILE:LINE:COLUMN`). Warnings, not errors: a municipality adds a language bit by bit.
    Reads the file again; call it only after `load` accepted the file."""
    from trygghet_cli.schema import translation_gaps as gaps_in

    data = loader.read_bytes(path)
    found = gaps_in(loader.parse(data, str(path)), str(path))
    return {lang: _located(problems, data) if problems else [] for lang, problems in found.items()}
