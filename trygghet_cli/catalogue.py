"""Finding, reading and validating the catalogue: the only place the core touches files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from trygghet_cli import compiled, loader
from trygghet_cli.errors import CatalogueError, Problem
from trygghet_cli.model import Catalogue
from trygghet_cli.schema import build_catalogue

DATA_ENV = "TRYGGHET_DATA"


PACKAGED = Path(__file__).resolve().parent / "data" / "initiatives.yaml"
PACKAGED_COMPILED = PACKAGED.with_name(PACKAGED.name + compiled.SUFFIX)
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

    A compiled form with the same content (shipped in the wheel, or in the cache for a large
    catalogue) is used instead of parsing the YAML again; see `compiled.py`.
    """
    name = str(path)
    info = loader.check_file(path)
    caching = use_cache and _worth_caching(path, info.st_size)
    known = None
    if caching:
        known = compiled.known_digest(path, info)
        ready = compiled.read_cached(known, name, lambda: load(path, use_cache=False)) if known else None
        if ready is not None:
            return ready._replace(source=name)
    data = loader.read_bytes(path)
    key = compiled.digest(data) if caching else ""
    ready = None
    if path == PACKAGED:
        ready = compiled.load(PACKAGED_COMPILED, compiled.quick_key(data), name)
    elif caching and key != known:  # the cache under `known` was just tried and refused
        ready = compiled.read_cached(key, name, lambda: load(path, use_cache=False))
    if ready is None:
        doc = loader.parse(data, name)
        ready = _validated(doc, data, name)
        if caching:
            compiled.write_cached(doc, ready, key)
    if caching:
        compiled.remember_digest(path, info, key)
    return ready._replace(source=name)


def _validated(doc: Any, data: bytes, name: str) -> Catalogue:
    try:
        return build_catalogue(doc, name)
    except CatalogueError as exc:
        raise CatalogueError(_located(exc.problems, data)) from None


def _worth_caching(path: Path, size: int) -> bool:
    shipped = path in (PACKAGED, CHECKOUT)  # the shipped catalogue never needs a cache
    return not shipped and size >= compiled.CACHE_MIN_BYTES and compiled.cache_enabled()


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
