"""Reading free text: which concerns, role, age, area and initiatives a person's words mean.

The words come from the catalogue's vocabularies and the initiatives' names and keywords, so
the municipality can teach the tool a new word without touching code. The names and keywords
are indexed once, when the catalogue is stored (`name_phrases`, kept in `store.py`), so a run
looks up only the phrases that can start in the text. Only `search`, the wizard's "in my own
words" and the store import this module; its fuzzy matcher and stemmers only `search` and
the wizard.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

from trygghet_cli.model import Catalogue, Initiative, SaidOf, Term
from trygghet_cli.terms import fold

# --- Free text -------------------------------------------------------------------------
#
# The text is first put in one Unicode form (NFC) and case, so "ro\u0308ker" and "RÖKER" are
# "röker". A word in the text counts for a vocabulary word when it is the same word, has the
# same stem (skolkar ~ skolka), starts a compound with it (alkoholproblem ~ alkohol), or is a
# small typo away from it (alkahol ~ alkohol). A correctly spelt word of Swedish or English
# (one the word-frequency lists know) is never read as a typo of another word: "setting" is not
# "betting". In a Swedish text a Swedish word is not read through English ("hit" is not "hits"),
# and the other way round. Concerns and roles are matched with å, ä and ö kept ("får" is not
# "far"); only a text written wholly without them has its words restored ("mar daligt" is "mår
# dåligt") when the restored word is the more common one. Names and areas are proper names and
# match folded ("Gastrike" = "Gästrike"). A typo match is tried before a compound, so
# "trygghetscirkel" finds Trygghetscirkeln rather than the word "trygghet".
# Phrases ("bråk hemma") must appear in order.

FUZZY_CUTOFF = 85
MIN_FUZZY_LEN = 5
MIN_PREFIX_LEN = 4
# A vocabulary word this long may end a compound ("alkoholmissbruk" ~ "missbruk"); a name's or
# keyword's word one letter shorter ("fotbollsklubb" ~ "klubb"): the last part of a Swedish
# compound says what it is, and keywords are the initiatives' own words.
MIN_SUFFIX_LEN = 6
MIN_NAME_SUFFIX_LEN = 5
MAX_TOKENS = 5000
SAID_OF_NEAR = 2  # words that may stand between a person and what is said of them
# A word at least this common (Zipf scale: 3 is once per million words) in Swedish or English
# is a known word: it is read as itself, never as a typo of a vocabulary word.
KNOWN_ZIPF = 2.5
LANGUAGES = ("sv", "en")
_SWEDISH_LETTERS = frozenset("åäö")


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


def normal(text: str) -> str:
    """`text` in Unicode NFC and case-folded: one spelling for what looks the same."""
    return unicodedata.normalize("NFC", text).casefold()


def plain_tokens(text: str) -> tuple[str, ...]:
    """Words of `text` normalised (`normal`) but with å, ä and ö kept."""
    return tuple(re.findall(r"\w+", normal(text)))


@cache
def _frequencies(lang: str) -> dict[str, float]:
    """Word frequencies of `lang` (wordfreq's small list, NFC case-folded words, shares of all
    words); loaded only when free text is read."""
    from wordfreq import get_frequency_dict

    found: dict[str, float] = get_frequency_dict(lang, wordlist="small")
    return found


def zipf(word: str, lang: str) -> float:
    """How common `word` is in `lang` on the Zipf scale (log10 of uses per billion words; 0
    when the list does not know it). Source: wordfreq (Speer 2022), small list."""
    share = _frequencies(lang).get(word, 0.0)
    return math.log10(share * 1e9) if share > 0 else 0.0


class _Space:
    """Vocabulary words of one kind (exact or folded), with stems, typo candidates and compound
    beginnings, and which words belong to only one language's lists."""

    def __init__(
        self, words: set[str], singles: set[str], only: dict[str, set[str]], fuzzy: Any, suffix: int
    ) -> None:
        self.words = words
        self.suffix = suffix
        self.only = only
        self._fuzz, self._process = fuzzy
        # Numbers (from ids such as "lyktan-2") match only exactly: a number has no stem, and
        # a near miss or a prefix of one is another number, not a typo.
        lexical = [w for w in words if not any(c.isdigit() for c in w)]
        # Typos are compared folded, the way people without å, ä and ö write ("skilsmasa").
        self.fuzzy_words: dict[str, str] = {}
        for word in sorted(w for w in lexical if w in singles and len(w) >= MIN_FUZZY_LEN):
            self.fuzzy_words.setdefault(fold(word), word)
        swedish, english = _stemmers()
        self.by_stem: dict[str, dict[str, set[str]]] = {"sv": {}, "en": {}}
        for word in lexical:
            self.by_stem["sv"].setdefault(swedish.stemWord(word), set()).add(word)
            self.by_stem["en"].setdefault(english.stemWord(word), set()).add(word)
        self.prefixes = sorted((w for w in lexical if len(w) >= MIN_PREFIX_LEN), key=len, reverse=True)

    def forms(
        self, text: Iterable[str], lang: str | None, typed: dict[str, str] | None = None
    ) -> dict[str, set[str]]:
        """Every vocabulary word each text word may stand for, with the text words behind it.
        `lang` is the text's language when one is clear ("sv", "en") or None; `typed` gives a
        folded word as it was typed, whose commonness decides whether it is a known word
        ("föräldrar" is, though "foraldrar" is not)."""
        stemmers = dict(zip(LANGUAGES, _stemmers(), strict=True))
        forms: dict[str, set[str]] = {}
        for token in set(text):
            word = (typed or {}).get(token, token)
            known = {code: zipf(word, code) >= KNOWN_ZIPF for code in LANGUAGES}
            # In a text of one language, a word of that language is read only in that language.
            langs = (lang,) if lang is not None and known[lang] else LANGUAGES
            found = {token} & self.words
            if not found:
                for code in langs:
                    found |= self.by_stem[code].get(stemmers[code].stemWord(token), set())
            if not found and len(token) >= MIN_FUZZY_LEN and not any(known.values()):
                best = self._process.extractOne(
                    fold(token), list(self.fuzzy_words), scorer=self._fuzz.ratio, score_cutoff=FUZZY_CUTOFF
                )
                if best:
                    found.add(self.fuzzy_words[best[0]])
            if not found and len(token) > MIN_PREFIX_LEN:
                found |= {
                    w
                    for w in self.prefixes
                    if token.startswith(w) or (len(w) >= self.suffix and token.endswith(w))
                }
            if lang is not None and known[lang]:
                found -= self.only.get(lang, set())
            for word in found:
                forms.setdefault(word, set()).add(token)
        return forms


