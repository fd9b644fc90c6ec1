"""Hostile terminals: pipes, no colour, dumb terminals, narrow and wide screens, poor encodings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import run_module

from trygghet_cli import catalogue as catalogue_files

ANSI = re.compile("\x1b|\x9b")
CURSOR = re.compile(r"\x1b\[[0-9;?]*[ABCDHJK]|\x1b\[\?25l|\x1b\[\?2004h")


def test_piped_output_has_no_escape_codes() -> None:
    for args in (
        ["list"],
        ["find", "--role", "parent", "--concern", "violence"],
        ["show", "lyktan"],
        ["search", "min son dricker"],
    ):
        result = run_module(*args, env={"TERM": "xterm-256color"})
        assert result.returncode == 0
        assert not ANSI.search(result.stdout.decode()), args


SHOWN = ("mini-maria", "orossamtal", "hojaspelet", "samverkan-skolnarvaro", "foreningsstod", "kulturloftet")


@pytest.mark.parametrize("columns", ["40", "200"])
def test_phone_numbers_and_urls_are_never_cut_or_split(run: Any, columns: str) -> None:
    cat = catalogue_files.load(catalogue_files.default_path())
    expected = {
        c.value.sv for i in SHOWN for c in cat.initiative(i).contacts if c.kind not in ("visit", "address")
    }  # type: ignore[union-attr]
    expected |= {s.url for i in SHOWN for s in cat.initiative(i).sources}  # type: ignore[union-attr]
    out = "".join(run("show", item, "--format", "rich", env={"COLUMNS": columns}).stdout for item in SHOWN)
    assert len(expected) >= 8
    for value in expected:
        assert value in out, value
    assert "…" not in out


@pytest.mark.parametrize("columns", ["40", "200"])
def test_wrapped_urls_stay_whole(run: Any, columns: str) -> None:
    out = run(
        "find",
        "--role",
        "parent",
        "--age",
        "15",
        "--concern",
        "alcohol",
        "--format",
        "rich",
        "--full",
        env={"COLUMNS": columns},
    ).stdout
    for url in (
        "https://www.regiongavleborg.se/nyheter/lanets-forsta-minimaria-oppnar--for-unga-i-riskzon/",
        "https://sandviken.se/omsorgstod/stodtillbarnungdomochfamilj/misstankeomattettbarnfarilla.7880.html",
    ):
        assert url in out
    assert "026-24 00 00" in out and "026-10 02 25" in out


def test_no_color(run: Any) -> None:
    result = run("find", "--role", "parent", "--format", "rich", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", result.stdout)


def test_term_dumb_in_a_terminal_is_plain() -> None:
    import pexpect

    env = {**os.environ, "TERM": "dumb", "NO_COLOR": ""}
    out = pexpect.run(
        f"{sys.executable} -m trygghet_cli find --role parent --concern alcohol",
        env=env,
        timeout=30,
        encoding="utf-8",
    )
    assert "Mini-Maria" in out
    assert not CURSOR.search(out) and not ANSI.search(out)


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
@pytest.mark.parametrize(
    "args", [["list"], ["find", "--role", "parent", "--format", "rich", "--full"], ["show", "lyktan"]]
)
def test_poor_output_encodings_degrade_without_crashing(encoding: str, args: list[str]) -> None:
    result = run_module(*args, env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    text = result.stdout.decode(encoding)
    assert "Lyktan" in text
    if encoding != "ascii":
        assert "Björksätra" in run_module(
            "show", "ung-fritid", env={"PYTHONIOENCODING": encoding}
        ).stdout.decode(encoding)


def test_json_survives_an_ascii_terminal() -> None:
    import json

    result = run_module("list", "--format", "json", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    assert len(json.loads(result.stdout.decode("ascii", errors="replace"))["initiatives"]) == 35


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_output_closed_early(fmt: str) -> None:
    head = subprocess.run(
        f"{sys.executable} -m trygghet_cli list --format {fmt} | head -1",
        shell=True,
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert head.stdout.count(b"\n") == 1
    assert b"Traceback" not in head.stderr and b"Exception ignored" not in head.stderr
    assert head.stderr == b""


def test_stdin_not_a_terminal_never_prompts() -> None:
    result = run_module("wizard", input=b"\x1b[B\r\r\r")
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"Input is not a terminal" not in result.stderr
    assert b"trygghet find" in result.stderr


def test_wizard_survives_a_resize(tmp_path: Path) -> None:
    import pexpect

    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable, ["-m", "trygghet_cli"], env=env, encoding="utf-8", timeout=20, dimensions=(30, 100)
    )
    child.expect("Välj språk")  # no --lang: the wizard asks for the language first
    child.send("\r")
    child.expect("Vem är du")
    child.setwinsize(20, 40)
    child.send("\r")
    child.expect("Hur gammalt")
    child.setwinsize(50, 200)
    child.send("16\r")
    child.expect("Vad oroar")
    child.send("\r")
    child.expect("Var i kommunen")
    child.send("\r")
    child.expect("026-24 00 00")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "99999999", ""])
def test_any_columns_value_still_draws_everything(columns: str) -> None:
    result = run_module(
        "find", "--role", "parent", "--concern", "alcohol", "--format", "rich", env={"COLUMNS": columns}
    )
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "112" in out and "Mini-Maria" in out and "026-24 00 00" in out
    # a heading's rule is as wide as the screen: never wider than any real screen
    assert max(len(line) for line in out.splitlines() if "─" in line) <= 500


EVERY_FORMAT = [
    [*args, "--format", fmt]
    for args, formats in (
        (["list"], ("rich", "plain", "json")),
        (["find", "--role", "parent", "--concern", "alcohol"], ("rich", "plain", "json", "markdown")),
        (["search", "min son dricker"], ("rich", "plain", "json", "markdown")),
        (["show", "mini-maria"], ("rich", "plain", "json", "markdown")),
    )
    for fmt in formats
] + [["--help"], ["find", "--help"], ["--version"], ["validate"]]


@pytest.mark.parametrize("args", EVERY_FORMAT, ids=" ".join)
def test_a_reader_that_has_gone_is_not_an_error(args: list[str]) -> None:
    """`trygghet … | head -1`: the reader leaves early; made certain by closing it before we write."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TRYGGHET_", "COLUMNS"))}
        result = subprocess.run(
            [sys.executable, "-m", "trygghet_cli", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**base, "TERM": "xterm", "COLUMNS": "100"},
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


def test_head_reads_one_line_of_rich_help() -> None:
    for command in ("list --format rich", "--help"):
        head = subprocess.run(
            f"{sys.executable} -m trygghet_cli {command} | head -1; exit ${{PIPESTATUS[0]}}",
            shell=True,
            executable="/bin/bash",
            capture_output=True,
            timeout=60,
        )
        assert head.returncode == 0, (command, head.stderr)
        assert head.stdout.count(b"\n") == 1


@pytest.mark.parametrize("columns", [30, 40])
def test_an_address_breaks_after_a_comma_to_fit(run: Any, columns: int) -> None:
    out = run("show", "mini-maria", "--format", "rich", env={"COLUMNS": str(columns)}).stdout
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if "Läkarstigen 3" in line)
    address = []
    for line in lines[start:]:
        address.append(line)
        if "Sandviken" in line:
            break
    assert all(len(line.rstrip()) <= columns for line in address), address
    assert all(line.rstrip().endswith(",") for line in address[:-1]), address
    assert (
        " ".join(line.split(":", 1)[-1].strip() for line in address)
        == "Läkarstigen 3, sjukhusområdet, Sandviken"
    )


def test_rich_is_compact_and_full_on_request(run: Any) -> None:
    args = ("find", "--role", "parent", "--age", "15", "--concern", "alcohol", "--concern", "school_absence")
    compact = run(*args, "--area", "björksätra", "--format", "rich").stdout
    whole = run(*args, "--area", "björksätra", "--format", "rich", "--full").stdout
    plain = run(*args, "--area", "björksätra", "--format", "plain").stdout
    assert len(compact.splitlines()) <= 34 < len(whole.splitlines())
    for wanted in ("112", "Mini-Maria", "026-24 00 00", "026-24 06 00", "--full"):
        assert wanted in compact, wanted
    assert "https://" not in compact  # URLs and sources belong on the full card
    assert "https://" in whole and "https://" in plain and "--full" not in plain


def test_desk_without_a_terminal_never_prompts() -> None:
    result = run_module("desk", input=b"\r\r\r")
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"trygghet find" in result.stderr


def test_desk_refuses_an_idle_time_under_a_second() -> None:
    result = run_module("desk", "--idle", "0")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
