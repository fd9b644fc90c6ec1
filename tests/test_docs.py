"""The README tells the truth: its examples print what it shows, and CI runs its test command."""

from __future__ import annotations

import re
import shlex
import string
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```console\n\$ (trygghet .*?)\n(.*?)```", README, flags=re.S)


def test_readme_has_examples_in_both_languages() -> None:
    assert len(EXAMPLES) >= 2
    assert any("--lang en" in command for command, _ in EXAMPLES)
    assert any("--lang" not in command for command, _ in EXAMPLES)


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_examples_run_as_shown(run: Any, command: str, shown: str) -> None:
    result = run(*shlex.split(command)[1:])
    assert result.exit_code == 0
    assert result.stdout == shown


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    set_up, install_and_run, install_and_test = blocks[0], blocks[1], blocks[2]
    # A fresh Debian/Ubuntu refuses `pip install` outside a virtual environment (PEP 668).
    assert set_up == "python3 -m venv .venv && . .venv/bin/activate"
    assert install_and_run == "pip install . && trygghet"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv" in ci and install_and_test in ci


CAPTURES = re.findall(r"```text\n\$ (trygghet .*?)\n(.*?)```", README, flags=re.S)


def test_readme_has_a_capture_of_the_compact_answer() -> None:
    assert any("find" in command for command, _ in CAPTURES)


@pytest.mark.parametrize(("command", "shown"), CAPTURES, ids=[c for c, _ in CAPTURES])
def test_readme_terminal_captures_are_what_a_100_column_terminal_shows(
    run: Any, command: str, shown: str
) -> None:
    """Captures of `rich` output, compared without the spaces Rich pads lines with."""
    result = run(*shlex.split(command)[1:], "--format", "rich", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    drawn = "\n".join(line.rstrip() for line in result.stdout.splitlines()).strip("\n")
    assert drawn == shown.strip("\n")
    assert len(drawn.splitlines()) <= 40 - 7  # room left for the wizard's next-step menu


def test_every_command_is_in_the_readme() -> None:
    from typer.main import get_command

    from trygghet_cli.cli import app

    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert f"trygghet {name}" in README


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_swedish_and_english_say_the_same_things() -> None:
    from babel.messages.pofile import read_po

    def entries(lang: str) -> dict[str, Any]:
        with (ROOT / "trygghet_cli" / "locales" / lang / "LC_MESSAGES" / "trygghet.po").open("rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(handle) if m.id}

    sv, en = entries("sv"), entries("en")
    assert sv.keys() == en.keys()
    for key in sv:
        if isinstance(sv[key], tuple):
            continue  # plural forms: checked per language in test_languages.py
        assert placeholders(sv[key]) == placeholders(en[key]), key
        same_in_both = key.startswith(("source.", "help.opt.format", "card.period", "translation."))
        swedish_on_purpose = key in ("wizard.language", "handout.interpreter_sentence")
        assert sv[key] != en[key] or same_in_both or swedish_on_purpose, key