class _SaidOfRule(NamedTuple):
    """A concern's `said_of`, as plain words: its people's phrases by first word, the
    concerns whose words it reads, and the words that may not stand between."""

    key: str
    people: dict[str, set[tuple[str, ...]]]
    concerns: frozenset[str]
    blockers: frozenset[str]

    @classmethod
    def of(cls, key: str, said_of: SaidOf) -> _SaidOfRule:
        people = _by_first(plain_tokens(w) for words in said_of.people.values() for w in words)
        between = said_of.not_between.values()
        blockers = frozenset(w for words in between for phrase in words for w in plain_tokens(phrase))
        return cls(key, people, frozenset(said_of.concerns), blockers)


class _Index:
    """The vocabularies' words (exact) and the names' and areas' words (folded), built once
    per catalogue."""

    def __init__(self, cat: Catalogue) -> None:
        from rapidfuzz import fuzz, process

        vocab = cat.vocabulary
        self.concerns = _Phrases(_with_joined(_entries(vocab.concerns, labels=True, split=plain_tokens)))
        self.roles = _Phrases(_entries(vocab.roles, labels=False, split=plain_tokens))
        self.areas = _Phrases(_with_joined(_entries(vocab.areas, labels=True, split=tokens)))
        self.names = _StoredPhrases(cat)
        self.role_rank = {k: term.rank for k, term in vocab.roles.items()}
        exact = [*self.concerns.entries, *self.roles.entries]
        exact_words = {w for e in exact for w in e.phrase}
        exact_singles = {e.phrase[0] for e in self.concerns.entries if len(e.phrase) == 1}
        self.exact = _Space(
            exact_words,
            exact_singles,
            _only_in_one_language(vocab.concerns, vocab.roles),
            (fuzz, process),
            MIN_SUFFIX_LEN,
        )
        named = {e.phrase[0] for e in self.areas.entries if len(e.phrase) == 1}
        named.update(cat.store.name_words())
        self.folded = _Space(named, named, {}, (fuzz, process), MIN_NAME_SUFFIX_LEN)
        # Concerns read from other concerns' words said of someone (`said_of`).
        self.said_of = [
            _SaidOfRule.of(key, term.said_of)
            for key, term in vocab.concerns.items()
            if term.said_of is not None
        ]
        # Words restored in a text written without å, ä and ö: each folded spelling to the
        # vocabulary words that have it ("mar" to "mår").
        self.restore: dict[str, set[str]] = {}
        for word in exact_words:
            if fold(word) != word:
                self.restore.setdefault(fold(word), set()).add(word)

    def matches(self, entry: _Entry, text: list[str], forms: dict[str, set[str]]) -> bool:
        if len(entry.phrase) > 1:
            return _contains(text, entry.phrase)
        return entry.phrase[0] in forms


