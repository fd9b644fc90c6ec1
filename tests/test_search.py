"""Free-text search: everyday words, slang, typos and compounds, in Swedish and English."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from trygghet_cli.model import Catalogue
from trygghet_cli.understanding import read_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.mark.parametrize(
    ("text", "concern"),
    [
        ("han skolkar hela tiden", "school_absence"),
        ("hemmasittare", "school_absence"),
        ("skipping school", "school_absence"),
        ("min son röker hasch", "drugs"),
        ("gräs", "drugs"),
        ("my son smokes weed", "drugs"),
        ("dricker alkahol", "alcohol"),
        ("alkoholproblem", "alcohol"),
        ("booze", "alcohol"),
        ("supa", "alcohol"),
        ("spelar bort pengar", "gambling"),
        ("bråk hemma", "violence"),
        ("skilsmässa", "separation"),
        ("divorce", "separation"),
        ("ensam", "belonging"),
        ("lonely", "belonging"),
        ("queer", "lgbtq"),
        ("nyanländ", "new_in_sweden"),
        ("adhd", "npf"),
        ("droger", "drugs"),
    ],
)
def test_everyday_words_find_the_concern(shipped: Catalogue, text: str, concern: str) -> None:
    assert concern in read_text(shipped, text).concerns


def test_age_and_role_in_the_text(shipped: Catalogue) -> None:
    reading = read_text(shipped, "min 15-åriga dotter dricker")
    assert (reading.role, reading.age) == ("parent", 15)
    reading = read_text(shipped, "I'm 17 and lonely")
    assert (reading.role, reading.age) == ("young", 17)


@pytest.mark.parametrize(
    ("text", "initiative"),
    [
        ("mini maria", "mini-maria"),
        ("lyktan", "lyktan"),
        ("fritidsbanke", "fritidsbanken"),
        ("trygghetscirkel", "trygghetscirkeln"),
    ],
)
def test_an_initiatives_own_name_finds_it(shipped: Catalogue, text: str, initiative: str) -> None:
    assert initiative in read_text(shipped, text).initiatives


def test_search_quality_on_the_phrasings() -> None:
    from search_quality import ranks

    found = ranks()
    assert len(found) >= 60
    top5 = sum(1 for *_, rank in found if rank is not None and rank <= 5)
    assert top5 / len(found) >= 0.9


def test_search_command_says_which_words_matched(run: Any) -> None:
    result = run("search", "min 15-åriga dotter dricker alkahol")
    assert result.exit_code == 0
    assert (
        "Så förstod vi dig: Förälder eller annan vuxen nära ett barn · 15 år · Alkohol (alkahol, dricker)"
        in result.stdout
    )
    assert "Dina ord: alkahol, dricker" in result.stdout
    assert "Mini-Maria" in result.stdout


def test_search_json_has_the_find_shape(run: Any) -> None:
    data = json.loads(run("search", "my son smokes weed", "--format", "json").stdout)
    assert set(data) >= {"query", "results", "general_routes"}
    assert data["query"]["concerns"] == ["drugs"] and data["query"]["role"] == "parent"
    assert data["results"][0]["id"] == "mini-maria"
    assert data["query"]["matched_words"]["drugs"] == ["weed", "smokes"]


def test_flags_win_over_the_text(run: Any) -> None:
    data = json.loads(
        run(
            "search", "min 15-åriga dotter dricker", "--role", "young", "--age", "19", "--format", "json"
        ).stdout
    )
    assert (data["query"]["role"], data["query"]["age"]) == ("young", 19)


def test_nothing_recognised_offers_the_concern_list(run: Any) -> None:
    result = run("search", "xyzzy plugh")
    assert result.exit_code == 0
    assert "Vi kände inte igen något" in result.stdout
    assert "Alkohol [alcohol]" in result.stdout and "112" in result.stdout


@pytest.mark.parametrize("text", ["", "   ", "a" * 2001, "hej\x1b[2J", "hej\u202e"])
def test_empty_enormous_or_control_text_is_a_usage_error(run: Any, text: str) -> None:
    result = run("search", text)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and result.stdout == ""


def test_huge_text_is_read_quickly_by_the_core(shipped: Catalogue) -> None:
    text = ("min son dricker alkahol och skolkar " * 3000)[:100_000]
    started = time.perf_counter()
    reading = read_text(shipped, text + "\x00\x1b[2J")
    assert time.perf_counter() - started < 5
    assert {"alcohol", "school_absence"} <= set(reading.concerns)


def test_phrases_written_as_one_word_are_understood(shipped: Catalogue) -> None:
    assert "lgbtq" in read_text(shipped, "hen är ickebinär").concerns  # vocabulary has "icke-binär"
    assert (
        "mini-maria" in read_text(shipped, "minimaria").initiatives
        or "mini-maria" in read_text(shipped, "minimaria").keyworded
    )
