"""The catalogue as typed, immutable values.

Everything the shell shows comes from these objects, built only by `schema.build_catalogue`
after the whole file has been validated, so no other module needs to guard against missing
or malformed fields.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Literal, NamedTuple

Lang = str  # a language code: one of LANGS for the interface; a catalogue declares its own
# The interface's languages, in the order the wizard offers them. `lattlast` is easy-to-read
# Swedish (lättläst); `prs` is Dari. Swedish is every text's fallback.
LANGS: tuple[Lang, ...] = ("sv", "lattlast", "en", "uk", "so", "ti", "ar", "prs")
FALLBACK: Lang = "sv"
RTL: frozenset[Lang] = frozenset({"ar", "prs"})  # never printed to a terminal (see README)
MAX_AGE = 120  # the oldest age the catalogue, the flags and the wizard accept


class Text:
    """A text in one or more languages, as a mapping from language code to text.

    Swedish is always present (the catalogue requires it) and is the fallback: `get` never
    fails. `shown` also says which language was used, so a caller can mark a fallback.
    `Text(sv, en)` and `.sv`/`.en` keep working for code written for two languages.
    """

    __slots__ = ("_texts",)

    def __init__(self, sv: str, en: str | None = None, /, **more: str) -> None:
        texts = {FALLBACK: sv}
        if en is not None:
            texts["en"] = en
        texts.update(more)
        self._texts: dict[Lang, str] = texts

    @classmethod
    def of(cls, texts: Mapping[Lang, str]) -> "Text":
        """From a mapping that holds at least `sv`; raises KeyError without it."""
        made = cls(texts[FALLBACK])
        made._texts.update(texts)
        return made

    @property
    def sv(self) -> str:
        return self._texts[FALLBACK]

    @property
    def en(self) -> str:
        return self.get("en")

    def get(self, lang: Lang) -> str:
        """The text in `lang`, else in Swedish."""
        return self.shown(lang)[0]

    def shown(self, lang: Lang) -> tuple[str, Lang]:
        """(text, the language it is in): `lang` when present, else Swedish. Easy-to-read
        Swedish falls back to Swedish too, which is then not a change of language."""
        found = self._texts.get(lang)
        return (found, lang) if found is not None else (self._texts[FALLBACK], FALLBACK)

    def has(self, lang: Lang) -> bool:
        return lang in self._texts

    def as_dict(self) -> dict[Lang, str]:
        """Every language present, Swedish first."""
        return dict(self._texts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other._texts == self._texts

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._texts.items())))

    def __repr__(self) -> str:
        return f"Text.of({self._texts!r})"


class Language(NamedTuple):
    """A language a catalogue declares: its code, its own name, and whether a person reviewed
    the translation, by which organisation and when (never a person's name)."""

    code: Lang
    name: str
    reviewed: bool = False
    reviewed_by: str | None = None
    reviewed_on: str | None = None


class Term(NamedTuple):
    """One entry of a vocabulary (a role, concern, area or way in)."""

    key: str
    label: Text
    short: Text | None = None
    words: dict[Lang, tuple[str, ...]] = {}
    rank: int = 0
    safety_first: bool = False


class Vocabulary(NamedTuple):
    roles: dict[str, Term]
    concerns: dict[str, Term]
    areas: dict[str, Term]
    access: dict[str, Term]


class AgeRange(NamedTuple):
    """Inclusive ages in whole years; None is "no limit stated", never a guess."""

    min: int | None = None
    max: int | None = None
    label: Text | None = None

    def contains(self, age: int) -> bool:
        return (self.min is None or age >= self.min) and (self.max is None or age <= self.max)

    @property
    def bounded(self) -> bool:
        return self.min is not None and self.max is not None

    @property
    def unlimited(self) -> bool:
        return self.min is None and self.max is None


class Period(NamedTuple):
    """When an initiative runs. Dates are "YYYY" or "YYYY-MM-DD" as the source states them."""

    start: str | None = None
    end: str | None = None

    def ended(self, today: dt.date) -> bool:
        if self.end is None:
            return False
        return _last_day(self.end) < today


def _last_day(value: str) -> dt.date:
    if len(value) == 4:
        return dt.date(int(value), 12, 31)
    return dt.date.fromisoformat(value)


ContactKind = Literal["phone", "email", "web", "address", "visit", "route"]


Caveat = Literal["unverified", "conflict"]


class Contact(NamedTuple):
    """A way to reach someone. `via` names the general route it came from, if any.

    `caveat` marks a fact a maintainer should look at again: `unverified` (one weak or old
    source), `conflict` (sources disagree; `note` says how). A phone with a `conflict` caveat
    is never offered as a number to dial.
    """

    kind: ContactKind
    value: Text
    label: Text
    hours: Text | None = None
    note: Text | None = None
    via: str | None = None
    caveat: Caveat | None = None


class Source(NamedTuple):
    url: str
    as_of: str | None = None


class Route(NamedTuple):
    """A general route (112, the social services, national lines) shown beside answers."""

    id: str
    name: str
    tier: str
    always: bool
    summary: Text
    contacts: tuple[Contact, ...]
    sources: tuple[Source, ...]
    audiences: frozenset[str] = frozenset()
    concerns: frozenset[str] = frozenset()
    ages: AgeRange = AgeRange()


class Initiative(NamedTuple):
    id: str
    name: str
    summary: Text
    description: Text
    provider: str
    audiences: tuple[str, ...]
    concerns: tuple[str, ...]
    ages: AgeRange
    areas: tuple[str, ...]
    access: str
    contacts: tuple[Contact, ...]
    sources: tuple[Source, ...]
    reviewed: str
    any_concern: bool = False
    period: Period | None = None
    keywords: dict[Lang, tuple[str, ...]] = {}

    def ended(self, today: dt.date) -> bool:
        return self.period is not None and self.period.ended(today)


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_order(name: str) -> str:
    """A key for alphabetical order as a Swedish reader expects it: å, ä, ö after z."""
    return name.casefold().translate(_SWEDISH_ORDER)


class Entry(NamedTuple):
    """What matching needs to know about an initiative: cheap to hold for 10,000 of them,
    so a large catalogue is matched without building every full card."""

    id: str
    name: str
    audiences: tuple[str, ...]
    concerns: tuple[str, ...]
    any_concern: bool
    ages: AgeRange
    areas: tuple[str, ...]
    access: str
    period: Period | None = None
    keywords: Mapping[Lang, Sequence[str]] = {}


def entry_of(item: Initiative) -> Entry:
    return Entry(
        item.id,
        item.name,
        item.audiences,
        item.concerns,
        item.any_concern,
        item.ages,
        item.areas,
        item.access,
        item.period,
        item.keywords,
    )


class Records:
    """The full initiatives, each built on first use from whatever holds it."""

    def __init__(self, ids: list[str], build: Callable[[int], Initiative]) -> None:
        self._ids = ids
        self._build = build
        self._built: dict[int, Initiative] = {}
        self._positions: dict[str, int] | None = None

    @classmethod
    def of(cls, items: tuple[Initiative, ...]) -> "Records":
        return cls([i.id for i in items], items.__getitem__)

    def __len__(self) -> int:
        return len(self._ids)

    def at(self, position: int) -> Initiative:
        if position not in self._built:
            self._built[position] = self._build(position)
        return self._built[position]

    def position(self, initiative_id: str) -> int | None:
        if self._positions is None:
            self._positions = {key: n for n, key in enumerate(self._ids)}
        return self._positions.get(initiative_id)

    def find(self, initiative_id: str) -> Initiative | None:
        position = self.position(initiative_id)
        return None if position is None else self.at(position)


class Entries:
    """The matching rows of every initiative, each built on first use."""

    def __init__(
        self,
        count: int,
        build: Callable[[int], Entry],
        build_many: Callable[[list[int]], list[Entry]] | None = None,
    ) -> None:
        self._count = count
        self._build = build
        self._build_many = build_many
        self._built: dict[int, Entry] = {}

    @classmethod
    def of(cls, items: tuple[Entry, ...]) -> "Entries":
        return cls(len(items), items.__getitem__)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, position: int) -> Entry:
        if position not in self._built:
            self._built[position] = self._build(position)
        return self._built[position]

    def __iter__(self) -> Iterator[Entry]:
        self.prefetch(range(self._count))
        return (self[n] for n in range(self._count))

    def prefetch(self, positions: Iterable[int]) -> None:
        """Build many entries at once, where the source can do that faster than one by one."""
        if self._build_many is None:
            return
        missing = [n for n in positions if n not in self._built]
        if missing:
            self._built.update(zip(missing, self._build_many(missing), strict=True))