def _only_in_one_language(*vocabularies: dict[str, Term]) -> dict[str, set[str]]:
    """For Swedish and English, the words only other languages' lists have: in a Swedish text
    a Swedish word is not read through them ("bet", Swedish for bit, is English and Somali for
    betting). Easy-to-read Swedish counts as Swedish."""
    by_lang: dict[str, set[str]] = {}
    for terms in vocabularies:
        for term in terms.values():
            for lang, words in term.words.items():
                own = "sv" if lang == "lattlast" else lang
                # Single words only: "hit" in the Swedish phrase "flyttat hit" does not make
                # the English "hit" a Swedish word.
                singles = (found[0] for word in words if len(found := plain_tokens(word)) == 1)
                by_lang.setdefault(own, set()).update(singles)
    return {
        lang: set().union(*(w for other, w in by_lang.items() if other != lang)) - by_lang.get(lang, set())
        for lang in LANGUAGES
    }


def _entries(terms: dict[str, Term], labels: bool, split: Any) -> list[_Entry]:
    entries = []
    for key, term in terms.items():
        words = [w for found in term.words.values() for w in found]
        if labels:
            words += list(term.label.as_dict().values())
        entries += [_Entry(key, split(w)) for w in words]
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
    also "ickebinär", "mini maria" also "minimaria". Not a phrase with a word of one or two
    letters ("vi föräldrar"): nobody types it joined, and "viföräldrar" would only be a typo
    that "föräldrar" came close to."""
    joined = [
        _Entry(e.key, ("".join(e.phrase),))
        for e in entries
        if 1 < len(e.phrase) <= 3
        and len("".join(e.phrase)) >= MIN_FUZZY_LEN
        and min(len(w) for w in e.phrase) > 2
    ]
    return entries + joined


def name_phrases(initiatives: Sequence[Initiative]) -> list[tuple[str, tuple[str, ...]]]:
    """What each initiative may be called in free text, as folded words, in catalogue order:
    its name, its id, its name before a dash, another initiative's whole name that begins its
    own ("Lyktan" for Lyktan Prova På: the text may mean either, and the other words decide)
    (all keyed by its id), its keywords (keyed by "kw:" and its id); then each short one also
    joined into one word. Empty phrases are left out."""
    whole = {tokens(item.name) for item in initiatives}
    names: list[_Entry] = []
    for item in initiatives:
        name = tokens(item.name)
        begun = [name[:n] for n in range(1, len(name)) if name[:n] in whole]
        for variant in (name, tokens(item.id.replace("-", " ")), tokens(item.name.split(" – ")[0]), *begun):
            names.append(_Entry(item.id, variant))
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


_LAST: list[tuple[Catalogue, _Index]] = []  # the catalogue last read, kept alive


def _index(cat: Catalogue) -> _Index:
    """The catalogue's words, indexed once. Compared by identity while the catalogue is held
    here, so a new catalogue at a freed object's address is never mistaken for the old one."""
    if not _LAST or _LAST[0][0] is not cat:
        _LAST[:] = [(cat, _Index(cat))]
    return _LAST[0][1]


