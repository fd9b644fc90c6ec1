"""The catalogue's initiatives in SQLite: built from the validated YAML, read on every run.

A database holds one catalogue, a cache of its YAML and nothing else (never anything typed):

- `head`: the document without its initiatives, as JSON (vocabularies, routes and any section
  the schema adds later), rebuilt into model values by `schema.build_catalogue`;
- `initiative`: one row per initiative, in the YAML's order: its id, its name and the
  initiative as written (JSON, rebuilt by `schema.build_record` for the few cards a run shows);
- `facts`: what scoring needs about each initiative, as plain columns of numbers (see `Facts`),
  a narrow table apart from the documents, so reading it for 10,000 initiatives is quick;
- `tag`: which roles, concerns (made for, and `touch`: only touched), areas and `works_with`
  roles each initiative has (`kind`, `key`, `position`),
  indexed by kind and key, so a run finds the candidates without reading every row;
- `phrase`: each initiative's names and keywords as folded words, indexed by first word, so
  free-text search looks up only the phrases that can start in a text (rules in
  `understanding.name_phrases`; stems and typos are matched against `phrase_word`, the
  distinct one-word phrases);
- `built` and `built_initiative`, in the wheel's own file only: the validated head and each
  initiative as Python objects (see `keep_built`), never in a cache in the user's directory;
- `source`: the version of trygghet that built it (another version's facts may follow other
  rules, so its file is rebuilt), a fingerprint of the YAML it was built from and, for a cache,
  that file's device, inode, size and modification time when last read (`seen`): while they
  are unchanged, the YAML need not be read and hashed again.

The schema is versioned with `PRAGMA user_version` and marked as ours with
`PRAGMA application_id`. A file of another version, another catalogue or another program, a
truncated, corrupt or locked one is never migrated or repaired: the caller builds afresh from
the YAML. The shipped catalogue's database is built into the wheel by `hatch_build.py`; a
large `--data` catalogue's is written to the user cache directory by `catalogue.py`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from trygghet_cli import __version__
from trygghet_cli.errors import CatalogueError
from trygghet_cli.model import Initiative, Term, last_day, swedish_order

VERSION = 5  # PRAGMA user_version: bump whenever the schema or what is stored changes
APPLICATION_ID = 0x54727967  # PRAGMA application_id: "Tryg", so a foreign SQLite file is refused
SUFFIX = ".sqlite"

SCHEMA = """
CREATE TABLE source (program TEXT NOT NULL, digest TEXT NOT NULL, seen TEXT NOT NULL);
CREATE TABLE head (doc TEXT NOT NULL);
CREATE TABLE built (head BLOB NOT NULL);  -- the wheel's own file only: see keep_built
CREATE TABLE built_initiative (position INTEGER PRIMARY KEY, value BLOB NOT NULL);  -- the same
CREATE TABLE initiative (
    position INTEGER PRIMARY KEY,   -- its place in the YAML, from 0
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    doc TEXT NOT NULL               -- the initiative as written, as JSON
);
CREATE TABLE facts (
    position INTEGER PRIMARY KEY REFERENCES initiative,
    any_concern INTEGER NOT NULL,   -- 1: for any worry
    age_min INTEGER,                -- NULL: no limit stated
    age_max INTEGER,
    last_day INTEGER,               -- proleptic ordinal of the day it ends; NULL: no end
    access_rank INTEGER NOT NULL,   -- the way in's rank: 0 is the easiest
    local INTEGER NOT NULL,         -- 1: it names areas; 0: the whole municipality
    alphabetical INTEGER NOT NULL   -- its place in Swedish alphabetical order
);
CREATE TABLE tag (
    kind TEXT NOT NULL,             -- role, concern or area
    key TEXT NOT NULL,
    position INTEGER NOT NULL REFERENCES initiative,
    PRIMARY KEY (kind, key, position)
) WITHOUT ROWID;
CREATE TABLE phrase (
    first TEXT NOT NULL,            -- its first word
    words TEXT NOT NULL,            -- all its words, separated by spaces
    key TEXT NOT NULL               -- the initiative's id, or "kw:" and the id for a keyword
);
CREATE INDEX phrase_by_first ON phrase (first);
CREATE TABLE phrase_word (word TEXT PRIMARY KEY) WITHOUT ROWID;
"""

TAGS = (
    ("role", "audiences"),
    ("concern", "concerns"),
    ("touch", "touches"),  # concerns it only touches
    ("area", "areas"),
    ("works_with", "works_with"),  # roles it is a way in made for
)  # tag kind, Initiative field


class Facts(NamedTuple):
    """What scoring needs about one initiative, read from one narrow row."""

    position: int
    any_concern: int
    age_min: int | None
    age_max: int | None
    last_day: int | None
    access_rank: int
    local: int
    alphabetical: int


Build = Callable[[Any, int], Initiative]  # (the initiative as written, its position) -> Initiative


class Store:
    """The initiatives of one catalogue, each built on first use.

    `build` makes an Initiative of a stored document; `rebuild`, where given, returns a store
    built afresh from the YAML and is used once if the file turns out damaged after opening.
    """

    def __init__(
        self, db: sqlite3.Connection, build: Build, rebuild: Callable[[], Store] | None = None
    ) -> None:
        self.db = db
        self._build = build
        self._rebuild = rebuild
        self._built: dict[int, Initiative] = {}
        self._facts: list[Facts] | None = None
        self._holders: dict[tuple[str, str], frozenset[int]] = {}

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError:
            if self._rebuild is None:  # an in-memory store cannot be damaged: a bug, so raise
                raise
            self._recover(self._rebuild)
            return self.db.execute(sql, params).fetchall()

    def _recover(self, rebuild: Callable[[], Store]) -> None:
        """Go on with a store built afresh from the YAML: same content, so same positions."""
        fresh = rebuild()
        self.db, self._build, self._rebuild = fresh.db, fresh._build, None

    def __len__(self) -> int:
        return int(self._rows("SELECT count(*) FROM facts")[0][0])

    def ids(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT id FROM initiative ORDER BY position")]

    def position(self, initiative_id: str) -> int | None:
        found = self._rows("SELECT position FROM initiative WHERE id = ?", (initiative_id,))
        return int(found[0][0]) if found else None

    def at(self, position: int) -> Initiative:
        """The initiative at this position (0-based); IndexError if there is none."""
        if position not in self._built:
            self._built[position] = self._made(position)
        return self._built[position]

    def _made(self, position: int) -> Initiative:
        found = self._rows("SELECT doc FROM initiative WHERE position = ?", (position,))
        if not found:
            raise IndexError(position)
        try:
            return self._build(json.loads(found[0][0]), position)
        except (ValueError, CatalogueError):  # a damaged document: not JSON, or not valid
            if self._rebuild is None:
                raise
            self._recover(self._rebuild)
            return self._made(position)

    def find(self, initiative_id: str) -> Initiative | None:
        position = self.position(initiative_id)
        return None if position is None else self.at(position)

    def all(self) -> tuple[Initiative, ...]:
        return tuple(self.at(n) for n in range(len(self)))

    def head(self) -> dict[str, Any]:
        """The catalogue's document without its initiatives, as it was validated (sections such
        as `crisis:` or `languages:` that a feed import carries over from its base catalogue)."""
        rows = self._rows("SELECT doc FROM head")
        loaded: dict[str, Any] = json.loads(rows[0][0])
        return loaded

    def facts(self) -> list[Facts]:
        """The scoring facts of every initiative, by position; read once."""
        if self._facts is None:
            columns = ", ".join(Facts._fields)
            rows = self._rows(f"SELECT {columns} FROM facts ORDER BY position")
            self._facts = [Facts._make(row) for row in rows]
        return self._facts

    def holders(self, kind: str, key: str) -> frozenset[int]:
        """Positions of the initiatives tagged `key` (a role, concern or area key)."""
        if (kind, key) not in self._holders:
            rows = self._rows("SELECT position FROM tag WHERE kind = ? AND key = ?", (kind, key))
            self._holders[kind, key] = frozenset(row[0] for row in rows)
        return self._holders[kind, key]

    def any_concern(self) -> frozenset[int]:
        """Positions of the initiatives that are for any worry."""
        return frozenset(f.position for f in self.facts() if f.any_concern)

    def phrases_starting(self, words: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
        """The names and keywords (key, words) whose first word is one of `words`, in the
        order `understanding.name_phrases` gave them."""
        wanted = sorted(set(words))
        found = []
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            marks = ", ".join("?" * len(batch))
            found += self._rows(f"SELECT rowid, key, words FROM phrase WHERE first IN ({marks})", batch)
        return [(key, tuple(words.split(" "))) for _, key, words in sorted(found)]

    def name_words(self) -> list[str]:
        """Every word that is a whole name or keyword by itself."""
        return [row[0] for row in self._rows("SELECT word FROM phrase_word")]


def build(
    head: dict[str, Any], items: Sequence[Any], initiatives: Sequence[Initiative], access: dict[str, Term]
) -> Store:
    """An in-memory store of a validated document: its head (everything but the initiatives),
    its initiatives as written (`items`) and as built, and the ways in (for their ranks)."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.execute(f"PRAGMA user_version = {VERSION}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("INSERT INTO head VALUES (?)", (_json(head),))
    by_name = sorted(range(len(initiatives)), key=lambda n: (swedish_order(initiatives[n].name), n))
    alphabetical = {position: rank for rank, position in enumerate(by_name)}
    db.executemany(
        "INSERT INTO initiative VALUES (?, ?, ?, ?)",
        (
            (n, item.id, item.name, _json(raw))
            for n, (raw, item) in enumerate(zip(items, initiatives, strict=True))
        ),
    )
    db.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                n,
                int(item.any_concern),
                item.ages.min,
                item.ages.max,
                last_day(item.period.end).toordinal() if item.period and item.period.end else None,
                access[item.access].rank,
                int(bool(item.areas)),
                alphabetical[n],
            )
            for n, item in enumerate(initiatives)
        ),
    )
    db.executemany(
        "INSERT INTO tag VALUES (?, ?, ?)",
        (
            (kind, key, n)
            for n, item in enumerate(initiatives)
            for kind, field in TAGS
            for key in getattr(item, field)
        ),
    )
    if initiatives:  # a head alone, as `catalogue.py` rebuilds it from a database, has no names
        _index_names(db, initiatives)
    db.commit()
    return Store(db, lambda _raw, n: initiatives[n])


