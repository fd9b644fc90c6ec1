"""The shipped catalogue holds every initiative of the municipality's page, sourced and reachable."""

from __future__ import annotations

import re

import pytest

from trygghet_cli.model import Catalogue, Contact

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
        # Grades as ages keep every child in them: årskurs 7–9 is 12–16, förskoleklass starts at 5.
        ("machofabriken", 12, 16),
        ("frukost-hogstadiet", 12, 16),
        ("hojaspelet", 5, 10),
        ("kulturloftet", 4, 16),
        # No source gives an age for the open preschool and family support.
        ("oppen-forskola", None, None),
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
        "family_mental_health",
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


def _contacts(cat: Catalogue) -> list[Contact]:
    return [c for i in cat.initiatives for c in i.contacts] + [c for r in cat.routes for c in r.contacts]


def test_every_phone_and_email_comes_from_the_contact_facts(shipped: Catalogue, contact_facts: str) -> None:
    values = {c.value.sv for c in _contacts(shipped) if c.kind in ("phone", "email")}
    assert values
    for value in values:
        assert f'"{value}"' in contact_facts, value


def test_every_web_page_and_source_comes_from_the_contact_facts(
    shipped: Catalogue, contact_facts: str
) -> None:
    urls = {c.value.sv for c in _contacts(shipped) if c.kind == "web"}
    urls |= {s.url for i in shipped.initiatives for s in i.sources} | {
        s.url for r in shipped.routes for s in r.sources
    }
    assert len(urls) > 40
    for url in urls:
        assert f'"{url}"' in contact_facts, url


def test_every_address_comes_from_the_contact_facts(shipped: Catalogue, contact_facts: str) -> None:
    addresses = {c.value.sv for c in _contacts(shipped) if c.kind == "address"}
    assert addresses
    for address in addresses:
        parts = [p.strip() for p in address.split(",")]
        # The place itself, and any street with a number, must be in the facts word for word.
        for part in [parts[0]] + [p for p in parts if any(ch.isdigit() for ch in p)]:
            assert part in contact_facts, (address, part)


def test_no_individual_officials_are_named(shipped: Catalogue) -> None:
    emails = [c.value.sv for i in shipped.initiatives for c in i.contacts if c.kind == "email"]
    assert all("." not in e.split("@")[0] or e.startswith("kultur.") for e in emails), emails
