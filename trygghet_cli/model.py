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

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")
MAX_AGE = 120  # the oldest age the catalogue, the flags and the wizard accept


class Text(NamedTuple):
    """A text in both languages; the catalogue requires both."""

    sv: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.sv


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
