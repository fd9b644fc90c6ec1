"""The three commands' output, in Swedish and English, in every format."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

ANSI = re.compile("\x1b|\x9b")


def test_find_json_is_the_stable_interface(run: Any) -> None:
    result = run("find", "--role", "young", "--age", "19", "--concern", "gambling", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"query", "results", "general_routes"}
    assert data["query"]["role"] == "young" and data["query"]["age"] == 19
    first = data["results"][0]
    assert {"id", "name", "score", "reasons", "summary", "contacts", "sources", "ages"} <= set(first)
    assert first["id"] == "mini-maria"
    assert first["ages"] == {"min": None, "max": 25, "label": None}
    assert "Gjord för: spel om pengar" in first["reasons"]
    assert data["general_routes"][0]["contacts"][0]["value"] == "112"


def test_find_json_name_is_official_in_english_too(run: Any) -> None:
    data = json.loads(
        run(
            "--lang",
            "en",
            "find",
            "--role",
            "young",
            "--age",
            "19",
            "--concern",
            "gambling",
            "--format",
            "json",
        ).stdout
    )
    assert data["results"][0]["name"] == "Mini-Maria"
    assert "Made for: gambling" in data["results"][0]["reasons"]
    assert data["query"]["lang"] == "en"


@pytest.mark.parametrize("value", ["alcohol", "alkohol", "Alkohol", "ALCOHOL"])
def test_values_as_keys_or_labels(run: Any, value: str) -> None:
    data = json.loads(
        run(
            "find",
            "--role",
            "förälder eller annan vuxen nära ett barn",
            "--concern",
            value,
            "--format",
            "json",
        ).stdout
    )
    assert data["query"]["concerns"] == ["alcohol"] and data["query"]["role"] == "parent"


def test_role_by_short_label(run: Any) -> None:
    assert (
        json.loads(run("find", "--role", "för unga", "--format", "json").stdout)["query"]["role"] == "young"
    )


def test_unknown_value_lists_valid_ones_and_suggests(run: Any) -> None:
    result = run("find", "--role", "parent", "--concern", "alkhol")
    assert result.exit_code == 2
    assert "Menade du 'alcohol'?" in result.stderr
    assert "gambling (Spel om pengar" in result.stderr  # each key with its label in the user's language
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("lang", "label"),
    [("sv", "parent (Förälder"), ("en", "parent (Parent or other adult"), ("ar", "parent (Förälder")],
)
def test_valid_roles_are_named_in_the_users_language(run: Any, lang: str, label: str) -> None:
    """Arabic lines reach a terminal in Swedish, so the labels inside them are Swedish too."""
    result = run("--lang", lang, "find", "--role", "x")
    assert result.exit_code == 2 and label in result.stderr


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("school", "school_absence"), ("skola", "school_absence"), ("alcohl", "alcohol")],
)
def test_the_suggestion_is_the_concern_that_was_meant(run: Any, typed: str, suggested: str) -> None:
    result = run("find", "--role", "parent", "--concern", typed)
    assert result.exit_code == 2
    assert f"Menade du '{suggested}'?" in result.stderr


@pytest.mark.parametrize("age", ["-3", "300", "femton"])
def test_bad_age_is_a_usage_error(run: Any, age: str) -> None:
    result = run("find", "--role", "parent", "--age", age)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_find_plain_shows_emergency_first_and_contacts(run: Any) -> None:
    result = run("find", "--role", "parent", "--age", "10", "--concern", "separation", "--format", "plain")
    out = result.stdout
    assert result.exit_code == 0
    assert out.index("112") < out.index("Lyktan")
    assert "026-10 02 25" in out.split("Lyktan")[0]
    assert "1. Lyktan" in out
    assert (
        "Därför passar det: För föräldrar · Gjord för: separation och skilsmässa"
        " · Ålder 10: ingen åldersgräns angiven" in out
    )
    assert "026-24 00 00" in out
    assert "Senast kontrollerad: 2026-11-29" in out
    assert not ANSI.search(out)


def test_find_plain_in_english(run: Any) -> None:
    out = run("--lang", "en", "find", "--role", "parent", "--age", "10", "--concern", "separation").stdout
    assert "Urgent help" in out and "1. Lyktan" in out and "Why it fits: For parents" in out
    assert "Made for: separation and divorce" in out and "Last checked" in out


def test_find_markdown_for_an_email(run: Any) -> None:
    out = run(
        "find", "--role", "young", "--age", "19", "--concern", "gambling", "--format", "markdown"
    ).stdout
    assert "## Akut hjälp" in out and "### 1. Mini-Maria" in out
    assert "**026-24 00 00**" in out and "\\" not in out  # reads cleanly pasted into a mail


def test_safety_first_banner(run: Any) -> None:
    out = run("find", "--role", "parent", "--concern", "violence").stdout
    assert out.startswith("!! Är någon i fara just nu? Ring 112.")


def test_nothing_fits_is_kind_and_exit_0(run: Any) -> None:
    result = run("find", "--role", "young", "--age", "25", "--concern", "lgbtq")
    assert result.exit_code == 0
    assert "Vi hittade inget som passar exakt" in result.stdout
    assert "Utan ålder" in result.stdout
    assert "Medborgarservice" in result.stdout


def test_limit(run: Any) -> None:
    data = json.loads(run("find", "--role", "parent", "--limit", "2", "--format", "json").stdout)
    assert len(data["results"]) == 2


def test_include_ended_marks_it(run: Any) -> None:
    out = run("find", "--role", "parent", "--concern", "school_absence", "--include-ended").stdout
    assert "Samverkan för ökad skolnärvaro (avslutad)" in out
    assert "Samverkan" not in run("find", "--role", "parent", "--concern", "school_absence").stdout


def test_list_json_has_every_initiative_with_its_fields(run: Any) -> None:
    data = json.loads(run("list", "--format", "json").stdout)
    assert len(data["initiatives"]) == 35
    for item in data["initiatives"]:
        assert {
            "id",
            "name",
            "summary",
            "description",
            "provider",
            "audiences",
            "concerns",
            "ages",
            "areas",
            "access",
            "contacts",
            "period",
            "sources",
            "reviewed",
        } <= set(item)
        assert set(item["ages"]) >= {"min", "max"} and item["contacts"] and item["sources"]


def test_list_is_grouped_by_concern(run: Any) -> None:
    out = run("list").stdout
    assert out.index("Alkohol\n") < out.index("Mini-Maria")
    assert "Vid all slags oro" in out
    assert "For any kind of worry" in run("--lang", "en", "list").stdout


def test_list_filters(run: Any) -> None:
    data = json.loads(run("list", "--role", "young", "--concern", "lgbtq", "--format", "json").stdout)
    assert [i["id"] for i in data["initiatives"]] == ["ung-hbtqi"]


def test_show_whole_card(run: Any) -> None:
    out = run("show", "mini-maria").stdout
    for expected in (
        "Mini-Maria",
        "För vem",
        "upp till 25 år",
        "Läkarstigen 3",
        "Källor",
        "https://sandviken.se/nyheter/start/invigningavlanetsforstaminimariaforungairiskzon.34914.html",
        "Senast kontrollerad: 2026-11-29",
    ):
        assert expected in out


def test_show_says_when_a_time_limited_initiative_ran(run: Any) -> None:
    out = run("show", "samverkan-skolnarvaro").stdout
    assert "Samverkan för ökad skolnärvaro (avslutad)" in out and "Period: 2022–2024" in out
    assert "Period: 2024–pågår" in run("show", "socialtjanst-i-skolan").stdout


def test_show_in_english(run: Any) -> None:
    out = run("--lang", "en", "show", "trygghetscirkeln").stdout
    assert "from 4 months to 6 years" in out and "How to reach them" in out


def test_show_json(run: Any) -> None:
    assert json.loads(run("show", "lyktan", "--format", "json").stdout)["id"] == "lyktan"


def test_show_unknown_id(run: Any) -> None:
    result = run("show", "mini-mara")
    assert result.exit_code == 2
    assert "Menade du 'mini-maria'?" in result.stderr


def test_show_a_general_route_gives_its_lines(run: Any) -> None:
    """`show socialjouren`: the general routes a field worker names are shown as well."""
    shown = run("show", "Socialjouren", "--format", "plain")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("Socialjouren Gävleborg") and "026-10 02 25" in shown.stdout
    data = json.loads(run("show", "bris", "--format", "json").stdout)
    assert data["id"] == "bris" and any(c["value"] == "116 111" for c in data["contacts"])
    refused = run("show", "socialjouren", "--qr")
    assert refused.exit_code == 2 and "ingen egen lapp" in refused.stderr
    assert "Menade du 'socialjouren'?" in run("show", "socialjour").stderr


def test_version(run: Any) -> None:
    assert re.match(r"trygghet \d", run("--version").stdout)


def test_unknown_language(run: Any) -> None:
    result = run("--lang", "de", "list")
    assert result.exit_code == 2
    assert "sv" in result.stderr and "en" in result.stderr


@pytest.mark.parametrize(
    ("typed", "heading"), [("en-GB", "Urgent help"), ("sv_SE", "Akut hjälp"), ("EN_us.UTF-8", "Urgent help")]
)
def test_a_language_tag_with_a_region_is_its_language(run: Any, typed: str, heading: str) -> None:
    assert heading in run("--lang", typed, "find", "--role", "parent").stdout


def test_language_from_environment(run: Any) -> None:
    assert "Urgent help" in run("find", "--role", "parent", env={"TRYGGHET_LANG": "en"}).stdout


def test_wizard_without_a_terminal_says_how_to_use_find(run: Any) -> None:
    for args in ([], ["wizard"]):
        result = run(*args, input="\r\r")
        assert result.exit_code == 2
        assert "trygghet find --role" in result.stderr
        assert result.stdout == ""


def test_every_command_has_help_with_an_example(run: Any) -> None:
    for command in ("find", "list", "show", "validate", "wizard", "search"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Exempel:" in result.stdout
        english = run(command, "--help", env={"TRYGGHET_LANG": "en"})
        assert "Example:" in english.stdout


def test_unknown_area_suggests_the_closest(run: Any) -> None:
    result = run("find", "--role", "parent", "--area", "Storvk")
    assert result.exit_code == 2
    assert "Menade du 'storvik'?" in result.stderr


def test_area_by_name_with_or_without_accents(run: Any) -> None:
    for value in ("Gästrike-Hammarby", "gastrike hammarby"):
        data = json.loads(run("find", "--role", "young", "--area", value, "--format", "json").stdout)
        assert data["query"]["area"] == "gastrike_hammarby"


def test_find_json_says_what_an_initiative_touches(run: Any) -> None:
    data = json.loads(run("find", "--role", "parent", "--concern", "drugs", "--format", "json").stdout)
    by_id = {r["id"]: r for r in data["results"]}
    assert by_id["framja-goda-val"]["concerns"] == ["parenting"]
    assert "drugs" in by_id["framja-goda-val"]["touches"]
    assert "Berör: droger och narkotika" in by_id["framja-goda-val"]["reasons"]
    assert [r["id"] for r in data["results"]].index("mini-maria") == 0


def test_a_young_person_with_nothing_that_fits_is_told_so_and_given_routes(run: Any) -> None:
    result = run("find", "--role", "young", "--concern", "school_absence", "--age", "13", "--format", "plain")
    assert result.exit_code == 0
    out = result.stdout
    assert "Vi hittade inget som passar exakt" in out
    assert "Vägarna nedan finns för dig ändå." in out
    assert "Bris" in out and "Mottagningsfunktionen för barn och unga" in out
    assert 'Utan "Frånvaro från skolan"' in out  # the widening that gives results
