"""Reading free text: which concerns, role, age, area and initiatives a person's words mean.

The words come from the catalogue's vocabularies and the initiatives' names and keywords, so
the municipality can teach the tool a new word without touching code. The names and keywords
are indexed once, when the catalogue is stored (`name_phrases`, kept in `store.py`), so a run
looks up only the phrases that can start in the text. Only `search`, the wizard's "in my own
words" and the store import this module; its fuzzy matcher and stemmers only `search` and
the wizard.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

from trygghet_cli.model import Catalogue, Initiative, Term
from trygghet_cli.terms import fold

# --- Free text -------------------------------------------------------------------------
#
# A word in the text counts for a vocabulary word when it is the same word, has the same
# stem (skolkar ~ skolka), starts a compound with it (alkoholproblem ~ alkohol), or is a
# small typo away from it (alkahol ~ alkohol). A typo match is tried before a compound, so
# "trygghetscirkel" finds Trygghetscirkeln rather than the word "trygghet".
# Phrases ("bråk hemma") must appear in order.

FUZZY_CUTOFF = 85
MIN_FUZZY_LEN = 5
MIN_PREFIX_LEN = 4
MAX_TOKENS = 5000

_AGE_PATTERNS = (
    r"\b(\d{1,3})\s*-?\s*(?:år|åring\w*|årig\w*|years?|yrs?|yo|y/o|year-old)\b",
    r"\b(?:är|blir|fyllt|fyller|is|am|i'm|im|aged?|ålder|age)\s+(\d{1,3})\b",
)


class Reading(NamedTuple):
    """What a piece of free text says, and which of its words said it."""

    concerns: tuple[str, ...] = ()
    role: str | None = None
    age: int | None = None
    area: str | None = None
    initiatives: tuple[str, ...] = ()
    words: dict[str, tuple[str, ...]] = {}
    keyworded: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.concerns or self.initiatives or self.keyworded)


class _Entry(NamedTuple):
    key: str
    phrase: tuple[str, ...]


class _Index:
    """Folded and stemmed vocabulary words, built once per catalogue."""

    def __init__(self, cat: Catalogue) -> None:
        from rapidfuzz import fuzz, process

        self._fuzz, self._process = fuzz, process
        vocab = cat.vocabulary
        self.concerns = _Phrases(_with_joined(_entries(vocab.concerns, labels=True)))
        self.roles = _Phrases(_entries(vocab.roles, labels=False))
        self.areas = _Phrases(_with_joined(_entries(vocab.areas, labels=True)))
        self.names = _StoredPhrases(cat)
        self.role_rank = {k: term.rank for k, term in vocab.roles.items()}
        singles = {
            e.phrase[0] for group in (self.concerns, self.areas) for e in group.entries if len(e.phrase) == 1
        }
        singles.update(cat.store.name_words())
        self.words = singles | {e.phrase[0] for e in self.roles.entries if len(e.phrase) == 1}
        # Numbers (from ids such as "lyktan-2") match only exactly: a number has no stem, and
        # a near miss or a prefix of one is another number, not a typo.
        lexical = [w for w in self.words if not any(c.isdigit() for c in w)]
        self.fuzzy_words = sorted(w for w in lexical if w in singles and len(w) >= MIN_FUZZY_LEN)
        swedish, english = _stemmers()
        self.by_stem: dict[str, set[str]] = {}
        for word in lexical:
            for stem in {swedish.stemWord(word), english.stemWord(word)}:
                self.by_stem.setdefault(stem, set()).add(word)
        self.prefixes = sorted((w for w in lexical if len(w) >= MIN_PREFIX_LEN), key=len, reverse=True)

    def matches(self, entry: _Entry, text: list[str], forms: dict[str, set[str]]) -> bool:
        if len(entry.phrase) > 1:
            return _contains(text, entry.phrase)
        return entry.phrase[0] in forms


def _entries(terms: dict[str, Term], labels: bool) -> list[_Entry]:
    entries = []
    for key, term in terms.items():
        words = [w for found in term.words.values() for w in found]
        if labels:
            words += list(term.label.as_dict().values())
        entries += [_Entry(key, tokens(w)) for w in words]
    return entries


class _Phrases:
    """Phrases and the keys they stand for, found by their first word: a text is checked only
    against the phrases that can start in it, not against every name and keyword there is."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = [e for e in entries if e.phrase]
        self._by_first: dict[str, list[int]] = {}
        for n, entry in enumerate(self.entries):
            self._by_first.setdefault(entry.phrase[0], []).append(n)

    def starting_with(self, words: set[str]) -> list[_Entry]:
        """Entries whose first word is one of `words`, in catalogue order."""
        found = sorted({n for word in words for n in self._by_first.get(word, ())})
        return [self.entries[n] for n in found]


class _StoredPhrases:
    """The initiatives' names and keywords, looked up in the catalogue's store by first word."""

    def __init__(self, cat: Catalogue) -> None:
        self._store = cat.store

    def starting_with(self, words: set[str]) -> list[_Entry]:
        """Entries whose first word is one of `words`, in catalogue order."""
        return [_Entry(key, phrase) for key, phrase in self._store.phrases_starting(words)]


