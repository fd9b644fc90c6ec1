"""Open Referral HSDS 3.0 import: any HSDS feed as a catalogue.

A feed (a JSON array of services, or HSDS's paged `{"contents": [...]}`) plus a map from the
feed's taxonomy terms to our vocabulary keys becomes a catalogue *document* (plain data in the
shape of data/initiatives.yaml), checked by the catalogue's own validator. Problems are reported
as JSON pointers into the feed (`FEED#/3/phones/0/number`). Our own export (`hsds.py`) comes
back whole. Pure: bytes and data in, data and text out; the shell reads and writes the files.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from trygghet_cli.errors import CatalogueError, Problem
from trygghet_cli.hsds import (
    PREFIX,
    TAXONOMY,
    VOCABULARIES,
    contact_documents,
    source_documents,
    text_of,
    texts,
)
from trygghet_cli.model import FALLBACK, Catalogue, Route, Term, Text
from trygghet_cli.schema import LIMITS

MAX_FEED_BYTES = 256 * 1024 * 1024  # a feed of 10,000 services is about 60 MB
_PHONE_NOISE = re.compile(r"[().\\/]+")
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SAME_AS = {  # the reader's problem, and the validator's name for the same thing
    "hsds.no_provider": "schema.not_text",
    "hsds.no_contact": "schema.no_contacts",
    "hsds.no_source": "schema.no_sources",
}
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")


class FeedMap(NamedTuple):
    """Which of a feed's taxonomy terms (by code, else name; case-insensitive) mean which of our
    vocabulary keys, and what to assume where the feed says nothing."""

    roles: dict[str, tuple[str, ...]] = {}
    concerns: dict[str, tuple[str, ...]] = {}
    areas: dict[str, tuple[str, ...]] = {}
    access: dict[str, tuple[str, ...]] = {}
    default_roles: tuple[str, ...] = ()  # empty: every role of the catalogue
    default_access: str = "direct"
    source: str | None = None  # cited for a service that has no web address of its own
    name: Text | None = None
    municipality: str | None = None


class Notice(NamedTuple):
    """Something the import could not carry over (a message key and its parameters)."""

    code: str
    params: dict[str, Any]


class Imported(NamedTuple):
    document: dict[str, Any]
    notices: list[Notice]
    initiatives: int
    routes: int


_MAP_KEYS = {"catalogue", "source", *VOCABULARIES, "default_roles", "default_access"}


def read_map(raw: Any, name: str, base: Catalogue) -> tuple[FeedMap, list[Problem]]:
    """A parsed map file checked against the base catalogue's vocabularies; problems carry paths
    into the map (the shell locates them as FILE:LINE:COLUMN)."""
    problems: list[Problem] = []

    def fail(path: tuple[str | int, ...], code: str, **params: Any) -> None:
        # a key that is wrong is pointed at itself, a value at the value
        at_key = code in ("schema.unknown_field", "schema.bad_key") or (
            code == "schema.unknown_tag" and len(path) == 2 and path[0] in VOCABULARIES
        )
        problems.append(Problem(name, code, params, path=path, at_key=at_key))

    if not isinstance(raw, dict):
        fail((), "schema.not_mapping", got=type(raw).__name__)
        return FeedMap(), problems
    for key in raw:
        if key not in _MAP_KEYS:
            fail((key,), "schema.unknown_field", field=key)
    sections: dict[str, dict[str, tuple[str, ...]]] = {}
    for which in VOCABULARIES:
        sections[which] = _map_section(raw.get(which, {}), (which,), which, base, fail)
    defaults = _string_list(raw.get("default_roles", []), ("default_roles",), fail)
    for n, key in enumerate(defaults):
        if key not in base.vocabulary.roles:
            fail(
                ("default_roles", n),
                "schema.unknown_tag",
                value=key,
                vocabulary="roles",
                valid=", ".join(base.vocabulary.roles),
            )
    access = raw.get("default_access", "direct")
    if access not in base.vocabulary.access:
        fail(
            ("default_access",),
            "schema.unknown_tag",
            value=str(access),
            vocabulary="access",
            valid=", ".join(base.vocabulary.access),
        )
    source = raw.get("source")
    if source is not None and not (isinstance(source, str) and source.startswith(("https://", "http://"))):
        fail(("source",), "schema.bad_web", value=str(source))
    head = raw.get("catalogue", {})
    if not isinstance(head, dict):
        fail(("catalogue",), "schema.not_mapping", got=type(head).__name__)
        head = {}
    title = head.get("name")
    name_text = None
    if (
        isinstance(title, dict)
        and isinstance(title.get(FALLBACK), str)
        and all(isinstance(value, str) for value in title.values())
    ):
        name_text = text_of(title)
    elif title is not None:
        fail(("catalogue", "name"), "hsds.map_name")
    municipality = head.get("municipality")
    if municipality is not None and not isinstance(municipality, str):
        fail(("catalogue", "municipality"), "schema.not_text", got="?", value=repr(municipality))
        municipality = None
    return (
        FeedMap(
            sections["roles"],
            sections["concerns"],
            sections["areas"],
            sections["access"],
            tuple(defaults),
            str(access),
            source if isinstance(source, str) else None,
            name_text,
            municipality,
        ),
        problems,
    )


def _map_section(
    raw: Any, path: tuple[str | int, ...], which: str, base: Catalogue, fail: Any
) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        fail(path, "schema.not_mapping", got=type(raw).__name__)
        return {}
    known: dict[str, Term] = getattr(base.vocabulary, which)
    section: dict[str, tuple[str, ...]] = {}
    for key, terms in raw.items():
        if which == "areas" and not (isinstance(key, str) and _KEY.match(key)):
            fail((*path, key), "schema.bad_key", value=str(key))
            continue
        if which != "areas" and key not in known:
            from trygghet_cli.schema import closest_word

            fail(
                (*path, key),
                "schema.unknown_tag",
                value=str(key),
                vocabulary=which,
                valid=", ".join(known),
                suggestion=closest_word(str(key), known),
            )
            continue
        section[key] = tuple(_string_list(terms, (*path, key), fail))
    return section


def _string_list(raw: Any, path: tuple[str | int, ...], fail: Any) -> list[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        fail(path, "schema.not_list", got=type(raw).__name__)
        return []
    found = []
    for n, item in enumerate(items):
        if isinstance(item, str) and item.strip():
            found.append(item)
        else:
            fail((*path, n), "schema.not_text", got=type(item).__name__, value=repr(item)[:40])
    return found


def parse_feed(data: bytes, name: str) -> Any:
    """A feed file's bytes as JSON data, or CatalogueError located as FILE:LINE:COLUMN."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueError([Problem(name, "hsds.not_utf8", {"offset": exc.start})]) from None
    if not text.strip():
        raise CatalogueError([Problem(name, "file.empty")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            [Problem(name, "hsds.bad_json", {"reason": exc.msg}, exc.lineno, exc.colno)]
        ) from None
    except RecursionError:
        raise CatalogueError([Problem(name, "yaml.too_deep")]) from None


def parse_map(data: bytes, name: str, base: Catalogue) -> FeedMap:
    """A map file (YAML) read safely and checked; raises CatalogueError, problems located as
    FILE:LINE:COLUMN."""
    from trygghet_cli import loader

    feed_map, problems = read_map(loader.parse(data, name), name, base)
    if problems:
        places = loader.locate_all(data, [(p.path, p.at_key) for p in problems])
        located = [
            p._replace(line=at[0], column=at[1]) if at else p for p, at in zip(problems, places, strict=True)
        ]
        raise CatalogueError(sorted(located, key=lambda p: (p.line or 0, p.column or 0)))
    return feed_map


def dump_yaml(document: dict[str, Any], header: str = "") -> str:
    """A catalogue document as YAML in the shipped file's layout, every string double-quoted so
    that nothing turns into something else when read back (YAML 1.1 reads a bare NO as false,
    0701234567 as a number). A mapping or list of plain values goes on one line in flow style
    (`{"sv": "...", "en": "..."}`, `["parent", "young"]`), anything deeper in block style.

    Written here rather than by PyYAML's dumper, whose Python representer took over 10 s for
    10,000 initiatives; a YAML double-quoted scalar accepts every escape `json.dumps` writes,
    and `_UNPRINTABLE` escapes what YAML's reader would refuse raw. Raises TypeError for a value
    that is not a str, int, bool, None, list or dict."""
    lines: list[str] = []
    _block(document, 0, lines)
    return header + "\n".join(lines) + "\n"


def _block(value: dict[str, Any] | list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for key, item in items:
        lead = f"{pad}{_scalar(key)}:" if isinstance(value, dict) else f"{pad}-"
        if _flat(item):
            lines.append(f"{lead} {_flow(item)}")
        elif isinstance(value, dict):
            lines.append(lead)
            _block(item, indent + 2, lines)
        else:  # a mapping as a list item: its first key on the dash's line
            nested: list[str] = []
            _block(item, indent + 2, nested)
            lines.append(f"{lead} {nested[0].lstrip()}")
            lines.extend(nested[1:])


def _flat(value: Any) -> bool:
    if isinstance(value, dict):
        return not value or all(not isinstance(v, (dict, list)) for v in value.values())
    if isinstance(value, list):
        return not value or all(not isinstance(v, (dict, list)) for v in value)
    return True


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return _scalar(value)


_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")  # and YAML line breaks


def _scalar(value: Any) -> str:
    if value is None or isinstance(value, (bool, int)):
        return json.dumps(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as a catalogue value")
    text = json.dumps(value, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def services_of(feed: Any, name: str) -> tuple[list[Any], str]:
    """The list of services in a parsed feed and the JSON pointer it sits at; raises
    CatalogueError when the feed is neither an array nor HSDS's paged `{"contents": [...]}`."""
    if isinstance(feed, list):
        return feed, ""
    if isinstance(feed, dict) and isinstance(feed.get("contents"), list):
        return feed["contents"], "/contents"
    raise CatalogueError([Problem(f"{name}#", "hsds.not_array")])


def import_feed(
    services: list[Any], name: str, at: str, feed_map: FeedMap, base: Catalogue, today: dt.date
) -> Imported:
    """Turn HSDS services into a catalogue document in the shape of data/initiatives.yaml, valid
    for `schema.build_catalogue`; raise CatalogueError with every problem located by a JSON
    pointer (`FEED#/3/phones/0/number`) when the feed cannot make a valid catalogue.

    Our own export comes back whole (ids, texts in every language, contacts, sources, general
    routes); a foreign feed's terms go through the map, its unmapped terms become keywords, and
    its general routes are the base catalogue's national and emergency ones (they hold anywhere
    in Sweden)."""
    reader = _FeedReader(name, at, feed_map, base, today)
    for index, raw in enumerate(services):
        reader.service(index, raw)
    document = reader.document()
    from trygghet_cli.schema import build_catalogue

    checked: list[Problem] = []
    try:
        build_catalogue(document, name)
    except CatalogueError as exc:
        checked = [reader.locate(p) for p in exc.problems]
    # the validator names again what the reader found (no provider, contact or source): say it once
    found = {(p.file, _SAME_AS.get(p.code, p.code)) for p in reader.problems}
    problems = reader.problems + [p for p in checked if (p.file, p.code) not in found]
    if problems:
        raise CatalogueError(problems)
    return Imported(document, reader.notices(), len(document["initiatives"]), len(document["general_routes"]))


class _FeedReader:
    """Reads services one by one, remembering where in the feed each catalogue field came from."""

    def __init__(self, name: str, at: str, feed_map: FeedMap, base: Catalogue, today: dt.date) -> None:
        self.name, self.at, self.map, self.base, self.today = name, at, feed_map, base, today
        self.problems: list[Problem] = []
        self.origin: dict[tuple[str | int, ...], str] = {}
        self.initiatives: list[dict[str, Any]] = []
        self.routes: list[dict[str, Any]] = []
        self.ids: dict[str, set[str]] = {"initiatives": set(), "general_routes": set()}
        self.service_ids: dict[str, int] = {}  # the feed's own service ids, each to its index
        self.area_labels: dict[str, str] = {}
        self.ours = False
        self.unmapped: dict[tuple[str, str], int] = {}
        self.undated = 0
        self.termless = 0
        self.skipped = 0
        self.lookup: dict[str, list[tuple[str, str]]] = {}
        for which in VOCABULARIES:
            for key, names in getattr(feed_map, which).items():
                for term_name in names:
                    self.lookup.setdefault(term_name.casefold(), []).append((which, key))

    # -- problems and their places

    def pointer(self, index: int, *parts: str | int) -> str:
        escaped = [str(p).replace("~", "~0").replace("/", "~1") for p in parts]
        return "/".join([f"{self.at}/{index}", *escaped])

    def fail(self, pointer: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(f"{self.name}#{pointer}", code, params))

    def locate(self, problem: Problem) -> Problem:
        for n in range(len(problem.path), -1, -1):
            if problem.path[:n] in self.origin:
                return problem._replace(file=f"{self.name}#{self.origin[problem.path[:n]]}", path=())
        return problem._replace(file=f"{self.name}#{self.at}", path=())

    # -- one service

    def service(self, index: int, raw: Any) -> None:
        if not isinstance(raw, dict):
            self.fail(self.pointer(index), "hsds.not_object")
            return
        service_id = raw.get("id")
        if isinstance(service_id, str) and service_id in self.service_ids:  # two services, one id:
            first = self.service_ids[service_id]  # which is the service? say so, import neither twice
            self.fail(
                self.pointer(index, "id"), "hsds.duplicate_id", id=service_id[:60], first=f"{self.at}/{first}"
            )
            return
        if isinstance(service_id, str):
            self.service_ids[service_id] = index
        facts = self.facts(index, raw)
        if "flag/general_route" in facts.flags:
            self.route(index, raw, facts)
            return
        status = raw.get("status")
        if status in ("inactive", "defunct") and not facts.values.get("field/period.end"):
            self.skipped += 1
            return
        self.initiative(index, raw, facts)

    def text(self, index: int, raw: dict[str, Any], key: str, required: bool = False) -> str | None:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip() and not required):
            if required:
                self.fail(self.pointer(index), "schema.missing_field", field=key)
            return None
        if not isinstance(value, str):
            self.fail(self.pointer(index, key), "hsds.not_string", value=repr(value)[:40])
            return None
        return value

    def age(self, index: int, raw: dict[str, Any], key: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.fail(self.pointer(index, key), "hsds.age_not_number", value=repr(value)[:40])
            return None
        # whole years that stay inside the stated limits: a minimum rounds up, a maximum down
        return int(-(-value // 1)) if key == "minimum_age" else int(value // 1)

    def facts(self, index: int, raw: dict[str, Any]) -> _Facts:
        facts = _Facts()
        attributes = raw.get("attributes") or []
        if not isinstance(attributes, list):
            self.fail(self.pointer(index, "attributes"), "hsds.not_list")
            return facts
        for n, attribute in enumerate(attributes):
            term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
            if not isinstance(term, dict):
                self.termless += 1  # HSDS allows a bare taxonomy_term_id; with no term, nothing to map
                continue
            code, term_name = term.get("code"), term.get("name")
            where = self.pointer(index, "attributes", n)
            if term.get("taxonomy") == TAXONOMY:
                self.ours = True
                facts.ours(str(code), attribute.get("value"), term, where)
            else:
                self.foreign(facts, code, term_name)
        return facts

    def foreign(self, facts: _Facts, code: Any, term_name: Any) -> None:
        hits = self.lookup.get(str(code).casefold(), []) if code else []
        if not hits and isinstance(term_name, str):
            hits = self.lookup.get(term_name.casefold(), [])
        for which, key in hits:
            facts.tags.setdefault(which, []).append(key)
            if which == "areas" and isinstance(term_name, str):
                self.area_labels.setdefault(key, term_name)
        if not hits and isinstance(term_name, str) and term_name.strip():
            facts.keywords.append(term_name)
            shown = (term_name, str(code) if code else "")
            self.unmapped[shown] = self.unmapped.get(shown, 0) + 1

    def new_id(self, wanted: str | None, name: str, section: str) -> str:
        """Our own id back, or one made from the name; unique within its section."""
        taken = self.ids[section]
        base_id = wanted or _slug(name)
        candidate, n = base_id, 1
        while candidate in taken:
            n += 1
            candidate = f"{base_id}-{n}"
        taken.add(candidate)
        return candidate

    def initiative(self, index: int, raw: dict[str, Any], facts: _Facts) -> None:
        name = self.text(index, raw, "name", required=True)
        description = self.text(index, raw, "description") or name
        if name is None or description is None:
            return
        position = ("initiatives", len(self.initiatives))
        here = self.pointer(index)
        org: dict[str, Any] = raw["organization"] if isinstance(raw.get("organization"), dict) else {}
        provider = org.get("name") if isinstance(org.get("name"), str) else self.map.municipality
        contacts = facts.contacts or self.native_contacts(index, raw, name, position)
        sources = facts.sources or self.native_sources(raw, org)
        tags = facts.tags
        audiences = _unique(tags.get("roles", [])) or list(
            self.map.default_roles or self.base.vocabulary.roles
        )
        item: dict[str, Any] = {
            "id": self.new_id(facts.values.get("field/id"), name, "initiatives"),
            "name": name,
            "summary": facts.text("field/text.summary") or _same(_summary(description)),
            "description": facts.text("field/text.description", description)
            or _same(_fit(description, "long")),
            "provider": provider,
            "audiences": audiences,
            "concerns": _unique(tags.get("concerns", [])),
            "ages": self.ages(index, raw, facts),
            "areas": _unique(tags.get("areas", [])),
            "access": (tags.get("access") or [self.map.default_access])[0],
            "contacts": contacts,
            "sources": sources,
            "reviewed": self.reviewed(raw),
        }
        touches = [k for k in _unique(tags.get("touches", [])) if k not in item["concerns"]]
        if touches:
            item["touches"] = touches
        if tags.get("works_with"):
            item["works_with"] = _unique(tags["works_with"])
        if "flag/any_concern" in facts.flags:
            item["any_concern"] = True
        period = {end: facts.values.get(f"field/period.{end}") for end in ("start", "end")}
        if any(period.values()):
            item["period"] = period
        keywords = facts.keyword_map()
        if keywords:
            item["keywords"] = keywords
        for field, feed_field in (
            ("id", "id"),
            ("name", "name"),
            ("summary", "description"),
            ("description", "description"),
            ("provider", "organization"),
            ("reviewed", "assured_date"),
            ("sources", "url"),
        ):
            self.origin[_at(position, field)] = f"{here}/{feed_field}"
        self.origin[_at(position, "ages", "min")] = f"{here}/minimum_age"
        self.origin[_at(position, "ages", "max")] = f"{here}/maximum_age"
        self.origin[_at(position, "ages")] = f"{here}/minimum_age"
        for field in ("audiences", "concerns", "areas", "access", "keywords", "period"):
            self.origin[_at(position, field)] = f"{here}/attributes"
        for n, where in enumerate(facts.contact_places):
            self.origin[_at(position, "contacts", n)] = where
        self.origin[position] = here
        if provider is None:
            self.fail(f"{here}/organization", "hsds.no_provider")
        if not contacts:
            self.fail(here, "hsds.no_contact")
        if not sources:
            self.fail(f"{here}/url", "hsds.no_source")
        self.initiatives.append(item)

    def ages(self, index: int, raw: dict[str, Any], facts: _Facts) -> dict[str, Any]:
        ages: dict[str, Any] = {
            "min": self.age(index, raw, "minimum_age"),
            "max": self.age(index, raw, "maximum_age"),
        }
        eligibility = raw.get("eligibility_description")
        label = facts.text("field/text.ages_label", eligibility)
        if label is None and isinstance(eligibility, str) and eligibility.strip():
            label = _same(_fit(eligibility, "short"))
        if label is not None:
            ages["label"] = label
        return ages

    def reviewed(self, raw: dict[str, Any]) -> str:
        """The feed's review date; a date after today (which `validate` refuses) or none counts
        as undated, and the import date is used, with a notice."""
        for key in ("assured_date", "last_modified"):
            value = raw.get(key)
            if isinstance(value, str) and _DATE.match(value) and value[:10] <= self.today.isoformat():
                return value[:10]
        self.undated += 1
        return self.today.isoformat()

    def native_contacts(
        self, index: int, raw: dict[str, Any], name: str, position: tuple[str | int, ...]
    ) -> list[dict[str, Any]]:
        """Contacts from HSDS's own fields, for a feed that is not ours."""
        contacts: list[dict[str, Any]] = []
        label = _same(_fit(name, "short"))
        phones = raw.get("phones") or []
        if not isinstance(phones, list):
            self.fail(self.pointer(index, "phones"), "hsds.not_list")
            phones = []
        for n, phone in enumerate(phones):
            number = phone.get("number") if isinstance(phone, dict) else None
            if not isinstance(number, str):
                self.fail(
                    self.pointer(index, "phones", n, "number"), "hsds.not_string", value=repr(number)[:40]
                )
                continue
            described = phone.get("description")
            said = (
                _same(_fit(described, "short")) if isinstance(described, str) and described.strip() else label
            )
            self.origin[_at(position, "contacts", len(contacts))] = self.pointer(index, "phones", n, "number")
            contacts.append({"kind": "phone", "value": _phone(number), "label": said})
        for key, kind in (("url", "web"), ("email", "email"), ("application_process", "visit")):
            value = self.text(index, raw, key)
            if value is None:
                continue
            self.origin[_at(position, "contacts", len(contacts))] = self.pointer(index, key)
            shown: Any = _same(_fit(value, "short")) if kind == "visit" else value.strip()
            contacts.append({"kind": kind, "value": shown, "label": label})
        return contacts

    def native_sources(self, raw: dict[str, Any], org: dict[str, Any]) -> list[dict[str, Any]]:
        for value in (raw.get("url"), org.get("website"), org.get("uri"), self.map.source):
            if isinstance(value, str) and value.startswith(("https://", "http://")):
                return [{"url": value.strip(), "as_of": None}]
        return []

    def route(self, index: int, raw: dict[str, Any], facts: _Facts) -> None:
        name = self.text(index, raw, "name", required=True)
        if name is None:
            return
        position = ("general_routes", len(self.routes))
        route: dict[str, Any] = {
            "id": self.new_id(facts.values.get("field/id"), name, "general_routes"),
            "name": name,
            "tier": facts.values.get("field/tier", "national"),
            "always": "flag/always" in facts.flags,
            "summary": facts.text("field/text.summary") or _same(_summary(raw.get("description") or name)),
            "contacts": facts.contacts,
            "sources": facts.sources,
        }
        if facts.tags.get("roles"):
            route["audiences"] = _unique(facts.tags["roles"])
        if facts.tags.get("concerns"):
            route["concerns"] = _unique(facts.tags["concerns"])
        ages = {"min": self.age(index, raw, "minimum_age"), "max": self.age(index, raw, "maximum_age")}
        if any(v is not None for v in ages.values()):
            route["ages"] = ages
        self.origin[position] = self.pointer(index)
        for n, where in enumerate(facts.contact_places):
            self.origin[_at(position, "contacts", n)] = where
        self.routes.append(route)

    # -- the whole document

    def document(self) -> dict[str, Any]:
        vocab = self.base.vocabulary
        vocabularies: dict[str, Any] = {
            which: {key: term_document(term) for key, term in getattr(vocab, which).items()}
            for which in ("roles", "concerns", "access")
        }
        used = {key for item in self.initiatives for key in item["areas"]}
        areas: dict[str, Any] = {
            key: term_document(term) for key, term in vocab.areas.items() if self.ours or key in used
        }
        for key in sorted(used - areas.keys()):
            label = self.area_labels.get(key, key)
            areas[key] = {"label": _same(_fit(label, "short"))}
        vocabularies["areas"] = areas
        routes = (
            self.routes
            if self.routes
            else [route_document(r) for r in self.base.routes if r.tier in ("emergency", "national")]
        )
        return {
            "schema": 1,
            "catalogue": {
                "name": self.title(),
                "municipality": self.municipality(),
            },
            "vocabularies": vocabularies,
            "general_routes": routes,
            **self.carried({str(route["id"]) for route in routes}),
            "initiatives": self.initiatives,
        }

    def carried(self, route_ids: set[str]) -> dict[str, Any]:
        """What the base catalogue says about people rather than about any feed's services: the
        languages it declares (its vocabularies' texts are in them) and its crisis vocabulary,
        so every imported catalogue keeps the crisis safety net; routes the imported catalogue
        does not have are left out of the crisis section."""
        head = self.base.store.head()
        carried: dict[str, Any] = {"languages": head["languages"]} if "languages" in head else {}
        crisis = head.get("crisis")
        if not isinstance(crisis, dict):
            return carried
        kept = dict(crisis)
        kept["kinds"] = {
            key: {**kind, "routes": [r for r in kind.get("routes", []) if r in route_ids]}
            for key, kind in crisis.get("kinds", {}).items()
        }
        urgent = {
            concern: [r for r in ids if r in route_ids]
            for concern, ids in crisis.get("urgent_for_concerns", {}).items()
        }
        kept["urgent_for_concerns"] = {concern: ids for concern, ids in urgent.items() if ids}
        return carried | {"crisis": kept}

    def title(self) -> dict[str, str]:
        if self.map.name:
            return texts(self.map.name)
        return (
            texts(self.base.name) if self.ours and not self.map.municipality else _same(self.municipality())
        )

    def municipality(self) -> str:
        if self.map.municipality:
            return self.map.municipality
        if self.ours:
            return self.base.municipality
        providers = [i["provider"] for i in self.initiatives if i["provider"]]
        return max(sorted(set(providers)), key=providers.count) if providers else self.name

    def notices(self) -> list[Notice]:
        found = [
            Notice("hsds.unmapped_term", {"term": term, "code": code or "-", "count": count})
            for (term, code), count in sorted(self.unmapped.items())
        ]
        if self.undated:
            found.append(Notice("hsds.undated", {"count": self.undated, "date": self.today.isoformat()}))
        if self.termless:
            found.append(Notice("hsds.no_term", {"count": self.termless}))
        if self.skipped:
            found.append(Notice("hsds.skipped_inactive", {"count": self.skipped}))
        return found


class _Facts:
    """What a service's attributes say, read from our own taxonomy or through the map."""

    def __init__(self) -> None:
        self.tags: dict[str, list[str]] = {}
        self.flags: set[str] = set()
        self.values: dict[str, str] = {}
        self.texts: dict[str, dict[str, str]] = {}
        self.keywords: list[str] = []
        self.own_keywords: dict[str, list[str]] = {}
        self.contacts: list[Any] = []
        self.contact_places: list[str] = []
        self.sources: list[Any] = []

    def ours(self, code: str, value: Any, term: dict[str, Any], where: str) -> None:
        kind, _, key = code.partition("/")
        lang = str(term.get("language") or "sv")
        which = {prefix: vocab for vocab, prefix in PREFIX.items()}.get(kind)
        if which is not None:
            self.tags.setdefault(which, []).append(key)
        elif kind == "touches":  # concerns it only touches: the initiative's `touches`
            self.tags.setdefault("touches", []).append(key)
        elif kind == "works_with":  # roles it is a way in made for
            self.tags.setdefault("works_with", []).append(key)
        elif kind == "flag":
            self.flags.add(code)
        elif code in ("field/contact", "field/source") and isinstance(value, str):
            decoded = _decoded(value)
            if code == "field/contact":
                self.contacts.append(decoded)
                self.contact_places.append(f"{where}/value")
            else:
                self.sources.append(decoded)
        elif code == "field/keywords" and isinstance(value, str):
            words = _decoded(value)
            found = words.get("words") if isinstance(words, dict) else None
            self.own_keywords.setdefault(lang, []).extend(found if isinstance(found, list) else [value])
        elif code.startswith("field/text.") and isinstance(value, str):
            self.texts.setdefault(code, {})[lang] = value
        elif isinstance(value, str):
            self.values[code] = value

    def text(self, code: str, native: Any = None) -> dict[str, str] | None:
        """A text in every language: our attributes', with HSDS's own field as the Swedish."""
        found = dict(self.texts.get(code, {}))
        if found and "sv" not in found and isinstance(native, str) and native.strip():
            found["sv"] = native
        if not found:
            return None
        return {FALLBACK: found.get(FALLBACK) or next(iter(found.values())), **found}

    def keyword_map(self) -> dict[str, list[str]]:
        """Its own keywords by language; a feed's unmapped terms are in the feed's language,
        kept under the catalogue's fallback language (free text reads every language's words)."""
        words = {lang: list(found) for lang, found in self.own_keywords.items()}
        fallback = words.setdefault(FALLBACK, [])
        for word in self.keywords:
            folded = _fit(word, "word").casefold()
            if folded not in fallback:
                fallback.append(folded)
        return {lang: found for lang, found in words.items() if found}


def _decoded(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value  # the catalogue validator names it as a bad value, at its pointer


def term_document(term: Term) -> dict[str, Any]:
    """A vocabulary term in the catalogue file's shape."""
    document: dict[str, Any] = {"label": texts(term.label)}
    if term.short is not None:
        document["short"] = texts(term.short)
    if term.words:
        document["words"] = {lang: list(words) for lang, words in term.words.items()}
    document["rank"] = term.rank
    if term.safety_first:
        document["safety_first"] = True
    if term.said_of is not None:
        said: dict[str, Any] = {
            "concerns": list(term.said_of.concerns),
            "people": {lang: list(words) for lang, words in term.said_of.people.items()},
        }
        if term.said_of.not_between:
            said["not_between"] = {lang: list(words) for lang, words in term.said_of.not_between.items()}
        document["said_of"] = said
    return document


def route_document(route: Route) -> dict[str, Any]:
    """A general route in the catalogue file's shape."""
    document: dict[str, Any] = {
        "id": route.id,
        "name": route.name,
        "tier": route.tier,
        "always": route.always,
        "summary": texts(route.summary),
        "contacts": contact_documents(route.contacts),
        "sources": source_documents(route.sources),
    }
    if route.audiences:
        document["audiences"] = sorted(route.audiences)
    if route.concerns:
        document["concerns"] = sorted(route.concerns)
    if not route.ages.unlimited:
        document["ages"] = {"min": route.ages.min, "max": route.ages.max}
    return document


def _same(text: str) -> dict[str, str]:
    """A feed's text, which is in one language: kept as the catalogue's fallback (Swedish) text,
    which every other language then shows, marked as such."""
    return {FALLBACK: text}


def _fit(text: str, limit: str) -> str:
    """A text cut at a word to the catalogue's limit for its kind, marked with an ellipsis."""
    text = _SPACES.sub(" ", text).strip()
    most = LIMITS[limit]
    if len(text) <= most:
        return text
    cut = text[: most - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _summary(description: str) -> str:
    """The first sentence of a description, as the short summary a card shows."""
    flat = _SPACES.sub(" ", description).strip()
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    return _fit(match.group(1) if match else flat, "short")


def _phone(number: str) -> str:
    return _SPACES.sub(" ", _PHONE_NOISE.sub(" ", number)).strip()


def _at(place: tuple[str | int, ...], *more: str | int) -> tuple[str | int, ...]:
    return (*place, *more)


def _unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))


_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def _slug(name: str) -> str:
    """An id a person can type, from a name: "Ungdomsmottagningen Öst" → ungdomsmottagningen-ost."""
    words = re.findall(r"[a-z0-9]+", name.casefold().translate(_FOLD))
    return "-".join(words)[:60].strip("-") or "service"
