"""Hostile or broken catalogue files: one clear line naming the file, exit 3, quickly, no traceback."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL

from trygghet_cli import loader

BOMB = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

CASES: dict[str, tuple[bytes, str]] = {
    "syntax error": (b"schema: 1\ninitiatives: [a, b\n", "YAML-fel"),
    "empty file": (b"", "filen är tom"),
    "only comments": (b"# bara en kommentar\n", "filen är tom"),
    "list at top level": (b"- a\n- b\n", "katalogen ska vara en mappning"),
    "string at top level": (b"hej\n", "katalogen ska vara en mappning"),
    "not UTF-8": ("schema: 1\nnamn: Föräldrastöd\n".encode("latin-1"), "inte giltig UTF-8"),
    "binary garbage": (bytes(range(256)) * 40, "inte giltig UTF-8"),
    "alias bomb": (BOMB, "alias och ankare"),
    "deep nesting": (b"[" * 5000 + b"]" * 5000, "för djupt nästlad"),
    "deep block nesting": (b"".join(b" " * i + b"k:\n" for i in range(3000)), "för djupt nästlad"),
    "python tag": (b'schema: !!python/object/apply:os.system ["touch SENTINEL"]\n', "är inte tillåten"),
    "python name tag": (b"schema: !!python/name:builtins.eval\n", "är inte tillåten"),
    "custom tag": (b"schema: !secret x\n", "är inte tillåten"),
    "duplicate keys": (b"schema: 1\nschema: 2\n", "finns redan (rad 1)"),
    "two documents": (b"schema: 1\n---\nschema: 1\n", "YAML-fel"),
    "non-text key": (b"schema: 1\n1: a\n", "nycklar måste vara text"),
    "impossible date": (b"schema: 1\nreviewed: 2024-13-45\n", "datumet 2024-13-45 finns inte i kalendern"),
    "tagged nonsense": (b"schema: !!int ett\n", "kan inte läsas som tal, datum eller ja/nej"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_hostile_file_gives_one_line_and_exit_3(
    run: Any, write_catalogue: Callable[..., Path], tmp_path: Path, case: str
) -> None:
    content, expected = CASES[case]
    path = write_catalogue(content)
    started = time.perf_counter()
    result = run("--data", str(path), "list", "--format", "json", env={"PWD": str(tmp_path)})
    elapsed = time.perf_counter() - started
    assert result.exit_code == 3, result.output
    assert expected in result.stderr
    assert result.stderr.startswith(str(path))
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert elapsed < 5
    assert not (tmp_path / "SENTINEL").exists() and not Path("SENTINEL").exists()


def test_file_that_does_not_exist(run: Any, tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "saknas.yaml"), "list")
    assert result.exit_code == 3
    assert "filen finns inte" in result.stderr


def test_directory(run: Any, tmp_path: Path) -> None:
    result = run("--data", str(tmp_path), "list")
    assert result.exit_code == 3
    assert "en mapp, inte en fil" in result.stderr


def test_unreadable_file(
    run: Any, write_catalogue: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalogue(SMALL)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    result = run("--data", str(path), "list")
    assert result.exit_code == 3
    assert "kan inte läsas (du har inte behörighet)" in result.stderr  # the reason in Swedish too


def test_special_file_is_refused_before_reading(run: Any) -> None:
    result = run("--data", "/dev/zero", "list")
    assert result.exit_code == 3
    assert "ingen vanlig fil" in result.stderr


def test_file_over_the_size_limit(
    run: Any, write_catalogue: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_BYTES", 1024)
    path = write_catalogue(SMALL)
    result = run("--data", str(path), "list")
    assert result.exit_code == 3
    assert "större än" in result.stderr


def test_the_size_limit_leaves_room_for_a_county_in_eight_languages() -> None:
    """10,000 initiatives as rich as the shipped ones (eight languages, keywords) fit."""
    shipped = (Path(__file__).resolve().parent.parent / "data" / "initiatives.yaml").stat().st_size
    assert shipped / 35 * 10_000 < loader.MAX_BYTES <= 256 * 1024 * 1024


def test_utf8_bom_is_accepted(run: Any, write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    assert run("--data", str(path), "list", "--format", "json").exit_code == 0


def test_data_from_the_environment(run: Any, write_catalogue: Callable[..., Path]) -> None:
    path = write_catalogue(SMALL)
    result = run("list", "--format", "json", env={"TRYGGHET_DATA": str(path)})
    assert result.exit_code == 0
    assert '"first"' in result.stdout


@pytest.mark.parametrize("case", ["alias bomb", "deep nesting", "deep block nesting", "binary garbage"])
def test_hostile_files_stay_within_bounded_memory(write_catalogue: Callable[..., Path], case: str) -> None:
    import resource
    import subprocess
    import sys

    path = write_catalogue(CASES[case][0])
    limit = 512 * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "trygghet_cli", "--data", str(path), "validate"],
        capture_output=True,
        timeout=30,
        preexec_fn=cap,
    )
    assert result.returncode == 3, result.stderr
    assert b"MemoryError" not in result.stderr and b"Traceback" not in result.stderr
