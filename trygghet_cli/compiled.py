"""A catalogue already parsed and checked, in a form that loads in milliseconds.

PyYAML needs about 20 ms for the shipped catalogue and seconds for 10,000 initiatives. The
compiled form is:

1. a line of JSON: what it was made from, the ids, the vocabularies and routes, and the layout
   of what follows;
2. tables of whole numbers in binary: where each row and record starts, their CRCs, and the
   scoring index (`model.Index`: its position sets and its columns), all that scoring needs;
3. a compact row per initiative (what a result line shows), then its full record (the card).

A run reads 1 and 2 and then only the rows and records it shows. The file is keyed by the
SHA-256 of the YAML it came from; part 2 and every row and record carry a CRC. A
compiled file for other content, from another version, truncated or corrupt is ignored (a
damaged row or record is taken from the YAML instead). It holds catalogue data only, never
anything a person typed. The shipped catalogue's compiled form is built into the wheel;
large catalogues given with `--data` get one in the user's cache directory (off with
TRYGGHET_NO_CACHE=1).
"""

import contextlib
import json
import os
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from trygghet_cli import __version__
from trygghet_cli.errors import CatalogueError, Problem
from trygghet_cli.model import (
    AgeRange,
    Catalogue,
    Entries,
    Entry,
    Index,
    Initiative,
    Period,
    Records,
    Text,
)
from trygghet_cli.schema import build_catalogue, build_record

FORMAT = f"trygghet-compiled/6 ({__version__})"  # bump whenever the layout changes
SUFFIX = ".compiled"
CACHE_MIN_BYTES = 1024 * 1024
NO_CACHE_ENV = "TRYGGHET_NO_CACHE"


def digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def quick_key(data: bytes) -> str:
    """A cheap fingerprint for the shipped catalogue, whose compiled form lies beside it in
    the same wheel: it only has to notice a local edit, and spares loading hashlib (~5 ms)."""
    return f"crc32:{zlib.crc32(data)}:{len(data)}"


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _offsets(parts: list[bytes], start: int = 0) -> list[int]:
    offsets = [start]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return offsets


def dump(doc: dict[str, Any], catalogue: Catalogue, source_digest: str, source_quick_key: str = "") -> bytes:
    """The compiled form of a document and the catalogue `build_catalogue` made of it."""
    items = doc.get("initiatives", [])
    parts = [_json(_row(item)) for item in items] + [_json(item) for item in items]
    index = catalogue.scoring
    numbers: dict[tuple[str, str], list[int]] = {
        ("offsets", ""): _offsets(parts),
        ("crcs", ""): [zlib.crc32(part) for part in parts],
        ("any_concern", ""): sorted(index.any_concern),
    }
    numbers.update({(name, ""): list(getattr(index, name)) for name in _COLUMNS})
    for name in _SETS:  # one table of positions per role, concern and area
        numbers.update({(name, key): sorted(members) for key, members in getattr(index, name).items()})
    tables = [(name, key, _narrowest(values), len(values)) for (name, key), values in numbers.items()]
    middle = b"".join(array(code, numbers[name, key]).tobytes() for name, key, code, _ in tables)
    header = {
        "format": FORMAT,
        "digest": source_digest,
        "quick_key": source_quick_key,
        "head": {key: value for key, value in doc.items() if key != "initiatives"},
        "ids": "\n".join(item["id"] for item in items),  # ids never contain a newline
        "byteorder": sys.byteorder,
        "tables": tables,
        "middle_crc": zlib.crc32(middle),
    }
    return _json(header) + b"\n" + middle + b"".join(parts)


_SETS = Index._fields[:3]  # then any_concern, then the columns
_COLUMNS = Index._fields[4:]
_TYPECODES = (("b", 1 << 7), ("h", 1 << 15), ("i", 1 << 31), ("q", 1 << 63))


def _narrowest(numbers: list[int]) -> str:
    """The typecode of the narrowest integers that hold all of `numbers`."""
    low, high = (min(numbers), max(numbers)) if numbers else (0, 0)
    return next(code for code, bound in _TYPECODES if -bound <= low and high < bound)


def _row(item: dict[str, Any]) -> list[Any]:
    ages, period = item["ages"], item.get("period")
    label = ages.get("label")
    return [
        item["id"],
        item["name"],
        item["audiences"],
        item["concerns"],
        item.get("any_concern", False),
        [ages["min"], ages["max"], label or None],
        item["areas"],
        item["access"],
        [period["start"], period["end"]] if period else None,
        {lang: [w.casefold() for w in words] for lang, words in item.get("keywords", {}).items()},
    ]


