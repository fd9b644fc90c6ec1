"""Catalogue text is data: never markup, never terminal control, in any output format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL

from trygghet_cli.formats import md
from trygghet_cli.safetext import clean

MARKUP = (
    "[link=https://evil.example]Socialtjänsten[/link] [bold red]AKUT[/] [/] :warning: \\[x] *stjärna* <b>"
)


@pytest.fixture
def marked_up(write_catalogue: Callable[..., Path]) -> Path:
    return write_catalogue(
        SMALL.replace('name: "First"', f"name: {json.dumps(MARKUP)}").replace(
            'summary: {sv: "Första.", en: "First one."}',
            f"summary: {{sv: {json.dumps(MARKUP)}, en: {json.dumps(MARKUP)}}}",
        )
    )


@pytest.mark.parametrize("fmt", ["rich", "plain"])
@pytest.mark.parametrize("command", [["list"], ["show", "first"], ["find", "--role", "parent"]])
def test_markup_and_emoji_codes_are_shown_literally(
    run: Any, marked_up: Path, fmt: str, command: list[str]
) -> None:
    result = run(
        "--data", str(marked_up), *command, "--format", fmt, env={"FORCE_COLOR": "1", "NO_COLOR": None}
    )
    assert result.exit_code == 0, result.output
    assert "[link=https://evil.example]Socialtjänsten[/link]" in result.stdout
    assert ":warning:" in result.stdout and "⚠" not in result.stdout
    assert "\x1b]8" not in result.stdout


def test_markdown_escapes_catalogue_text(run: Any, marked_up: Path) -> None:
    out = run("--data", str(marked_up), "find", "--role", "parent", "--format", "markdown").stdout
    assert not re.search(r"(?<!\\)\[link=", out) and "\\[link=https://evil.example\\]" in out
    assert "\\*stjärna\\*" in out and "\\<b\\>" in out


def test_json_keeps_the_text_exactly(run: Any, marked_up: Path) -> None:
    data = json.loads(run("--data", str(marked_up), "list", "--format", "json").stdout)
    assert data["initiatives"][0]["name"] == MARKUP


@pytest.mark.parametrize(
    "payload",
    [
        "\\e[2J\\e[H",
        "\\e]8;;https://evil.example\\e\\\\Ring\\e]8;;\\e\\\\",
        "\\e]52;c;aGk=\\a",
        "\\e]0;Titel\\a",
        "\\x9b2J",
        "abc\\u202Edcb",
        "\\u2066x\\u2069",
        "a\\x07b",
    ],
)
def test_escape_sequences_and_bidi_are_rejected_by_validate(
    run: Any, write_catalogue: Callable[..., Path], payload: str
) -> None:
    path = write_catalogue(
        SMALL.replace('description: {sv: "Den första."', f'description: {{sv: "Den {payload}"')
    )
    result = run("validate", str(path))
    assert result.exit_code == 3
    assert "styrtecken" in result.stderr
    for bad in ("\x1b", "\x9b", "\x07", "\u202e", "\u2066"):
        assert bad not in result.stderr


def test_the_output_boundary_neutralises_what_slips_through() -> None:
    dirty = "a\x1b[2Jb\x9bc\u202ed\x07e\nf\tg"
    assert clean(dirty) == "a\ufffd[2Jb\ufffdc\ufffdd\ufffde\nf\tg"
    assert "<a" not in markdown_to_html(md("[x](javascript:alert)"))


def markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt  # Rich's own Markdown parser, CommonMark plus GFM tables

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert)",
        "![bild](x.png) <https://evil.example> <b>fet</b> &amp; &",
        "*fet* _kursiv_ `kod` ~~bort~~ a\\*b",
        "1. Mini-Maria",
        "2) två",
        "# rubrik\n- lista\n+ plus\n> citat\nRubrik\n===",
        "a | b\n--|--\nc | d",
    ],
)
def test_markdown_shows_catalogue_text_exactly_as_written(text: str) -> None:
    import html

    assert markdown_to_html(md(text, line_start=True)) == f"<p>{html.escape(text, quote=False)}</p>\n"


def test_markdown_leaves_plain_text_alone() -> None:
    for text in ("026-24 00 00", "Mån–fre 9–12 (och 13–17).", "https://sandviken.se/a.b.html", "100 kr!"):
        assert md(text) == text


@pytest.mark.parametrize("arg", ["--role", "--concern", "--area"])
def test_control_characters_in_arguments_are_refused(run: Any, arg: str) -> None:
    extra = [] if arg == "--role" else ["--role", "parent"]
    result = run("find", *extra, arg, "par\x1b[2Jent")
    assert result.exit_code == 2
    assert "\x1b" not in result.output
