"""Reading free text for a crisis: does it say that someone may take their life, harm
themselves, be hit or threatened at home, or be a child in immediate danger?

Pure and separate from `understanding.py` (which finds concerns and initiatives), so the
relevance work there can change freely without weakening the safety net. Every word lives in
the catalogue's `crisis` section; this module only knows how to compare a phrase with what
someone wrote, the way people really write:

- case, accents and Unicode forms are folded (NFKC, then å = a), so "SJALVMORD" is "självmord";
- words are compared by Swedish and English stem ("skär" ~ "skära", "harms" ~ "harm");
- a phrase word of six letters or more also matches the start of a compound ("självmordstankar"),
  one typo when it has seven or more ("sjävmord", "suicde"), and the word split in two
  ("själv mord");
- letters typed three or more times count once or twice ("döööö", "villl");
- `*` in a phrase stands for up to two words of any kind ("vill ba dö").

Fuzzy matching of single words is kept to long words on purpose: a short word one letter away
is usually another word ("slår" and "spår", "hotar" and "hatar"), not a typo.

Idioms in `not_crisis` ("jag dör av tristess", "I could kill for a coffee") are compared the
strict way (no typos, no compounds) and cancel only the crisis phrases they overlap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from trygghet_cli.model import Crisis, Lang
from trygghet_cli.terms import fold

GAP = "*"
MAX_GAP = 2  # words a `*` may stand for
MIN_LOOSE_LEN = 6  # a phrase word this long may start a compound or be typed split in two
MIN_TYPO_LEN = 7  # a phrase word this long may have one typo
MAX_WORDS = 1000  # words of a text read; the CLI allows 2,000 characters

_APOSTROPHES = re.compile(r"['’`´ʼ]")
_REPEATS = re.compile(r"(\w)\1{2,}")


class _Step(NamedTuple):
    """One word of a phrase: the words it may be, folded, and their stems; None for a gap."""

    words: frozenset[str]
    stems: frozenset[str]
    loose: tuple[str, ...]  # the words long enough for compounds, splits and typos


class _Pattern(NamedTuple):
    kind: str  # the crisis kind's key; "" for an everyday idiom
    steps: tuple[_Step | None, ...]


def crisis_kinds(crisis: Crisis, text: str) -> tuple[str, ...]:
    """The crisis kinds (keys of `crisis.kinds`, in the catalogue's order) the text expresses.

    `text` is anything a person typed, in any language the catalogue has phrases for; the
    result is empty when it expresses none. Never raises on odd input.
    """
    if not crisis.kinds or not text.strip():
        return ()
    patterns, idioms = _patterns(crisis)
    reader = _Reader(words_of(text))
    blocked = [span for idiom in idioms for span in reader.spans(idiom, strict=True)]
    found: set[str] = set()
    for pattern in patterns:
        if pattern.kind in found:
            continue
        if any(not _overlaps(span, blocked) for span in reader.spans(pattern, strict=False)):
            found.add(pattern.kind)
    return tuple(kind.key for kind in crisis.kinds if kind.key in found)


def words_of(text: str) -> list[str]:
    """Folded words of a text: NFKC, case and accents folded, apostrophes dropped ("don't" is
    "dont"), so text typed on any keyboard compares with the catalogue's phrases."""
    normal = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text))
    return re.findall(r"\w+", fold(normal))[:MAX_WORDS]