_FEW = 64  # up to this many parts are read one by one; more, as one stretch of the file


def load(
    path: Path, source_digest: str, name: str, fallback: Callable[[], Catalogue] | None = None
) -> Catalogue | None:
    """The catalogue from a compiled file, or None when the file cannot be trusted.

    Only the header and the number tables are read now; rows and records are
    read when they are shown, and each is checked against its own CRC. One that fails is taken
    from `fallback` (the YAML, read afresh once) instead.
    """
    try:
        with open(path, "rb") as handle:
            line = handle.readline()
            header = json.loads(line)
            if header.get("format") != FORMAT or source_digest not in (
                header.get("digest"),
                header.get("quick_key"),
            ):
                return None
            sizes = [_ITEMSIZE[code] * count for _, _, code, count in header["tables"]]
            middle = handle.read(sum(sizes))
            size = handle.seek(0, os.SEEK_END)
        if zlib.crc32(middle) != header["middle_crc"]:
            return None
        tables = _tables(header["tables"], sizes, middle, header["byteorder"])
        ids: list[str] = header["ids"].split("\n") if header["ids"] else []
        offsets, crcs = tables["offsets", ""], tables["crcs", ""]
        base = len(line) + len(middle)
        if not (len(offsets) == 2 * len(ids) + 1 == len(crcs) + 1 and base + offsets[-1] == size):
            return None
        index = _index(tables, len(ids))
        head = build_catalogue({**header["head"], "initiatives": []}, name)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, CatalogueError):
        return None
    parts = _Parts(path, base, offsets, crcs)
    from_yaml = _once(fallback, name, path)
    count = len(ids)

    def entries(positions: list[int]) -> list[Entry]:
        intact = [
            (n, part) for n, part in zip(positions, parts.read(positions), strict=True) if part is not None
        ]
        try:
            rows = json.loads(b"[" + b",".join(part for _, part in intact) + b"]")
            built = {n: _entry(row) for (n, _), row in zip(intact, rows, strict=True)}
        except (ValueError, TypeError) as exc:  # the CRC matched, so this is not damage but a bug
            raise RuntimeError(f"compiled rows of {name}") from exc
        return [built[n] if n in built else from_yaml().entries[n] for n in positions]

    def record(position: int) -> Initiative:
        (raw,) = parts.read([count + position])
        if raw is not None:
            try:
                return build_record(json.loads(raw), head, name, position)
            except ValueError:
                pass
        return from_yaml().records.at(position)

    return head._replace(
        entries=Entries(count, lambda n: entries([n])[0], entries),
        records=Records(ids, record),
        scoring=index,
    )


class _Parts:
    """Rows and records read from the file on demand, each checked against its CRC."""

    def __init__(self, path: Path, base: int, offsets: "array[int]", crcs: "array[int]") -> None:
        self._path, self._base, self._offsets, self._crcs = path, base, offsets, crcs

    def read(self, numbers: list[int]) -> list[bytes | None]:
        """Each part's bytes, or None where the file no longer holds what was written."""
        offsets = self._offsets
        try:
            with open(self._path, "rb") as handle:
                if len(numbers) <= _FEW:
                    raw = []
                    for n in numbers:
                        handle.seek(self._base + offsets[n])
                        raw.append(handle.read(offsets[n + 1] - offsets[n]))
                else:
                    first = offsets[min(numbers)]
                    handle.seek(self._base + first)
                    stretch = handle.read(offsets[max(numbers) + 1] - first)
                    raw = [stretch[offsets[n] - first : offsets[n + 1] - first] for n in numbers]
        except OSError:
            return [None] * len(numbers)
        return [
            part if zlib.crc32(part) == self._crcs[n] else None for n, part in zip(numbers, raw, strict=True)
        ]


def _once(fallback: Callable[[], Catalogue] | None, name: str, path: Path) -> Callable[[], Catalogue]:
    """The YAML's catalogue, read at most once however many parts turn out damaged."""
    read: list[Catalogue] = []

    def catalogue() -> Catalogue:
        if not read:
            if fallback is None:
                raise CatalogueError([Problem(name, "file.unreadable", {"reason": str(path)})])
            read.append(fallback())
        return read[0]

    return catalogue


