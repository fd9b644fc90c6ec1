"""Free text is read as people mean it: correct words stay themselves, any Unicode form and any
capitals, ages that are ages, who is speaking, Swedish with or without å/ä/ö, everyday words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from trygghet_cli import catalogue
from trygghet_cli.model import Catalogue
from trygghet_cli.understanding import read_text


@pytest.mark.parametrize(
    ("text", "not_read_as"),
    [
        ("hon kommer aldrig hem i tid", "lgbtq"),
        ("he keeps setting fires", "gambling"),
        ("barnen leker ute", "unsafe_area"),
        ("hon gillar skolan", "school_absence"),
        ("vi flyttade hit för 2 år sedan", "violence"),
        ("han bet mig i armen", "gambling"),
        ("han spelar dator hela dagarna", "gambling"),
    ],
)
def test_a_correct_everyday_word_is_not_read_as_another(
    shipped: Catalogue, text: str, not_read_as: str
) -> None:
    assert not_read_as not in read_text(shipped, text).concerns


def test_typos_are_still_forgiven(shipped: Catalogue) -> None:
    assert "alcohol" in read_text(shipped, "dricker alkahol").concerns
    assert "separation" in read_text(shipped, "skilsmasa").concerns
    assert "violence" in read_text(shipped, "he hit me").concerns  # English "hit" in English text


@pytest.mark.parametrize("text", ["min son ro\u0308ker hasch", "MIN SON RÖKER HASCH", "MiN sOn RöKeR hAsCh"])
def test_any_unicode_form_and_any_capitals_read_the_same(shipped: Catalogue, text: str) -> None:
    reading = read_text(shipped, text)
    assert (reading.concerns, reading.role) == (read_text(shipped, "min son röker hasch").concerns, "parent")
    assert "röker" in reading.words["drugs"]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("min dotter är 3 månader", None),
        ("min bebis är 7 manader", None),  # "månader" written without å
        ("han ar 14 ar", 14),
        ("min 14 aring", 14),
        ("vi flyttade hit för 2 år sedan", None),
        ("han har gått i 2 år", None),
        ("we moved here 2 years ago", None),
        ("min son är 15", 15),
        ("min 15-åriga dotter dricker", 15),
        ("I'm 17 and lonely", 17),
        ("jag går i nian och mår skit", 15),
        ("jag är elev i åk 8", 14),
        ("vi flyttade hit för 2 år sedan och min son är 12", 12),
        # A count of people is not an age: "we are 3 friends, 15 years old".
        ("vi e 3 kompisar 15 år", 15),
        ("vi är 4 ungdomar och vill ordna en konsert", None),
    ],
)
def test_only_numbers_that_are_ages_are_ages(shipped: Catalogue, text: str, age: int | None) -> None:
    assert read_text(shipped, text).age == age


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("jag är trans", "young"),
        ("min kille slår mig", "young"),
        ("jag går i nian och mår skit", "young"),
        ("jag är elev i åk 8", "young"),
        ("min dotter dricker", "parent"),
        ("jag är orolig för min dotter", "parent"),
        ("jag är orolig för min 14-åring", "parent"),
        ("mammaledig med tvååring", "parent"),
        ("jag är lärare och en elev skolkar", "professional"),
        ("I'm 17 and lonely", "young"),
    ],
)
def test_who_is_speaking(shipped: Catalogue, text: str, role: str) -> None:
    assert read_text(shipped, text).role == role


def test_text_without_swedish_letters_is_restored(shipped: Catalogue) -> None:
    assert "mental_health" in read_text(shipped, "jag mar daligt").concerns
    assert "separation" in read_text(shipped, "mina foraldrar har skilsmassa").concerns


def test_words_differing_only_by_a_swedish_letter_stay_apart(
    tmp_path: Path, shipped_doc: dict[str, Any]
) -> None:
    doc = yaml.safe_load(yaml.safe_dump(shipped_doc, allow_unicode=True))
    concerns = doc["vocabularies"]["concerns"]
    concerns["unsafe_area"]["words"]["sv"].append("hal")  # slippery
    concerns["violence"]["words"]["sv"].append("hål")  # a hole (a made-up test word)
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    cat = catalogue.load(path)
    assert "violence" not in read_text(cat, "vägen är hal").concerns
    assert "unsafe_area" not in read_text(cat, "det finns ett hål i väggen").concerns
    # Written without å/ä/ö, a word that is itself a vocabulary word is read as that word.
    assert "violence" not in read_text(cat, "vagen ar hal").concerns


@pytest.mark.parametrize(
    ("text", "concern"),
    [
        ("han drack hela helgen", "alcohol"),
        ("hon har druckit", "alcohol"),
        ("han har rökt", "drugs"),
        ("hon skolkade igår", "school_absence"),
        ("han har skolkat hela veckan", "school_absence"),
        ("han slog henne", "violence"),
        ("han spelade bort lönen", "gambling"),
        ("han skiter i plugget", "school_absence"),
        ("hon är utfryst", "belonging"),
        ("han är aggressiv hemma", "violence"),
        ("hon har en äldre pojkvän som kontrollerar henne", "violence"),
        ("ensamkommande", "new_in_sweden"),
        ("min 2-åring är så klängig", "parenting"),
        ("our toddler is clingy", "parenting"),
        ("he got drunk", "alcohol"),
        ("my son stole a bike", "crime"),
        ("she is excluded at school", "belonging"),
        ("jag mår skit", "mental_health"),
        ("farsan super", "family_addiction"),
    ],
)
def test_everyday_words_past_tenses_and_slang(shipped: Catalogue, text: str, concern: str) -> None:
    assert concern in read_text(shipped, text).concerns


def test_ensamkommande_is_not_loneliness(shipped: Catalogue) -> None:
    assert "belonging" not in read_text(shipped, "ensamkommande").concerns


def test_a_word_inside_another_worrys_phrase_means_that_worry(shipped: Catalogue) -> None:
    reading = read_text(shipped, "pappa dricker för mycket")
    assert "family_addiction" in reading.concerns and "alcohol" not in reading.concerns
    assert "gambling" in read_text(shipped, "han spelar om pengar").concerns


@pytest.mark.parametrize(
    ("text", "concern", "not_read_as"),
    [
        ("mamma mår psykiskt dåligt", "family_mental_health", "mental_health"),
        ("pappa är deprimerad och jag är 12", "family_mental_health", "mental_health"),
        ("min pappa har haft depression länge", "family_mental_health", "mental_health"),
        ("my mum has depression", "family_mental_health", "mental_health"),
        ("barnens mamma har alkoholproblem", "family_addiction", "alcohol"),
        ("pappa spelar bort pengar", "family_addiction", "gambling"),
        # The young person's own low mood or drinking stays their own.
        ("pappa tycker jag mår dåligt", "mental_health", "family_mental_health"),
        ("jag mår psykiskt dåligt", "mental_health", "family_mental_health"),
        ("mina föräldrar tycker att jag dricker för mycket", "alcohol", "family_addiction"),
        ("I'm depressed and my dad doesn't know", "mental_health", "family_mental_health"),
    ],
)
def test_a_parents_ill_health_is_the_familys_worry_not_the_childs_own(
    shipped: Catalogue, text: str, concern: str, not_read_as: str
) -> None:
    concerns = read_text(shipped, text).concerns
    assert concern in concerns and not_read_as not in concerns


@pytest.mark.parametrize(
    ("text", "concern", "not_read_as"),
    [
        # Hanging out with older youths is the wrong crowd, not loneliness.
        ("han har börjat hänga med äldre killar", "crime", "belonging"),
        ("she is hanging out with older boys", "crime", "unsafe_area"),
        # A small child's separation anxiety is about attachment, not the parents' separation.
        ("min son 5 år har separationsångest", "parenting", "separation"),
        ("our 3 year old has separation anxiety", "parenting", "separation"),
    ],
)
def test_an_everyday_phrase_means_its_own_worry(
    shipped: Catalogue, text: str, concern: str, not_read_as: str
) -> None:
    concerns = read_text(shipped, text).concerns
    assert concern in concerns and not_read_as not in concerns


def test_a_compound_ending_in_a_keyword_finds_it(shipped: Catalogue) -> None:
    assert "foreningsmatchning" in read_text(shipped, "hitta en hockeyklubb").keyworded


def test_a_name_that_begins_another_names_both(shipped: Catalogue) -> None:
    assert {"lyktan", "lyktan-prova-pa"} <= set(read_text(shipped, "lyktan").initiatives)


@pytest.mark.parametrize(
    "text",
    ["när kommer bussen", "vi har sagt det många gånger", "man vet aldrig", "hon äger huset", "vara ledig"],
)
def test_a_common_word_is_no_keyword_through_its_stem(shipped: Catalogue, text: str) -> None:
    # "när" is not "närhet", "gånger" not "gäng", "man" not "manlighet", "äger" not "agera".
    assert read_text(shipped, text).keyworded == ()


@pytest.mark.parametrize(
    ("text", "belonging"),
    [("min kompis tar tjack", False), ("my friends drink a lot", False), ("han har inga kompisar", True)],
)
def test_a_friend_named_is_not_loneliness(shipped: Catalogue, text: str, belonging: bool) -> None:
    assert ("belonging" in read_text(shipped, text).concerns) == belonging
