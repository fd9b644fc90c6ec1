"""The compiled form and the cache: same answers as the YAML, safe against bad files."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import SHIPPED, SMALL

from trygghet_cli import catalogue as catalogue_files
from trygghet_cli import compiled, loader
from trygghet_cli.matching import Needs, recommend
from trygghet_cli.schema import build_catalogue


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("TRYGGHET_NO_CACHE", raising=False)
    monkeypatch.setattr(compiled, "CACHE_MIN_BYTES", 0)  # cache even a small file
    return home


def test_compiled_form_gives_the_same_catalogue_as_the_yaml(tmp_path: Path) -> None:
    data = SHIPPED.read_bytes()
    from_yaml = catalogue_files.load(SHIPPED)
    target = tmp_path / "shipped.compiled"
    doc = loader.parse(data, "x")
    target.write_bytes(compiled.dump(doc, build_catalogue(doc, "x"), compiled.digest(data)))
    from_compiled = compiled.load(target, compiled.digest(data), "x")
    assert from_compiled is not None

    def same_shape(entry: Any) -> Any:  # keyword lists stay as json gave them: compare as tuples
        return entry._replace(keywords={k: tuple(v) for k, v in entry.keywords.items()})

    assert [same_shape(e) for e in from_compiled.entries] == [same_shape(e) for e in from_yaml.entries]
    assert from_compiled.initiatives == from_yaml.initiatives
    assert from_compiled.routes == from_yaml.routes and from_compiled.vocabulary == from_yaml.vocabulary

    def plain(index: Any) -> list[Any]:
        return [
            dict(p) if isinstance(p, Mapping) else sorted(p) if isinstance(p, frozenset) else list(p)
            for p in index
        ]

    assert plain(from_compiled.scoring) == plain(from_yaml.scoring)
    needs = Needs("parent", 15, ("alcohol", "separation"))

    def ranked(cat: Any) -> list[Any]:
        return [(m.initiative.id, m.score, m.reasons) for m in recommend(cat, needs).matches]

    assert ranked(from_compiled) == ranked(from_yaml)


def test_large_catalogue_is_cached_and_read_back(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    first = run("--data", str(path), "find", "--role", "parent", "--format", "json").stdout
    (cached,) = (cache_home / "trygghet").glob("*.compiled")
    assert cached.name == compiled.digest(SMALL.encode()) + ".compiled"
    second = run("--data", str(path), "find", "--role", "parent", "--format", "json").stdout
    assert first == second
    files = sorted(p.name for p in (cache_home / "trygghet").rglob("*") if p.is_file())
    assert files == sorted([cached.name, compiled._stamp_file(path).name])  # no temporary file left


def test_cache_holds_catalogue_data_only(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    run("--data", str(path), "search", "KANARIE sprit", "--format", "json")
    (cached,) = (cache_home / "trygghet").glob("*.compiled")
    assert b"KANARIE" not in cached.read_bytes()


def test_no_cache_when_switched_off(run: Any, write_catalogue: Callable[..., Path], cache_home: Path) -> None:
    path = write_catalogue(SMALL)
    assert run("--data", str(path), "list", env={"TRYGGHET_NO_CACHE": "1"}).exit_code == 0
    assert not cache_home.exists()


def test_shipped_catalogue_is_never_cached(run: Any, cache_home: Path) -> None:
    assert run("find", "--role", "parent").exit_code == 0
    assert not cache_home.exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],
        lambda b: b"garbage\n" + b,
        lambda b: b.replace(b'"format":"trygghet-compiled/', b'"format":"someone-else/', 1),
        lambda b: b[:-5] + b"XXXXX",
        lambda b: b.replace(b'"first"', b'"hacked"'),
        lambda b: b[: b.index(b"\n") + 1] + bytes([b[b.index(b"\n") + 1] ^ 0xFF]) + b[b.index(b"\n") + 2 :],
        lambda b: b"",
        lambda b: bytes(range(256)),
    ],
    ids=[
        "truncated",
        "prefixed",
        "foreign format",
        "corrupt records",
        "edited rows",
        "bad index",
        "empty",
        "binary",
    ],
)
def test_corrupt_or_foreign_cache_is_ignored(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path, damage: Callable[[bytes], bytes]
) -> None:
    path = write_catalogue(SMALL)
    expected = run("--data", str(path), "find", "--role", "parent", "--format", "json").stdout
    (cached,) = (cache_home / "trygghet").glob("*.compiled")
    original = cached.read_bytes()
    damaged = damage(original)
    assert damaged != original  # the damage really happened
    cached.write_bytes(damaged)
    result = run("--data", str(path), "find", "--role", "parent", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"] == json.loads(expected)["results"]


def test_a_changed_catalogue_is_not_answered_from_the_old_cache(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    run("--data", str(path), "list", "--format", "json")
    path.write_text(SMALL.replace('name: "First"', 'name: "Renamed"'), encoding="utf-8")
    assert "Renamed" in run("--data", str(path), "list", "--format", "json").stdout


def test_an_invalid_catalogue_is_reported_even_with_a_cache(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL.replace("concerns: [alcohol]", "concerns: [alkohol]"))
    assert run("--data", str(path), "list").exit_code == 3
    assert not cache_home.exists()


def test_same_size_edit_is_noticed(run: Any, write_catalogue: Callable[..., Path], cache_home: Path) -> None:
    path = write_catalogue(SMALL)
    run("--data", str(path), "list", "--format", "json")
    path.write_text(SMALL.replace('name: "First"', 'name: "Fyrst"'), encoding="utf-8")  # same length
    assert '"Fyrst"' in run("--data", str(path), "list", "--format", "json").stdout


def test_a_damaged_record_is_read_from_the_yaml(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    run("--data", str(path), "list", "--format", "json")
    (cached,) = (cache_home / "trygghet").glob("*.compiled")
    data = cached.read_bytes()
    cached.write_bytes(data.replace(b'"The first one."', b'"The FIRST one."'))  # inside a record
    result = run("--data", str(path), "show", "first", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["description"]["en"] == "The first one."


def test_a_compiled_file_from_a_machine_of_the_other_byte_order_reads_the_same(tmp_path: Path) -> None:
    """The wheel's compiled catalogue is built on one machine and installed on any other."""
    import sys
    import zlib
    from array import array

    data = SHIPPED.read_bytes()
    doc = loader.parse(data, "x")
    written = compiled.dump(doc, build_catalogue(doc, "x"), compiled.digest(data))
    line, rest = written.split(b"\n", 1)
    header = json.loads(line)
    swapped, start = b"", 0
    for _, _, code, count in header["tables"]:
        numbers = array(code)
        size = numbers.itemsize * count
        numbers.frombytes(rest[start : start + size])
        numbers.byteswap()
        swapped += numbers.tobytes()
        start += size
    middle = swapped
    header["byteorder"] = "big" if sys.byteorder == "little" else "little"
    header["middle_crc"] = zlib.crc32(middle)
    target = tmp_path / "other-order.compiled"
    target.write_bytes(json.dumps(header).encode() + b"\n" + middle + rest[len(middle) :])
    other = compiled.load(target, compiled.digest(data), "x")
    assert other is not None
    needs = Needs("parent", 15, ("alcohol", "separation"))
    expected = [(m.initiative.id, m.score) for m in recommend(catalogue_files.load(SHIPPED), needs).matches]
    assert [(m.initiative.id, m.score) for m in recommend(other, needs).matches] == expected
    assert other.initiatives == catalogue_files.load(SHIPPED).initiatives
