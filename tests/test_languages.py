"""Every language our visitors read: interface completeness, the framework's words in the
chosen language, --lang anywhere, everyday flag words, right-to-left kept off terminals."""

from __future__ import annotations

import gettext
import json
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from babel.messages.pofile import read_po
from conftest import SMALL

from trygghet_cli.i18n import t
from trygghet_cli.model import LANGS, Text
from trygghet_cli.safetext import first_unsafe

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "trygghet_cli" / "locales"

# What Click, Typer and questionary say in English on the common paths.
FRAMEWORK_ENGLISH = (
    "Usage:",
    "Options",
    "Commands",
    "Arguments",
    "Show this message and exit",
    "Missing option",
    "Missing argument",
    "is not a valid integer",
    "No such command",
    "No such option",
    "Possible options",
    "Try '",
    "for help",
    "Error:",
    "env var",
    "required]",
    "Did you mean",
    "selections)",
    "Aborted",
)


def po_entries(lang: str) -> dict[str, Any]:
    with (LOCALES / lang / "LC_MESSAGES" / "trygghet.po").open("rb") as handle:
        return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(handle) if m.id}


def template_keys() -> set[str]:
    with (LOCALES / "trygghet.pot").open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("lang", LANGS)
def test_every_interface_string_is_translated_or_deliberately_falls_back(lang: str) -> None:
    entries = po_entries(lang)
    assert set(entries) == template_keys()
    source = po_entries("sv")
    for key, message in entries.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(forms):
            assert any(c.startswith("fallback:") for c in message.user_comments), f"{lang}: {key}"
            continue
        sv_forms = source[key].string if isinstance(source[key].string, tuple) else (source[key].string,)
        allowed = set().union(*(placeholders(f) for f in sv_forms))
        for form in forms:
            assert placeholders(form) <= allowed, f"{lang}: {key} has a placeholder Swedish lacks"


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_is_compiled_and_current(lang: str) -> None:
    """The .mo the tool reads holds what the .po says (else: python tools/locales.py compile)."""
    with (LOCALES / lang / "LC_MESSAGES" / "trygghet.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for key, message in po_entries(lang).items():
        if isinstance(message.string, str) and message.string and "fuzzy" not in message.flags:
            assert compiled.gettext(key) == message.string, f"{lang}: {key} (run tools/locales.py compile)"


def test_arabic_has_six_plural_forms_and_ukrainian_three() -> None:
    assert {t("ar", "wizard.done", count=n) for n in (0, 1, 2, 3, 11, 100)}.__len__() == 6
    assert [t("uk", "wizard.done", count=n) for n in (1, 3, 5)] == [
        "Готово (1 вибір)",
        "Готово (3 вибори)",
        "Готово (5 виборів)",
    ]
    assert t("sv", "wizard.done", count=2) == "Klart (2 val)"


def test_every_language_names_itself_and_offers_an_interpreter() -> None:
    for lang in LANGS:
        assert t(lang, "language.choice") != "language.choice"
        if lang not in ("sv", "en", "lattlast"):
            assert t(lang, "interpreter.offer") != t("sv", "interpreter.offer"), lang
            assert "tolk" in t(lang, "interpreter.offer"), lang
    assert t("sv", "interpreter.sentence", language=t("so", "language.in_swedish")) == (
        "Jag behöver tolk på somaliska."
    )


@pytest.mark.parametrize("lang", ["uk", "so", "ti", "lattlast"])
def test_a_left_to_right_language_answers_in_the_terminal(run: Any, lang: str) -> None:
    result = run("find", "--role", "parent", "--concern", "alcohol", "--age", "15", "--lang", lang)
    assert result.exit_code == 0
    out = result.stdout
    assert t(lang, "answer.urgent") in out
    assert t(lang, "translation.unreviewed") in out  # said in the language ...
    assert "har ännu inte granskats av en person" in out or lang == "lattlast"  # ... and in Swedish
    if lang != "lattlast":
        assert "Jag behöver tolk på" in out
    for fmt in ("plain", "markdown"):
        assert run("find", "--role", "parent", "--lang", lang, "--format", fmt).exit_code == 0


@pytest.mark.parametrize("lang", ["uk", "so", "ti"])
def test_a_catalogue_text_without_the_language_says_it_is_swedish(
    run: Any, write_catalogue: Callable[..., Path], lang: str
) -> None:
    path = write_catalogue(SMALL)  # its texts are in Swedish and English only
    out = run("--data", str(path), "--lang", lang, "find", "--role", "parent", "--format", "plain").stdout
    assert f"Växeln. {t(lang, 'fallback.tag')}" in out


def test_phone_numbers_are_never_marked_as_swedish(run: Any) -> None:
    out = run("find", "--role", "parent", "--concern", "alcohol", "--lang", "uk", "--format", "plain").stdout
    assert "Телефон: 112 (112" in out
    assert "Телефон: 112 (шведською)" not in out and "026-10 02 25 (шведською)" not in out


@pytest.mark.parametrize("lang", ["ar", "prs"])
@pytest.mark.parametrize("fmt", ["rich", "plain", "markdown"])
def test_right_to_left_is_never_printed_to_a_terminal(run: Any, lang: str, fmt: str) -> None:
    result = run("find", "--role", "parent", "--lang", lang, "--format", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "utskriven lapp" in result.stderr and "printed handout" in result.stderr
    assert not re.search("[\u0600-\u06ff]", result.stderr)


def test_json_carries_arabic_where_the_catalogue_has_it(run: Any, tmp_path: Path) -> None:
    arabic = "مجموعة للآباء"
    text = SMALL.replace(
        "schema: 1\n",
        "schema: 1\nlanguages:\n  - {code: sv, name: Svenska, reviewed: false}\n"
        "  - {code: en, name: English, reviewed: false}\n  - {code: ar, name: العربية, reviewed: false}\n",
    )
    text = re.sub(
        r'summary: \{sv: "([^"]*)", en: "([^"]*)"\}',
        lambda m: f'summary: {{sv: "{m[1]}", en: "{m[2]}", ar: "{arabic}\u200f"}}',
        text,
        count=2,
    )
    path = tmp_path / "ar.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("--data", str(path), "find", "--role", "parent", "--lang", "ar", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    summaries = [r["summary"] for r in data["results"]] + [r["summary"] for r in data["general_routes"]]
    assert any(s.get("ar") == arabic + "\u200f" for s in summaries)
    assert data["language"]["reviewed"] is False
    assert data["language"]["interpreter_sentence_sv"] == "Jag behöver tolk på arabiska."
    warned = run("validate", str(path))
    assert warned.exit_code == 0
    assert "varning" in warned.stderr and "ar:" in warned.stderr


def test_validate_counts_what_each_language_lacks(run: Any, tmp_path: Path) -> None:
    text = (
        "languages:\n  - {code: sv, name: Svenska, reviewed: false}\n"
        "  - {code: en, name: English, reviewed: false}\n  - {code: uk, name: Українська, reviewed: false}\n"
    )
    path = tmp_path / "uk.yaml"
    path.write_text(SMALL.replace("schema: 1\n", "schema: 1\n" + text), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: varning: texten saknas på uk", lines[0])
    assert lines[-1].startswith("uk: ") and "texter saknas" in lines[-1]


def test_a_catalogue_without_swedish_is_refused(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "nosv.yaml"
    path.write_text(
        SMALL.replace(
            "schema: 1\n", "schema: 1\nlanguages:\n  - {code: en, name: English, reviewed: false}\n"
        )
    )
    result = run("validate", str(path))
    assert result.exit_code == 3
    assert "reservspråket" in result.stderr


def test_a_language_declared_twice_is_a_located_error(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    twice = "  - {code: sv, name: Svenska, reviewed: false}\n" * 2
    path.write_text(SMALL.replace("schema: 1\n", "schema: 1\nlanguages:\n" + twice))
    result = run("validate", str(path))
    assert result.exit_code == 3
    assert f"{path}:4:" in result.stderr and "'sv'" in result.stderr


def test_text_falls_back_to_swedish_and_says_so() -> None:
    text = Text.of({"sv": "Hej", "uk": "Привіт"})
    assert text.shown("uk") == ("Привіт", "uk")
    assert text.shown("so") == ("Hej", "sv")
    assert text.get("en") == "Hej" and text.sv == "Hej"
    assert text.as_dict() == {"sv": "Hej", "uk": "Привіт"}


def test_no_english_from_the_framework_in_a_swedish_answer(run: Any) -> None:
    cases = [
        ("find",),  # missing --role
        ("find", "--role", "parent", "--age", "femton"),
        ("hjälp",),
        ("find", "--role", "parent", "--bogus"),
        ("find", "--role", "parent", "--format", "pdf"),
        ("find", "--role", "parent", "--limit", "0"),
        ("find", "--role"),
        ("show",),
        ("show", "a", "b"),
        ("--help",),
        ("find", "--help"),
        ("show", "-h"),
        ("validate", "--help"),
    ]
    for args in cases:
        result = run(*args)
        said = result.stdout + result.stderr
        leaked = [english for english in FRAMEWORK_ENGLISH if english in said]
        assert not leaked, (args, leaked, said)
        assert "Traceback" not in said


def test_click_errors_are_one_clear_swedish_line(run: Any) -> None:
    result = run("find", "--role", "parent", "--age", "femton")
    assert result.exit_code == 2
    said = "Fel: '--age': 'femton' är inte ett heltal. Skriv siffror, till exempel 15."
    assert result.stderr.startswith(said)
    assert result.stderr.count("\n") == 1 and result.stderr.rstrip().endswith("för hjälp.")  # one line
    assert "Flaggan '--role' saknas." in run("find").stderr
    assert "Okänt kommando 'hjälp'" in run("hjälp").stderr
    assert "Argumentet ID saknas." in run("show").stderr
    assert "Missing option '--role'" in run("find", env={"TRYGGHET_LANG": "en"}).stderr


def test_help_is_swedish_by_default_and_english_on_request(run: Any) -> None:
    swedish = run("--help").stdout
    assert "Användning:" in swedish and "Flaggor" in swedish and "Kommandon" in swedish
    english = run("--help", env={"TRYGGHET_LANG": "en"}).stdout
    assert "Usage:" in english and "Options" in english and "Commands" in english
    assert "Användning:" not in english
    assert "Використання:" in run("find", "--help", "--lang", "uk").stdout


def test_lang_and_data_work_after_the_command(run: Any, tmp_path: Path) -> None:
    result = run("find", "--role", "parent", "--lang", "en", "--format", "plain")
    assert result.exit_code == 0
    assert "Urgent help" in result.stdout
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    result = run("list", "--format", "json", "--data", str(path), "--lang=en")
    assert result.exit_code == 0
    assert [i["id"] for i in json.loads(result.stdout)["initiatives"]] == ["first", "second"]


def test_lang_takes_the_environment_and_never_the_system_locale(run: Any) -> None:
    result = run(
        "find", "--role", "parent", "--format", "plain", env={"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
    )
    assert "Akut hjälp" in result.stdout
    assert (
        "Urgent help"
        in run("find", "--role", "parent", "--format", "plain", env={"TRYGGHET_LANG": "en"}).stdout
    )
    assert "Hjälp nu" in run("find", "--role", "parent", "--format", "plain", "--lang", "lättläst").stdout
    bad = run("find", "--role", "parent", "--lang", "xx")
    assert bad.exit_code == 2 and "Okänt språk 'xx'" in bad.stderr


@pytest.mark.parametrize(
    ("option", "word", "key"),
    [
        ("--role", "förälder", "parent"),
        ("--role", "ung", "young"),
        ("--role", "yrkesverksam", "professional"),
        ("--concern", "gäng", "crime"),
        ("--concern", "hbtq", "lgbtq"),
        ("--concern", "skolk", "school_absence"),
        ("--concern", "ensamhet", "belonging"),
        ("--concern", "skilsmässa", "separation"),
        ("--concern", "spel", "gambling"),
    ],
)
def test_flags_take_everyday_words(run: Any, option: str, word: str, key: str) -> None:
    args = ["find", "--role", "parent", "--format", "json"]
    args = ["find", option, word, "--format", "json"] if option == "--role" else [*args, option, word]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    query = json.loads(result.stdout)["query"]
    assert (query["role"] if option == "--role" else query["concerns"]) in (key, [key])


def test_show_finds_an_id_typed_with_swedish_letters(run: Any) -> None:
    result = run("show", "nödstopp", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "nodstopp"


def test_catalogue_text_may_hold_direction_marks_but_no_overrides() -> None:
    for mark in ("\u200e", "\u200f", "\u061c"):
        assert first_unsafe(f"مرحبا{mark} 112", catalogue=True) is None
        assert first_unsafe(f"typed{mark}") is not None  # never in what is typed
    for control in ("\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"):
        assert first_unsafe(f"مرحبا{control}", catalogue=True) == f"U+{ord(control):04X}"


def test_a_catalogue_refuses_an_override_in_arabic_text(run: Any, tmp_path: Path) -> None:
    text = SMALL.replace(
        'summary: {sv: "Ring 112.", en: "Call 112."}', 'summary: {sv: "Ring 112.", en: "Call \u202e112."}'
    )
    path = tmp_path / "rlo.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 3 and "U+202E" in result.stderr


def spawn_wizard(env_lang: str | None) -> Any:
    import os
    import sys

    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("TRYGGHET_LANG", None)
    env.pop("TRYGGHET_DATA", None)
    if env_lang:
        env["TRYGGHET_LANG"] = env_lang
    return pexpect.spawn(
        sys.executable, ["-m", "trygghet_cli"], env=env, encoding="utf-8", timeout=60, dimensions=(40, 100)
    )


@pytest.mark.slow
def test_the_wizard_asks_for_a_language_then_speaks_it_with_no_english() -> None:
    child = spawn_wizard(None)
    child.expect("Välj språk")
    child.expect("Dari")  # every language on offer, Arabic and Dari in Latin script
    child.send("\x1b[B" * 3 + "\r")  # Українська
    child.expect("Хто ви")
    child.send("\r")
    child.expect("Скільки")
    child.send("15\r")
    child.expect("Що вас турбує")
    child.send(" \x1b[B \r")
    child.expect(r"Готово \(2 вибори\)")
    child.expect("Де в муніципалітеті")
    child.send("\r")
    child.expect("Jag behöver tolk på ukrainska")
    child.expect("Що ви хочете")
    child.send("\x1b[B" * 5 + "\r")  # card, all, handout, change, start over, *quit*
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.slow
def test_a_swedish_wizard_says_nothing_in_english() -> None:
    child = spawn_wizard("sv")
    child.expect("Vem är du")
    child.send("\r")
    child.expect("Hur gammalt")
    child.send("15\r")
    child.expect("Vad oroar dig")
    child.send(" \x1b[B \r")
    child.expect(r"Klart \(2 val\)")
    seen = (child.before or "") + (child.after or "")
    child.expect("Var i kommunen")
    child.send("\r")
    child.expect("Vad vill du göra nu")
    seen += child.before or ""
    child.send("\x1b[B" * 5 + "\r")  # card, all, handout, change, start over, *quit*
    child.expect(pexpect.EOF)
    seen += child.before or ""
    assert not [english for english in FRAMEWORK_ENGLISH if english in seen], seen
    assert "(Use arrow keys)" not in seen and "done (" not in seen


@pytest.mark.slow
def test_the_wizard_hands_arabic_to_the_handout() -> None:
    child = spawn_wizard(None)
    child.expect("Välj språk")
    child.send("\x1b[B" * 6 + "\r")  # Arabiska / Arabic
    child.expect("utskriven lapp")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def test_a_text_in_an_undeclared_language_is_named(run: Any, tmp_path: Path) -> None:
    text = SMALL.replace(
        'summary: {sv: "Ring 112.", en: "Call 112."}', 'summary: {sv: "Ring 112.", so: "Wac 112."}'
    )
    path = tmp_path / "so.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 3
    assert "språket 'so' står inte under languages:" in result.stderr
