"""The catalogue's database: the same answers as the YAML, and a cache that can never hurt.

Whatever happens to the cache file (stale, corrupt, foreign, truncated, locked, unwritable),
the command still answers from the YAML, correctly, and nothing a person typed is ever in it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SHIPPED, SMALL

from trygghet_cli import catalogue as catalogue_files
from trygghet_cli import store
from trygghet_cli.matching import Needs, recommend

FIND = ("find", "--role", "parent", "--format", "json")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("TRYGGHET_NO_CACHE", raising=False)
    monkeypatch.setattr(catalogue_files, "CACHE_MIN_BYTES", 0)  # cache even a small file
    return home


def cached_files(cache_home: Path) -> list[Path]:
    return sorted(p for p in cache_home.rglob("*") if p.is_file())


def answers(cat: Any) -> list[Any]:
    needs = Needs("parent", 15, ("alcohol", "separation"), area="storvik")
    return [(m.initiative, m.score, m.reasons) for m in recommend(cat, needs).matches]


def test_a_catalogue_read_back_from_its_database_is_the_same(
    write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SHIPPED.read_bytes())
    built = catalogue_files.load(path)  # parses the YAML and writes the database
    (database,) = cached_files(cache_home)
    read = catalogue_files.load(path)
    assert read.store.db.execute("PRAGMA database_list").fetchone()[2] == str(database)  # from the file
    assert read.initiatives == built.initiatives
    assert (read.name, read.municipality, read.vocabulary, read.routes) == (
        built.name,
        built.municipality,
        built.vocabulary,
        built.routes,
    )
    assert answers(read) == answers(built) and answers(read)


def test_a_large_catalogue_leaves_one_database_in_the_cache_and_nothing_else(
    run: Any,
    write_catalogue: Callable[..., Path],
    cache_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_catalogue(SMALL)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    first = run("--data", str(path), *FIND).stdout
    (database,) = cached_files(cache_home)  # no temporary file left beside it
    assert database.suffix == ".sqlite"
    with sqlite3.connect(database) as db:  # a file anyone can open with the sqlite3 shell
        assert db.execute("SELECT id FROM initiative ORDER BY position").fetchall() == [
            ("first",),
            ("second",),
        ]
    assert run("--data", str(path), *FIND).stdout == first
    assert list(work.iterdir()) == []


def test_nothing_typed_reaches_the_cache(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    run("--data", str(path), "search", "KANARIE sprit", "--format", "json")
    run("--data", str(path), "find", "--role", "parent", "--concern", "KANARIE")
    (database,) = cached_files(cache_home)
    assert b"KANARIE" not in database.read_bytes()
    assert b"The first one." in database.read_bytes()  # the catalogue's own text is there


def test_no_cache_when_switched_off(run: Any, write_catalogue: Callable[..., Path], cache_home: Path) -> None:
    path = write_catalogue(SMALL)
    assert run("--data", str(path), "list", env={"TRYGGHET_NO_CACHE": "1"}).exit_code == 0
    assert not cache_home.exists()


def test_the_shipped_catalogue_is_never_cached(run: Any, cache_home: Path) -> None:
    assert run("find", "--role", "parent").exit_code == 0
    assert not cache_home.exists()


def test_a_relative_xdg_cache_home_is_ignored(
    run: Any, write_catalogue: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG spec: a relative path in XDG_CACHE_HOME is invalid and is to be ignored, so the
    cache goes to ~/.cache, never into the working directory."""
    path = write_catalogue(SMALL)
    home, work = tmp_path / "home", tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    monkeypatch.delenv("TRYGGHET_NO_CACHE", raising=False)
    monkeypatch.setattr(catalogue_files, "CACHE_MIN_BYTES", 0)
    assert run("--data", str(path), *FIND).exit_code == 0
    assert list(work.iterdir()) == []
    assert [p.suffix for p in (home / ".cache" / "trygghet").iterdir()] == [".sqlite"]


def test_a_cache_directory_that_cannot_be_written_is_skipped(
    run: Any, write_catalogue: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalogue(SMALL)
    expected = run("--data", str(path), *FIND, env={"TRYGGHET_NO_CACHE": "1"}).stdout
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))  # cannot be created, even by root
    monkeypatch.delenv("TRYGGHET_NO_CACHE", raising=False)
    monkeypatch.setattr(catalogue_files, "CACHE_MIN_BYTES", 0)
    for _ in range(2):
        result = run("--data", str(path), *FIND)
        assert (result.exit_code, result.stdout) == (0, expected)


