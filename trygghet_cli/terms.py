"""Turning a value typed in a flag (`--concern alkohol`, `--area storvik`) into a vocabulary key."""

from __future__ import annotations

import re
import unicodedata

from trygghet_cli.errors import UsageError
from trygghet_cli.model import FALLBACK, Lang, Term


def fold(text: str) -> str:
    """Case- and accent-insensitive form for comparing what people type ("Gastrike" = "Gästrike")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def resolve_term(terms: dict[str, Term], value: str, option: str, lang: Lang = FALLBACK) -> str:
    """The key for a value given as a key, a label in any language, or an everyday word of
    the catalogue's vocabulary (`förälder`, `gäng`, `skolk`). Raises UsageError
    (`usage.unknown_value`) otherwise, listing each key with its label in `lang`
    ("parent (Förälder eller annan vuxen nära ett barn)"), so the words of the help work too."""
    wanted = fold(value)
    for key, term in terms.items():
        if wanted in _names(key, term):
            return key
    everyday = _everyday(terms).get(wanted)
    if everyday is not None:
        return everyday
    raise UsageError(
        "usage.unknown_value",
        option=option,
        value=value,
        valid=", ".join(f"{key} ({term.label.get(lang)})" for key, term in terms.items()),
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
        if wanted in (fold(w) for words in term.words.values() for w in words):
            return key
    import difflib

    found = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    if found:
        return names[found[0]]
    return next((key for name, key in names.items() if name.startswith(wanted[:4])), "")


def _names(key: str, term: Term) -> list[str]:
    """Every folded way a flag may name a term: its key (with `_`, space or `-`) and its labels."""
    names = [key, key.replace("_", " "), key.replace("_", "-")]
    names += term.label.as_dict().values()
    names += [label.split(",")[0] for label in term.label.as_dict().values() if "," in label]
    if term.short is not None:
        names += term.short.as_dict().values()
    return [fold(name) for name in names]


def _everyday(terms: dict[str, Term]) -> dict[str, str]:
    """Folded one-word entries of the vocabulary's `words` (any language), each to its term,
    where only one term has that word: `skolk` is school absence, but a word two terms share
    names neither."""
    owners: dict[str, set[str]] = {}
    for key, term in terms.items():
        for words in term.words.values():
            for word in words:
                if " " not in word.strip():
                    owners.setdefault(fold(word), set()).add(key)
    return {word: next(iter(keys)) for word, keys in owners.items() if len(keys) == 1}
