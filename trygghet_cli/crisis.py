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
- letters typed three or more times count once or twice ("döööö", "villl"), and a last vowel
  typed twice once ("döö");
- a word spelled out with spaces ("j a g  v i l l  d ö") is read as its letters joined, and a
  count typed in a hurry as a count ("30st", "1O" with a letter O);
- `*` in a phrase stands for up to two words of any kind ("vill ba dö").
- `@name` stands for any word or phrase of the concept group `name` (`crisis.groups`), and
  `A ~ B` for A and B in either order with up to three words between, so one rule
  ("@not_wanting ~ @life") covers the many ways one thought is written;
- a word that is no phrase word but several typed together ("livetavmig") is read apart;
- `#10` in a phrase stands for a number written in digits, 10 or more ("tog 40 alvedon": a
  count that is an overdose, where "tog 2 alvedon" is a dose); words cannot say "any number";
- a word that mixes scripts ("vіll" with a Cyrillic і) has its look-alike letters read as the
  script most of its letters are in (Unicode's confusables, `confusable_homoglyphs`), so a
  disguised or autocorrected word still matches; a word in one script is left as it is.

Fuzzy matching of single words is kept to long words on purpose: a short word one letter away
is usually another word ("slår" and "spår", "hotar" and "hatar"), not a typo.

Idioms in `not_crisis` ("jag dör av tristess", "I could kill for a coffee") are compared the
strict way (no typos, no compounds) and cancel only the crisis phrases they overlap.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import Any, NamedTuple

from trygghet_cli.model import Crisis, Lang
from trygghet_cli.terms import fold

GAP = "*"
MAX_GAP = 2  # words a `*` may stand for
GROUP_MARK = "@"  # `@life` is any word or phrase of the concept group `life`
NUMBER_MARK = "#"  # `#10` is a number in digits, 10 or more
MAX_DIGITS = 9  # longer runs of digits are no count (and int() refuses very long ones)
NEAR_MARK = "~"  # `A ~ B`: A and B in either order, with up to NEAR words between
NEAR = 3
MIN_LOOSE_LEN = 6  # a phrase word this long may start a compound or be typed split in two
MIN_TYPO_LEN = 7  # a phrase word this long may have one typo
MAX_PARTS = 6  # phrase words a word typed joined ("jagvilltalivetavmig") may be read as
MAX_JOINED = 40  # letters of the longest word read as words typed joined
MAX_WORDS = 1000  # words of a text read; the CLI allows 2,000 characters
# Ways one phrase may be spelled out (its groups' members of several words multiplied, as
# `breadth` counts them): a phrase of many groups in a row would give millions and exhaust the
# memory.
MAX_PATTERNS = 5000

_APOSTROPHES = re.compile(r"['’`´ʼ]")
_NUMBER = re.compile(NUMBER_MARK + r"(\d{1,6})")
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")  # scripts whose letters look alike
_REPEATS = re.compile(r"(\w)\1{2,}")
_DOUBLED_END = re.compile(r"([aeiouy])\1$")  # a last vowel stretched once ("döö", "diee")
_O_FOR_ZERO = re.compile(r"\b\d[\do]*o[\do]*\b")  # "1O", "2o", "1oo": a count with o for 0
_UNITS = re.compile(r"(?<=\d)(?=[^\W\d_])")  # between a count and letters typed on to it
MIN_SPELLED = 4  # single letters in a row read as one word spelled out ("j a g")


class _Gap(NamedTuple):
    width: int  # up to this many words of any kind


_Step = int | _Gap  # an id of a phrase word (standing for its alternatives), or a gap


class _Pattern(NamedTuple):
    kind: str  # the crisis kind's key; "" for an everyday idiom
    steps: tuple[_Step, ...]

    @property
    def needs(self) -> frozenset[int]:
        """Every phrase word it has: a text without one of them cannot hold it."""
        return _needs(self.steps)


@lru_cache(maxsize=1 << 14)
def _needs(steps: tuple[_Step, ...]) -> frozenset[int]:
    return frozenset(step for step in steps if isinstance(step, int))


@lru_cache(maxsize=1 << 14)
def _reach(steps: tuple[_Step, ...]) -> int:
    """The most words after its first word's position where a pattern's last word may start:
    a phrase word may be typed as two words, a gap may stand for `width` words."""
    return sum(step.width if isinstance(step, _Gap) else 2 for step in steps[:-1])


def crisis_kinds(crisis: Crisis, text: str) -> tuple[str, ...]:
    """The crisis kinds (keys of `crisis.kinds`, in the catalogue's order) the text expresses.

    `text` is anything a person typed, in any language the catalogue has phrases for; the
    result is empty when it expresses none. Never raises on odd input.
    """
    if not crisis.kinds or not text.strip():
        return ()
    vocabulary = _vocabulary(crisis)
    reader = _Reader(words_of(text), vocabulary)
    blocked = [span for idiom in vocabulary.idioms for span in reader.spans(idiom, strict=True)]
    found: set[str] = set()
    for pattern in vocabulary.patterns:
        if pattern.kind in found:
            continue
        if any(not _overlaps(span, blocked) for span in reader.spans(pattern, strict=False)):
            found.add(pattern.kind)
    return tuple(kind.key for kind in crisis.kinds if kind.key in found)


def crisis_kinds_anywhere(crisis: Crisis, text: str, windows: int = 20) -> tuple[str, ...]:
    """Like `crisis_kinds` for a text longer than `MAX_WORDS` words (one refused as too long):
    read in overlapping windows of `MAX_WORDS` words, at most `windows` of them, so a crisis
    in the middle of a long paste is still found and the time stays bounded."""
    words = text.split()
    step = MAX_WORDS - 20  # overlap: a phrase across a window's edge is read whole in the next
    found: set[str] = set()
    for start in range(0, max(len(words), 1), step)[:windows]:
        found.update(crisis_kinds(crisis, " ".join(words[start : start + MAX_WORDS])))
    return tuple(kind.key for kind in crisis.kinds if kind.key in found)


def breadth(groups: Mapping[str, tuple[str, ...]], phrase: str) -> int:
    """How many patterns `phrase` spells out to (each `@group` stands for its members, `A ~ B`
    for both orders), counted without building them; `validate` refuses more than
    MAX_PATTERNS. An unknown group counts as one word (validate names it separately)."""

    def options(part: str) -> int:
        if part == GAP:
            return 1
        single = 0
        several = 0
        for alternative in part.split("|"):
            name = alternative[len(GROUP_MARK) :] if alternative.startswith(GROUP_MARK) else None
            members = groups.get(name) if name is not None else None
            if members is None:
                single = 1
                continue
            for member in members:
                words = member.split()
                if len(words) == 1 and words[0] != GAP:
                    single = 1
                else:  # one pattern: its words' alternatives are one step each
                    several += 1
        return max(single + several, 1)

    parts = phrase.split()
    if NEAR_MARK in parts:
        at = parts.index(NEAR_MARK)
        return 2 * _product(options(p) for p in parts[:at]) * _product(options(p) for p in parts[at + 1 :])
    return _product(options(p) for p in parts)


def _product(numbers: Iterable[int]) -> int:
    found = 1
    for number in numbers:
        found *= number
        if found > MAX_PATTERNS:  # enough to refuse; no need to count further
            return found
    return found


def words_of(text: str) -> list[str]:
    """Folded words of a text: NFKC, case and accents folded, apostrophes dropped ("don't" is
    "dont"), so text typed on any keyboard compares with the catalogue's phrases. A count is
    read as typed in a hurry: a letter o among its digits is a zero ("1O" is 10) and letters
    after its digits are a word of their own ("30st" is "30 st", "500mg" is "500 mg"); a word
    spelled out letter by letter ("j a g  v i l l  d ö") is read as the letters joined."""
    normal = fold(_APOSTROPHES.sub("", unicodedata.normalize("NFKC", text)))
    normal = _UNITS.sub(" ", _O_FOR_ZERO.sub(lambda m: m.group().replace("o", "0"), normal))
    words = _spelled_out(re.findall(r"\w+", normal))
    return [_one_script(word) for word in words[:MAX_WORDS]]


def _spelled_out(words: list[str]) -> list[str]:
    """The words, with every run of MIN_SPELLED or more single letters joined into one word."""
    found: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        found += ["".join(run)] if len(run) >= MIN_SPELLED else run
        run = []
        found.append(word)
    return found[:-1]


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((script for script in _SCRIPTS if name.startswith(script + " ")), None)


@lru_cache(maxsize=1 << 12)
def _one_script(word: str) -> str:
    """The word with letters that only look like its main script's ("vіll" with a Cyrillic і)
    read as that script's ("vill"). Only a word that mixes scripts is changed: a whole
    Ukrainian word stays Cyrillic."""
    if word.isascii():  # most words: no lookup
        return word
    scripts = [s for s in map(_script, word) if s is not None]
    # The script of most letters; in a tie Latin, the script of most of the catalogue's phrases.
    main = max(set(scripts), key=lambda script: (scripts.count(script), script == "LATIN"), default=None)
    if main is None or len(set(scripts)) == 1:
        return word
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(word, greedy=True, preferred_aliases=[main.lower()]) or []
    swaps = {
        hit["character"]: alike["c"]
        for hit in found
        for alike in hit["homoglyphs"][::-1]  # the first of the main script wins
        if len(alike["c"]) == 1 and alike["n"].startswith(main + " ") and "LETTER" in alike["n"]
    }
    return "".join(swaps.get(char, char) for char in word)


def _alternatives(part: str) -> frozenset[str]:
    """The folded words a phrase word `a|b|c` allows; `#10` is kept as it is (a number)."""
    alternatives = part.split("|")
    numbers = {alt for alt in alternatives if _NUMBER.fullmatch(alt)}
    return frozenset(numbers | {w for alt in alternatives if alt not in numbers for w in words_of(alt)})


def _trimmed(steps: tuple[_Step, ...]) -> tuple[_Step, ...]:
    """Without gaps at either end: they add nothing."""
    start, end = 0, len(steps)
    while start < end and isinstance(steps[start], _Gap):
        start += 1
    while end > start and isinstance(steps[end - 1], _Gap):
        end -= 1
    return steps[start:end]


def _overlaps(span: tuple[int, int], blocked: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(start < b_end and b_start < end for b_start, b_end in blocked)


@cache
def _stemmers() -> tuple[Any, Any]:
    from snowballstemmer import stemmer

    return stemmer("swedish"), stemmer("english")


@lru_cache(maxsize=1 << 14)
def _stems(word: str) -> frozenset[str]:
    """The word's Swedish and English stems, leaving out one shorter than half the word (or
    half and only three letters): that is the stemmer cutting too deep ("hemlighet" and
    "hemlis" to "hem", so "vårt hem" read as "vår hemlighet"), not an ending taken off
    ("tjejerna" to "tjej" is kept)."""
    swedish, english = _stemmers()
    stems = (swedish.stemWord(word), english.stemWord(word))
    return frozenset(stem for stem in stems if 2 * len(stem) > len(word) or (2 * len(stem) == len(word) > 6))


def _all_langs(phrases: dict[Lang, tuple[str, ...]]) -> Iterable[str]:
    # Every language's phrases apply to every text: people mix languages, and the interface
    # language says nothing about the language of what was typed.
    for values in phrases.values():
        yield from values


class _Vocabulary:
    """Every phrase word, as an id standing for its alternatives (`a|b`), with indexes from a
    folded word, a stem and a long word to the ids that allow it. Built once per catalogue, so
    each word of a text is looked up once instead of compared with every phrase."""

    def __init__(self, crisis: Crisis) -> None:
        self._ids: dict[frozenset[str], int] = {}
        self._groups = crisis.groups
        self.exact: dict[str, set[int]] = {}
        self.stemmed: dict[str, set[int]] = {}
        self.long: dict[str, dict[str, set[int]]] = {}  # first letter, long word, ids
        self.numbers: dict[int, set[int]] = {}  # `#10`: the least number, ids
        self.patterns = [
            pattern
            for kind in crisis.kinds
            for phrase in _all_langs(kind.phrases)
            for pattern in self._parse(kind.key, phrase)
        ]
        idioms = _all_langs(crisis.not_crisis)
        self.idioms = [pattern for phrase in idioms for pattern in self._parse("", phrase)]
        self._strict: dict[str, frozenset[int]] = {}
        self._loose: dict[str, frozenset[int]] = {}
        self._parts: dict[str, tuple[str, ...]] = {}

    def _parse(self, kind: str, phrase: str) -> list[_Pattern]:
        """The patterns a phrase stands for: one per way of spelling out its groups, and for
        `A ~ B` both orders with up to NEAR words between."""
        parts = phrase.split()
        if NEAR_MARK in parts:
            at = parts.index(NEAR_MARK)
            left, right = self._sequences(parts[:at]), self._sequences(parts[at + 1 :])
            gap = (_Gap(NEAR),)
            sequences = [x + gap + y for a in left for b in right for x, y in ((a, b), (b, a))]
        else:
            sequences = self._sequences(parts)
        patterns = {_Pattern(kind, _trimmed(steps)) for steps in sequences}
        return [p for p in patterns if p.steps]

    def _sequences(self, parts: list[str], groups: bool = True) -> list[tuple[_Step, ...]]:
        sequences: list[tuple[_Step, ...]] = [()]
        if breadth(self._groups, " ".join(parts)) > MAX_PATTERNS:  # validate refuses it too
            return []
        for part in parts:
            options: list[tuple[_Step, ...]]
            if part == GAP:
                options = [(_Gap(MAX_GAP),)]
            else:
                single, options = self._choices(part, groups)
                if single:
                    options.append((self._step(frozenset(single)),))
            sequences = [seq + option for seq in sequences for option in options or [()]]
        return sequences

    def _choices(self, part: str, groups: bool) -> tuple[set[str], list[tuple[_Step, ...]]]:
        """What one phrase word `a|b|@group` allows: the single words, as one step of
        alternatives, and each group member of several words as a sequence of its own."""
        single: set[str] = set()
        options: list[tuple[_Step, ...]] = []
        for alternative in part.split("|"):
            if not (groups and alternative.startswith(GROUP_MARK)):
                single |= _alternatives(alternative)
                continue
            for member in self._groups.get(alternative[len(GROUP_MARK) :], ()):
                words = member.split()
                if len(words) == 1 and words[0] != GAP:
                    single |= self._choices(words[0], groups=False)[0]
                else:
                    options += self._sequences(words, groups=False)
        return single, options

    def _step(self, words: frozenset[str]) -> int:
        if words not in self._ids:
            step = self._ids[words] = len(self._ids)
            for word in words:
                if number := _NUMBER.fullmatch(word):
                    self.numbers.setdefault(int(number.group(1)), set()).add(step)
                    continue
                self.exact.setdefault(word, set()).add(step)
                for stem in _stems(word):
                    self.stemmed.setdefault(stem, set()).add(step)
                if len(word) >= MIN_LOOSE_LEN:
                    self.long.setdefault(word[0], {}).setdefault(word, set()).add(step)
        return self._ids[words]

    def strict(self, word: str) -> frozenset[int]:
        """Ids of the phrase words this text word is, by spelling or by stem."""
        if word not in self._strict:
            forms = _forms_of(word)
            found: set[int] = set()
            for spelling in forms.spellings:
                found |= self.exact.get(spelling, set())
            for stem in forms.stems:
                found |= self.stemmed.get(stem, set())
            if word.isdecimal() and len(word) <= MAX_DIGITS:  # any script's digits ("٤٠")
                found.update(*(ids for least, ids in self.numbers.items() if int(word) >= least))
            self._strict[word] = frozenset(found)
        return self._strict[word]

    def parts(self, word: str) -> tuple[str, ...]:
        """The word, or, when it is no phrase word but phrase words typed together
        ("livetavmig", "wanna"+"die", "engelska"+"provet"), those words; so joined words read
        like split ones. A compound is split even when its first part alone would match (as the
        start of a compound), so an idiom's words inside it are seen too."""
        if word not in self._parts:
            self._parts[word] = (word,)
            if MIN_LOOSE_LEN <= len(word) <= MAX_JOINED and not self.strict(word):
                self._parts[word] = self._split(word, MAX_PARTS) or (word,)
        return self._parts[word]

    def _split(self, word: str, most: int) -> tuple[str, ...] | None:
        """The fewest phrase words (each two letters or more) that spell `word`, or None."""
        if word in self.exact:
            return (word,)
        if most <= 1:
            return None
        best: tuple[str, ...] | None = None
        for cut in range(2, len(word) - 1):
            head = word[:cut]
            if head in self.exact and (tail := self._split(word[cut:], most - 1)) is not None:
                if best is None or len(tail) + 1 < len(best):
                    best = (head, *tail)
        return best

    def loose(self, word: str) -> frozenset[int]:
        """Ids as `strict`, and of the long phrase words it starts with or is one typo from."""
        if word not in self._loose:
            found = set(self.strict(word))
            for spelling in _forms_of(word).spellings:
                # A compound and a typo both keep the first letter (see `_one_typo`).
                for wanted, steps in self.long.get(spelling[:1], {}).items():
                    if spelling.startswith(wanted) or _one_typo(spelling, wanted):
                        found |= steps
            self._loose[word] = frozenset(found)
        return self._loose[word]


_LAST: list[tuple[Crisis, _Vocabulary]] = []  # the crisis section last read, kept alive


def _vocabulary(crisis: Crisis) -> _Vocabulary:
    """The phrases and idioms, parsed once per catalogue. Compared by identity while the
    section is held here, so a new catalogue at a freed object's address is never mistaken
    for the old one."""
    if not _LAST or _LAST[0][0] is not crisis:
        _LAST[:] = [(crisis, _Vocabulary(crisis))]
    return _LAST[0][1]


class _Reader:
    """A text's words, and where each phrase occurs in them."""

    def __init__(self, words: list[str], vocabulary: _Vocabulary) -> None:
        self.words = [part for word in words for part in vocabulary.parts(word)]
        self.vocabulary = vocabulary
        self._starts: dict[bool, dict[int, list[int]]] = {}

    def spans(self, pattern: _Pattern, strict: bool) -> list[tuple[int, int]]:
        """(start, end) word positions of every place the pattern occurs."""
        first, last = pattern.steps[0], pattern.steps[-1]
        assert isinstance(first, int) and isinstance(last, int)  # trimmed of gaps at either end
        found: list[tuple[int, int]] = []
        starts = self._starts_of(strict)
        if first not in starts or not pattern.needs <= starts.keys():  # most patterns: no need to follow
            return found
        lasts, reach = starts[last], _reach(pattern.steps)
        for start in starts[first]:
            # Only where its last word is close enough after (positions are in ascending order):
            # in a long text most of a common first word's places are far from any last word.
            at = bisect_left(lasts, start)
            if at == len(lasts) or lasts[at] > start + reach:
                continue
            found += [(start, end) for end in self._ends(pattern.steps, 0, start, strict)]
        return found

    def _starts_of(self, strict: bool) -> dict[int, list[int]]:
        """Phrase word id to the positions where it may start, looked up once per text, so a
        phrase is only followed where its first word is."""
        if strict not in self._starts:
            starts: dict[int, list[int]] = {}
            for at in range(len(self.words)):
                for step in self._matching(at, strict):
                    starts.setdefault(step, []).append(at)
            self._starts[strict] = starts
        return self._starts[strict]

    def _matching(self, at: int, strict: bool) -> frozenset[int]:
        words, vocabulary = self.words, self.vocabulary
        if strict:
            return vocabulary.strict(words[at])
        found = vocabulary.loose(words[at])
        if at + 1 < len(words):
            found |= vocabulary.loose(words[at] + words[at + 1])
        return found

    def _ends(self, steps: tuple[_Step, ...], index: int, at: int, strict: bool) -> set[int]:
        if index == len(steps):
            return {at}
        step = steps[index]
        ends: set[int] = set()
        if isinstance(step, _Gap):
            for skip in range(min(step.width, len(self.words) - at) + 1):
                ends |= self._ends(steps, index + 1, at + skip, strict)
            return ends
        for after in self._step_ends(step, at, strict):
            ends |= self._ends(steps, index + 1, after, strict)
        return ends

    def _step_ends(self, step: int, at: int, strict: bool) -> list[int]:
        """Where the text goes on after phrase word `step` matched at word `at` (one word, or
        two written apart); empty when it does not match there."""
        if at >= len(self.words):
            return []
        words, vocabulary = self.words, self.vocabulary
        if strict:
            return [at + 1] if step in vocabulary.strict(words[at]) else []
        ends = [at + 1] if step in vocabulary.loose(words[at]) else []
        if at + 1 < len(words) and step in vocabulary.loose(words[at] + words[at + 1]):
            ends.append(at + 2)
        return ends


class _Forms(NamedTuple):
    spellings: frozenset[str]  # the word, and with long runs of a letter cut to one or two
    stems: frozenset[str]


@lru_cache(maxsize=1 << 14)
def _forms_of(word: str) -> _Forms:
    once = _REPEATS.sub(r"\1", word)
    spellings = frozenset({word, once, _REPEATS.sub(r"\1\1", word), _DOUBLED_END.sub(r"\1", once)})
    stems = frozenset(s for w in spellings for s in _stems(w))
    return _Forms(spellings, stems)


def _one_typo(word: str, wanted: str) -> bool:
    """One letter wrong, missing, extra or two swapped, in a word long enough to be sure."""
    if len(wanted) < MIN_TYPO_LEN or abs(len(word) - len(wanted)) > 1 or word[0] != wanted[0]:
        return False
    from rapidfuzz.distance import DamerauLevenshtein

    return bool(DamerauLevenshtein.distance(word, wanted, score_cutoff=1) <= 1)
