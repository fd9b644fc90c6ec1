"""The crisis safety net: free text that says someone may be in danger opens the answer with
the crisis block (Självmordslinjen, 112, Bris; or 112 and the routes for violence), in every
format and language, before any suggestion."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import small_catalogue_text, without_crisis
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from trygghet_cli import wizard
from trygghet_cli.crisis import crisis_kinds
from trygghet_cli.model import Catalogue

TESTS = Path(__file__).resolve().parent
TUNED = yaml.safe_load((TESTS / "crisis-phrasings.yaml").read_text(encoding="utf-8"))
FIRST_SUGGESTION = re.compile(r"^ *1\. ", re.MULTILINE)
DOWN, UP, ENTER, SPACE = "\x1b[B", "\x1b[A", "\r", " "


def with_crisis(section: str) -> str:
    """The small test catalogue with `section` as its crisis section."""
    return without_crisis(small_catalogue_text()).replace("initiatives:\n", section + "initiatives:\n", 1)


def crisis_ids(case: dict[str, str]) -> str:
    return case["text"]


def opens_with(output: str, number: str) -> bool:
    """`number` is shown, and before the first suggestion if there is one."""
    at = output.find(number)
    first = FIRST_SUGGESTION.search(output)
    return at >= 0 and (first is None or at < first.start())


def test_the_files_are_big_enough() -> None:
    assert len(TUNED["crisis"]) >= 60 and len(TUNED["everyday"]) >= 30
    assert {c["kind"] for c in TUNED["crisis"]} == {"suicide", "violence", "danger"}


@pytest.mark.parametrize("case", TUNED["crisis"], ids=crisis_ids)
def test_every_tuned_crisis_phrasing_opens_with_the_crisis_block(run: Any, case: dict[str, str]) -> None:
    result = run("search", case["text"], "--format", "plain")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("!! ")
    first_number = "90101" if case["kind"] == "suicide" else "112"
    assert opens_with(result.output, first_number)
    assert "Vi kände inte igen" not in result.output


def test_every_tuned_crisis_phrasing_has_its_kind(shipped: Catalogue) -> None:
    wrong = [c["text"] for c in TUNED["crisis"] if c["kind"] not in crisis_kinds(shipped.crisis, c["text"])]
    assert wrong == []


def test_no_tuned_everyday_text_is_a_false_alarm(shipped: Catalogue) -> None:
    alarms = [t for t in TUNED["everyday"] if crisis_kinds(shipped.crisis, t)]
    assert alarms == []


def test_hook_suicide_line_before_the_first_suggestion(run: Any) -> None:
    result = run("search", "jag vill inte leva längre", "--format", "plain")
    lines = result.output.splitlines()
    first = next(n for n, line in enumerate(lines) if FIRST_SUGGESTION.match(line))
    assert any("90101" in line for line in lines[:first])


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["plain", "markdown", "rich"])
def test_crisis_block_first_in_every_format_and_language(run: Any, fmt: str, lang: str) -> None:
    result = run("--lang", lang, "search", "min dotter skär sig", "--format", fmt)
    assert result.exit_code == 0
    out = result.output
    calm = {"sv": "du behöver inte hitta rätt ord", "en": "you do not need the right words"}[lang]
    assert calm in out.splitlines()[0].replace("\\", "")
    assert opens_with(out, "90101")
    assert out.find("90101") < out.find("112") < out.find("116 111")
    assert FIRST_SUGGESTION.search(out) or fmt == "markdown"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_json_crisis_has_the_kind_and_routes_like_general_routes(run: Any, lang: str) -> None:
    data = json.loads(run("--lang", lang, "search", "I want to kill myself", "--format", "json").output)
    crisis = data["crisis"]
    assert crisis["kind"] == "suicide"
    assert [r["id"] for r in crisis["routes"]] == ["sjalvmordslinjen", "112", "bris"]
    assert set(crisis["routes"][0]) == set(data["general_routes"][0])
    assert crisis["routes"][0]["contacts"][0]["value"] == "90101"
    assert data["safety_first"] is True
    assert list(data)[:2] == ["query", "crisis"]


def test_json_crisis_is_null_without_one(run: Any) -> None:
    for args in (["search", "min son skolkar"], ["find", "--role", "parent", "--concern", "alcohol"]):
        assert json.loads(run(*args, "--format", "json").output)["crisis"] is None


def test_bris_only_for_under_18_or_unknown_age(run: Any) -> None:
    def routes(*args: str) -> list[str]:
        data = json.loads(run("search", "jag vill dö", *args, "--format", "json").output)
        return [r["id"] for r in data["crisis"]["routes"]]

    assert "bris" in routes()
    assert "bris" in routes("--age", "15")
    assert "bris" not in routes("--age", "30")
    assert routes("--age", "30")[:2] == ["sjalvmordslinjen", "112"]


def test_violence_puts_112_first_then_the_routes_for_who_is_asking(run: Any) -> None:
    data = json.loads(run("search", "pappa slår mamma", "--format", "json").output)
    assert data["crisis"]["kind"] == "violence"
    ids = [r["id"] for r in data["crisis"]["routes"]]
    assert ids[0] == "112"
    assert {"socialjouren", "orosanmalan", "bris", "kvinnofridslinjen"} <= set(ids)
    adult = json.loads(run("search", "min man slår mig", "--age", "35", "--format", "json").output)
    assert "bris" not in [r["id"] for r in adult["crisis"]["routes"]]


@pytest.mark.parametrize("text", ["kms", "unalive", "I want to kill myself", "sewerslide"])
def test_a_crisis_is_never_answered_with_nothing_recognised(run: Any, text: str) -> None:
    for lang, nothing in (("sv", "Vi kände inte igen"), ("en", "We did not recognise")):
        out = run("--lang", lang, "search", text, "--format", "plain").output
        assert out.startswith("!! ")
        assert nothing not in out
        assert "--concern" not in out


def test_everyday_text_has_no_crisis_block(run: Any) -> None:
    out = run("search", "jag dör av tristess", "--format", "plain").output
    assert not out.startswith("!! ")
    assert "90101" not in out


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_mental_health_puts_the_suicide_line_in_the_urgent_block(run: Any, lang: str) -> None:
    weekday = ("--at", "2026-12-01 10:00")  # office hours: no "answers now" line repeats the lines
    out = run("--lang", lang, "find", "-r", "parent", "-c", "mental_health", "-f", "plain", *weekday)
    assert opens_with(out.output, "90101")
    assert out.output.count("90101") == 1
    other = run("--lang", lang, "find", "--role", "parent", "--concern", "alcohol", "-f", "plain").output
    assert "90101" not in other


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ｊａｇ ｖｉｌｌ ｄö", "suicide"),  # full-width letters (NFKC)
        ("jag vill do\u0308", "suicide"),  # ö written as o + combining diaeresis
        ("SJÄLVMORD", "suicide"),
        ("villl baaa dööö", "suicide"),
        ("självmordsförsöket", "suicide"),
        ("my mum's boyfriend hits her", "violence"),
        ("jagvilltalivetavmig", "suicide"),  # words typed together
        ("leva vill jag inte längre", "suicide"),  # the rule's words in the other order
        ("min syster säger att hon inte orkar leva", "suicide"),  # someone else's
        ("en kille i klassen som är våldsam mot henne hemma, hans pappa", "violence"),
        ("jag vill döö", "suicide"),  # a last letter stretched once
        ("j a g  v i l l  d ö", "suicide"),  # spelled out letter by letter
        ("tog tjugofem alvedon", "danger"),  # a count in words: the catalogue's `count` group
    ],
)
def test_how_people_write(shipped: Catalogue, text: str, kind: str) -> None:
    assert kind in crisis_kinds(shipped.crisis, text)


def test_an_idiom_cancels_only_the_phrase_it_overlaps(shipped: Catalogue) -> None:
    assert crisis_kinds(shipped.crisis, "jag vill inte dö") == ()
    assert crisis_kinds(shipped.crisis, "jag vill inte dö men ibland vill jag bara dö") == ("suicide",)
    assert crisis_kinds(shipped.crisis, "det slog mig att pappa slår mamma") == ("violence",)


def test_a_pet_that_went_missing_is_no_crisis_but_a_child_is(shipped: Catalogue) -> None:
    assert crisis_kinds(shipped.crisis, "our cat went missing") == ()
    assert crisis_kinds(shipped.crisis, "our cat is fine but my son went missing") == ("danger",)


def test_several_kinds_keep_the_catalogues_order(shipped: Catalogue) -> None:
    assert crisis_kinds(shipped.crisis, "pappa slår mig och jag vill dö") == ("suicide", "violence")


def test_wizard_own_words_open_with_the_crisis_block(shipped: Catalogue, capsys: Any) -> None:
    from trygghet_cli.matching import concerns_offered

    own = len(concerns_offered(shipped, "young"))  # "in my own words" follows the concerns offered
    with create_pipe_input() as keys:
        # After the words: "Så förstod vi dig" (Enter keeps all), the area, then quit.
        keys.send_text(
            DOWN + ENTER + "15" + ENTER + DOWN * own + SPACE + ENTER
            + "jag vill dö, ingen bryr sig om mig" + ENTER + ENTER + ENTER + UP + ENTER  # quit: the last item
        )  # fmt: skip
        wizard.run_wizard(shipped, "sv", input=keys, output=DummyOutput())
    out = capsys.readouterr().out
    answer = out[out.index("Du behöver inte") :]
    assert opens_with(answer, "90101")
    assert -1 < answer.find("90101") < answer.find("116 111")  # no initiative is made for this: routes


@pytest.mark.parametrize(
    ("words", "kind"), [("my son wants to die", "suicide"), ("pappa ger mig stryk varje kväll", "violence")]
)
def test_wizard_own_words_set_the_crisis_in_the_answers(shipped: Catalogue, words: str, kind: str) -> None:
    own = len(shipped.vocabulary.concerns)
    with create_pipe_input() as keys:
        # Enter keeps what was understood (a concern read from the words, an area) until the end.
        keys.send_text(ENTER + ENTER + DOWN * own + SPACE + ENTER + words + ENTER * 4)
        needs = wizard.ask_needs(shipped, "en", input=keys, output=DummyOutput())
    assert needs.crisis == (kind,)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('routes: ["112"]', 'routes: ["113"]', "113"),
        ('routes: ["112"]', "routes: []", "minst en allmän väg"),  # a crisis that leads nowhere
        ('alcohol: ["112"]', 'alcoholl: ["112"]', "alcoholl"),
        ('"@not_wanting ~ @life"', '"@not_wantin ~ @life"', "@not_wantin.*@not_wanting"),
    ],
)
def test_bad_crisis_section_is_a_located_error(
    run: Any, write_catalogue: Any, old: str, new: str, message: str
) -> None:
    text = with_crisis(CRISIS).replace(old, new)
    path = write_catalogue(text)
    result = run("validate", str(path))
    assert result.exit_code == 3
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: .*{message}", result.output)


def test_small_crisis_section_is_valid(run: Any, write_catalogue: Any) -> None:
    text = with_crisis(CRISIS)
    path = write_catalogue(text)
    assert run("validate", str(path)).exit_code == 0
    out = run("--data", str(path), "search", "I want to kill myself", "-f", "plain").output
    assert out.startswith("!! Inte ensam.")


@pytest.mark.parametrize("text", ["jag vill inte leva", "leva vill jag inte", "I dont want to live"])
def test_a_rule_over_concept_groups_reads_either_order_and_any_language(
    run: Any, write_catalogue: Any, text: str
) -> None:
    path = write_catalogue(with_crisis(CRISIS))
    assert run("--data", str(path), "search", text, "-f", "plain").output.startswith("!! Inte ensam.")


CRISIS = """\
crisis:
  kinds:
    suicide:
      label: {sv: "Självmord", en: "Suicide"}
      message: {sv: "Inte ensam.", en: "Not alone."}
      routes: ["112"]
      phrases: {sv: ["vill * dö", "@not_wanting ~ @life"], en: ["kill myself"]}
  groups:
    life: [leva, live]
    not_wanting: ["vill * inte", "dont want"]
  not_crisis: {sv: ["dör av tristess"]}
  urgent_for_concerns:
    alcohol: ["112"]
