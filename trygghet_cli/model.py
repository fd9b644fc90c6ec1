"""The catalogue as typed, immutable values.

Everything the shell shows comes from these objects, built only by `schema.build_catalogue`
after the whole file has been validated, so no other module needs to guard against missing
or malformed fields.
"""

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from trygghet_cli.store import Store

from trygghet_cli.hours import Schedule

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


class SaidOf(NamedTuple):
    """A concern read from other concerns' words said of certain people: a word of one of
    `concerns` shortly after one of `people` ("mamma mår psykiskt dåligt" is a parent's mental
    ill-health, not the child's own), unless one of `not_between` stands between them ("mamma
    säger att jag mår dåligt")."""

    concerns: tuple[str, ...]
    people: dict[Lang, tuple[str, ...]]
    not_between: dict[Lang, tuple[str, ...]] = {}


class Term(NamedTuple):
    """One entry of a vocabulary (a role, concern, area or way in)."""

    key: str
    label: Text
    short: Text | None = None
    words: dict[Lang, tuple[str, ...]] = {}
    rank: int = 0
    safety_first: bool = False
    said_of: SaidOf | None = None  # concerns only


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
        return last_day(self.end) < today


def last_day(value: str) -> dt.date:
    """The last day of a period's end, given as "YYYY" or "YYYY-MM-DD"."""
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

    `schedule` is the opening hours as data (see `hours.py`), only where a source gives them;
    `hours` stays the words shown, since a source may say more than the structure can hold.
    """

    kind: ContactKind
    value: Text
    label: Text
    hours: Text | None = None
    note: Text | None = None
    via: str | None = None
    caveat: Caveat | None = None
    schedule: Schedule | None = None


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
    # Concerns it only touches (the page names them as an effect or a part, not its purpose):
    # they rank below what it is made for (`concerns`); never both.
    touches: tuple[str, ...] = ()
    # Roles the page names as who it works with directly (trains, guides, holds talks with):
    # for a person in one of them it is their own way in.
    works_with: tuple[str, ...] = ()

    def ended(self, today: dt.date) -> bool:
        return self.period is not None and self.period.ended(today)


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_order(name: str) -> str:
    """A key for alphabetical order as a Swedish reader expects it: å, ä, ö after z."""
    return name.casefold().translate(_SWEDISH_ORDER)


class CrisisKind(NamedTuple):
    """One kind of crisis free text can express (suicide, violence, danger).

    `phrases` are patterns, per language, that `crisis.py` reads: words separated by spaces,
    `a|b` for either word, `*` for up to two words of any kind, `@name` for any word or words of
    the concept group `name` (`Crisis.groups`), and `A ~ B` for A and B near each other in
    either order. `routes` are general route ids,
    shown in this order when the kind is recognised; `message` is the calm sentence shown first.
    """

    key: str
    label: Text
    message: Text
    routes: tuple[str, ...]
    phrases: dict[Lang, tuple[str, ...]] = {}
    examples: dict[Lang, tuple[str, ...]] = {}  # sentences `validate` checks are read as this kind


class Crisis(NamedTuple):
    """The catalogue's crisis vocabulary: the kinds in the order they are told apart, the
    everyday idioms that only sound like a crisis (`not_crisis`, same pattern syntax), and
    the routes a chosen concern moves into the urgent block (`urgent_for_concerns`), and the
    concept groups phrases name as `@name` (`groups`: name to words or phrases, any language)."""

    kinds: tuple[CrisisKind, ...] = ()
    not_crisis: dict[Lang, tuple[str, ...]] = {}
    urgent_for_concerns: Mapping[str, tuple[str, ...]] = {}
    groups: Mapping[str, tuple[str, ...]] = {}

    def kind(self, key: str) -> CrisisKind | None:
        return next((k for k in self.kinds if k.key == key), None)


class Catalogue(NamedTuple):
    name: Text
    municipality: str
    vocabulary: Vocabulary
    routes: tuple[Route, ...]
    store: "Store"  # the initiatives, in SQLite (see store.py)
    source: str = ""
    crisis: Crisis = Crisis()
    languages: tuple[Language, ...] = ()  # as declared; Swedish always among them

    @property
    def initiatives(self) -> tuple[Initiative, ...]:
        """Every full initiative; builds them all, so matching reads `store.facts()` instead."""
        return self.store.all()

    def initiative(self, initiative_id: str) -> Initiative | None:
        return self.store.find(initiative_id)

    def route(self, route_id: str) -> Route | None:
        for item in self.routes:
            if item.id == route_id:
                return item
        return None
