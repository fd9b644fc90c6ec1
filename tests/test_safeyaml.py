"""The YAML reader: the same values as PyYAML's safe loader, the same refusals on either parser."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from conftest import SHIPPED
from hypothesis import given, settings
from hypothesis import strategies as st

from trygghet_cli import safeyaml
from trygghet_cli.loader import ZeroLed

PARSERS = {"libyaml": safeyaml.DEFAULT_PARSER, "pure Python": safeyaml.PythonParser}

REFUSALS: dict[str, tuple[bytes, str]] = {
    "alias": (b"a: &x [1]\nb: *x\n", "yaml.alias"),
    "anchor alone": (b"a: &x hej\n", "yaml.alias"),
    "anchored key": (b"&k a: 1\n", "yaml.alias"),
    "deep flow nesting": (b"[" * 200 + b"]" * 200, "yaml.too_deep"),  # libyaml itself stops at 1,000
    "deep block nesting": (b"".join(b" " * i + b"k:\n" for i in range(3000)), "yaml.too_deep"),
    "python tag": (b'a: !!python/object/apply:os.system ["true"]\n', "yaml.tag"),
    "custom tag": (b"a: !secret x\n", "yaml.tag"),
    "tagged mapping": (b"a: !!set {x: null}\n", "yaml.tag"),
    "merge key": (b"a: {<<: {b: 1}}\n", "yaml.key_not_text"),
    "number as key": (b"1: a\n", "yaml.key_not_text"),
    "list as key": (b"? [a]\n: b\n", "yaml.key_not_text"),
    "duplicate key": (b"a: 1\nb: 2\na: 3\n", "yaml.duplicate_key"),
    "impossible date": (b"a: 2024-13-45\n", "yaml.no_such_date"),
    "30 February": (b"a: 2024-02-30\n", "yaml.no_such_date"),
    "tagged non-date": (b"a: !!timestamp x\n", "yaml.bad_value"),
    "tagged nonsense": (b"a: !!int abc\n", "yaml.bad_value"),
}


@pytest.mark.parametrize("parser", list(PARSERS), ids=list(PARSERS))
@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_refusals_are_the_same_on_both_parsers(parser: str, case: str) -> None:
    content, code = REFUSALS[case]
    with pytest.raises(safeyaml.LoadRefused) as refused:
        safeyaml.load(content, PARSERS[parser])
    assert refused.value.code == code
    assert refused.value.problem_mark is not None


def test_a_duplicate_key_names_the_line_of_the_first() -> None:
    with pytest.raises(safeyaml.LoadRefused) as refused:
        safeyaml.load(b"a: 1\nb: 2\na: 3\n")
    assert refused.value.params == {"key": "a", "first": 1}
    assert refused.value.problem_mark.line + 1 == 3


@pytest.mark.parametrize("parser", list(PARSERS), ids=list(PARSERS))
def test_the_shipped_catalogue_reads_as_the_safe_loader_reads_it(parser: str) -> None:
    data = SHIPPED.read_bytes()
    assert safeyaml.load(data, PARSERS[parser]) == yaml.safe_load(data)


@pytest.mark.parametrize("parser", list(PARSERS), ids=list(PARSERS))
def test_yaml_11_surprises_are_kept_for_the_validator_to_name(parser: str) -> None:
    doc = b"a: NO\nb: 0701234567\nc: 2024-01-01\nd: ~\ne: '0701234567'\nf: !!str 12\ng:\n"
    assert safeyaml.load(doc, PARSERS[parser]) == yaml.safe_load(doc)


def test_more_than_one_document_is_a_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError, match="another document"):
        safeyaml.load(b"a: 1\n---\na: 2\n")


def test_an_empty_stream_is_nothing() -> None:
    assert safeyaml.load(b"# only a comment\n") is None


def _outcome(load: Any, data: bytes) -> tuple[str, str]:
    try:
        return ("value", repr(load(data)))  # repr: NaN is not equal to itself
    except Exception:
        return ("refused", "")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789:-+._eEoOnNyYxXtT~ ", min_size=1, max_size=12))
def test_plain_scalars_get_the_types_the_safe_loader_gives(token: str) -> None:
    data = f"k: {token}\n".encode()
    theirs = _outcome(yaml.safe_load, data)
    for parser in PARSERS.values():
        assert _outcome(lambda d, p=parser: safeyaml.load(d, p), data) == theirs


@pytest.mark.parametrize("parser", list(PARSERS), ids=list(PARSERS))
def test_positions_point_at_the_key_and_the_value(parser: str) -> None:
    data = b"schema: 1\ninitiatives:\n  - id: a\n    ages: {min: 3, max: 9}\n  - id: b\n"
    wanted = {("initiatives", 1, "id"), ("initiatives", 0, "ages", "max"), ("initiatives",)}
    found = safeyaml.positions(data, wanted, PARSERS[parser])
    assert found == {
        ("initiatives",): ((2, 1), (3, 3)),
        ("initiatives", 0, "ages", "max"): ((4, 20), (4, 25)),
        ("initiatives", 1, "id"): ((5, 5), (5, 9)),
    }


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!str"]),
    st.text(alphabet="0123456789:-+._eExXyYnNtT ~abc", max_size=12),
)
def test_a_tagged_value_is_read_or_refused_never_crashes(tag: str, value: str) -> None:
    for parser in PARSERS.values():
        try:
            safeyaml.load(f"k: {tag} {json.dumps(value)}\n".encode(), parser)
        except yaml.YAMLError:
            pass  # refused with a position: what the user sees as one located line


@pytest.mark.parametrize("parser", list(PARSERS), ids=list(PARSERS))
def test_zero_led_numbers_keep_what_was_written(parser: str) -> None:
    # YAML 1.1 reads 012 as octal 10; the validator can only say so if the text survives
    loaded = safeyaml.load(b"a: 012\nb: 0\nc: 0x1f\nd: -07\n", PARSERS[parser])
    assert (loaded["a"], loaded["a"].written) == (10, "012")
    assert isinstance(loaded["a"], ZeroLed) and isinstance(loaded["d"], ZeroLed)
    assert not isinstance(loaded["b"], ZeroLed) and not isinstance(loaded["c"], ZeroLed)
