"""`trygghet check`: what in a valid catalogue needs a maintainer's look, and `--strict` for CI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL

from trygghet_cli import catalogue as catalogue_files
from trygghet_cli.upkeep import findings, months_before

DAY = dt.date(2026, 11, 24)  # SMALL's review date


def clean_catalogue(reviewed: str) -> str:
    """SMALL with nothing to look at: every source dated, every initiative reachable on its own."""
    return (
        SMALL.replace("as_of: null", 'as_of: "2024-01-01"')
        .replace('reviewed: "2026-11-24"', f'reviewed: "{reviewed}"')
        .replace(
            "      - {kind: route, value: desk,",
            '      - {kind: phone, value: "026-24 10 00", label: {sv: "Ring", en: "Call"}}\n'
            "      - {kind: route, value: desk,",
        )
    )


def found_in(write_catalogue: Callable[..., Path], text: str, today: dt.date = DAY, months: int = 12) -> Any:
    return findings(catalogue_files.load(write_catalogue(text)), today, months)


def kinds(found: Any) -> list[tuple[str, str]]:
    return [(f.kind, f.subject) for f in found]


def test_a_clean_catalogue_has_nothing_to_look_at(write_catalogue: Callable[..., Path]) -> None:
    assert found_in(write_catalogue, clean_catalogue("2026-11-24")) == []


def test_a_review_older_than_the_limit_is_listed(write_catalogue: Callable[..., Path]) -> None:
    text = clean_catalogue("2026-11-24").replace('reviewed: "2026-11-24"', 'reviewed: "2025-11-23"', 1)
    (stale,) = found_in(write_catalogue, text)
    assert (stale.kind, stale.subject, stale.params["reviewed"]) == ("stale_review", "first", "2025-11-23")
    assert stale.path == ("initiatives", 0, "reviewed")
    # exactly twelve months is not yet stale; a longer limit lets it pass
    assert found_in(write_catalogue, text, today=dt.date(2026, 11, 23)) == []
    assert found_in(write_catalogue, text, months=13) == []


def test_months_are_calendar_months() -> None:
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


def test_an_ended_initiative_still_listed_is_listed(write_catalogue: Callable[..., Path]) -> None:
    text = clean_catalogue("2026-11-24").replace(
        'reviewed: "2026-11-24"\n',
        'reviewed: "2026-11-24"\n    period: {start: "2020", end: "2025-06-30"}\n',
        1,
    )
    (ended,) = found_in(write_catalogue, text)
    assert (ended.kind, ended.subject, ended.params["end"]) == ("ended", "first", "2025-06-30")
    assert found_in(write_catalogue, text, today=dt.date(2025, 6, 30)) == []


def test_sources_without_a_date_are_listed(write_catalogue: Callable[..., Path]) -> None:
    text = clean_catalogue("2026-11-24").replace(
        '{url: "https://example.org/second", as_of: "2024-01-01"}',
        '{url: "https://example.org/second", as_of: null}',
    )
    (undated,) = found_in(write_catalogue, text)
    assert (undated.kind, undated.subject, undated.params["url"]) == (
        "undated_source",
        "second",
        "https://example.org/second",
    )


def test_conflicting_and_unverified_contact_facts_are_listed(write_catalogue: Callable[..., Path]) -> None:
    text = (
        clean_catalogue("2026-11-24")
        .replace('{kind: phone, value: "112",', '{kind: phone, value: "112", caveat: unverified,')
        .replace(
            '{kind: email, value: "info@example.org",',
            '{kind: email, value: "info@example.org", caveat: conflict,',
        )
    )
    found = found_in(write_catalogue, text)
    assert kinds(found) == [("contact_unverified", "112"), ("contact_conflict", "second")]
    assert found[1].params == {"contact": "email", "value": "info@example.org"}
    # listed once, with the route, not again on every initiative reached through it
    through_route = text.replace('value: "026-24 00 00",', 'value: "026-24 00 00", caveat: unverified,')
    assert kinds(found_in(write_catalogue, through_route)).count(("contact_unverified", "desk")) == 1


def test_an_initiative_reached_only_through_a_general_route_is_listed(
    write_catalogue: Callable[..., Path],
) -> None:
    text = SMALL.replace("as_of: null", 'as_of: "2024-01-01"')  # `first` has only the desk route
    (finding,) = found_in(write_catalogue, text)
    assert (finding.kind, finding.subject, finding.params["via"]) == ("no_own_contact", "first", "desk")


def test_check_shows_a_table_and_exits_0(run: Any, write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(SMALL)
    result = run("--data", str(path), "check", "--format", "plain")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"Att granska i {path}: 4"
    assert lines[2].split() == ["Rad", "Post", "Vad", "Detaljer"]
    route_source = SMALL.splitlines().index('      - {url: "https://example.org/112", as_of: null}') + 1
    assert lines[3].split()[:2] == [str(route_source), "112"]
    assert "Ingen egen kontakt" in result.stdout and "nås bara via desk" in result.stdout


def test_check_in_english_as_json(run: Any, write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(SMALL)
    result = run("--lang", "en", "--data", str(path), "check", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["count"] == 4 and data["months"] == 12 and data["today"] == dt.date.today().isoformat()
    assert [f["kind"] for f in data["findings"]] == [
        "undated_source",  # the route 112, in the file's order
        "undated_source",
        "no_own_contact",
        "undated_source",
    ]
    first = data["findings"][2]
    assert first["id"] == "first"
    assert first["field"] == "initiatives[0].contacts"
    assert first["message"] == "reached only through desk; is there a contact of its own?"
    assert first["line"] == SMALL.splitlines().index("    contacts:", 40) + 1  # the key, not the list


def test_strict_exits_3_when_anything_is_listed(run: Any, write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(SMALL)
    result = run("--lang", "en", "--data", str(path), "check", "--strict", "--format", "plain")
    assert result.exit_code == 3
    assert "4 finding(s) to look at; --strict exits with code 3." in result.stderr


def test_strict_exits_0_when_nothing_is_listed(run: Any, write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(clean_catalogue(dt.date.today().isoformat()))
    result = run("--data", str(path), "check", "--strict")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{path}: inget att granska")


def test_months_option(run: Any, write_catalogue: Callable[..., Path]) -> None:
    old = (dt.date.today() - dt.timedelta(days=100)).isoformat()
    path = write_catalogue(clean_catalogue(old))
    assert run("--data", str(path), "check", "--strict").exit_code == 0
    short = run("--data", str(path), "check", "--strict", "--months", "3", "--format", "json")
    assert short.exit_code == 3
    assert [f["kind"] for f in json.loads(short.stdout)["findings"]] == ["stale_review"] * 2
    assert run("--data", str(path), "check", "--months", "0").exit_code == 2


def test_check_refuses_an_invalid_catalogue_like_every_command(
    run: Any, write_catalogue: Callable[..., Path]
) -> None:
    path = write_catalogue(SMALL.replace("concerns: [alcohol]", "concerns: [alkohol]"))
    result = run("--data", str(path), "check")
    assert result.exit_code == 3
    assert f"{path}:" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["plain", "json", "rich"])
def test_check_runs_on_the_shipped_catalogue(run: Any, fmt: str) -> None:
    result = run("check", "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout.strip()