def _overlaps(span: tuple[int, int], blocked: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(start < b_end and b_start < end for b_start, b_end in blocked)


@cache
def _stemmers() -> tuple[Any, Any]:
    from snowballstemmer import stemmer

    return stemmer("swedish"), stemmer("english")


def _stems(word: str) -> frozenset[str]:
    swedish, english = _stemmers()
    return frozenset({swedish.stemWord(word), english.stemWord(word)})


_PATTERNS: dict[int, tuple[list[_Pattern], list[_Pattern]]] = {}


def _patterns(crisis: Crisis) -> tuple[list[_Pattern], list[_Pattern]]:
    """The kinds' phrases and the idioms, parsed once per catalogue."""
    key = id(crisis)
    if key not in _PATTERNS:
        _PATTERNS.clear()
        patterns = [_parse(kind.key, phrase) for kind in crisis.kinds for phrase in _all_langs(kind.phrases)]
        idioms = [_parse("", phrase) for phrase in _all_langs(crisis.not_crisis)]
        _PATTERNS[key] = ([p for p in patterns if p.steps], [p for p in idioms if p.steps])
    return _PATTERNS[key]


def _all_langs(phrases: dict[Lang, tuple[str, ...]]) -> Iterable[str]:
    # Every language's phrases apply to every text: people mix languages, and the interface
    # language says nothing about the language of what was typed.
    for values in phrases.values():
        yield from values


def _parse(kind: str, phrase: str) -> _Pattern:
    steps: list[_Step | None] = []
    for part in phrase.split():
        if part == GAP:
            steps.append(None)
            continue
        words = frozenset(w for alt in part.split("|") for w in words_of(alt))
        if words:
            stems = frozenset(s for w in words for s in _stems(w))
            loose = tuple(sorted(w for w in words if len(w) >= MIN_LOOSE_LEN))
            steps.append(_Step(words, stems, loose))
    while steps and steps[-1] is None:  # a trailing gap adds nothing
        steps.pop()
    return _Pattern(kind, tuple(steps))


class _Reader:
    """A text's words, and where each phrase occurs in them."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self._forms = [_forms_of(w) for w in words]
        self._seen: dict[tuple[int, int, bool], tuple[int, ...]] = {}

    def spans(self, pattern: _Pattern, strict: bool) -> list[tuple[int, int]]:
        """(start, end) word positions of every place the pattern occurs."""
        found: list[tuple[int, int]] = []
        for start in range(len(self.words)):
            ends = self._ends(pattern.steps, 0, start, strict)
            found += [(start, end) for end in ends]
        return found

    def _ends(self, steps: tuple[_Step | None, ...], index: int, at: int, strict: bool) -> set[int]:
        if index == len(steps):
            return {at}
        step = steps[index]
        if step is None:
            ends: set[int] = set()
            for skip in range(MAX_GAP + 1):
                if at + skip <= len(self.words):
                    ends |= self._ends(steps, index + 1, at + skip, strict)
            return ends
        ends = set()
        for after in self._step_ends(step, at, strict):
            ends |= self._ends(steps, index + 1, after, strict)
        return ends

    def _step_ends(self, step: _Step, at: int, strict: bool) -> tuple[int, ...]:
        """Where the text continues after `step` matched at word `at` (one word, or two
        written apart); empty when it does not match there."""
        key = (id(step), at, strict)
        if key not in self._seen:
            ends = []
            if at < len(self.words) and _matches(step, self._forms[at], strict):
                ends.append(at + 1)
            if not strict and at + 1 < len(self.words) and step.loose:
                joined = self.words[at] + self.words[at + 1]
                if _matches(step, _forms_of(joined), strict=False):
                    ends.append(at + 2)
            self._seen[key] = tuple(ends)
        return self._seen[key]


class _Forms(NamedTuple):
    spellings: frozenset[str]  # the word, and with long runs of a letter cut to one or two
    stems: frozenset[str]


@cache
def _forms_of(word: str) -> _Forms:
    spellings = frozenset({word, _REPEATS.sub(r"\1", word), _REPEATS.sub(r"\1\1", word)})
    stems = frozenset(s for w in spellings for s in _stems(w))
    return _Forms(spellings, stems)


def _matches(step: _Step, forms: _Forms, strict: bool) -> bool:
    if forms.spellings & step.words or forms.stems & step.stems:
        return True
    if strict:
        return False
    for word in forms.spellings:
        for wanted in step.loose:
            if word.startswith(wanted) or _one_typo(word, wanted):
                return True
    return False


def _one_typo(word: str, wanted: str) -> bool:
    """One letter wrong, missing, extra or two swapped, in a word long enough to be sure."""
    if len(wanted) < MIN_TYPO_LEN or abs(len(word) - len(wanted)) > 1 or word[0] != wanted[0]:
        return False
    from rapidfuzz.distance import DamerauLevenshtein

    return bool(DamerauLevenshtein.distance(word, wanted, score_cutoff=1) <= 1)
