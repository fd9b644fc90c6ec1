"""The guided questions, driven through prompt_toolkit's pipe input and in a real terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from trygghet_cli import wizard
from trygghet_cli.model import Catalogue

DOWN, ENTER, SPACE, CTRL_C, CTRL_D, BACKSPACE = "\x1b[B", "\r", " ", "\x03", "\x04", "\x7f"


@pytest.fixture
def keys() -> Iterator[Any]:
    with create_pipe_input() as pipe:
        yield pipe


def io(pipe: Any) -> dict[str, Any]:
    return {"input": pipe, "output": DummyOutput()}


def test_answers_become_needs(shipped: Catalogue, keys: Any) -> None:
    keys.send_text(ENTER + "15" + ENTER + SPACE + ENTER + DOWN * 5 + ENTER)
    needs = wizard.ask_needs(shipped, "sv", **io(keys))
    assert (needs.role, needs.age, needs.concerns, needs.area) == ("parent", 15, ("alcohol",), "storvik")


def test_every_question_can_be_skipped(shipped: Catalogue, keys: Any) -> None:
    keys.send_text(DOWN * 3 + ENTER + ENTER + ENTER + ENTER)
    needs = wizard.ask_needs(shipped, "sv", **io(keys))
    assert (needs.role, needs.age, needs.concerns, needs.area) == (None, None, (), None)


def test_dont_know_is_an_answer(shipped: Catalogue, keys: Any) -> None:
    dont_know = len(shipped.vocabulary.concerns) + 1
    keys.send_text(ENTER + "vet inte" + ENTER + DOWN * dont_know + SPACE + ENTER + ENTER)
    needs = wizard.ask_needs(shipped, "sv", **io(keys))
    assert (needs.age, needs.concerns) == (None, ())


def test_own_words_at_the_worry_question(shipped: Catalogue, keys: Any) -> None:
    own = len(shipped.vocabulary.concerns)
    keys.send_text(
        ENTER
        + "14"
        + ENTER
        + DOWN * own
        + SPACE
        + ENTER
        + "han skolkar och röker hasch"
        + ENTER
        + ENTER
        + ENTER
    )
    needs = wizard.ask_needs(shipped, "sv", **io(keys))
    assert set(needs.concerns) == {"school_absence", "drugs"}


@pytest.mark.parametrize(
    ("lang", "heading"), [("sv", "Så förstod vi dig"), ("en", "This is how we understood you")]
)
def test_own_words_show_what_was_understood_and_a_wrong_worry_can_be_removed(
    shipped: Catalogue, keys: Any, capsys: Any, lang: str, heading: str
) -> None:
    keys.send_text(SPACE + ENTER)  # untick the first worry read (drugs), keep the other
    kept = wizard.confirm_own_words(shipped, lang, (), "han skolkar och röker hasch", **io(keys))
    assert kept == ("school_absence",)
    assert heading in capsys.readouterr().out


def test_own_words_already_chosen_are_not_asked_again(shipped: Catalogue, keys: Any) -> None:
    keys.send_text(ENTER)
    assert wizard.confirm_own_words(shipped, "sv", ("drugs",), "han skolkar och röker hasch", **io(keys)) == (
        "school_absence",
    )


def test_own_words_with_no_worry_say_so(shipped: Catalogue, capsys: Any) -> None:
    assert wizard.confirm_own_words(shipped, "sv", (), "xyzzy plugh") == ()
    assert "Vi kände inte igen" in capsys.readouterr().out


def test_own_words_in_a_dumb_terminal_keep_all_on_enter(
    shipped: Catalogue, monkeypatch: Any, capsys: Any
) -> None:
    answers = iter(["", "2"])
    monkeypatch.setattr(wizard, "is_dumb", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    text = "han skolkar och röker hasch"
    assert set(wizard.confirm_own_words(shipped, "sv", (), text)) == {"drugs", "school_absence"}
    assert wizard.confirm_own_words(shipped, "sv", (), text) == ("school_absence",)
    assert "Så förstod vi dig" in capsys.readouterr().out


def test_a_bad_age_is_asked_again(shipped: Catalogue, keys: Any) -> None:
    keys.send_text("femton" + ENTER + "\x7f" * 6 + "15" + ENTER)
    assert wizard.ask_age_or_crisis(shipped, "sv", "parent", **io(keys)) == (15, ())


def test_a_crisis_typed_where_the_age_is_asked_ends_the_questions(shipped: Catalogue, keys: Any) -> None:
    """The age field is the first place to type: "pappa slår mig" there is not "not a number"."""
    keys.send_text(DOWN + ENTER + "pappa slår mig" + ENTER)  # a young person, then the age field
    needs = wizard.ask_needs(shipped, "sv", **io(keys))
    assert needs.crisis and needs.crisis[0] == "violence" and needs.age is None


def test_change_one_answer_keeps_the_others(shipped: Catalogue, keys: Any) -> None:
    from trygghet_cli.matching import Needs

    keys.send_text(BACKSPACE * 2 + "9" + ENTER)
    needs = wizard.ask_step("age", shipped, "sv", Needs("parent", 15, ("alcohol",)), **io(keys))
    assert (needs.role, needs.age, needs.concerns) == ("parent", 9, ("alcohol",))


def test_changing_an_answer_starts_from_the_earlier_one(shipped: Catalogue, keys: Any) -> None:
    from trygghet_cli.matching import Needs

    before = Needs("parent", 15, ("alcohol", "school_absence"), "storvik")
    keys.send_text(ENTER)
    assert wizard.ask_step("age", shipped, "sv", before, **io(keys)).age == 15
    keys.send_text(ENTER)
    assert wizard.ask_step("concerns", shipped, "sv", before, **io(keys)).concerns == before.concerns
    keys.send_text(ENTER)
    assert wizard.ask_step("area", shipped, "sv", before, **io(keys)).area == "storvik"
    keys.send_text(ENTER)
    assert wizard.ask_step("role", shipped, "sv", before, **io(keys)).role == "parent"
    keys.send_text(SPACE + ENTER)  # untick the first ticked
    assert wizard.ask_step("concerns", shipped, "sv", before, **io(keys)).concerns == ("school_absence",)


def test_a_young_person_is_not_offered_parenting_support_as_their_worry(shipped: Catalogue) -> None:
    from trygghet_cli.matching import concerns_offered

    assert "parenting" in concerns_offered(shipped, "parent")
    assert "parenting" not in concerns_offered(shipped, "young")
    assert "alcohol" in concerns_offered(shipped, "young")
    assert concerns_offered(shipped, None) == tuple(shipped.vocabulary.concerns)


def test_a_professional_is_not_asked_where_they_live(shipped: Catalogue, keys: Any) -> None:
    professional = list(shipped.vocabulary.roles).index("professional")
    keys.send_text(DOWN * professional + ENTER + ENTER + SPACE + ENTER)
    needs = wizard.ask_needs(shipped, "sv", **io(keys))
    assert (needs.role, needs.area) == ("professional", None)
    keys.send_text(DOWN * 2 + ENTER)  # but can choose an area when changing that answer
    assert wizard.ask_step("area", shipped, "sv", needs, **io(keys)).area is not None


@pytest.mark.parametrize("typed", ["15²", "¹⁵", "1⁵", "15½", "٣²"])
def test_digits_int_refuses_are_not_a_number(typed: str) -> None:
    assert wizard.parse_age(typed) == "wizard.age_not_number"


def test_digits_int_reads_are_an_age() -> None:
    assert wizard.parse_age("١٥") == 15


def test_a_superscript_age_is_asked_again(shipped: Catalogue, keys: Any) -> None:
    keys.send_text("15²" + ENTER + BACKSPACE + ENTER)
    assert wizard.ask_age_or_crisis(shipped, "sv", "parent", **io(keys)) == (15, ())


@pytest.mark.parametrize("before", ["", ENTER], ids=["at a choice", "at the age"])
@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_and_ctrl_d_cancel(shipped: Catalogue, keys: Any, key: str, before: str) -> None:
    keys.send_text(before + key)
    with pytest.raises(KeyboardInterrupt):
        wizard.ask_needs(shipped, "sv", **io(keys))


def test_closed_input_cancels(shipped: Catalogue, keys: Any) -> None:
    keys.close()
    with pytest.raises(KeyboardInterrupt):
        wizard.ask_needs(shipped, "sv", **io(keys))


def test_english_questions(shipped: Catalogue) -> None:
    assert wizard.t("en", "wizard.role") == "Who are you?"


def test_parse_age() -> None:
    assert wizard.parse_age("15 år") == 15
    assert wizard.parse_age("") is None
    assert wizard.parse_age("abc") == "wizard.age_not_number"
    assert wizard.parse_age("300") == "wizard.age_too_high"


def spawn(*args: str, lang: str = "sv", columns: int = 100, cwd: Path | None = None) -> Any:
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "NO_COLOR": "1",
        "TRYGGHET_LANG": lang,
        "COLUMNS": str(columns),
    }
    env.pop("TRYGGHET_DATA", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "trygghet_cli", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, columns),
        cwd=str(cwd) if cwd is not None else None,
    )


@pytest.mark.slow
def test_real_wizard_session_to_a_phone_number() -> None:
    child = spawn()
    child.expect("Vem är du")
    child.send(ENTER)
    child.expect("Hur gammalt")
    child.send("19" + ENTER)
    child.expect("Vad oroar dig")
    child.send(DOWN * 2 + SPACE + ENTER)
    child.expect("Var i kommunen")
    child.send(ENTER)
    child.expect("Mini-Maria")
    child.expect("026-24 00 00")
    child.expect("Vad vill du göra nu")
    child.send(DOWN * 5 + ENTER)  # card, all, handout, change, start over, *quit*
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[3J" in (child.before or "")


@pytest.mark.slow
def test_real_wizard_safety_first_and_card(tmp_path: Any) -> None:
    child = spawn("wizard", lang="en")
    child.expect("Who are you")
    child.send(ENTER)
    child.expect("How old")
    child.send("14" + ENTER)
    child.expect("What worries you")
    child.send(DOWN * 7 + SPACE + ENTER)
    child.expect("Where in the municipality")
    child.send(ENTER)
    child.expect("Is anyone in danger right now")
    child.expect("What would you like to do now")
    child.send(ENTER)
    child.expect("Which suggestion")
    child.send(ENTER)
    child.expect("How to reach them")
    child.expect("What would you like to do now")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Cancelled. None of your answers were saved." in (child.before or "")
    assert "Traceback" not in (child.before or "")


@pytest.mark.slow
@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("question", range(4))
def test_ctrl_c_and_ctrl_d_at_every_question(question: int, key: str) -> None:
    answers = [ENTER, "15" + ENTER, SPACE + ENTER, ENTER]
    child = spawn()
    for step in range(question):
        child.expect("\\?")
        child.send(answers[step])
    child.expect(["Vem är du", "Hur gammalt", "Vad oroar", "Var i kommunen"][question])
    child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")


CLEAR = "\x1b[H\x1b[2J\x1b[3J"


def to_the_answer(child: Any) -> None:
    """Parent, 15, alcohol, whole municipality: up to the next-step menu."""
    child.expect("Vem är du")
    child.send(ENTER)
    child.expect("Hur gammalt")
    child.send("15" + ENTER)
    child.expect("Vad oroar")
    child.send(SPACE + ENTER)
    child.expect("Var i kommunen")
    child.send(ENTER)
    child.expect("Vad vill du göra nu")


@pytest.mark.slow
def test_a_narrow_screen_wraps_choices_instead_of_cutting_them() -> None:
    import io as text_io
    import re

    child = spawn(columns=40)
    child.logfile_read = seen = text_io.StringIO()
    child.expect("Vem är du")
    child.expect("hoppa över")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    shown = " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", seen.getvalue()).split())
    assert "nära ett barn" in shown
    assert "Yrkesverksam som möter barn och unga" in shown


@pytest.mark.slow
@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_leaving_the_wizard_any_way_clears_screen_and_scrollback(key: str) -> None:
    child = spawn()
    to_the_answer(child)
    child.send(key)
    child.expect_exact(CLEAR)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Mini-Maria" not in (child.before or "")


@pytest.mark.slow
def test_start_over_clears_screen_and_scrollback() -> None:
    child = spawn()
    to_the_answer(child)
    child.send(DOWN * 4 + ENTER)  # card, all, handout, change, *start over*, quit
    child.expect_exact(CLEAR)
    child.expect("Vem är du")
    assert "Mini-Maria" not in (child.before or "")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


@pytest.mark.slow
def test_dumb_terminal_gets_numbered_questions_and_no_cursor_codes() -> None:
    import io as text_io

    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "TRYGGHET_LANG": "sv", "COLUMNS": "100"}
    env.pop("TRYGGHET_DATA", None)
    child = pexpect.spawn(
        sys.executable, ["-m", "trygghet_cli"], env=env, encoding="utf-8", timeout=20, dimensions=(40, 100)
    )
    child.logfile_read = seen = text_io.StringIO()
    child.expect("Vem är du")
    child.expect("1. Förälder eller annan vuxen nära ett barn")
    child.expect("Skriv en siffra")
    child.sendline("1")
    child.expect("Hur gammalt")
    child.sendline("15²")
    child.expect("Skriv åldern med siffror")
    child.sendline("15")
    child.expect("Vad oroar")
    child.sendline("1")
    child.expect("Var i kommunen")
    child.sendline("")
    child.expect("Mini-Maria")
    child.expect("Vad vill du göra nu")
    child.sendline("6")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b" not in seen.getvalue()


@pytest.mark.slow
def test_superscript_age_in_a_real_terminal_is_a_normal_message() -> None:
    child = spawn()
    child.expect("Vem är du")
    child.send(ENTER)
    child.expect("Hur gammalt")
    child.send("15²" + ENTER)
    child.expect("Skriv åldern med siffror")
    child.send(BACKSPACE + ENTER)
    child.expect("Vad oroar")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in (child.before or "") and "Press ENTER" not in (child.before or "")


ESC = "\x1b"


@pytest.mark.slow
def test_desk_starts_over_by_itself_when_nobody_touches_it() -> None:
    child = spawn("desk", "--idle", "2")
    child.expect("Esc")
    to_the_answer(child)
    child.expect_exact(CLEAR, timeout=10)  # two quiet seconds at the answer
    child.expect("Vem är du")
    assert "Mini-Maria" not in (child.before or "")
    child.send(ENTER)
    child.expect("Hur gammalt")
    child.expect_exact(CLEAR, timeout=10)  # and at any question
    child.expect("Vem är du")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


@pytest.mark.slow
@pytest.mark.parametrize("question", range(4))
def test_desk_quick_exit_at_every_question_clears_and_starts_over(question: int) -> None:
    answers = [ENTER, "15" + ENTER, SPACE + ENTER, ENTER]
    child = spawn("desk")
    for step in range(question):
        child.expect(["Vem är du", "Hur gammalt", "Vad oroar", "Var i kommunen"][step])
        child.send(answers[step])
    child.expect(["Vem är du", "Hur gammalt", "Vad oroar", "Var i kommunen"][question])
    child.expect("Esc")
    child.send(ESC)
    child.expect_exact(CLEAR)
    child.expect("Vem är du")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


@pytest.mark.slow
@pytest.mark.parametrize("menu_item", [4, 5], ids=["start over", "quit"])
def test_desk_start_over_and_quit_clear_for_the_next_visitor(menu_item: int) -> None:
    child = spawn("desk")
    to_the_answer(child)
    child.send(DOWN * menu_item + ENTER)
    child.expect_exact(CLEAR)
    child.expect("Vem är du")
    # nothing kept: the next visitor's answers start empty, not from the last one's
    child.send(ENTER)
    child.expect("Hur gammalt")
    child.send(ENTER)
    child.expect("Vad oroar")
    assert "15" not in (child.before or "")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


@pytest.mark.slow
@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_desk_ctrl_c_and_ctrl_d_clear_then_leave(key: str) -> None:
    child = spawn("desk")
    to_the_answer(child)
    child.send(key)
    child.expect_exact(CLEAR)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Mini-Maria" not in (child.before or "")


@pytest.mark.slow
def test_the_compact_answer_and_the_menu_fit_one_100_by_40_screen() -> None:
    """A parent of a 15-year-old, alcohol and school absence, Björksätra (issue 15)."""
    import io as text_io
    import re

    child = spawn(columns=100)
    child.logfile_read = seen = text_io.StringIO()
    child.expect("Vem är du")
    child.send(ENTER)
    child.expect("Hur gammalt")
    child.send("15" + ENTER)
    child.expect("Vad oroar")
    child.send(SPACE + DOWN * 6 + SPACE + ENTER)  # alcohol, school absence
    child.expect("Var i kommunen")
    child.send(DOWN + ENTER)  # Björksätra
    child.expect("Avsluta och rensa skärmen")
    shown = seen.getvalue()
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    screen = shown[shown.rindex("Akut hjälp") : shown.rindex("Avsluta och rensa skärmen")]
    lines = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).replace("\r", "").split("\n")
    assert len(lines) <= 40, len(lines)
    for wanted in ("112", "Mini-Maria", "026-24 00 00", "Vad vill du göra nu", "Visa alla förslag"):
        assert wanted in screen, wanted
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)


@pytest.mark.slow
def test_desk_gives_the_handout_text_and_goes_on() -> None:
    child = spawn("desk")
    to_the_answer(child)
    child.send(DOWN * 2 + ENTER)  # card, all, *handout*
    child.expect("Vilket språk")
    child.send(ENTER)  # Swedish, where the pointer starts
    child.expect("Vad vill du göra med lappen")
    child.send(DOWN + ENTER)  # show the text, write no file
    child.expect("112")
    child.expect("Vad vill du göra nu")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


@pytest.mark.slow
def test_desk_removes_a_visitors_saved_handout_when_they_are_done(tmp_path: Path) -> None:
    """Which initiatives a visitor was given says what their worry was: the next visitor at a
    shared screen must not find the file."""
    child = spawn("desk", cwd=tmp_path)
    to_the_answer(child)
    child.send(DOWN * 2 + ENTER)  # card, all, *handout*
    child.expect("Vilket språk")
    child.send(ENTER)
    child.expect("Vad vill du göra med lappen")
    child.send(ENTER)  # save it as a file
    child.expect("tas bort när besökaren är klar")
    assert [p.name for p in tmp_path.iterdir()] == ["stod-sandviken-sv.html"]
    child.expect("Vad vill du göra nu")
    child.send(ESC)  # the visitor is done
    child.expect("Vem är du")
    assert list(tmp_path.iterdir()) == []
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
