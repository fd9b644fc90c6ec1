"""What in a valid catalogue needs a person's look: the core of `trygghet check`.

A catalogue can pass `validate` and still be wrong by now: an initiative nobody has checked
for a year, one that has ended but is still listed, a source with no date, a phone number the
sources disagree on, an initiative reached only through the switchboard. None of these is an
error (the tool already handles each honestly when it answers), so they are findings for a
maintainer to act on, returned as data; the shell draws them and decides the exit code.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

from trygghet_cli.model import Catalogue, Contact, Initiative, Route, Source

FindingKind = Literal[
    "stale_review", "ended", "undated_source", "contact_conflict", "contact_unverified", "no_own_contact"
]
KINDS: tuple[FindingKind, ...] = (
    "stale_review",
    "ended",
    "undated_source",
    "contact_conflict",
    "contact_unverified",
    "no_own_contact",
)
DEFAULT_MONTHS = 12

Path = tuple[str | int, ...]


class Finding(NamedTuple):
    """One thing to look at: its kind, the initiative or route it is about (`subject`, an id),
    where in the document it is (`path`, as in validation problems) and the facts for its
    message (`params`: dates as "YYYY-MM-DD" text, URLs, contact values)."""

    kind: FindingKind
    subject: str
    path: Path
    params: dict[str, Any]


def findings(cat: Catalogue, today: dt.date, months: int = DEFAULT_MONTHS) -> list[Finding]:
    """Everything in `cat` that needs a look on `today`, in the file's order (general routes,
    then initiatives). A review is stale when it is older than `months` whole months (>= 1);
    `today` is a parameter so the answer is the same on every machine on the same day.
    Raises ValueError for months < 1."""
    if months < 1:
        raise ValueError("months must be at least 1")
    cutoff = months_before(today, months)
    found: list[Finding] = []
    for index, route in enumerate(cat.routes):
        found.extend(_route_findings(route, ("general_routes", index)))
    for index, item in enumerate(cat.initiatives):
        found.extend(_initiative_findings(item, ("initiatives", index), today, cutoff, months))
    return found


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, or that month's last day if it is shorter
    (31 March less one month is 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _route_findings(route: Route, path: Path) -> Iterator[Finding]:
    yield from _undated(route.id, route.sources, path)
    for index, contact in enumerate(route.contacts):
        yield from _caveat(route.id, contact, (*path, "contacts", index))


def _initiative_findings(
    item: Initiative, path: Path, today: dt.date, cutoff: dt.date, months: int
) -> Iterator[Finding]:
    if dt.date.fromisoformat(item.reviewed) < cutoff:
        stale = {"reviewed": item.reviewed, "months": months}
        yield Finding("stale_review", item.id, (*path, "reviewed"), stale)
    if item.period is not None and item.ended(today):
        yield Finding("ended", item.id, (*path, "period", "end"), {"end": item.period.end})
    yield from _undated(item.id, item.sources, path)
    # A route reference expands into the route's contacts, so positions past one are not the
    # file's; point at the contacts list then. The route's own caveats are listed with the route.
    exact = True
    for index, contact in enumerate(item.contacts):
        exact = exact and contact.via is None
        if contact.via is None:
            where = (*path, "contacts", index) if exact else (*path, "contacts")
            yield from _caveat(item.id, contact, where)
    if item.contacts and all(c.via is not None for c in item.contacts):
        via = sorted({c.via for c in item.contacts if c.via is not None})
        yield Finding("no_own_contact", item.id, (*path, "contacts"), {"via": ", ".join(via)})


def _undated(subject: str, sources: tuple[Source, ...], path: Path) -> Iterator[Finding]:
    for index, source in enumerate(sources):
        if source.as_of is None:
            yield Finding("undated_source", subject, (*path, "sources", index), {"url": source.url})


def _caveat(subject: str, contact: Contact, path: Path) -> Iterator[Finding]:
    if contact.caveat is not None:
        kind: FindingKind = "contact_conflict" if contact.caveat == "conflict" else "contact_unverified"
        yield Finding(kind, subject, path, {"contact": contact.kind, "value": contact.value.sv})