"""


def test_the_crisis_block_says_what_is_open_at_the_time_asked(run: Any) -> None:
    """Socialjouren answers Mon–Thu 17–23: open at 22:00 on a Tuesday, closed at 10:00."""
    late = run("search", "min kille slår mig", "-f", "json", "--at", "2026-12-01 22:00").stdout
    morning = run("search", "min kille slår mig", "-f", "json", "--at", "2026-12-01 10:00").stdout

    def socialjouren(out: str) -> Any:
        routes = json.loads(out)["crisis"]["routes"]
        return next(r for r in routes if r["id"] == "socialjouren")["contacts"][0]["open_now"]

    assert (socialjouren(late), socialjouren(morning)) == (True, False)


def test_the_compact_crisis_answer_keeps_every_crisis_line_on_one_screen(run: Any) -> None:
    text = "jag mår skit och vill inte leva längre"
    drawn = run("search", text, "-f", "rich", env={"COLUMNS": "100"}).stdout
    lines = drawn.splitlines()
    assert len(lines) <= 40 - 7  # room for the wizard's next-step menu
    assert opens_with(drawn, "90101") and "116 111" in drawn and "112" in drawn


@pytest.mark.parametrize(
    "args",
    [
        ("search", "x " * 1100 + "jag vill dö"),  # too long: refused, but not before the crisis lines
        ("search", "jag vill dö \x07"),  # a control character: the same
        ("--lang", "ar", "search", "jag vill dö", "-f", "plain"),  # no RTL in a terminal: Swedish lines
    ],
    ids=["too-long", "control-char", "rtl"],
)
def test_a_refused_crisis_text_still_shows_the_crisis_lines_first(run: Any, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "90101" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("search", "jag vill dö", "--role", "x"),
        ("search", "jag vill dö", "--age", "300"),
        ("search", "jag vill dö", "--at", "i morgon"),
        ("search", "jag vill dö", "--large"),  # a handout's option without a handout
        ("search", "jag vill dö", "-o", "lapp.pdf"),
        ("search", "jag vill dö", "--limit", "x"),  # refused while the command line is read
        ("search", "jag vill dö", "--limt", "3"),
        ("jag", "vill", "dö"),  # no command at all
        ("--data", "saknas.yaml", "search", "jag vill dö"),  # a catalogue that cannot be used
        ("--lang", "zz", "search", "jag vill dö"),  # a language that does not exist
        ("find", "--role", "parent", "--concern", "jag vill dö"),  # said in a flag's value
        ("find", "--role", "pappa slår mig"),
        ("find", "--role=pappa slår mig"),
        ("list", "--concern", "jag vill dö"),
        ("show", "jag vill dö"),
    ],
    ids=[
        "role",
        "age",
        "at",
        "paper-option",
        "suffix",
        "limit",
        "misspelt",
        "no-command",
        "no-catalogue",
        "language",
        "concern-value",
        "role-value",
        "role-equals",
        "list",
        "show",
    ],
)
def test_a_crisis_comes_before_any_refusal_of_the_command(
    run: Any, args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever else is wrong with what was typed, the crisis lines are answered first."""
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code in (2, 3)
    assert result.stdout.startswith("!! ") and "Telefon: 112" in result.stdout  # the crisis block
    assert result.stderr.strip()  # then the refusal
    assert list(tmp_path.iterdir()) == []


