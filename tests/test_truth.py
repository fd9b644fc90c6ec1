"""Every sentence true: what a person reads says only what the sources say (issue 10, part B).

Each test is something a reader would notice: a promise nobody made, a number nobody agreed on,
an anonymity a professional does not have, an age limit that hides a family from help.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import small_catalogue_text

from trygghet_cli.matching import Needs, recommend
from trygghet_cli.model import Catalogue, Contact


def ids(cat: Catalogue, **needs: Any) -> list[str]:
    return [m.initiative.id for m in recommend(cat, Needs(**needs)).matches]


def contacts(cat: Catalogue) -> list[Contact]:
    return [c for i in cat.initiatives for c in i.contacts] + [c for r in cat.routes for c in r.contacts]


def block(out: str, heading: str) -> str:
    """The lines of one card or route in plain output, from its heading to the next blank line."""
    start = out.index(heading)
    end = out.find("\n\n", start)
    return out[start : end if end != -1 else len(out)]


# Medborgarservice is a switchboard: no source says it puts anyone through, or knows anything.
PROMISE = {"sv": re.compile(r"\bkopplar\b|\bvet\b"), "en": re.compile(r"put(s)? you through|\bknows?\b")}


def test_no_medborgarservice_label_promises_to_put_you_through_or_to_know(shipped: Catalogue) -> None:
    routed = [c for c in contacts(shipped) if c.via == "medborgarservice"]
    assert len(routed) > 20
    texts = [c.label for c in routed] + [r.summary for r in shipped.routes if r.id == "medborgarservice"]
    for label in texts:
        assert label is not None
        assert not PROMISE["sv"].search(label.sv), label.sv
        assert not PROMISE["en"].search(label.en), label.en


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_answer_a_parent_reads_makes_no_such_promise(run: Callable[..., Any], lang: str) -> None:
    out = run("--lang", lang, "find", "--role", "parent", "--format", "plain", "--limit", "40").stdout
    assert "Medborgarservice" in out
    assert not PROMISE[lang].search(out)
    asks = (
        "fråga efter fältverksamheten"
        if lang == "sv"
        else "ask for Fältverksamheten (the field workers) by name"
    )
    assert asks in out


def test_no_phone_the_sources_disagree_on_is_offered(shipped: Catalogue) -> None:
    assert not [c.value.sv for c in contacts(shipped) if c.kind == "phone" and c.caveat == "conflict"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_foraldralinjen_offers_its_web_page_and_no_number(run: Callable[..., Any], lang: str) -> None:
    out = run("--lang", lang, "find", "--role", "parent", "--format", "plain").stdout
    card = block(out, "Mind Föräldralinjen")
    assert "https://mind.se" in card
    assert "Telefon:" not in card and "Phone:" not in card
    assert "02085" not in out and "020-85" not in out


def test_validate_refuses_a_phone_whose_sources_conflict(
    run: Callable[..., Any], write_catalogue: Callable[[str], Path]
) -> None:
    text = small_catalogue_text().replace(
        '{kind: phone, value: "026-24 00 00", label: {sv: "Växel", en: "Switchboard"}}',
        '{kind: phone, value: "026-24 00 00", label: {sv: "Växel", en: "Switchboard"}, caveat: conflict}',
    )
    result = run("validate", str(write_catalogue(text)))
    assert result.exit_code == 3
    assert "026-24 00 00" in result.stdout + result.stderr


@pytest.mark.parametrize(("lang", "says"), [("sv", "För kvinnor"), ("en", "For women")])
def test_kvinnofridslinjen_says_it_is_for_women(run: Callable[..., Any], lang: str, says: str) -> None:
    out = run(
        "--lang", lang, "find", "--role", "young", "--age", "14", "--concern", "violence", "--format", "plain"
    )
    assert says in block(out.stdout, "Kvinnofridslinjen\n")


def test_no_one_exposed_to_violence_is_sent_only_to_a_womens_line(shipped: Catalogue) -> None:
    item = shipped.initiative("en-kommun-fri-fran-vald")
    assert item is not None
    for text in (item.description.sv, item.description.en):
        assert "112" in text and "Bris" in text and "Socialjouren" in text


@pytest.mark.parametrize(
    ("lang", "anonymous", "qualified", "school"),
    [
        ("sv", "vara anonym", "Som privatperson kan du vara anonym", "skolpersonal följer skolans rutin"),
        (
            "en",
            "can stay anonymous",
            "As a private person you can stay anonymous",
            "school staff follow the school's routine",
        ),
    ],
)
def test_a_professional_is_never_told_they_can_stay_anonymous(
    run: Callable[..., Any], lang: str, anonymous: str, qualified: str, school: str
) -> None:
    out = run("--lang", lang, "find", "--role", "professional", "--format", "plain").stdout
    assert out.count(anonymous) >= 1
    assert out.count(anonymous) == out.count(qualified)
    assert school in out


def test_socialjouren_says_when_neither_line_answers_and_that_112_is_left(shipped: Catalogue) -> None:
    route = next(r for r in shipped.routes if r.id == "socialjouren")
    assert "12–13" in route.summary.sv and "112" in route.summary.sv
    assert "12–13" in route.summary.en and "112" in route.summary.en
    assert "när kommunens egen linje är stängd" not in route.summary.sv


def test_the_open_preschool_reaches_a_parent_of_a_seven_year_old_in_nya_bruket(shipped: Catalogue) -> None:
    found = ids(shipped, role="parent", age=7, area="nya_bruket", concerns=("parenting",))
    assert "oppen-forskola" in found


def test_hojaspelet_includes_a_five_year_old_in_preschool_class(shipped: Catalogue) -> None:
    assert "hojaspelet" in ids(shipped, role="parent", age=5)
    assert "hojaspelet" in ids(shipped, role="parent", age=10)
    assert "hojaspelet" not in ids(shipped, role="parent", age=11)


@pytest.mark.parametrize(
    ("lang", "grades", "fits"),
    [("sv", "årskurs 7–9", "Ålder 13 passar"), ("en", "school years 7–9", "Age 13 fits")],
)
def test_the_reason_for_machofabriken_at_13_names_the_grades(
    run: Callable[..., Any], lang: str, grades: str, fits: str
) -> None:
    out = run(
        "--lang", lang, "find", "--role", "young", "--age", "13", "--concern", "violence", "--format", "plain"
    )
    card = block(out.stdout, "1. Machofabriken")
    why = next(line for line in card.splitlines() if "Därför passar det" in line or "Why it fits" in line)
    assert grades in why
    assert fits not in why


def test_socialtjanstfunktion_is_described_as_the_plan_it_is(
    shipped: Catalogue, run: Callable[..., Any]
) -> None:
    item = shipped.initiative("socialtjanst-i-skolan")
    assert item is not None
    assert "ska införas från hösten 2024" in item.summary.sv + item.description.sv
    assert "is to be introduced from autumn 2024" in item.summary.en + item.description.en
    assert "school_absence" not in item.concerns
    out = run("show", "socialtjanst-i-skolan", "--format", "plain").stdout
    assert "Fråga efter föräldrarådgivaren" not in out


@pytest.mark.parametrize(
    "initiative", ["orossamtal", "natverksmoten", "nodstopp", "tjejkraft", "familjedagar"]
)
def test_no_card_says_you_can_get_in_yourself_where_no_source_says_so(
    run: Callable[..., Any], initiative: str
) -> None:
    out = run("show", initiative, "--format", "plain").stdout
    assert "Du kan höra av dig själv" not in out and "du kan gå dit" not in out
    assert "Källorna säger inte hur" in out


def test_the_caveats_of_the_sources_are_carried(shipped: Catalogue) -> None:
    mini = shipped.initiative("mini-maria")
    fritid = shipped.initiative("fritidsbanken")
    stod = shipped.initiative("foreningsstod")
    assert mini is not None and fritid is not None and stod is not None
    assert "pilotprojekt" in mini.description.sv and "pilot" in mini.description.en
    assert "medgivande" in fritid.description.sv and "consent" in fritid.description.en
    web = next(c for c in fritid.contacts if c.kind == "web")
    assert web.label is not None and "nationella" in web.label.sv and "English" in web.label.en
    email = next(c for c in stod.contacts if c.kind == "email")
    assert email.label is not None and "utvecklingsbidraget" in email.label.sv
    stodlinjen = next(r for r in shipped.routes if r.id == "stodlinjen")
    assert [s.as_of for s in stodlinjen.sources if s.as_of and s.as_of.startswith("2008")] == ["2008"]
