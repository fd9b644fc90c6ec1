"""Turning a value typed in a flag (`--concern alkohol`, `--area storvik`) into a vocabulary key."""

from __future__ import annotations

import re
import unicodedata

from trygghet_cli.errors import UsageError
from trygghet_cli.model import LANGS, Term


def fold(text: str) -> str:
    """Case- and accent-insensitive form for comparing what people type ("Gastrike" = "Gästrike")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def resolve_term(terms: dict[str, Term], value: str, option: str) -> str:
    """The key for a value given as a key or as a label in either language, or a usage error."""
    wanted = fold(value)
    for key, term in terms.items():
        if wanted in _names(key, term):
            return key
    raise UsageError(
        "usage.unknown_value",
        option=option,
        value=value,
        valid=", ".join(terms),
        suggestion=closest(value, terms),
    )


def closest(value: str, terms: dict[str, Term]) -> str:
    """The key nearest to `value`, or "" when nothing is near: first a key or label that
    begins with it ("school" for school_absence), then an everyday word of the term
    ("mobbning"), then a near spelling ("alcohl"), then a shared beginning ("skola")."""
    wanted = fold(value)
    if not wanted:
        return ""
    names: dict[str, str] = {}
    for key, term in terms.items():
        for name in _names(key, term):
            names.setdefault(name, key)
    for name, key in names.items():
        if any(part.startswith(wanted) for part in [name, *re.split(r"[\s_-]+", name)]):
            return key
    for key, term in terms.items():
        if wanted in (fold(w) for lang in LANGS for w in term.words.get(lang, ())):
            return key
    import difflib

    found = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    if found:
        return names[found[0]]
    return next((key for name, key in names.items() if name.startswith(wanted[:4])), "")


def _names(key: str, term: Term) -> list[str]:
    """Every folded way a flag may name a term: its key (with `_`, space or `-`) and its labels."""
    names = [key, key.replace("_", " "), key.replace("_", "-")]
    names += [term.label.get(lang) for lang in LANGS]
    if term.short is not None:
        names += [term.short.get(lang) for lang in LANGS]
    return [fold(name) for name in names]
