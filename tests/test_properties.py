"""Property tests: arbitrary input never gives anything but a result or a clear error."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from trygghet_cli import loader
from trygghet_cli.cli import app
from trygghet_cli.errors import CatalogueError
from trygghet_cli.model import Catalogue
from trygghet_cli.safetext import clean
from trygghet_cli.schema import build_catalogue
from trygghet_cli.understanding import read_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
documents = st.recursive(
    scalars,
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=12), c, max_size=4),
    max_leaves=30,
)


@FAST
@given(st.binary(max_size=2000))
def test_loader_takes_any_bytes(data: bytes) -> None:
    try:
        loader.parse(data, "x.yaml")
    except CatalogueError as exc:
        assert exc.problems and all(p.file == "x.yaml" for p in exc.problems)


@FAST
@given(documents)
def test_validator_takes_any_document(doc: Any) -> None:
    try:
        build_catalogue(doc, "x.yaml")
    except CatalogueError as exc:
        assert exc.problems


@FAST
@given(documents)
def test_yaml_round_trip_of_any_document_is_handled(doc: Any) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")
    try:
        loader.parse(text, "x.yaml")
    except CatalogueError as exc:
        assert exc.problems


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_free_text_reader_takes_any_text(shipped: Catalogue, text: str) -> None:
    reading = read_text(shipped, text)
    assert set(reading.concerns) <= set(shipped.vocabulary.concerns)
    assert reading.age is None or 0 <= reading.age <= 120


@FAST
@given(st.text())
def test_clean_leaves_no_control_characters(text: str) -> None:
    cleaned = clean(text)
    assert all(c in "\n\t" or not (ord(c) < 32 or 0x7F <= ord(c) <= 0x9F) for c in cleaned)
    assert clean(cleaned) == cleaned


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["find", "search", "list", "show", "validate"]),
    st.lists(
        st.text(max_size=15)
        | st.sampled_from(
            ["--role", "--age", "--concern", "--format", "json", "parent", "--area", "-1", "999"]
        ),
        max_size=6,
    ),
)
def test_any_command_line_ends_in_a_documented_way(command: str, args: list[str]) -> None:
    if command == "validate":
        args = [a for a in args if not a or a.startswith("-")]  # a positional would name a file
    result = CliRunner().invoke(app, [command, *args], env={"TRYGGHET_DATA": None, "TRYGGHET_LANG": None})
    assert result.exit_code in (0, 2, 3), (result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