def read_text(cat: Catalogue, text: str) -> Reading:
    """Concerns, role, age, area and named initiatives in what someone wrote (any Unicode
    form, any capitals). The role is the one of lowest `rank` among those with words in the
    text, leaving out words that are part of a longer phrase of another role ("elev" in "jag
    är elev" is the young person's phrase, not the professional's word)."""
    index = _index(cat)
    surface = list(plain_tokens(text))[:MAX_TOKENS]
    lang = _language(surface)
    exact = _restored(surface, index) if not _SWEDISH_LETTERS & set("".join(surface)) else surface
    folded = [fold(w) for w in surface]
    hits: dict[str, list[str]] = {}
    spans: dict[str, set[tuple[int, int]]] = {}

    def collect(phrases: _Phrases | _StoredPhrases, words: list[str], space: _Space) -> list[str]:
        as_typed = dict(zip(words, surface, strict=True))
        # Folded words are judged known or not as typed; the exact ones (perhaps restored:
        # "mar" read as "mår") as read.
        raw = space.forms(words, lang, as_typed if words is folded else None)
        forms = {w: {as_typed.get(t, t) for t in typed} for w, typed in raw.items()}
        found: list[str] = []
        for entry in phrases.starting_with({*words, *forms}):
            if index.matches(entry, words, forms):
                matched = (
                    _as_typed(entry.phrase, words, surface)
                    if len(entry.phrase) > 1
                    else ", ".join(sorted(forms[entry.phrase[0]]))
                )
                hits.setdefault(entry.key, []).append(matched)
                spans.setdefault(entry.key, set()).update(_spans(entry.phrase, words, raw))
                if entry.key not in found:
                    found.append(entry.key)
        return found

    concerns = collect(index.concerns, exact, index.exact)
    concerns += _said_of(index, exact, surface, hits, spans, concerns)
    roles = collect(index.roles, exact, index.exact)
    areas = collect(index.areas, folded, index.folded)
    named = collect(index.names, folded, index.folded)
    # A word that is part of a longer phrase of another concern means that concern only:
    # "spelar" in "spelar dator" is gaming, not gambling; "dricker" in "pappa dricker" is the
    # family's worry, not the child's own drinking.
    concerns = _standing(concerns, spans)
    concerns.sort(key=lambda k: -len(hits[k]))
    role = min(_standing(roles, spans), key=lambda r: index.role_rank.get(r, 0), default=None)
    initiatives = tuple(k for k in named if not k.startswith("kw:"))
    keyworded = tuple(k.removeprefix("kw:") for k in named if k.startswith("kw:"))
    found_words = {k: tuple(dict.fromkeys(w for m in v for w in m.split(", "))) for k, v in hits.items()}
    area = areas[0] if areas else None
    return Reading(tuple(concerns), role, age_in(text), area, initiatives, found_words, keyworded)