NO_LIMIT = -1  # in Index.age_min and age_max: no limit stated


class Index(NamedTuple):
    """What scoring needs about every initiative, by position: whom and what each is for as
    position sets, everything else as flat columns of numbers. A catalogue of any size is
    scored from these alone; an Entry is built only for the matches that will be shown."""

    roles: Mapping[str, frozenset[int]]
    concerns: Mapping[str, frozenset[int]]
    areas: Mapping[str, frozenset[int]]
    any_concern: frozenset[int]
    age_min: Sequence[int]  # NO_LIMIT where none is stated
    age_max: Sequence[int]
    last_day: Sequence[int]  # the proleptic ordinal of the day it ends; 0 when it has no end
    access_rank: Sequence[int]
    breadth: Sequence[int]  # how many concerns it lists
    local: Sequence[int]  # 1 where it names areas, 0 where it is for the whole municipality
    alphabetical: Sequence[int]  # its place in Swedish alphabetical order (å, ä, ö after z)


def index_of(entries: Sequence[Entry], access: Mapping[str, Term]) -> Index:
    roles: dict[str, set[int]] = {}
    concerns: dict[str, set[int]] = {}
    areas: dict[str, set[int]] = {}
    for position, item in enumerate(entries):
        for tags, keys in ((roles, item.audiences), (concerns, item.concerns), (areas, item.areas)):
            for key in keys:
                tags.setdefault(key, set()).add(position)
    by_name = sorted(range(len(entries)), key=lambda n: (swedish_order(entries[n].name), n))
    alphabetical = [0] * len(entries)
    for rank, position in enumerate(by_name):
        alphabetical[position] = rank
    return Index(
        {key: frozenset(found) for key, found in roles.items()},
        {key: frozenset(found) for key, found in concerns.items()},
        {key: frozenset(found) for key, found in areas.items()},
        frozenset(n for n, item in enumerate(entries) if item.any_concern),
        [NO_LIMIT if item.ages.min is None else item.ages.min for item in entries],
        [NO_LIMIT if item.ages.max is None else item.ages.max for item in entries],
        [
            _last_day(item.period.end).toordinal() if item.period and item.period.end else 0
            for item in entries
        ],
        [access[item.access].rank for item in entries],
        [len(item.concerns) for item in entries],
        [1 if item.areas else 0 for item in entries],
        alphabetical,
    )


class Catalogue(NamedTuple):
    name: Text
    municipality: str
    vocabulary: Vocabulary
    routes: tuple[Route, ...]
    entries: Entries
    records: Records
    scoring: Index
    source: str = ""
    languages: tuple[Language, ...] = ()  # as declared; Swedish always among them

    @property
    def initiatives(self) -> tuple[Initiative, ...]:
        """Every full initiative; builds them all, so matching uses `entries` instead."""
        return tuple(self.records.at(n) for n in range(len(self.records)))

    def initiative(self, initiative_id: str) -> Initiative | None:
        return self.records.find(initiative_id)

    def entry(self, initiative_id: str) -> Entry | None:
        position = self.records.position(initiative_id)
        return None if position is None else self.entries[position]

    def route(self, route_id: str) -> Route | None:
        for item in self.routes:
            if item.id == route_id:
                return item
        return None
