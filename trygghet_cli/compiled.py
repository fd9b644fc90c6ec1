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
import hashlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from trygghet_cli import __version__
from trygghet_cli.errors import CatalogueError
from trygghet_cli.model import AgeRange, Catalogue, Entries, Entry, Index, Period, Records, Text
from trygghet_cli.schema import build_catalogue, build_record

FORMAT = f"trygghet-compiled/1 ({__version__})"
SUFFIX = ".compiled"
CACHE_MIN_BYTES = 1024 * 1024
NO_CACHE_ENV = "TRYGGHET_NO_CACHE"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _offsets(parts: list[bytes], start: int = 0) -> list[int]:
    offsets = [start]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return offsets


def dump(doc: dict[str, Any], source_digest: str) -> bytes:
    """The compiled form of a document that has already passed `build_catalogue`."""
    items = doc.get("initiatives", [])
    rows = [_json(_row(item)) for item in items]
    records = [_json(item) for item in items]
    row_offsets = _offsets(rows)
    blob = b"".join(rows) + b"".join(records)
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
        "crc": zlib.crc32(blob),
        "head": {key: value for key, value in doc.items() if key != "initiatives"},
        "ids": [item["id"] for item in items],
        "index": {
            "roles": roles,
            "concerns": concerns,
            "any_concern": [n for n, item in enumerate(items) if item.get("any_concern", False)],
        },
        "rows": row_offsets,
        "records": _offsets(records, row_offsets[-1]),
    }
    return _json(header) + b"\n" + blob


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
        item.get("keywords", {}),
    ]


def load(compiled: bytes, source_digest: str, name: str) -> Catalogue | None:
    """The catalogue from its compiled form, or None when the form cannot be trusted."""
    try:
        newline = compiled.index(b"\n")
        header = json.loads(compiled[:newline])
        if header.get("format") != FORMAT or header.get("digest") != source_digest:
            return None
        blob = memoryview(compiled)[newline + 1 :]
        if zlib.crc32(blob) != header["crc"]:
            return None
        head = build_catalogue({**header["head"], "initiatives": []}, name)
        ids: list[str] = header["ids"]
        rows: list[int] = header["rows"]
        records: list[int] = header["records"]
        if not (len(rows) == len(records) == len(ids) + 1 and records[-1] == len(blob)):
            return None
        index = _index(header["index"], len(ids))
    except (ValueError, KeyError, TypeError, AttributeError, CatalogueError):
        return None

    def entry(position: int) -> Entry:
        try:
            return _entry(json.loads(bytes(blob[rows[position] : rows[position + 1]])))
        except (ValueError, TypeError) as exc:  # the CRC matched, so this is not damage but a bug
            raise RuntimeError(f"compiled row {position} of {name}") from exc

    def entries(positions: list[int]) -> list[Entry]:
        parts = b",".join(blob[rows[n] : rows[n + 1]] for n in positions)
        try:
            return [_entry(row) for row in json.loads(b"[" + parts + b"]")]
        except (ValueError, TypeError) as exc:
            raise RuntimeError(f"compiled rows of {name}") from exc

    def record(position: int) -> Any:
        raw = json.loads(bytes(blob[records[position] : records[position + 1]]))
        return build_record(raw, head, name, position)

    return head._replace(
        entries=Entries(len(ids), entry, entries), records=Records(ids, record), by_tag=index
    )


def _index(raw: dict[str, Any], count: int) -> Index:
    def positions(values: list[int]) -> frozenset[int]:
        found = frozenset(values)
        if any(not isinstance(n, int) or not 0 <= n < count for n in found):
            raise ValueError("position out of range")
        return found

    return Index(
        {key: positions(v) for key, v in raw["roles"].items()},
        {key: positions(v) for key, v in raw["concerns"].items()},
        positions(raw["any_concern"]),
    )


def _entry(row: list[Any]) -> Entry:
    (key, name, audiences, concerns, broad, ages, areas, access, period, keywords) = row
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
        {lang: tuple(words) for lang, words in keywords.items()},
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


def read_cached(source_digest: str, name: str) -> Catalogue | None:
    try:
        compiled = cache_file(source_digest).read_bytes()
    except OSError:
        return None
    return load(compiled, source_digest, name)


def write_cached(doc: dict[str, Any], source_digest: str) -> None:
    """Store the compiled form atomically; a cache that cannot be written is simply skipped."""
    import tempfile

    target = cache_file(source_digest)
    temporary: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(dump(doc, source_digest))
        temporary.replace(target)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