def _index_names(db: sqlite3.Connection, initiatives: Sequence[Initiative]) -> None:
    """Fill `phrase` and `phrase_word` by the rules free-text search reads names with."""
    from trygghet_cli.understanding import name_phrases

    phrases = name_phrases(initiatives)
    db.executemany("INSERT INTO phrase VALUES (?, ?, ?)", ((p[0], " ".join(p), key) for key, p in phrases))
    singles = ((p[0],) for _, p in phrases if len(p) == 1)
    db.executemany("INSERT OR IGNORE INTO phrase_word VALUES (?)", singles)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def digest(data: bytes) -> str:
    """A fingerprint of a catalogue file's bytes (CRC-32 and length), to tell whether the YAML
    a database was built from has changed. It names no file (a cache is found by the
    catalogue's path), so it need only notice a change, not resist a forged collision."""
    return f"crc32:{zlib.crc32(data):08x}:{len(data)}"


def stamp(store: Store, source_digest: str, seen: str = "") -> None:
    """Record which YAML the store was built from (its digest, and `seen`: see `seen`)."""
    store.db.execute("DELETE FROM source")
    store.db.execute("INSERT INTO source VALUES (?, ?, ?)", (__version__, source_digest, seen))
    store.db.commit()


def keep_built(store: Store, head: object, initiatives: Sequence[Initiative]) -> None:
    """Keep the validated catalogue head (everything but the initiatives) and each initiative
    as Python objects, for the database built into the wheel at build time (hatch_build.py).
    Reading them back takes about a millisecond instead of rebuilding eight languages'
    vocabularies, crisis phrases and cards from JSON (~8 ms), which keeps `find` within its
    start-up budget. Pickle runs code when read, so only the wheel's own file, as trusted as
    the code beside it, ever holds one: `catalogue.py` reads them from that file only, never
    from a cache in the user's directory."""
    import pickle

    store.db.execute("DELETE FROM built")
    store.db.execute("INSERT INTO built VALUES (?)", (pickle.dumps(head, protocol=4),))
    store.db.execute("DELETE FROM built_initiative")
    store.db.executemany(
        "INSERT INTO built_initiative VALUES (?, ?)",
        ((n, pickle.dumps(item, protocol=4)) for n, item in enumerate(initiatives)),
    )
    store.db.commit()