def test_help_asked_beside_a_crisis_text_shows_the_crisis_lines_first(run: Any) -> None:
    result = run("--help", "jag vill dö")
    assert result.exit_code == 0 and result.stdout.index("90101") < result.stdout.index("--help")


def test_an_everyday_refusal_shows_no_crisis_lines(run: Any) -> None:
    result = run("search", "min son dricker", "--limit", "x")
    assert result.exit_code == 2 and result.stdout == ""


def test_pasted_line_breaks_and_direction_marks_are_not_refused(run: Any) -> None:
    result = run("search", "jag vill\r\ndö\u200e", "-f", "plain")
    assert result.exit_code == 0 and opens_with(result.stdout, "90101")


def test_a_phrase_too_broad_to_search_is_a_located_error(run: Any, write_catalogue: Any) -> None:
    """Groups in a row multiply: eight of them would spell out millions of patterns and
    exhaust the memory of every search, so validate refuses the phrase instead."""
    broad = '"' + " ".join(["@not_wanting|@life"] * 8) + '"'
    text = with_crisis(CRISIS)
    text = text.replace('"@not_wanting ~ @life"', broad)
    path = write_catalogue(text)
    result = run("validate", str(path))
    assert result.exit_code == 3
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: .*5000", result.output)


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("took 12 pills", True),
        ("took ١٢ pills", True),
        ("took 2 pills", False),
        ("took 12pills", True),  # a word typed on to the count
        ("took 1O pills", True),  # a letter O for the zero
    ],
)
def test_a_number_in_a_phrase_is_a_count_of_at_least_that_many(
    run: Any, write_catalogue: Any, text: str, crisis: bool
) -> None:
    """`#10` stands for any number of 10 or more, in any script's digits: an overdose, where
    two pills are a dose."""
    with_count = CRISIS.replace('en: ["kill myself"]', 'en: ["kill myself", "took #10 pills"]')
    path = write_catalogue(with_crisis(with_count))
    assert run("validate", str(path)).exit_code == 0
    out = run("--data", str(path), "search", text, "-f", "plain").output
    assert out.startswith("!! Inte ensam.") is crisis