def _said_of(
    index: _Index,
    words: list[str],
    surface: list[str],
    hits: dict[str, list[str]],
    spans: dict[str, set[tuple[int, int]]],
    found: list[str],
) -> list[str]:
    """Concerns said of someone: one of a rule's people, then within SAID_OF_NEAR words a
    word of one of its concerns, with none of its `not_between` words between ("pappa har
    alkoholproblem" is the family's addiction). The whole stretch becomes the rule's span, so
    the other concern's word inside it no longer stands for that concern alone. Returns the
    concern keys found that `found` does not hold yet."""
    added: list[str] = []
    for rule in index.said_of:
        said = [span for concern in rule.concerns.intersection(found) for span in spans.get(concern, ())]
        for start, end in _phrase_spans(words, rule.people):
            stops = [
                stop
                for at, stop in said
                if end <= at <= end + SAID_OF_NEAR and not rule.blockers.intersection(words[end:at])
            ]
            if not stops:
                continue
            hits.setdefault(rule.key, []).append(" ".join(surface[start : max(stops)]))
            spans.setdefault(rule.key, set()).add((start, max(stops)))
            if rule.key not in found and rule.key not in added:
                added.append(rule.key)
    return added


def _by_first(phrases: Iterable[tuple[str, ...]]) -> dict[str, set[tuple[str, ...]]]:
    """`phrases` by their first word (empty ones left out)."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            found.setdefault(phrase[0], set()).add(phrase)
    return found


def _phrase_spans(words: list[str], phrases: dict[str, set[tuple[str, ...]]]) -> list[tuple[int, int]]:
    """Where any of `phrases` (by first word) stands in `words`, as (start, end) positions."""
    return [
        (i, i + len(p))
        for i, word in enumerate(words)
        for p in sorted(phrases.get(word, ()))
        if tuple(words[i : i + len(p)]) == p
    ]


def _spans(phrase: tuple[str, ...], words: list[str], forms: dict[str, set[str]]) -> set[tuple[int, int]]:
    """Where `phrase` stands in `words`, as (start, end) word positions."""
    size = len(phrase)
    if size == 1:
        typed = forms.get(phrase[0], set()) | {phrase[0]}
        return {(i, i + 1) for i, word in enumerate(words) if word in typed}
    return {(i, i + size) for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == phrase}


def _standing(keys: list[str], spans: dict[str, set[tuple[int, int]]]) -> list[str]:
    """The keys with words in the text that are not inside a longer phrase of another key."""

    def inside(span: tuple[int, int], key: str) -> bool:
        return any(
            o[0] <= span[0] and span[1] <= o[1] and o != span
            for other in keys
            if other != key
            for o in spans.get(other, ())
        )

    return [key for key in keys if any(not inside(span, key) for span in spans.get(key, ()))]


def _language(words: Sequence[str]) -> str | None:
    """The language ("sv" or "en") more of `words` are commoner in, or None on a tie."""
    votes = dict.fromkeys(LANGUAGES, 0)
    for word in words:
        sv, en = zipf(word, "sv"), zipf(word, "en")
        if max(sv, en) >= KNOWN_ZIPF and sv != en:
            votes["sv" if sv > en else "en"] += 1
    if votes["sv"] == votes["en"]:
        return None
    return "sv" if votes["sv"] > votes["en"] else "en"


def _restored(words: list[str], index: _Index) -> list[str]:
    """A text written without å, ä and ö, with each word that is a vocabulary word but for
    those letters written as that word, when it is the commoner Swedish word ("mar" is "mår";
    "far" stays "far" when "far" is the vocabulary word)."""
    restored = []
    for word in words:
        candidates = [] if word in index.exact.words else sorted(index.restore.get(word, ()))
        better = [w for w in candidates if zipf(w, "sv") > zipf(word, "sv")]
        restored.append(max(better, key=lambda w: zipf(w, "sv")) if better else word)
    return restored


def _as_typed(phrase: tuple[str, ...], words: list[str], surface: list[str]) -> str:
    size = len(phrase)
    for i in range(len(words) - size + 1):
        if tuple(words[i : i + size]) == phrase:
            return " ".join(surface[i : i + size])
    return " ".join(phrase)


# --- Ages ------------------------------------------------------------------------------
#
# A number is an age when it says so ("15 år", "15-åriga", "15 years old", "I'm 17", "är 15"),
# not when it counts something else ("3 månader", "för 2 år sedan", "har gått i 2 år": months
# and durations; "vi e 3 kompisar": people). A school year is an age too: year n of Swedish
# compulsory school is the year a pupil turns n + 6 (Skolverket: school starts the autumn a
# child turns 6 or 7), so "går i nian" (year 9) is about 15.

_AGE_LIMIT = 120
_GRADE_OFFSET = 6
_GRADE_WORDS = {"fyran": 4, "femman": 5, "sexan": 6, "sjuan": 7, "åttan": 8, "attan": 8, "nian": 9}
_UNIT_AFTER = (
    r"(?!\s*(?:[.,:]\d|%|mån|man\b|manad|veck|dag|tim|min|sek|gång|kr|kg|cm|month|week|day|hour|minute|time"
    r"|percent|procent|st\b|pcs"
    # A count of people ("vi e 3 kompisar", "vi är 4 ungdomar"), not an age.
    r"|kompis|polare|vän|person|pers\b|stycken|syskon|killar|tjejer|pojkar|flickor|ungdomar|elever"
    r"|föräldrar|foraldrar|mammor|pappor|friend|people|kids|children|boys|girls|of us))"
)
_AGE_PATTERNS = (
    # "15 år", "15-åriga", "15 years old", "15 yo": a number of years, unless it is a duration.
    r"(?<![\w.,])(?<!\bi )(?<!\bför )(?<!\bin )(?<!\bfor )(?<!\bpå )(?<!\bsedan )(?<!\bsen )"
    r"(?<!\befter )(?<!\binom )(?<!\bunder )(?<!\bover )(?<!\bom )"
    r"(\d{1,3})\s*-?\s*(?:år|åring\w*|årig\w*|ar|aring\w*|arig\w*|years?|yrs?|yo|y/o|year-old)\b"
    r"(?!\s*(?:sedan|sen|ago|till|kvar|senare|later|tidigare|earlier)\b)",
    # "är 15" (texted "e 15", "ar 15"), "I'm 17", "aged 12", unless a unit follows ("är 3 månader").
    r"\b(?:är|e|ar|blir|fyllt|fyller|is|am|i['’]m|im|aged?|ålder)\s+(\d{1,3})\b" + _UNIT_AFTER,
)
_GRADE_PATTERNS = (
    r"\b(?:åk|årskurs|arskurs|ak|klass|year|grade)\s*(\d{1,2})\b",
    r"\b(\d{1,2})\s*:?\s*(?:an|e|de)\b(?=.*\b(?:klass|skola|skolan|går)\b)|\bgår i (\d{1,2})\s*:?\s*an\b",
)


def age_in(text: str) -> int | None:
    """The age of the person the text is about, in years, or None when it gives none: the
    first number that says it is an age, or a school year as the age a pupil turns in it."""
    lowered = normal(text)
    found: list[tuple[int, int]] = []
    for pattern in _AGE_PATTERNS:
        found += [(m.start(), int(m.group(1))) for m in re.finditer(pattern, lowered)]
    for pattern in _GRADE_PATTERNS:
        for m in re.finditer(pattern, lowered):
            grade = next(g for g in m.groups() if g)
            found.append((m.start(), int(grade) + _GRADE_OFFSET))
    for word in re.finditer(r"\w+", lowered):
        if word.group() in _GRADE_WORDS:
            found.append((word.start(), _GRADE_WORDS[word.group()] + _GRADE_OFFSET))
    ages = sorted((at, age) for at, age in found if age <= _AGE_LIMIT)
    return ages[0][1] if ages else None
