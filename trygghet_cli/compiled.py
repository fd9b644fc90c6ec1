"""A catalogue already parsed and checked, in a form that loads in milliseconds.

PyYAML needs about 20 ms for the shipped catalogue and 12 s for 10,000 initiatives. The
compiled form is one line of JSON (vocabularies, routes, and a compact row per initiative that
is all matching needs) followed by each initiative's full record as JSON, so a run reads the
rows and parses only the records it shows.

It is keyed by the SHA-256 of the YAML it came from and carries a CRC of its records: a
compiled file for other content, from another version, truncated or corrupt is ignored, and
the YAML is read instead. It holds catalogue data only, never anything a person typed.
The shipped catalogue's compiled form is built into the wheel; large catalogues given with
`--data` get one in the user's cache directory (off with TRYGGHET_NO_CACHE=1).
"""

import contextlib
import json
import os
import sys
import zlib
from array import array
from collections.abc import Callable
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
    swedish_order,
)
from trygghet_cli.schema import build_catalogue, build_record

FORMAT = f"trygghet-compiled/2 ({__version__})"  # bump whenever the layout changes
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


def dump(doc: dict[str, Any], source_digest: str, source_quick_key: str = "") -> bytes:
    """The compiled form of a document that has already passed `build_catalogue`."""
    items = doc.get("initiatives", [])
    rows = [_json(_row(item)) for item in items]
    records = [_json(item) for item in items]
    row_offsets = _offsets(rows)
    roles: dict[str, list[int]] = {}
    concerns: dict[str, list[int]] = {}
    for position, item in enumerate(items):
        for role in item["audiences"]:
            roles.setdefault(role, []).append(position)
        for concern in item["concerns"]:
            concerns.setdefault(concern, []).append(position)
    header = {
        "format": FORMAT,
        "digest": source_digest,
        "quick_key": source_quick_key,
        "head": {key: value for key, value in doc.items() if key != "initiatives"},
        "ids": "\n".join(item["id"] for item in items),  # ids never contain a newline
        "index": {
            "roles": {key: _packed(v) for key, v in roles.items()},
            "concerns": {key: _packed(v) for key, v in concerns.items()},
            "any_concern": _packed([n for n, item in enumerate(items) if item.get("any_concern", False)]),
        },
        "rows": _packed(row_offsets),
        "rows_crc": zlib.crc32(b"".join(rows)),
        "records": _packed(_offsets(records, row_offsets[-1])),
        "records_crc": _packed([zlib.crc32(record) for record in records]),
    }
    return _json(header) + b"\n" + b"".join(rows) + b"".join(records)


def _packed(numbers: list[int]) -> str:
    """Whole numbers as base64 of 64-bit integers: far quicker to read back than JSON numbers."""
    import base64

    return base64.b64encode(array("q", numbers).tobytes()).decode("ascii")


def _unpacked(text: str) -> "array[int]":
    import binascii

    numbers = array("q")
    numbers.frombytes(binascii.a2b_base64(text))
    return numbers


def _row(item: dict[str, Any]) -> list[Any]:
    ages, period = item["ages"], item.get("period")
    label = ages.get("label")
    return [
        item["id"],
        item["name"],
        item["audiences"],
        item["concerns"],
        item.get("any_concern", False),
        [ages["min"], ages["max"], label["sv"] if label else None, label["en"] if label else None],
        item["areas"],
        item["access"],
        [period["start"], period["end"]] if period else None,
        {lang: [w.casefold() for w in words] for lang, words in item.get("keywords", {}).items()},
        swedish_order(item["name"]),
    ]


def load(
    path: Path, source_digest: str, name: str, fallback: Callable[[], Catalogue] | None = None
) -> Catalogue | None:
    """The catalogue from a compiled file, or None when the file cannot be trusted.

    Only the header and the matching rows are read now; each full record is read when it is
    shown, and checked against its own CRC. A record that fails the check is taken from
    `fallback` (the YAML, read afresh) instead.
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
            rows = _unpacked(header["rows"])
            rows_blob = handle.read(rows[-1])
            size = handle.seek(0, os.SEEK_END)
        if zlib.crc32(rows_blob) != header["rows_crc"]:
            return None
        head = build_catalogue({**header["head"], "initiatives": []}, name)
        ids: list[str] = header["ids"].split("\n") if header["ids"] else []
        records = _unpacked(header["records"])
        crcs = _unpacked(header["records_crc"])
        if not (len(rows) == len(records) == len(crcs) + 1 == len(ids) + 1):
            return None
        if len(line) + records[-1] != size or records[0] != rows[-1]:
            return None
        index = _index(header["index"], len(ids))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, CatalogueError):
        return None
    base = len(line)

    def entry(position: int) -> Entry:
        return entries([position])[0]

    def entries(positions: list[int]) -> list[Entry]:
        parts = b",".join(rows_blob[rows[n] : rows[n + 1]] for n in positions)
        try:
            return [_entry(row) for row in json.loads(b"[" + parts + b"]")]
        except (ValueError, TypeError) as exc:  # the CRC matched, so this is not damage but a bug
            raise RuntimeError(f"compiled rows of {name}") from exc

    def record(position: int) -> Initiative:
        try:
            with open(path, "rb") as handle:
                handle.seek(base + records[position])
                raw = handle.read(records[position + 1] - records[position])
            if zlib.crc32(raw) == crcs[position]:
                return build_record(json.loads(raw), head, name, position)
        except (OSError, ValueError):
            pass
        item = fallback().initiative(ids[position]) if fallback else None
        if item is None:
            raise CatalogueError([Problem(name, "file.unreadable", {"reason": str(path)})])
        return item

    return head._replace(
        entries=Entries(len(ids), entry, entries), records=Records(ids, record), by_tag=index
    )


def _index(raw: dict[str, Any], count: int) -> Index:
    def positions(text: str) -> frozenset[int]:
        packed = _unpacked(text)
        if packed and (min(packed) < 0 or max(packed) >= count):
            raise ValueError("position out of range")
        return frozenset(packed)

    return Index(
        {key: positions(v) for key, v in raw["roles"].items()},
        {key: positions(v) for key, v in raw["concerns"].items()},
        positions(raw["any_concern"]),
    )


def _entry(row: list[Any]) -> Entry:
    (key, name, audiences, concerns, broad, ages, areas, access, period, keywords, order) = row
    low, high, label_sv, label_en = ages
    label = Text(label_sv, label_en) if label_sv is not None else None
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
        order,
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
    import hashlib

    return cache_dir() / "paths" / (hashlib.sha256(str(path.resolve()).encode()).hexdigest() + ".json")


def _stamp(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ino]


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


def write_cached(doc: dict[str, Any], source_digest: str) -> None:
    _write_atomically(cache_file(source_digest), dump(doc, source_digest))


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