def kept_initiative(db: sqlite3.Connection, position: int) -> bytes | None:
    """The initiative at `position` as `keep_built` kept it (pickled); None where there is none."""
    try:
        found = db.execute("SELECT value FROM built_initiative WHERE position = ?", (position,)).fetchone()
    except sqlite3.Error:  # a damaged file: the initiative is built from its JSON instead
        return None
    return found[0] if found else None


def seen(info: os.stat_result) -> str:
    """A file as last read: its device, inode, size, and modification and change times in
    nanoseconds (the change time cannot be set back, so an edit in place with the old
    modification time restored, as `cp -p` or `rsync -t --inplace` do, is still noticed)."""
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


def note_seen(path: Path, value: str) -> None:
    """Record a new `seen` in a stored database whose YAML was touched but not changed, so the
    next run need not hash it again; one small transaction, skipped if it cannot be done."""
    with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(path, timeout=0)) as db, db:
        db.execute("UPDATE source SET seen = ?", (value,))


def save(store: Store, target: Path) -> bool:
    """Write the store to `target` whole or not at all (a temporary file in the same directory,
    then an atomic replace); False, and nothing left behind, when that cannot be done."""
    import tempfile

    temporary: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=SUFFIX)
        os.close(handle)
        temporary = Path(name)
        out = sqlite3.connect(temporary)
        try:
            store.db.backup(out)
        finally:
            out.close()
        temporary.replace(target)
        return True
    except (OSError, sqlite3.Error):
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        return False


