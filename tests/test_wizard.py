"""The guided questions, driven through prompt_toolkit's pipe input and in a real terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pexpect
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from trygghet_cli import wizard
from trygghet_cli.model import Catalogue

DOWN, ENTER, SPACE, CTRL_C, CTRL_D = "\x1b[B", "\r", " ", "\x03", "\x04"


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
        ENTER + "14" + ENTER + DOWN * own + SPACE + ENTER + "han skolkar och röker hasch" + ENTER + ENTER
    )
    needs = wizard.ask_needs(shipped, "sv", **io(keys))
    assert set(needs.concerns) == {"school_absence", "drugs"}


def test_a_bad_age_is_asked_again(shipped: Catalogue, keys: Any) -> None:
    keys.send_text("femton" + ENTER + "\x7f" * 6 + "15" + ENTER)
    assert wizard.ask_age(shipped, "sv", "parent", **io(keys)) == 15


def test_change_one_answer_keeps_the_others(shipped: Catalogue, keys: Any) -> None:
    from trygghet_cli.matching import Needs

    keys.send_text("9" + ENTER)
    needs = wizard.ask_step("age", shipped, "sv", Needs("parent", 15, ("alcohol",)), **io(keys))
    assert (needs.role, needs.age, needs.concerns) == ("parent", 9, ("alcohol",))


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


def spawn(*args: str, lang: str = "sv", columns: int = 100) -> Any:
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
    child.send(DOWN * 4 + ENTER)
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
    assert "Cancelled. Nothing was saved." in (child.before or "")
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
