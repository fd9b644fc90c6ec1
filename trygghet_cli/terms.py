"""Turning a value typed in a flag (`--concern alkohol`, `--area storvik`) into a vocabulary key."""

from __future__ import annotations

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
        names = [key, key.replace("_", " "), key.replace("_", "-")]
        names += [term.label.get(lang) for lang in LANGS]
        if term.short is not None:
            names += [term.short.get(lang) for lang in LANGS]
        if wanted in (fold(n) for n in names):
            return key
    raise UsageError(
        "usage.unknown_value",
        option=option,
        value=value,
        valid=", ".join(terms),
        suggestion=closest(value, terms),
    )


def closest(value: str, terms: dict[str, Term]) -> str:
    """The key whose key or label is nearest to `value`, or "" when nothing is near."""
    candidates: dict[str, str] = {}
    for key, term in terms.items():
        candidates[fold(key)] = key
        for lang in LANGS:
            candidates[fold(term.label.get(lang))] = key
    import difflib

    found = difflib.get_close_matches(fold(value), list(candidates), n=1, cutoff=0.6)
    if found:
        return candidates[found[0]]
    prefix = [key for name, key in candidates.items() if fold(value) and name.startswith(fold(value)[:4])]
    return prefix[0] if prefix else ""
