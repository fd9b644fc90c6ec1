"""Opening hours: whether a contact answers at a given moment, and when it opens next.

Pure: the moment is always a parameter (naive local Swedish time; the tool is for Sandviken),
so answers can be planned (`--at`) and tested. Nothing here reads the clock or prints.

A schedule is a tuple of `Rule`s, the catalogue's `schedule:` list as `schema.py` built it:

    schedule:
      - {days: [weekdays], opens: "08:00", closes: "16:00"}
      - {days: [fr], opens: "17:00", closes: "02:00"}     # closes after midnight: Fri 17 - Sat 02
      - {days: [every_day], opens: "00:00", closes: "24:00"}   # day and night

A span belongs to the day it opens on: Fri 17-02 is open until 02:00 on Saturday, and a
holiday or validity date is judged on the Friday. The shape follows HSDS 3.0 `schedule`
(`to_hsds` gives the rows).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # model.py imports this module for Contact.schedule
    from trygghet_cli.model import Text

DAY_KEYS = ("mo", "tu", "we", "th", "fr", "sa", "su")  # RFC 5545 BYDAY, lower case; Monday = 0
# Named sets. `weekdays` is "vardagar": Monday to Friday that is not a public holiday.
# `holidays` is Swedish public holidays (and the eves kept as such), whatever the weekday: its
# rules replace the day's other rules ("kvällar och helger" may keep other hours on Christmas
# Day; with `uncertain: true` such a day's hours are unknown, never a guess from the weekday).
DAY_SETS: dict[str, tuple[int, ...]] = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "every_day": (0, 1, 2, 3, 4, 5, 6),
    "holidays": (0, 1, 2, 3, 4, 5, 6),
}
DAY_MINUTES = 24 * 60
LOOK_AHEAD_DAYS = 14  # long enough to cross Christmas to New Year (a weekday line may be shut 4 days)


class Rule(NamedTuple):
    """One line of a schedule: open from `opens` to `closes` (minutes after midnight) on `days`.

    `closes` is 1..1440 (1440 = "24:00", end of day); a `closes` at or before `opens` means the
    next day (an overnight span). `workdays_only` (the `weekdays` set) skips Swedish public
    holidays, on every day of the rule: write other days in a rule of their own.
    `valid_from`/`valid_to` are inclusive. `uncertain` marks hours the sources disagree on: then
    whether it is open is unknown (None), never a guess.
    """

    days: frozenset[int]
    opens: int
    closes: int
    workdays_only: bool = False
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: Text | None = None
    uncertain: bool = False
    holidays_only: bool = False  # the `holidays` set: only on public holidays, replacing the rest

    def runs_on(self, day: dt.date) -> bool:
        if day.weekday() not in self.days or not _valid(self, day):
            return False
        if self.holidays_only:
            return is_public_holiday(day)
        return not (self.workdays_only and is_public_holiday(day))

    def span(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=self.opens)
        length = (self.closes - self.opens) % DAY_MINUTES or DAY_MINUTES
        return start, start + dt.timedelta(minutes=length)


Schedule = tuple[Rule, ...]


def _valid(rule: Rule, day: dt.date) -> bool:
    return (rule.valid_from is None or day >= rule.valid_from) and (
        rule.valid_to is None or day <= rule.valid_to
    )


class Status(NamedTuple):
    """Whether a contact answers at a moment.

    `open_now`: True, False, or None when unknown (no schedule, every rule out of date, or
    sources that disagree about this hour). `open_until`: when the current opening ends (None
    when closed, or when it never ends within two weeks: `always`). `opens_next`: the next
    certain opening when not open now, else None. `maybe_until`: when hours the sources
    disagree on run on straight after `open_until`, the end of those (Medborgarservice: until
    16, maybe 17).
    """

    open_now: bool | None
    open_until: dt.datetime | None = None
    opens_next: dt.datetime | None = None
    always: bool = False
    maybe_until: dt.datetime | None = None


UNKNOWN = Status(None)


HOLIDAY_TABLE = Path(__file__).resolve().parent / "holidays_se.json"
HOLIDAY_CATEGORIES = ("public", "de_facto")


def library_holidays(year: int) -> list[dt.date]:
    """Swedish public holidays in `year` from the `holidays` library, with the eves Swedish
    offices (the municipality's too) close on: the library's `de_facto` category adds
    midsummer eve, Christmas eve and New Year's eve. Ordinary Sundays are not included."""
    import holidays  # ~0.1-0.3 s to import: hence the table below for the years it covers

    found = holidays.country_holidays("SE", years=year, categories=HOLIDAY_CATEGORIES, include_sundays=False)
    return sorted(found)


def holiday_table(first: int, last: int) -> dict[str, list[str]]:
    """`library_holidays` for the years `first`..`last`, as the JSON `holidays_se.json` holds."""
    return {str(year): [day.isoformat() for day in library_holidays(year)] for year in range(first, last + 1)}


@cache
def _table() -> dict[str, list[str]]:
    try:
        loaded: dict[str, list[str]] = json.loads(HOLIDAY_TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    # The shipped table is the library's answer written down (a test keeps them equal), so a
    # run does not pay for importing the library; other years ask the library itself.
    listed = _table().get(str(year))
    if listed is not None:
        return frozenset(dt.date.fromisoformat(day) for day in listed)
    return frozenset(library_holidays(year))


def is_public_holiday(day: dt.date) -> bool:
    """Whether `day` is a Swedish public holiday or one of the eves treated as one (midsummer,
    Christmas and New Year's eve), per the `holidays` library (`library_holidays`)."""
    return day in _holidays(day.year)


def parse_time(value: str, closing: bool = False) -> int | None:
    """Minutes after midnight from "HH:MM" (00:00-23:59; "24:00" only as a closing time), else None."""
    if len(value) != 5 or value[2] != ":" or not (value[:2] + value[3:]).isdigit():
        return None
    hours, minutes = int(value[:2]), int(value[3:])
    if closing and (hours, minutes) == (24, 0):
        return DAY_MINUTES
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def day_numbers(keys: Sequence[str]) -> frozenset[int] | None:
    """Weekday numbers (Monday = 0) for day keys and named sets; None if any key is unknown."""
    found: set[int] = set()
    for key in keys:
        if key in DAY_SETS:
            found.update(DAY_SETS[key])
        elif key in DAY_KEYS:
            found.add(DAY_KEYS.index(key))
        else:
            return None
    return frozenset(found)


def _spans(
    schedule: Schedule, first: dt.date, days: int, certain: bool
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        running = [rule for rule in schedule if rule.runs_on(day)]
        holiday = [rule for rule in running if rule.holidays_only]
        for rule in holiday or running:  # a public holiday's own rules replace the weekday's
            if rule.uncertain != certain:
                yield rule.span(day)


def _merged(spans: Sequence[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Spans joined where they touch or overlap, so 24/7 reads as one opening, not seven."""
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=256)  # one answer asks about the same switchboard's hours on many cards
def status(schedule: Schedule | None, at: dt.datetime) -> Status:
    """Whether a contact with `schedule` answers at `at` (naive Swedish local time), until
    when, or when it opens next. No schedule, or no rule valid on `at`'s day (before
    `valid_from`, after `valid_to`), is UNKNOWN: hours out of their dates are not evidence that
    a place is closed."""
    if not schedule or not any(_valid(r, at.date()) for r in schedule):
        return UNKNOWN
    first = at.date() - dt.timedelta(days=1)  # yesterday's overnight span may still be running
    horizon = dt.datetime.combine(first + dt.timedelta(days=LOOK_AHEAD_DAYS + 1), dt.time())
    certain = _merged(list(_spans(schedule, first, LOOK_AHEAD_DAYS + 1, certain=True)))
    disputed = list(_spans(schedule, first, 3, certain=False))
    for start, end in certain:
        if start <= at < end:
            if end >= horizon:
                return Status(True, always=True)
            maybe = max((e for s, e in disputed if s == end), default=None)
            return Status(True, end, maybe_until=maybe)
    later = [start for start, _ in certain if start > at]
    known = not any(start <= at < end for start, end in disputed)
    return Status(False if known else None, None, later[0] if later else None)


def open_now(schedule: Schedule | None, at: dt.datetime) -> bool | None:
    """True or False, or None when the hours are unknown or disputed at `at`."""
    return status(schedule, at).open_now


def opens_next(schedule: Schedule | None, at: dt.datetime) -> dt.datetime | None:
    """The start of the next certain opening after `at` when not open now (within two weeks), else None."""
    return status(schedule, at).opens_next


def clock(minutes: int) -> str:
    """Minutes after midnight as "HH:MM" (1440 is "24:00")."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def to_hsds(schedule: Schedule) -> list[dict[str, str | None]]:
    """The schedule as HSDS 3.0 `schedule` rows (weekly RRULE fields; `description` says what the
    fields cannot: that `weekdays` skips public holidays, that the hours are disputed, a note)."""
    rows: list[dict[str, str | None]] = []
    for rule in schedule:
        said = []
        if rule.workdays_only:
            said.append("Not on Swedish public holidays.")
        if rule.holidays_only:
            said.append("Only on Swedish public holidays, instead of the other rows.")
        if rule.uncertain:
            said.append("Sources disagree on these hours.")
        if rule.note is not None:
            said.append(rule.note.en)
        rows.append(
            {
                "freq": "WEEKLY",
                "byday": ",".join(DAY_KEYS[d].upper() for d in sorted(rule.days)),
                "opens_at": clock(rule.opens),
                "closes_at": clock(rule.closes % DAY_MINUTES),
                "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
                "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
                "description": " ".join(said) or None,
            }
        )
    return rows