def _with_joined(entries: list[_Entry]) -> list[_Entry]:
    """Each short phrase also as one word, the way people write compounds: "icke-binär" is
    also "ickebinär", "mini maria" also "minimaria"."""
    joined = [
        _Entry(e.key, ("".join(e.phrase),))
        for e in entries
        if 1 < len(e.phrase) <= 3 and len("".join(e.phrase)) >= MIN_FUZZY_LEN
    ]
    return entries + joined


def name_phrases(initiatives: Sequence[Initiative]) -> list[tuple[str, tuple[str, ...]]]:
    """What each initiative may be called in free text, as folded words, in catalogue order:
    its name, its id, its name before a dash (keyed by its id), its keywords (keyed by "kw:"
    and its id); then each short one also joined into one word. Empty phrases are left out."""
    names: list[_Entry] = []
    for item in initiatives:
        for variant in (item.name, item.id.replace("-", " "), item.name.split(" – ")[0]):
            names.append(_Entry(item.id, tokens(variant)))
        for found in item.keywords.values():  # every language the catalogue has
            for word in found:
                names.append(_Entry("kw:" + item.id, tokens(word)))
    return [(e.key, e.phrase) for e in _with_joined(names) if e.phrase]


@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> tuple[str, ...]:
    """Folded words; remembered, since a large catalogue repeats its keywords thousands of times."""
    return tuple(re.findall(r"\w+", fold(text)))


def _contains(text: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    first = phrase[0]
    return any(text[i] == first and tuple(text[i : i + size]) == phrase for i in range(len(text) - size + 1))


@cache
def _stemmers() -> tuple[Any, Any]:
    from snowballstemmer import stemmer

    return stemmer("swedish"), stemmer("english")


def _forms(text: list[str], index: _Index) -> dict[str, set[str]]:
    """Every vocabulary word each text word may stand for, with the text words behind it."""
    swedish, english = _stemmers()
    vocab_words, by_stem, prefixes = index.words, index.by_stem, index.prefixes
    forms: dict[str, set[str]] = {}
    for token in set(text):
        found = {token} & vocab_words
        for stem in {swedish.stemWord(token), english.stemWord(token)}:
            found |= by_stem.get(stem, set())
        if not found and len(token) >= MIN_FUZZY_LEN:
            best = index._process.extractOne(
                token, index.fuzzy_words, scorer=index._fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best:
                found.add(best[0])
        if not found and len(token) > MIN_PREFIX_LEN:
            found |= {w for w in prefixes if token.startswith(w) or (len(w) >= 6 and token.endswith(w))}
        for word in found:
            forms.setdefault(word, set()).add(token)
    return forms


_INDEXES: dict[int, _Index] = {}


def _index(cat: Catalogue) -> _Index:
    key = id(cat)
    if key not in _INDEXES:
        _INDEXES.clear()
        _INDEXES[key] = _Index(cat)
    return _INDEXES[key]


def read_text(cat: Catalogue, text: str) -> Reading:
    """Concerns, role, age, area and named initiatives in what someone wrote."""
    index = _index(cat)
    surface = re.findall(r"\w+", text.casefold())[:MAX_TOKENS]
    words = [fold(w) for w in surface]
    as_typed = dict(zip(words, surface, strict=True))
    forms = {w: {as_typed.get(t, t) for t in typed} for w, typed in _forms(words, index).items()}
    hits: dict[str, list[str]] = {}

    def collect(phrases: _Phrases | _StoredPhrases) -> list[str]:
        found: list[str] = []
        for entry in phrases.starting_with({*words, *forms}):
            if index.matches(entry, words, forms):
                matched = (
                    _as_typed(entry.phrase, words, surface)
                    if len(entry.phrase) > 1
                    else ", ".join(sorted(forms[entry.phrase[0]]))
                )
                hits.setdefault(entry.key, []).append(matched)
                if entry.key not in found:
                    found.append(entry.key)
        return found

    concerns = collect(index.concerns)
    roles = collect(index.roles)
    areas = collect(index.areas)
    named = collect(index.names)
    concerns.sort(key=lambda k: -len(hits[k]))
    role = min(roles, key=lambda r: index.role_rank.get(r, 0)) if roles else None
    initiatives = tuple(k for k in named if not k.startswith("kw:"))
    keyworded = tuple(k.removeprefix("kw:") for k in named if k.startswith("kw:"))
    found_words = {k: tuple(dict.fromkeys(w for m in v for w in m.split(", "))) for k, v in hits.items()}
    area = areas[0] if areas else None
    return Reading(tuple(concerns), role, _age_in(text), area, initiatives, found_words, keyworded)


def _as_typed(phrase: tuple[str, ...], words: list[str], surface: list[str]) -> str:
    size = len(phrase)
    for i in range(len(words) - size + 1):
        if tuple(words[i : i + size]) == phrase:
            return " ".join(surface[i : i + size])
    return " ".join(phrase)


def _age_in(text: str) -> int | None:
    lowered = text.casefold()
    for pattern in _AGE_PATTERNS:
        found = re.search(pattern, lowered)
        if found and int(found.group(1)) <= 120:
            return int(found.group(1))
    return None