_ITEMSIZE = {code: array(code).itemsize for code, _ in _TYPECODES}


def _tables(
    layout: list[list[Any]], sizes: list[int], middle: bytes, byteorder: str
) -> dict[tuple[str, str], "array[int]"]:
    """The number tables that follow the header, as arrays, in this machine's byte order."""
    tables: dict[tuple[str, str], array[int]] = {}
    start = 0
    for (name, key, code, _), size in zip(layout, sizes, strict=True):
        numbers = array(code)
        numbers.frombytes(middle[start : start + size])
        if byteorder != sys.byteorder:
            numbers.byteswap()
        tables[name, key] = numbers
        start += size
    return tables


def _index(tables: dict[tuple[str, str], "array[int]"], count: int) -> Index:
    """The index from its tables; a column of the wrong length or a position outside the
    catalogue is a ValueError, so the YAML is read instead."""
    columns = [tables[name, ""] for name in _COLUMNS]
    if any(len(column) != count for column in columns):
        raise ValueError("column length")
    positions = {
        (name, key): table for (name, key), table in tables.items() if name in (*_SETS, "any_concern")
    }
    if any(table and (table[0] < 0 or table[-1] >= count) for table in positions.values()):  # written sorted
        raise ValueError("position out of range")
    roles, concerns, areas = (
        _Positions({key: table for (group, key), table in positions.items() if group == name})
        for name in _SETS
    )
    return Index(roles, concerns, areas, frozenset(positions["any_concern", ""]), *columns)


class _Positions(Mapping[str, frozenset[int]]):
    """Position sets kept as arrays until used: a run needs two or three of the dozens there are."""

    def __init__(self, tables: dict[str, "array[int]"]) -> None:
        self._tables = tables
        self._sets: dict[str, frozenset[int]] = {}

    def __getitem__(self, key: str) -> frozenset[int]:
        if key not in self._sets:
            self._sets[key] = frozenset(self._tables[key])
        return self._sets[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def _entry(row: list[Any]) -> Entry:
    (key, name, audiences, concerns, broad, ages, areas, access, period, keywords) = row
    low, high, texts = ages
    label = Text.of(texts) if texts else None
    if not (isinstance(key, str) and isinstance(name, str) and isinstance(access, str)):
        raise TypeError("row")
    return Entry(
        key,
        name,
        tuple(audiences),
        tuple(concerns),
        bool(broad),
        AgeRange(low, high, label),
        tuple(areas),
        access,
        Period(*period) if period else None,
        keywords,  # read-only lists, as json gave them
    )


def cache_dir() -> Path:
    """The platform's cache directory for this tool."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "trygghet" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "trygghet"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "trygghet"


def cache_enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_file(source_digest: str) -> Path:
    return cache_dir() / f"{source_digest}{SUFFIX}"


def read_cached(
    source_digest: str, name: str, fallback: Callable[[], Catalogue] | None = None
) -> Catalogue | None:
    return load(cache_file(source_digest), source_digest, name, fallback)


def _stamp_file(path: Path) -> Path:
    """Named by a CRC of the file's full path: cheap (no hashlib on the quick path), and two
    paths that share a name cannot share a stamp, which names the very file (device, inode)."""
    full = os.fsencode(path.resolve())
    return cache_dir() / "paths" / f"{zlib.crc32(full):08x}-{len(full)}.json"


def _stamp(info: os.stat_result) -> list[int]:
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]


def known_digest(path: Path, info: os.stat_result) -> str | None:
    """The content hash recorded for this file, if it has not changed since (same size,
    modification time and inode): it spares reading and hashing a large file on every run."""
    try:
        recorded = json.loads(_stamp_file(path).read_bytes())
        if recorded["stamp"] == _stamp(info) and isinstance(recorded["digest"], str):
            return str(recorded["digest"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def remember_digest(path: Path, info: os.stat_result, source_digest: str) -> None:
    _write_atomically(_stamp_file(path), _json({"stamp": _stamp(info), "digest": source_digest}))


def write_cached(doc: dict[str, Any], catalogue: Catalogue, source_digest: str) -> None:
    _write_atomically(cache_file(source_digest), dump(doc, catalogue, source_digest))


def _write_atomically(target: Path, content: bytes) -> None:
    """Write whole or not at all; a cache that cannot be written is simply skipped."""
    import tempfile

    temporary: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(content)
        temporary.replace(target)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
