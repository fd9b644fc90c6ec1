"""Quick commands stay quick: they import only what they draw with (modules, not timings)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
sys.argv = ["trygghet", *json.loads(sys.argv[1])]
from trygghet_cli.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""

HEAVY_RICH = (
    "rich.table",
    "rich.markdown",
    "rich.syntax",
    "rich.traceback",
    "rich.progress",
    "rich.live",
    "rich.prompt",
    "rich.pretty",
)


def modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    line = result.stderr.rsplit("MODULES ", 1)[1]
    return set(json.loads(line))


@pytest.mark.parametrize(
    "args",
    [
        ["find", "--role", "parent", "--concern", "alcohol", "--format", "json"],
        ["find", "--role", "parent", "--format", "plain"],
        ["list", "--format", "json"],
        ["show", "lyktan", "--format", "plain"],
        ["check", "--format", "plain"],
        ["check", "--format", "json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_plain_and_json_commands_import_no_prompts_no_rich_no_search(args: list[str]) -> None:
    loaded = modules(*args)
    heavy = ("questionary", "prompt_toolkit", "rich", "rapidfuzz", "snowballstemmer", "wordfreq", "pydantic")
    heavy += ("jinja2", "segno")  # the handout's
    for package in heavy:
        assert not any(m == package or m.startswith(package + ".") for m in loaded), package


def test_validate_reads_the_crisis_examples_but_draws_and_prompts_nothing() -> None:
    """validate reads each crisis kind's examples as free text is read (rapidfuzz and the
    stemmer), and needs no terminal library, prompt or handout renderer for it."""
    loaded = modules("validate")
    for package in ("questionary", "prompt_toolkit", "rich", "wordfreq", "jinja2", "segno"):
        assert not any(m == package or m.startswith(package + ".") for m in loaded), package


def test_rich_output_imports_only_the_parts_it_draws_with() -> None:
    loaded = modules("find", "--role", "parent", "--format", "rich")
    assert "rich.console" in loaded
    assert not any(m.startswith(("questionary", "prompt_toolkit")) for m in loaded)
    assert not set(HEAVY_RICH) & loaded


def test_search_imports_its_matchers_but_no_prompts() -> None:
    loaded = modules("search", "min son dricker", "--format", "json")
    assert "rapidfuzz" in loaded and "snowballstemmer" in loaded and "wordfreq" in loaded
    assert not any(m.startswith(("questionary", "prompt_toolkit", "rich")) for m in loaded)


def test_the_handout_brings_its_template_engine_and_qr_codes_only_when_asked() -> None:
    loaded = modules("show", "lyktan", "--format", "html")
    assert "jinja2" in loaded and "segno" in loaded
    assert not any(m.startswith(("questionary", "prompt_toolkit", "rich")) for m in loaded)
