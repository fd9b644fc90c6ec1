"""Every kind of catalogue problem is reported as FILE:LINE:COLUMN with a hint, all at once, exit 3."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL

from trygghet_cli import catalogue as catalogue_files
from trygghet_cli.errors import CatalogueError


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(next(x for x in text.splitlines() if needle in x)) + 1


def problems(path: Path) -> list[Any]:
    with pytest.raises(CatalogueError) as caught:
        catalogue_files.load(path)
    return caught.value.problems


# (what is broken, old text, new text, expected code, the line marker to point at)
BREAKAGES = [
    (
        "misspelt field",
        '    summary: {sv: "Första."',
        '    sumary: {sv: "Första."',
        "schema.unknown_field",
        "sumary:",
    ),
    (
        "missing Swedish text",
        'description: {sv: "Den första.", en: "The first one."}',
        'description: {en: "The first one."}',
        "schema.missing_field",
        "description: {en",
    ),
    (
        "unknown concern",
        "concerns: [alcohol]",
        "concerns: [alkohol]",
        "schema.unknown_tag",
        "concerns: [alkohol]",
    ),
    (
        "unknown concern it touches",
        "concerns: [alcohol]",
        "concerns: [alcohol]\n    touches: [drogs]",
        "schema.unknown_tag",
        "touches: [drogs]",
    ),
    (
        "a concern both made for and touched",
        "concerns: [alcohol]",
        "concerns: [alcohol]\n    touches: [alcohol]",
        "schema.touches_twice",
        "touches: [alcohol]",
    ),
    (
        "unknown role",
        "audiences: [parent, young]",
        "audiences: [parent, teen]",
        "schema.unknown_tag",
        "audiences: [parent, teen]",
    ),
    ("unknown area", "areas: [storvik]", "areas: [storvk]", "schema.unknown_tag", "areas: [storvk]"),
    (
        "unknown concern said of someone",
        'violence: {label: {sv: "Våld", en: "Violence"}, safety_first: true}',
        'violence: {label: {sv: "Våld", en: "Violence"},'
        " said_of: {concerns: [alkohol], people: {sv: [pappa]}}}",
        "schema.unknown_tag",
        "said_of: {concerns: [alkohol]",
    ),
    (
        "duplicate id",
        "  - id: second",
        "  - id: first",
        "schema.duplicate_id",
        '  - id: first\n    name: "Second',
    ),
    (
        "reversed ages",
        "ages: {min: 13, max: 24}",
        "ages: {min: 24, max: 13}",
        "schema.age_reversed",
        "ages: {min: 24",
    ),
    (
        "age as text",
        "ages: {min: 13, max: 24}",
        'ages: {min: "tretton", max: 24}',
        "schema.age_not_number",
        "tretton",
    ),
    ("malformed phone", 'value: "026-24 00 00"', 'value: "026-24 00 00 ring!"', "schema.bad_phone", "ring!"),
    (
        "malformed e-mail",
        'value: "info@example.org"',
        'value: "info(at)example.org"',
        "schema.bad_email",
        "info(at)",
    ),
    ("malformed URL", "https://example.org/second", "javascript:alert(1)", "schema.bad_web", "javascript"),
    ("unknown route", "value: desk,", "value: dsk,", "schema.unknown_route", "value: dsk"),
    (
        "YAML 1.1 boolean in text",
        'provider: "Enheten"\n    audiences: [parent]',
        "provider: NO\n    audiences: [parent]",
        "schema.not_text",
        "provider: NO",
    ),
    ("phone read as octal", 'value: "026-24 00 00"', "value: 0701234567", "schema.not_text", "0701234567"),
    (
        "unquoted date",
        'reviewed: "2026-11-24"\n  - id: second',
        "reviewed: 2026-11-24\n  - id: second",
        "schema.date_unquoted",
        "reviewed: 2026-11-24\n  - id: second",
    ),
    (
        "no contacts",
        "    contacts:\n      - {kind: email",
        "    contacts: []\n    old_contacts:\n      - {kind: email",
        "schema.no_contacts",
        "contacts: []",
    ),
    ("control character", 'name: "First"', 'name: "First\\e[2J"', "schema.control_char", 'name: "First'),
    ("bidi override", 'name: "First"', 'name: "Fi\\u202Erst"', "schema.control_char", 'name: "Fi'),
    (
        "duplicate key",
        '    name: "First"',
        '    name: "First"\n    name: "Again"',
        "yaml.duplicate_key",
        'name: "Again"',
    ),
    ("unknown kind", "{kind: email,", "{kind: fax,", "schema.bad_choice", "kind: fax"),
    (
        "impossible date",
        'reviewed: "2026-11-24"\n  - id: second',
        "reviewed: 2026-13-45\n  - id: second",
        "yaml.no_such_date",
        "reviewed: 2026-13-45",
    ),
    ("anchor", 'name: "First"', 'name: &n "First"', "yaml.alias", 'name: &n "First"'),
    (
        "30 February, quoted",
        'reviewed: "2026-11-24"\n  - id: second',
        'reviewed: "2024-02-30"\n  - id: second',
        "schema.no_such_date",
        'reviewed: "2024-02-30"',
    ),
    (
        "30 February, unquoted",
        'reviewed: "2026-11-24"\n  - id: second',
        "reviewed: 2024-02-30\n  - id: second",
        "yaml.no_such_date",
        "reviewed: 2024-02-30",
    ),
    (
        "age read as octal",
        "ages: {min: 13, max: 24}",
        "ages: {min: 06, max: 24}",
        "schema.leading_zero",
        "06",
    ),
    ("age 012", "ages: {min: 13, max: 24}", "ages: {min: 13, max: 012}", "schema.leading_zero", "012"),
    (
        "age 08 read as text",
        "ages: {min: 13, max: 24}",
        "ages: {min: 08, max: 24}",
        "schema.leading_zero_text",
        "08",
    ),
    ("rank 01", "rank: 0}", "rank: 01}", "schema.leading_zero", "rank: 01"),
    ("schema version 01", "schema: 1", "schema: 01", "schema.leading_zero", "01"),
    (
        "unknown access",
        "access: direct\n    contacts:\n      - {kind: route",
        "access: Direkt\n    contacts:\n      - {kind: route",
        "schema.unknown_tag",
        "access: Direkt",
    ),
    ("unknown tier", "tier: municipal", "tier: municipality", "schema.bad_choice", "tier: municipality"),
    ("unknown caveat", 'value: "112",', 'value: "112", caveat: unsure,', "schema.bad_choice", "unsure"),
    (
        "tab in indentation",
        '    provider: "Enheten"\n    audiences: [parent, young]',
        '\tprovider: "Enheten"\n    audiences: [parent, young]',
        "yaml.tab",
        "\tprovider",
    ),
]


@pytest.mark.parametrize(("what", "old", "new", "code", "marker"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_each_problem_points_at_its_line(
    write_catalogue: Callable[..., Path], what: str, old: str, new: str, code: str, marker: str | None
) -> None:
    assert old in SMALL, what
    text = SMALL.replace(old, new, 1)
    found = problems(write_catalogue(text))
    matching = [p for p in found if p.code == code]
    assert matching, [p.code for p in found]
    if marker is not None:
        assert matching[0].line == text[: text.index(marker)].count("\n") + 1, matching[0]
        assert matching[0].column is not None


def test_all_problems_are_reported_at_once(write_catalogue: Callable[..., Path]) -> None:
    text = (
        SMALL.replace("concerns: [alcohol]", "concerns: [alkohol]")
        .replace("ages: {min: 13, max: 24}", "ages: {min: 24, max: 13}")
        .replace('    summary: {sv: "Andra."', '    sumary: {sv: "Andra."')
    )
    codes = {p.code for p in problems(write_catalogue(text))}
    assert {"schema.unknown_tag", "schema.age_reversed", "schema.unknown_field"} <= codes


def test_duplicate_id_names_both_lines(write_catalogue: Callable[..., Path]) -> None:
    text = SMALL.replace("  - id: second", "  - id: first")
    (dup,) = [p for p in problems(write_catalogue(text)) if p.code == "schema.duplicate_id"]
    first_line = line_of(text, "  - id: first")
    assert dup.params["first"] == first_line
    assert dup.line is not None and dup.line > first_line


def test_validate_command_prints_file_line_column_and_hint(
    run: Any, write_catalogue: Callable[..., Path]
) -> None:
    path = write_catalogue(SMALL.replace("concerns: [alcohol]", "concerns: [alkohol]"))
    result = run("validate", str(path))
    assert result.exit_code == 3
    line = line_of(SMALL, "concerns: [alcohol]")
    assert re.search(
        rf"{re.escape(str(path))}:{line}:\d+: 'alkohol' finns inte i vokabulären concerns", result.stderr
    )
    assert "Menade du 'alcohol'?" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_validate_in_english(run: Any, write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(SMALL.replace("ages: {min: 13, max: 24}", "ages: {min: 24, max: 13}"))
    result = run("--lang", "en", "validate", str(path))
    assert result.exit_code == 3
    assert "min (24) is greater than max (13). Swap them." in result.stderr


def test_validate_passes_on_the_shipped_catalogue(run: Any) -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert "35 insatser" in result.stdout


def test_a_valid_small_catalogue_is_accepted(write_catalogue: Callable[..., Path]) -> None:
    cat = catalogue_files.load(write_catalogue(SMALL))
    assert [i.id for i in cat.initiatives] == ["first", "second"]
    # a route reference becomes the route's own sourced phone, marked as reached through it
    (contact,) = cat.initiatives[0].contacts
    assert (contact.kind, contact.value.sv, contact.via) == ("phone", "026-24 00 00", "desk")


def test_a_review_date_after_today_is_refused_where_it_stands(write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(SMALL)
    with pytest.raises(CatalogueError) as caught:
        catalogue_files.validate(path, dt.date(2026, 11, 23))
    future = [p for p in caught.value.problems if p.code == "schema.future_reviewed"]
    reviews = [n for n, line in enumerate(SMALL.splitlines(), 1) if 'reviewed: "2026-11-24"' in line]
    assert [p.line for p in future] == reviews
    assert all(p.column is not None and p.params["today"] == "2026-11-23" for p in future)
    # the day of the review itself is fine
    assert len(catalogue_files.validate(path, dt.date(2026, 11, 24)).initiatives) == 2


def test_a_source_dated_after_today_is_refused(write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(SMALL.replace('reviewed: "2026-11-24"', 'reviewed: "2023-06-01"'))
    with pytest.raises(CatalogueError) as caught:
        catalogue_files.validate(path, dt.date(2023, 12, 31))
    (problem,) = caught.value.problems
    assert problem.code == "schema.future_as_of"
    assert problem.line == line_of(SMALL, 'as_of: "2024-01-01"')


def test_validate_command_refuses_a_future_review_but_answers_still_work(
    run: Any, write_catalogue: Callable[..., Path]
) -> None:
    path = write_catalogue(SMALL.replace('reviewed: "2026-11-24"', 'reviewed: "2999-01-01"', 1))
    result = run("--lang", "en", "validate", str(path))
    assert result.exit_code == 3
    line = line_of(SMALL, 'reviewed: "2026-11-24"')
    assert re.search(rf":{line}:\d+: the review date 2999-01-01 is in the future \(today is ", result.stderr)
    # a wrong clock or date never stops a person getting an answer
    assert run("--data", str(path), "find", "--role", "parent", "--format", "json").exit_code == 0


def test_a_zero_led_age_says_yaml_reads_it_as_octal(run: Any, write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(SMALL.replace("ages: {min: 13, max: 24}", "ages: {min: 012, max: 24}"))
    result = run("--lang", "en", "validate", str(path))
    assert result.exit_code == 3
    line = line_of(SMALL, "ages: {min: 13")
    column = SMALL.splitlines()[line - 1].index("13") + 1
    assert (
        f"{path}:{line}:{column}: the number 012 starts with a zero, so YAML reads it as an octal number "
        "(012 becomes 10). Write 12 without the zero." in result.stderr
    )
    swedish = run("validate", str(path)).stderr
    assert "oktalt tal (012 blir 10). Skriv 12 utan nolla." in swedish


def test_an_unknown_role_written_as_its_label_suggests_the_key_and_lists_the_valid_ones(
    run: Any, write_catalogue: Callable[..., Path]
) -> None:
    path = write_catalogue(SMALL.replace("audiences: [parent, young]", "audiences: [Förälder, young]"))
    result = run("--lang", "en", "validate", str(path))
    assert result.exit_code == 3
    assert "'Förälder' is not in the roles vocabulary (valid: parent, young)." in result.stderr
    assert "Did you mean 'parent'?" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("concerns: [alcohol]", "concerns: [Våld]", "(valid: alcohol, violence). Fix the spelling"),
        ("areas: [storvik]", "areas: [Storvk]", "(valid: storvik)"),
        ("{kind: email,", "{kind: mail,", "Choose from: phone, email, web, address, visit, route."),
        ("tier: municipal", "tier: municipality", "Choose from: emergency, out_of_hours, municipal"),
        ('value: "112",', 'value: "112", caveat: conflicting,', "Choose from: unverified, conflict."),
    ],
    ids=["concern by label", "area misspelt", "contact kind", "route tier", "caveat"],
)
def test_every_unknown_vocabulary_value_suggests_and_lists(
    run: Any, write_catalogue: Callable[..., Path], old: str, new: str, expected: str
) -> None:
    path = write_catalogue(SMALL.replace(old, new, 1))
    result = run("--lang", "en", "validate", str(path))
    assert result.exit_code == 3
    assert expected in result.stderr
    assert "Did you mean '" in result.stderr


def test_a_tab_is_named_as_a_tab(run: Any, write_catalogue: Callable[..., Path]) -> None:
    first = '    provider: "Enheten"\n    audiences: [parent, young]'
    text = SMALL.replace(first, "\t" + first.lstrip(), 1)
    path = write_catalogue(text)
    result = run("--lang", "en", "validate", str(path))
    assert result.exit_code == 3
    line = line_of(text, "\tprovider")
    assert f"{path}:{line}:1: there is a tab character here." in result.stderr
    assert "replace the tab with spaces" in result.stderr


def test_validate_refuses_a_catalogue_whose_crisis_net_is_switched_off(
    run: Any, write_catalogue: Callable[..., Path]
) -> None:
    """An idiom that cancels "vill dö", or no crisis section at all: answers would never open
    with the crisis lines, so a maintainer's check must not say all is well."""
    from conftest import without_crisis

    example = '      examples: {sv: ["jag vill dö"]}\n'
    cancelled = SMALL.replace(example, example + '  not_crisis: {sv: ["vill dö"]}\n', 1)
    result = run("--lang", "en", "validate", str(write_catalogue(cancelled)))
    assert result.exit_code == 3 and "the example 'jag vill dö' is no longer read as suicide" in result.stderr
    bare = run("--lang", "en", "validate", str(write_catalogue(without_crisis(SMALL))))
    assert bare.exit_code == 3 and "no crisis vocabulary" in bare.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://bit.ly/3xyz", "shortened link (bit.ly)"),
        ("https://example.org/lyktan?utm_source=fb&fbclid=XYZ", "tracking parameters (utm_source, fbclid)"),
    ],
)
def test_a_web_address_may_not_hide_where_it_leads_or_track_the_reader(
    run: Any, write_catalogue: Callable[..., Path], url: str, message: str
) -> None:
    """The handout prints addresses beside their QR codes and promises neither."""
    text = SMALL.replace("https://example.org/desk", url, 1)
    result = run("--lang", "en", "validate", str(write_catalogue(text)))
    assert result.exit_code == 3 and message in result.stderr