@pytest.mark.parametrize(
    "text",
    # A Cyrillic і and а in Swedish words; a Latin e in a Ukrainian word.
    ["jag v\u0456ll dö", "jag vill t\u0430 livet av mig", "хочу вбити с" + "e" + "бе"],
    ids=["cyrillic-i", "cyrillic-a", "latin-e-in-ukrainian"],
)
def test_look_alike_letters_from_another_script_do_not_hide_a_crisis(run: Any, text: str) -> None:
    result = run("search", text, "--format", "plain")
    assert result.exit_code == 0
    assert opens_with(result.output, "90101")


@pytest.mark.parametrize(
    "text",
    [
        "мій син непритомний",  # uk: my son is unconscious
        "вона випила 30 таблеток",  # uk: she took 30 pills
        "чоловік з ножем біля школи зараз",  # uk: a man with a knife by the school now
        "gabadhaydu waxay liqday 20 kiniin",  # so: my daughter swallowed 20 pills
        "nin mindi sita ayaa bannaanka jooga hadda",  # so: a man with a knife is outside now
        "ወደይ 30 ከኒና ወሲዱ",  # ti: my son took 30 pills
        "ابني فاقد الوعي",  # ar: my son is unconscious
        "ابنتي أخذت ٤٠ حبة",  # ar: my daughter took 40 pills, in Arabic-Indic digits
        "يجبرونه يحمل سلاح",  # ar: they force him to carry a weapon
        "پسرم بیهوش است",  # prs: my son is unconscious
        "دخترم ۴۰ تابلیت خورده",  # prs: my daughter took 40 pills, in Persian digits
    ],
)
def test_acute_danger_is_read_in_the_catalogues_other_languages(shipped: Catalogue, text: str) -> None:
    assert "danger" in crisis_kinds(shipped.crisis, text)