class Opened(NamedTuple):
    """A stored database, open for reading, with what it says of itself."""

    db: sqlite3.Connection
    digest: str  # of the YAML it was built from
    seen: str  # that YAML file as last read
    built: bytes | None = None  # the validated head as Python objects: the wheel's file only


def open_file(path: Path) -> Opened | None:
    """A read-only connection to a database of ours, and what it was built from; None when
    the file is missing, not a regular file, foreign, of another version, truncated,
    unreadable or locked."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or device there would block the open for ever
            return None
        size = info.st_size
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        pragma = {name: db.execute(f"PRAGMA {name}").fetchone()[0] for name in _PRAGMAS}
        ours = (pragma["application_id"], pragma["user_version"]) == (APPLICATION_ID, VERSION)
        whole = pragma["page_count"] * pragma["page_size"] == size
        if ours and whole:
            ((program, source_digest, source_seen),) = db.execute("SELECT * FROM source").fetchall()
            if program == __version__:
                kept = db.execute("SELECT head FROM built").fetchone()
                return Opened(db, source_digest, source_seen, kept[0] if kept else None)
    except (sqlite3.Error, ValueError, TypeError):
        pass
    db.close()
    return None


def head_document(db: sqlite3.Connection) -> str:
    """The stored document without its initiatives, as JSON; read only when the head is rebuilt
    from it (the wheel's own file keeps it built). Raises ValueError when it cannot be read."""
    try:
        found = db.execute("SELECT doc FROM head").fetchone()
    except sqlite3.Error as exc:
        raise ValueError(str(exc)) from None
    if found is None or not isinstance(found[0], str):
        raise ValueError("no head")
    return str(found[0])


_BATCH = 500  # words looked up in one query: SQLite allows as few as 999 parameters
_PRAGMAS = ("application_id", "user_version", "page_count", "page_size")
