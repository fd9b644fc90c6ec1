"""The catalogue as typed, immutable values.

Everything the shell shows comes from these objects, built only by `schema.build_catalogue`
after the whole file has been validated, so no other module needs to guard against missing
or malformed fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in both languages; the catalogue requires both."""

    sv: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a vocabulary (a role, concern, area or way in)."""

    key: str
    label: Text
    short: Text | None = None
    words: dict[Lang, tuple[str, ...]] = field(default_factory=dict)
    rank: int = 0
    safety_first: bool = False


@dataclass(frozen=True, slots=True)
class Vocabulary:
    roles: dict[str, Term]
    concerns: dict[str, Term]
    areas: dict[str, Term]
    access: dict[str, Term]


@dataclass(frozen=True, slots=True)
class AgeRange:
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


@dataclass(frozen=True, slots=True)
class Period:
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


@dataclass(frozen=True, slots=True)
class Contact:
    """A way to reach someone. `via` names the general route it came from, if any."""

    kind: ContactKind
    value: Text
    label: Text
    hours: Text | None = None
    note: Text | None = None
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    as_of: str | None = None


@dataclass(frozen=True, slots=True)
class Route:
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


@dataclass(frozen=True, slots=True)
class Initiative:
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
    keywords: dict[Lang, tuple[str, ...]] = field(default_factory=dict)

    def ended(self, today: dt.date) -> bool:
        return self.period is not None and self.period.ended(today)


@dataclass(frozen=True, slots=True)
class Catalogue:
    name: Text
    municipality: str
    vocabulary: Vocabulary
    routes: tuple[Route, ...]
    initiatives: tuple[Initiative, ...]
    source: str = ""

    def initiative(self, initiative_id: str) -> Initiative | None:
        for item in self.initiatives:
            if item.id == initiative_id:
                return item
        return None

    def route(self, route_id: str) -> Route | None:
        for item in self.routes:
            if item.id == route_id:
                return item
        return None
