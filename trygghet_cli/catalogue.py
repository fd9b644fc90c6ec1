"""Finding, reading and validating the catalogue: the only place the core touches files."""

from __future__ import annotations

import os
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

from trygghet_cli import loader
from trygghet_cli.errors import CatalogueError, Problem
from trygghet_cli.model import Catalogue
from trygghet_cli.schema import build_catalogue

DATA_ENV = "TRYGGHET_DATA"


def default_path() -> Path:
    """The catalogue shipped in the wheel, or the checkout's copy in an editable install."""
    packaged = files("trygghet_cli") / "data" / "initiatives.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / "initiatives.yaml"


def resolve_path(explicit: str | os.PathLike[str] | None) -> Path:
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DATA_ENV)
    return Path(from_env) if from_env else default_path()


def load(path: Path) -> Catalogue:
    """Read and validate a catalogue; raise CatalogueError with every problem, located."""
    name = str(path)
    data = loader.read_bytes(path)
    doc = loader.parse(data, name)
    try:
        catalogue = build_catalogue(doc, name)
    except CatalogueError as exc:
        raise CatalogueError(_located(exc.problems, data)) from None
    return replace(catalogue, source=name)


def _located(problems: list[Problem], data: bytes) -> list[Problem]:
    root = loader.compose(data)
    located = []
    for problem in problems:
        params = dict(problem.params)
        first_path = params.pop("first_path", None)
        if first_path is not None:
            first = loader.locate(root, first_path, at_key=False)
            params["first"] = first[0] if first else "?"
        position = loader.locate(root, problem.path, problem.at_key)
        line, column = position if position else (None, None)
        located.append(replace(problem, params=params, line=line, column=column))
    return sorted(located, key=lambda p: (p.line or 0, p.column or 0))
