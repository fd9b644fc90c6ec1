"""The shipped catalogue holds every initiative of the municipality's page, sourced and reachable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trygghet_cli.model import Catalogue

# The page's alphabetical list, with its misspelling fixed ("Fritisbanken") and Trygghetsbilen once.
PAGE_NAMES = [
    "ABC – för att stärka föräldraskap",
    "Aktiviteter i bostadsområden samt ute i föreningarnas verksamheter",
    "Drogfri skola",
    "Drömprojektet",
    "En kommun fri från våld",
    "Familjedagar i bostadsområden",
    "Fritidsbanken",
    "Fritidsbanken – föreningsmatchning",
    "Frukost till högstadieelever",
    "Främja Goda Val",
    "Föreningsstöd",
    "Föräldraskap i Sverige",
    "HöjaSpelet",
    "Kultur för barn och unga",
    "Kultur för familjer",
    "Kulturlöftet",
    "Lyktan",
    "Lyktan Prova På",
    "Machofabriken",
    "Mini-Maria",
    "Mentorskap",
    "Nätverksmöten",
    "Nödstopp",
    "Orossamtal",
    "Riktade föräldraskapsinsatser",
    "Samverkan för ökad skolnärvaro",
    "Socialtjänstfunktion i skolan",
    "Tjejkraft",
    "Trygghetsbilen",
    "Trygghetscirkeln",
    "Ung Fritid",
    "Ung HBTQI+",
    "Utbildning och stöd",
    "Öppen förskola och familjestöd i bostadsområden",
    "Spira",
]


def test_every_initiative_of_the_page_is_there_once(shipped: Catalogue) -> None:
    names = [i.name for i in shipped.initiatives]
    assert sorted(names) == sorted(PAGE_NAMES)


def test_ids_are_unique_lowercase_kebab(shipped: Catalogue) -> None:
    ids = [i.id for i in shipped.initiatives]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_every_initiative_has_a_contact_route_and_a_source(shipped: Catalogue) -> None:
    for item in shipped.initiatives:
        assert item.contacts, item.id
        assert item.sources, item.id
        assert any(c.kind in ("phone", "email", "web", "address") for c in item.contacts), item.id


def test_every_text_is_in_swedish_and_english(shipped: Catalogue) -> None:
    for item in shipped.initiatives:
        for text in (item.summary, item.description):
            assert text.sv.strip() and text.en.strip() and text.sv != text.en, item.id


@pytest.mark.parametrize(
    ("initiative", "low", "high"),
    [
        ("trygghetscirkeln", 0, 6),
        ("abc", None, 12),
        ("machofabriken", 12, 16),
        ("mini-maria", None, 25),
        ("ung-hbtqi", 13, 24),
        ("dromprojektet", 13, 24),
        ("lyktan", None, None),
    ],
)
def test_ages_are_the_page_facts(
    shipped: Catalogue, initiative: str, low: int | None, high: int | None
) -> None:
    item = shipped.initiative(initiative)
    assert item is not None
    assert (item.ages.min, item.ages.max) == (low, high)


def test_the_school_attendance_project_ran_2022_to_2024(shipped: Catalogue) -> None:
    item = shipped.initiative("samverkan-skolnarvaro")
    assert item is not None and item.period is not None
    assert (item.period.start, item.period.end) == ("2022", "2024")


def test_vocabularies_have_the_agreed_keys(shipped: Catalogue) -> None:
    vocab = shipped.vocabulary
    assert set(vocab.roles) == {"parent", "young", "professional"}
    assert set(vocab.concerns) == {
        "alcohol",
        "drugs",
        "gambling",
        "family_addiction",
        "mental_health",
        "separation",
        "school_absence",
        "violence",
        "crime",
        "unsafe_area",
        "belonging",
        "leisure_costs",
        "parenting",
        "new_in_sweden",
        "npf",
        "lgbtq",
    }
    labels = {t.label.sv for t in vocab.areas.values()}
    assert {
        "Björksätra",
        "Norrsätra",
        "Nya Bruket",
        "Kungsgården",
        "Storvik",
        "Järbo",
        "Österfärnebo",
        "Gästrike-Hammarby",
    } <= labels


def test_general_routes_start_with_112_and_carry_sources(shipped: Catalogue) -> None:
    assert shipped.routes[0].contacts[0].value.sv == "112"
    ids = {r.id for r in shipped.routes}
    assert {"medborgarservice", "orosanmalan", "socialjouren", "bris"} <= ids
    assert all(r.sources for r in shipped.routes)


def test_every_phone_number_comes_from_the_contact_facts(shipped: Catalogue) -> None:
    facts = Path(__file__).resolve().parent.parent.parent / "shared" / "sources" / "contact-facts.yaml"
    if not facts.exists():
        pytest.skip("the shared sources are not beside this checkout")
    sourced = facts.read_text(encoding="utf-8")
    phones = {c.value.sv for i in shipped.initiatives for c in i.contacts if c.kind == "phone"}
    phones |= {c.value.sv for r in shipped.routes for c in r.contacts if c.kind == "phone"}
    assert phones
    for phone in phones:
        assert f'"{phone}"' in sourced, phone


def test_no_individual_officials_are_named(shipped: Catalogue) -> None:
    emails = [c.value.sv for i in shipped.initiatives for c in i.contacts if c.kind == "email"]
    assert all("." not in e.split("@")[0] or e.startswith("kultur.") for e in emails), emails