def _other_version(data: bytes, path: Path) -> None:
    path.write_bytes(data)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {store.VERSION + 1}")


def _foreign(data: bytes, path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE initiative (id TEXT, doc TEXT)")
        db.execute("INSERT INTO initiative VALUES ('first', '{}')")


def _other_catalogue(data: bytes, path: Path) -> None:
    other = path.parent / "other.yaml"
    other.write_text(SMALL.replace('name: "First"', 'name: "Other"'), encoding="utf-8")
    catalogue_files.load(other)
    stored = catalogue_files.cache_file(other)
    assert stored is not None
    stored.replace(path)


def _damaged_pages(data: bytes, path: Path) -> None:
    """Every page after the first overwritten: the header still says it is ours and whole."""
    with sqlite3.connect(":memory:") as db:
        page = db.execute("PRAGMA page_size").fetchone()[0]
    path.write_bytes(data[:page] + bytes([0xA5]) * (len(data) - page))


def _damaged_table(data: bytes, path: Path) -> None:
    """The initiatives' page overwritten, the rest intact: found only once the run reads it."""
    path.write_bytes(data)
    with sqlite3.connect(path) as db:
        page = db.execute("PRAGMA page_size").fetchone()[0]
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'initiative'").fetchone()
    start = (root - 1) * page
    path.write_bytes(data[:start] + bytes([0xA5]) * page + data[start + page :])


DAMAGE: dict[str, Callable[[bytes, Path], None]] = {
    "truncated": lambda data, path: path.write_bytes(data[: len(data) // 2]),
    "prefixed": lambda data, path: path.write_bytes(b"garbage" + data),
    "empty": lambda data, path: path.write_bytes(b""),
    "not sqlite": lambda data, path: path.write_bytes(bytes(range(256)) * 64),
    "other version": _other_version,
    "foreign database": _foreign,
    "other catalogue's": _other_catalogue,
    "damaged pages": _damaged_pages,
    "damaged table": _damaged_table,
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_stale_corrupt_or_foreign_cache_is_rebuilt_from_the_yaml(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path, damage: Callable[[bytes, Path], None]
) -> None:
    path = write_catalogue(SMALL)
    expected = run("--data", str(path), *FIND).stdout
    (database,) = cached_files(cache_home)
    original = database.read_bytes()
    damage(original, database)
    assert database.read_bytes() != original  # the damage really happened
    for command in (FIND, ("show", "first", "--format", "json")):
        result = run("--data", str(path), *command)
        assert result.exit_code == 0, result.output
    assert run("--data", str(path), *FIND).stdout == expected
    assert json.loads(result.stdout)["description"]["en"] == "The first one."


def test_a_named_pipe_at_the_cache_path_does_not_block_a_run(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    """Opening a pipe waits for a writer that never comes: the run must go on without it (in a
    daemon thread, so that a regression fails here instead of hanging the suite)."""
    import threading

    path = write_catalogue(SMALL)
    stored = catalogue_files.cache_file(path)
    assert stored is not None
    stored.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(stored)
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(run("--data", str(path), *FIND)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert results, "the run blocked on the pipe"
    assert results[0].exit_code == 0 and json.loads(results[0].stdout)["results"]


def test_a_locked_cache_does_not_block_or_break_a_run(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    expected = run("--data", str(path), *FIND).stdout
    (database,) = cached_files(cache_home)
    holder = sqlite3.connect(database, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # as another program writing to it would
        result = run("--data", str(path), *FIND)
    finally:
        holder.close()
    assert (result.exit_code, result.stdout) == (0, expected)


def test_a_changed_catalogue_is_not_answered_from_the_old_cache(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    run("--data", str(path), "list", "--format", "json")
    path.write_text(SMALL.replace('name: "First"', 'name: "Fyrst"'), encoding="utf-8")  # same size
    assert '"Fyrst"' in run("--data", str(path), "list", "--format", "json").stdout


def test_a_touched_but_unchanged_catalogue_is_still_read_from_its_database(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    expected = run("--data", str(path), *FIND).stdout
    (database,) = cached_files(cache_home)
    built = database.stat().st_ino
    for _ in range(2):
        os.utime(path, ns=(1, 1))  # as a checkout or a copy would
        assert run("--data", str(path), *FIND).stdout == expected
    assert database.stat().st_ino == built  # not built again


def test_an_invalid_catalogue_is_reported_and_not_cached(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL.replace("concerns: [alcohol]", "concerns: [alkohol]"))
    assert run("--data", str(path), "list").exit_code == 3
    assert not cache_home.exists()


def test_two_processes_building_the_same_cache_at_once_both_answer(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    path = tmp_path / "large.yaml"
    path.write_text(generate(700), encoding="utf-8")
    assert path.stat().st_size >= catalogue_files.CACHE_MIN_BYTES  # large enough to be cached
    base = {k: v for k, v in os.environ.items() if not k.startswith("TRYGGHET_")}
    env = {**base, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "trygghet_cli", "--data", str(path), *FIND, "--age", "15"]
    expected = subprocess.run(
        command, capture_output=True, env={**env, "TRYGGHET_NO_CACHE": "1"}, timeout=120
    )
    assert expected.returncode == 0 and json.loads(expected.stdout)["results"]
    both = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)
    ]
    for child in both:
        out, err = child.communicate(timeout=120)
        assert (child.returncode, out) == (0, expected.stdout), err
    (database,) = (tmp_path / "cache").rglob("*.*")  # one database, no temporary file
    assert database.suffix == ".sqlite"
    again = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert again.stdout == expected.stdout


def test_a_damaged_card_in_the_cache_is_read_from_the_yaml(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    path = write_catalogue(SMALL)
    run("--data", str(path), "list", "--format", "json")
    (database,) = cached_files(cache_home)
    with sqlite3.connect(database) as db:  # still a sound database, but the card no longer valid
        db.execute("""UPDATE initiative SET doc = '{"id": "first"}' WHERE id = 'first'""")
    result = run("--data", str(path), "show", "first", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["description"]["en"] == "The first one."


def test_a_cache_built_by_another_version_of_trygghet_is_rebuilt(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path
) -> None:
    """Another version may derive other facts from the same YAML (scoring rules change)."""
    path = write_catalogue(SMALL)
    run("--data", str(path), "list")
    (database,) = cached_files(cache_home)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE source SET program = '0.0.1'")
        db.execute("UPDATE facts SET access_rank = 9")  # what an older rule might have stored
    assert run("--data", str(path), "list").exit_code == 0
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT DISTINCT access_rank FROM facts").fetchall() == [(0,)]


class _Planted:
    """What a hostile program could leave in a cache file: unpickling it would write a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.marker, "ran"))


def test_code_planted_in_a_cache_file_is_never_run(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path, tmp_path: Path
) -> None:
    """Only the wheel's own database may hold Python objects; a cache in the user's directory
    is read as data, so a pickle planted there is never loaded."""
    import pickle

    path = write_catalogue(SMALL)
    expected = run("--data", str(path), *FIND).stdout
    (database,) = cached_files(cache_home)
    marker = tmp_path / "planted-code-ran"
    planted = pickle.dumps(_Planted(marker))
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO built VALUES (?)", (planted,))
        db.execute("INSERT INTO built_initiative VALUES (0, ?)", (planted,))
    for command in (FIND, ("show", "first", "--format", "json")):
        assert run("--data", str(path), *command).exit_code == 0
    assert run("--data", str(path), *FIND).stdout == expected
    assert not marker.exists()


def test_two_catalogues_sharing_one_cache_name_each_answer_their_own(
    run: Any, write_catalogue: Callable[..., Path], cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cache files are named by a short checksum of the path: should two paths share one, each
    run still answers from its own catalogue (the database says what it was built from)."""
    first = write_catalogue(SMALL)
    other = first.parent / "other.yaml"
    other.write_text(SMALL.replace('name: "First"', 'name: "Other"'), encoding="utf-8")
    shared = cache_home / "trygghet" / f"00000000{store.SUFFIX}"
    monkeypatch.setattr(catalogue_files, "cache_file", lambda path: shared)
    for _ in range(2):
        assert '"First"' in run("--data", str(first), "list", "--format", "json").stdout
        assert '"Other"' in run("--data", str(other), "list", "--format", "json").stdout
