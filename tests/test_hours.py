"""Open now: the shipped hours on weekdays, weekends, public holidays and after midnight; the
schedule's validation; `--at` and `open_now` in every format."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL

from trygghet_cli import catalogue as catalogue_files
from trygghet_cli.errors import CatalogueError
from trygghet_cli.hours import HOLIDAY_TABLE, Schedule, holiday_table, is_public_holiday, status
from trygghet_cli.model import Catalogue


def at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def phone_schedule(cat: Catalogue, route_id: str) -> Schedule:
    route = cat.route(route_id)
    assert route is not None
    (phone,) = [c for c in route.contacts if c.kind == "phone"]
    assert phone.schedule is not None, route_id
    return phone.schedule


# 2026-11-30 is a Monday; 2026-11-27 a Friday.
def test_medborgarservice_is_open_on_a_weekday_until_16_and_maybe_17(shipped: Catalogue) -> None:
    hours = phone_schedule(shipped, "medborgarservice")
    state = status(hours, at("2026-11-30 10:00"))
    assert state.open_now is True and state.open_until == at("2026-11-30 16:00")
    assert state.maybe_until == at("2026-11-30 17:00")
    # 16-17 only most sources give: not "open", not "closed", but unknown.
    late = status(hours, at("2026-11-30 16:30"))
    assert late.open_now is None and late.opens_next == at("2026-12-01 08:00")
    assert status(hours, at("2026-11-30 07:59")).opens_next == at("2026-11-30 08:00")


def test_weekday_lines_are_closed_at_the_weekend_and_open_on_monday(shipped: Catalogue) -> None:
    for route_id, opens in (("medborgarservice", "08:00"), ("orosanmalan", "09:00")):
        state = status(phone_schedule(shipped, route_id), at("2026-11-28 11:00"))
        assert (state.open_now, state.opens_next) == (False, at(f"2026-11-30 {opens}")), route_id


def test_the_intake_closes_for_lunch(shipped: Catalogue) -> None:
    state = status(phone_schedule(shipped, "orosanmalan"), at("2026-11-30 12:15"))
    assert (state.open_now, state.opens_next) == (False, at("2026-11-30 13:00"))


@pytest.mark.parametrize(
    ("moment", "reopens"),
    [
        ("2026-12-24 10:00", "2026-12-28 08:00"),  # Christmas eve (Thu), Christmas day, Boxing day
        ("2026-12-25 10:00", "2026-12-28 08:00"),
        ("2026-06-19 10:00", "2026-06-22 08:00"),  # midsummer eve, a Friday
        ("2026-04-06 10:00", "2026-04-07 08:00"),  # Easter Monday
        ("2026-12-31 10:00", "2027-01-04 08:00"),  # New Year's eve, then New Year's day (Fri)
    ],
)
def test_vardagar_are_not_public_holidays(shipped: Catalogue, moment: str, reopens: str) -> None:
    state = status(phone_schedule(shipped, "medborgarservice"), at(moment))
    assert (state.open_now, state.opens_next) == (False, at(reopens))


def test_public_holidays_come_from_the_library() -> None:
    assert is_public_holiday(dt.date(2026, 12, 25)) and is_public_holiday(dt.date(2026, 6, 19))
    assert is_public_holiday(dt.date(2027, 3, 26))  # Good Friday 2027: a movable feast
    assert not is_public_holiday(dt.date(2026, 11, 30))
    assert not is_public_holiday(dt.date(2026, 11, 29))  # an ordinary Sunday is not a holiday


def test_the_shipped_holiday_table_is_what_the_library_says() -> None:
    table = json.loads(HOLIDAY_TABLE.read_text(encoding="utf-8"))
    years = sorted(int(y) for y in table)
    assert years[0] <= dt.date.today().year <= years[-1] - 5
    assert table == holiday_table(years[0], years[-1]), (
        "regenerate: python -c 'import json; from trygghet_cli.hours import holiday_table; "
        f"print(json.dumps(holiday_table({years[0]}, {years[-1]}), indent=0))' > {HOLIDAY_TABLE}"
    )


def test_socialjouren_after_midnight(shipped: Catalogue) -> None:
    hours = phone_schedule(shipped, "socialjouren")
    friday = status(hours, at("2026-11-27 23:30"))
    assert friday.open_now is True and friday.open_until == at("2026-11-28 02:00")
    night = status(hours, at("2026-11-28 02:30"))
    assert (night.open_now, night.opens_next) == (False, at("2026-11-28 16:00"))
    # Sunday closes at 23, and Monday night has no span from Sunday running on.
    assert status(hours, at("2026-11-29 23:30")).open_now is False
    assert status(hours, at("2026-11-30 00:30")).open_now is False
    assert status(hours, at("2026-11-30 22:59")).open_until == at("2026-11-30 23:00")


def test_day_and_night_lines_are_always_open(shipped: Catalogue) -> None:
    for route_id in ("112", "1177", "polisen", "kvinnofridslinjen", "bris", "sjalvmordslinjen"):
        for moment in ("2026-12-25 03:00", "2026-11-28 14:00", "2026-11-30 23:59"):
            state = status(phone_schedule(shipped, route_id), at(moment))
            assert state.open_now is True and state.always, (route_id, moment)


def test_hours_outside_their_dates_are_unknown(shipped: Catalogue) -> None:
    # Bris has been open day and night since 15 March 2021; before that its hours were others.
    bris = phone_schedule(shipped, "bris")
    assert status(bris, at("2021-03-14 12:00")).open_now is None
    assert status(bris, at("2021-03-15 00:00")).open_now is True


def test_seasonal_hours_follow_their_dates(write_catalogue: Callable[..., Path]) -> None:
    seasons = (
        '{kind: phone, value: "026-24 00 00", label: {sv: "Växel", en: "Switchboard"}, schedule: ['
        '{days: [weekdays], opens: "08:00", closes: "17:00", valid_to: "2026-06-14"}, '
        '{days: [weekdays], opens: "08:00", closes: "15:00", '
        'valid_from: "2026-06-15", valid_to: "2026-08-16"}]}'
    )
    text = SMALL.replace(
        '{kind: phone, value: "026-24 00 00", label: {sv: "Växel", en: "Switchboard"}}', seasons
    )
    cat = catalogue_files.load(write_catalogue(text))
    hours = phone_schedule(cat, "desk")
    assert status(hours, at("2026-06-12 16:00")).open_now is True
    assert status(hours, at("2026-06-16 16:00")).open_now is False
    assert status(hours, at("2026-06-16 16:00")).opens_next == at("2026-06-17 08:00")
    assert status(hours, at("2026-09-01 10:00")).open_now is None  # after the last rule: unknown


def test_no_schedule_is_unknown() -> None:
    assert status(None, at("2026-11-30 10:00")).open_now is None
    assert status((), at("2026-11-30 10:00")).opens_next is None


# Validation: each bad schedule is reported where it stands.
SCHEDULE_BREAKAGES = [
    ("bad day", '{days: [mon], opens: "08:00", closes: "17:00"}', "schema.bad_day", "mon"),
    ("bad time", '{days: [mo], opens: "8.00", closes: "17:00"}', "schema.bad_time", '"8.00"'),
    ("hour 25", '{days: [mo], opens: "08:00", closes: "25:00"}', "schema.bad_time", '"25:00"'),
    # YAML 1.1 reads an unquoted 17:00 as the number 1020.
    ("unquoted time", '{days: [mo], opens: "08:00", closes: 17:00}', "schema.time_unquoted", "17:00"),
    ("same times", '{days: [mo], opens: "08:00", closes: "08:00"}', "schema.same_times", "{days"),
    (
        "valid_to before valid_from",
        '{days: [mo], opens: "08:00", closes: "17:00", valid_from: "2026-05-01", valid_to: "2026-04-01"}',
        "schema.valid_reversed",
        "{days",
    ),
]


@pytest.mark.parametrize(
    ("what", "rule", "code", "marker"), SCHEDULE_BREAKAGES, ids=[b[0] for b in SCHEDULE_BREAKAGES]
)
def test_a_bad_schedule_is_located(
    write_catalogue: Callable[..., Path], what: str, rule: str, code: str, marker: str
) -> None:
    old = '{kind: phone, value: "026-24 00 00", label: {sv: "Växel", en: "Switchboard"}}'
    new = old[:-1] + ", schedule: [" + rule + "]}"
    text = SMALL.replace(old, new)
    with pytest.raises(CatalogueError) as caught:
        catalogue_files.load(write_catalogue(text))
    found = [p for p in caught.value.problems if p.code == code]
    assert found, (what, [p.code for p in caught.value.problems])
    line = text[: text.index(new)].count("\n") + 1
    assert found[0].line == line
    row = text.splitlines()[line - 1]
    assert found[0].column is not None and found[0].column - 1 == row.index(marker), (found[0], row)


def test_validate_names_the_bad_day_in_the_users_language(
    run: Any, write_catalogue: Callable[..., Path]
) -> None:
    old = '{kind: phone, value: "026-24 00 00", label: {sv: "Växel", en: "Switchboard"}}'
    path = write_catalogue(
        SMALL.replace(old, old[:-1] + ', schedule: [{days: [mon], opens: "08:00", closes: "17:00"}]}')
    )
    result = run("--lang", "en", "validate", str(path))
    assert result.exit_code == 3
    assert re.search(
        rf"{re.escape(str(path))}:\d+:\d+: 'mon' is not a day\..*Did you mean 'mo'\?", result.stderr
    )


# The command line.
FIND = ("find", "--role", "parent", "--age", "15", "--concern", "alkohol", "--limit", "2")


def contacts_by_route(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r["contacts"][0] for r in data["general_routes"]}


def test_find_json_says_what_is_open_at_the_given_time(run: Any) -> None:
    result = run(*FIND, "--format", "json", "--at", "2026-11-30 23:00")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["query"]["at"] == "2026-11-30T23:00"
    routes = contacts_by_route(data)
    assert (routes["112"]["open_now"], routes["112"]["opens_next"]) == (True, None)
    assert routes["medborgarservice"]["open_now"] is False
    assert routes["medborgarservice"]["opens_next"] == "2026-12-01T08:00"
    assert routes["socialjouren"]["opens_next"] == "2026-12-01T17:00"
    # A card's phone reached through Medborgarservice carries the same hours.
    phones = [c for c in data["results"][0]["contacts"] if c.get("via") == "medborgarservice"]
    assert phones and phones[0]["open_now"] is False
    # Hours nobody gave are unknown, not closed.
    web = [c for r in data["general_routes"] for c in r["contacts"] if c["kind"] in ("web", "email")]
    assert web and all(c["open_now"] is None and c["opens_next"] is None for c in web)
    assert routes["alkohollinjen"]["open_now"] is None


def test_find_json_carries_the_schedule_in_hsds_shape(run: Any) -> None:
    data = json.loads(run(*FIND, "--format", "json", "--at", "2026-11-27 23:30").stdout)
    jour = contacts_by_route(data)["socialjouren"]
    assert (jour["open_now"], jour["open_until"]) == (True, "2026-11-28T02:00")
    friday = [row for row in jour["schedule"] if row["byday"] == "FR"]
    assert friday and (friday[0]["opens_at"], friday[0]["closes_at"]) == ("17:00", "02:00")


def test_find_plain_says_open_now_and_when_it_opens(run: Any) -> None:
    day = run(*FIND, "--format", "plain", "--at", "2026-11-30 10:00").stdout
    assert "öppet nu, till 16 (kanske 17: källorna är oeniga)" in day
    assert "alltid öppet" in day and "stängt nu, öppnar i dag 17:00" in day  # 112; Socialjouren
    assert "Svarar nu" not in day
    weekend = run(*FIND, "--format", "plain", "--at", "2026-11-28 11:00").stdout
    assert "stängt nu, öppnar mån 08:00" in weekend


def test_at_23_on_a_weekday_the_urgent_block_lists_what_answers(run: Any) -> None:
    late = run(*FIND, "--format", "plain", "--at", "2026-11-30 23:00").stdout
    urgent = late.split("Förslag som passar")[0]
    assert "Svarar nu (kommunens egna linjer är stängda): 112" in urgent
    young = run(
        "find", "--role", "young", "--age", "15", "--format", "plain", "--at", "2026-11-30 23:00"
    ).stdout
    line = next(x for x in young.splitlines() if "Svarar nu" in x)
    assert "112" in line and "Bris 116 111" in line and "026-24" not in line


def test_markdown_and_english_say_it_too(run: Any) -> None:
    md = run("--lang", "en", *FIND, "--format", "markdown", "--at", "2026-11-30 23:00").stdout
    assert "closed now, opens tomorrow 08:00" in md and "always open" in md
    assert "*Answers now (the municipality's own lines are closed):* 112" in md


def test_rich_says_it_too(run: Any) -> None:
    drawn = run(*FIND, "--format", "rich", "--at", "2026-11-30 23:00").stdout
    flat = " ".join(drawn.split())  # Rich wraps at the pinned 100 columns
    assert "stängt nu, öppnar i morgon 08:00" in flat and "alltid öppet" in flat
    assert "Svarar nu (kommunens egna linjer är stängda): 112" in flat


def test_show_and_search_take_at(run: Any) -> None:
    card = run("show", "mini-maria", "--format", "plain", "--at", "2026-12-25 10:00").stdout
    assert "stängt nu, öppnar mån 08:00" in card
    found = run("search", "min son dricker", "--format", "json", "--at", "2026-06-19 10:00")
    assert contacts_by_route(json.loads(found.stdout))["medborgarservice"]["opens_next"] == "2026-06-22T08:00"


@pytest.mark.parametrize(
    "value", ["igår", "2026-13-01 10:00", "2026-11-30", "30/11/2026 10:00", "2026-11-30 24:00"]
)
def test_a_bad_at_is_a_usage_error_in_the_users_language(run: Any, value: str) -> None:
    result = run("find", "--role", "parent", "--at", value)
    assert result.exit_code == 2
    assert "går inte att använda som tid" in result.stderr and "Traceback" not in result.output
    english = run("--lang", "en", "show", "lyktan", "--at", value)
    assert english.exit_code == 2 and "cannot be used as a time" in english.stderr


@pytest.mark.parametrize("machine_zone", ["UTC", "America/New_York", "Asia/Tokyo", None])
def test_the_clock_is_swedish_whatever_the_machines_zone(machine_zone: str | None) -> None:
    """A laptop set to another zone still says what is open now in Sandviken, and is left in
    its own zone afterwards."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TZ"}
    if machine_zone is not None:
        env["TZ"] = machine_zone
    code = (
        "import datetime as dt, os, time\n"
        "from zoneinfo import ZoneInfo\n"
        "from trygghet_cli.views import local_now\n"
        "before = time.localtime().tm_zone\n"
        "ours = local_now()\n"
        "sweden = dt.datetime.now(ZoneInfo('Europe/Stockholm')).replace(tzinfo=None)\n"
        "print(abs((sweden - ours).total_seconds()) < 120, time.localtime().tm_zone == before,"
        " os.environ.get('TZ'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", str(machine_zone)]


def test_on_a_public_holiday_socialjouren_is_unknown_not_closed(shipped: Catalogue) -> None:
    """Its hours are "kvällar och helger"; the sources give none for Christmas Day on a Friday,
    so the weekday's hours are not claimed (nor "closed"), and the Sunday after is certain."""
    route = shipped.route("socialjouren")
    assert route is not None
    schedule = route.contacts[0].schedule
    christmas = status(schedule, dt.datetime(2026, 12, 25, 10, 0))
    assert christmas.open_now is None and christmas.opens_next == dt.datetime(2026, 12, 27, 16, 0)
    assert status(schedule, dt.datetime(2026, 12, 25, 18, 0)).open_now is None  # not Friday's 17-02
    assert status(schedule, dt.datetime(2026, 12, 28, 18, 0)).open_now is True  # an ordinary Monday
