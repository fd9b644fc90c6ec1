"""Validating a parsed catalogue and building the model from it.

The whole document is checked and every problem is collected, so a maintainer fixes a file in
one pass rather than one error per run. Problems carry a path into the document
(`initiatives[3].ages.min`); `catalogue.py` turns paths into line numbers only when there is
something to report, so a valid catalogue never pays for positions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, cast

from trygghet_cli.errors import CatalogueError, Problem
from trygghet_cli.model import (
    FALLBACK,
    MAX_AGE,
    AgeRange,
    Catalogue,
    Caveat,
    Contact,
    ContactKind,
    Entries,
    Initiative,
    Lang,
    Language,
    Period,
    Records,
    Route,
    Source,
    Term,
    Text,
    Vocabulary,
    entry_of,
    index_of,
)
from trygghet_cli.safetext import first_unsafe

Path = tuple[str | int, ...]

SCHEMA_VERSION = 1
LIMITS = {"name": 200, "short": 300, "long": 5000, "word": 100, "url": 2000}

_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{0,22}[0-9]\Z")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\Z")
_URL = re.compile(r"https?://[A-Za-z0-9\-.]+(?::[0-9]+)?(?:[/?#][^\s\"<>]*)?\Z")
_LANG = re.compile(r"(?:[a-z]{2,3}|lattlast)\Z")  # ISO 639 codes, and easy-to-read Swedish
_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}-[0-9]{2})?\Z")

CAVEATS = ("unverified", "conflict")
CONTACT_KINDS: tuple[ContactKind, ...] = ("phone", "email", "web", "address", "visit", "route")
ROUTE_TIERS = ("emergency", "out_of_hours", "municipal", "regional", "national")
_VOCABULARIES = ("roles", "concerns", "areas", "access")

_TOP = {"schema", "catalogue", "vocabularies", "general_routes", "initiatives"}
_TOP_OPTIONAL = {"languages"}
_LANGUAGE_FIELDS = {"code", "name", "reviewed"}
_LANGUAGE_OPTIONAL = {"reviewed_by", "reviewed_on"}
DEFAULT_LANGUAGES = (FALLBACK, "en")  # what a catalogue without a `languages:` section holds
_TERM_FIELDS = {"label", "short", "words", "rank", "safety_first"}
_INITIATIVE_REQUIRED = {
    "id",
    "name",
    "summary",
    "description",
    "provider",
    "audiences",
    "concerns",
    "ages",
    "areas",
    "access",
    "contacts",
    "sources",
    "reviewed",
}
_INITIATIVE_OPTIONAL = {"period", "any_concern", "keywords"}
_ROUTE_REQUIRED = {"id", "name", "tier", "always", "summary", "contacts", "sources"}
_ROUTE_OPTIONAL = {"audiences", "concerns", "ages"}


def build_catalogue(doc: Any, name: str) -> Catalogue:
    """Validate a parsed document and return the catalogue, or raise with every problem."""
    check = _Checker(name)
    catalogue = _build(check, doc)
    if check.problems or catalogue is None:
        raise CatalogueError(check.problems)
    return catalogue


def build_record(raw: Any, catalogue: Catalogue, name: str, index: int) -> Initiative:
    """One initiative checked and built against an already built catalogue's vocabularies and
    routes: how a compiled catalogue builds the few cards it shows."""
    check = _Checker(name)
    routes = {r.id: r for r in catalogue.routes}
    item = _initiative(check, ("initiatives", index), raw, catalogue.vocabulary, routes, {})
    if check.problems or item is None:
        raise CatalogueError(check.problems or [Problem(name, "schema.not_mapping", {"got": "?"})])
    return item


def _build(check: _Checker, doc: Any) -> Catalogue | None:
    if not isinstance(doc, dict):
        check.fail((), "schema.top_not_mapping", got=_kind_of(doc))
        return None
    top = check.fields(doc, (), _TOP, _TOP_OPTIONAL)
    if top is None:
        return None
    declared = tuple(languages(check, top.get("languages")))
    check.declared = tuple(lang.code for lang in declared)
    if "schema" in top and top["schema"] != SCHEMA_VERSION:
        check.fail(("schema",), "schema.version", value=_show(top["schema"]), expected=SCHEMA_VERSION)
    head = check.fields(top.get("catalogue"), ("catalogue",), {"name", "municipality"}, set())
    cat_name = check.text(head.get("name"), ("catalogue", "name"), "name") if head else None
    municipality = (
        check.string(head.get("municipality"), ("catalogue", "municipality"), "name") if head else None
    )
    vocabulary = _vocabulary(check, top.get("vocabularies"))
    routes = _routes(check, top.get("general_routes"), vocabulary)
    initiatives = _initiatives(check, top.get("initiatives"), vocabulary, routes)
    if cat_name is None or municipality is None or vocabulary is None or routes is None:
        return None
    entries = tuple(entry_of(i) for i in initiatives)
    return Catalogue(
        cat_name,
        municipality,
        vocabulary,
        tuple(routes.values()),
        Entries.of(entries),
        Records.of(initiatives),
        index_of(entries, vocabulary.access),
        languages=declared,
    )


def languages(check: _Checker, raw: Any) -> list[Language]:
    """The `languages:` section: Swedish required; without the section, Swedish and English."""
    if raw is None:
        return [Language(code, code) for code in DEFAULT_LANGUAGES]
    found: list[Language] = []
    for index, item in check.items(raw, ("languages",)):
        path: Path = ("languages", index)
        fields = check.fields(item, path, _LANGUAGE_FIELDS, _LANGUAGE_OPTIONAL)
        if fields is None:
            continue
        code = check.string(fields.get("code"), (*path, "code"), "word")
        name = check.string(fields.get("name"), (*path, "name"), "name")
        reviewed = check.boolean(fields.get("reviewed"), (*path, "reviewed"))
        by = fields.get("reviewed_by")
        by = check.string(by, (*path, "reviewed_by"), "name") if by is not None else None
        on = fields.get("reviewed_on")
        on = check.date(on, (*path, "reviewed_on"), full=True) if on is not None else None
        if code is not None and not _LANG.match(code):
            check.fail((*path, "code"), "schema.bad_language", value=code)
        elif code is not None and name is not None:
            found.append(Language(code, name, bool(reviewed), by, on))
    if FALLBACK not in (lang.code for lang in found):
        check.fail(("languages",), "schema.no_swedish")
    return found


def translation_gaps(doc: Any, name: str) -> dict[Lang, list[Problem]]:
    """For each declared language but Swedish, every text that lacks it, as located-to-be
    warnings (`path` set, line unknown). An invalid document gives {} (validation reports it)."""
    if not isinstance(doc, dict):
        return {}
    declared = languages(_Checker(name), doc.get("languages"))
    gaps: dict[Lang, list[Problem]] = {lang.code: [] for lang in declared if lang.code != FALLBACK}
    for path, text in _texts(doc, ()):
        for lang, found in gaps.items():
            if lang not in text:
                where = (*path, FALLBACK)
                found.append(Problem(name, "schema.missing_translation", {"lang": lang}, path=where))
    return gaps


def _texts(raw: Any, path: Path) -> Iterable[tuple[Path, dict[str, Any]]]:
    """Every mapping that is a text (a `sv:` string beside language codes), with its path."""
    if isinstance(raw, dict):
        if isinstance(raw.get(FALLBACK), str) and all(isinstance(k, str) and _LANG.match(k) for k in raw):
            yield path, raw
            return
        for key, value in raw.items():
            if key not in ("words", "keywords", "languages", "value"):  # contact values are never translated
                yield from _texts(value, (*path, key))
    elif isinstance(raw, list):
        for index, value in enumerate(raw):
            yield from _texts(value, (*path, index))


def _vocabulary(check: _Checker, raw: Any) -> Vocabulary | None:
    path: Path = ("vocabularies",)
    section = check.fields(raw, path, set(_VOCABULARIES), set())
    if section is None:
        return None
    built: dict[str, dict[str, Term]] = {}
    for vocab in _VOCABULARIES:
        entries = section.get(vocab)
        terms: dict[str, Term] = {}
        if entries is not None and not isinstance(entries, dict):
            check.fail((*path, vocab), "schema.not_mapping", got=_kind_of(entries))
        for key, entry in (entries or {}).items() if isinstance(entries, dict) else ():
            term = _term(check, (*path, vocab, key), key, entry)
            if term is not None:
                terms[key] = term
        built[vocab] = terms
    return Vocabulary(built["roles"], built["concerns"], built["areas"], built["access"])


def _term(check: _Checker, path: Path, key: str, raw: Any) -> Term | None:
    if not _KEY.match(key):
        check.fail(path, "schema.bad_key", at_key=True, value=key)
    fields = check.fields(raw, path, {"label"}, _TERM_FIELDS - {"label"})
    if fields is None:
        return None
    label = check.text(fields.get("label"), (*path, "label"), "short")
    short = check.text(fields["short"], (*path, "short"), "short") if "short" in fields else None
    words = check.words(fields["words"], (*path, "words")) if "words" in fields else {}
    rank = fields.get("rank", 0)
    if not isinstance(rank, int) or isinstance(rank, bool) or not 0 <= rank <= 99:
        check.fail((*path, "rank"), "schema.bad_rank", value=_show(rank))
        rank = 0
    safety_first = check.boolean(fields.get("safety_first", False), (*path, "safety_first"))
    if label is None:
        return None
    return Term(key, label, short, words, rank, bool(safety_first))


def _routes(check: _Checker, raw: Any, vocab: Vocabulary | None) -> dict[str, Route] | None:
    items = check.items(raw, ("general_routes",))
    routes: dict[str, Route] = {}
    first_seen: dict[str, Path] = {}
    for index, entry in items:
        path: Path = ("general_routes", index)
        fields = check.fields(entry, path, _ROUTE_REQUIRED, _ROUTE_OPTIONAL)
        if fields is None:
            continue
        route_id = check.identifier(fields.get("id"), (*path, "id"), first_seen)
        name = check.string(fields.get("name"), (*path, "name"), "name")
        tier = check.choice(fields.get("tier"), (*path, "tier"), ROUTE_TIERS)
        always = check.boolean(fields.get("always"), (*path, "always"))
        summary = check.text(fields.get("summary"), (*path, "summary"), "short")
        contacts = _contacts(check, fields.get("contacts"), (*path, "contacts"), None)
        sources = _sources(check, fields.get("sources"), (*path, "sources"))
        audiences = check.tags(fields.get("audiences", []), (*path, "audiences"), vocab, "roles")
        concerns = check.tags(fields.get("concerns", []), (*path, "concerns"), vocab, "concerns")
        ages = _ages(check, fields.get("ages"), (*path, "ages")) if "ages" in fields else AgeRange()
        if None in (route_id, name, tier, always, summary, contacts, sources, ages):
            continue
        routes[cast(str, route_id)] = Route(
            cast(str, route_id),
            cast(str, name),
            cast(str, tier),
            cast(bool, always),
            cast(Text, summary),
            cast(tuple[Contact, ...], contacts),
            cast(tuple[Source, ...], sources),
            frozenset(audiences),
            frozenset(concerns),
            cast(AgeRange, ages),
        )
    return routes


def _initiatives(
    check: _Checker, raw: Any, vocab: Vocabulary | None, routes: dict[str, Route] | None
) -> tuple[Initiative, ...]:
    built: list[Initiative] = []
    first_seen: dict[str, Path] = {}
    for index, entry in check.items(raw, ("initiatives",)):
        item = _initiative(check, ("initiatives", index), entry, vocab, routes, first_seen)
        if item is not None:
            built.append(item)
    return tuple(built)


def _initiative(
    check: _Checker,
    path: Path,
    raw: Any,
    vocab: Vocabulary | None,
    routes: dict[str, Route] | None,
    first_seen: dict[str, Path],
) -> Initiative | None:
    fields = check.fields(raw, path, _INITIATIVE_REQUIRED, _INITIATIVE_OPTIONAL)
    if fields is None:
        return None
    before = len(check.problems)
    got = fields.get
    initiative_id = check.identifier(got("id"), (*path, "id"), first_seen)
    name = check.string(got("name"), (*path, "name"), "name")
    summary = check.text(got("summary"), (*path, "summary"), "short")
    description = check.text(got("description"), (*path, "description"), "long")
    provider = check.string(got("provider"), (*path, "provider"), "name")
    audiences = check.tags(got("audiences"), (*path, "audiences"), vocab, "roles", required=True)
    concerns = check.tags(got("concerns"), (*path, "concerns"), vocab, "concerns")
    any_concern = check.boolean(got("any_concern", False), (*path, "any_concern"))
    ages = _ages(check, got("ages"), (*path, "ages"))
    areas = check.tags(got("areas"), (*path, "areas"), vocab, "areas")
    access = check.tags([got("access")], (*path, "access"), vocab, "access", single=True)
    contacts = _contacts(check, got("contacts"), (*path, "contacts"), routes)
    sources = _sources(check, got("sources"), (*path, "sources"))
    reviewed = check.date(got("reviewed"), (*path, "reviewed"), full=True)
    period = _period(check, got("period"), (*path, "period")) if "period" in fields else None
    keywords = check.words(got("keywords"), (*path, "keywords")) if "keywords" in fields else {}
    if len(check.problems) > before:
        return None
    return Initiative(
        id=cast(str, initiative_id),
        name=cast(str, name),
        summary=cast(Text, summary),
        description=cast(Text, description),
        provider=cast(str, provider),
        audiences=audiences,
        concerns=concerns,
        ages=cast(AgeRange, ages),
        areas=areas,
        access=access[0],
        contacts=cast(tuple[Contact, ...], contacts),
        sources=cast(tuple[Source, ...], sources),
        reviewed=cast(str, reviewed),
        any_concern=bool(any_concern),
        period=period,
        keywords=keywords,
    )


def _ages(check: _Checker, raw: Any, path: Path) -> AgeRange | None:
    fields = check.fields(raw, path, {"min", "max"}, {"label"})
    if fields is None:
        return None
    low = check.age(fields.get("min"), (*path, "min"))
    high = check.age(fields.get("max"), (*path, "max"))
    label = check.text(fields["label"], (*path, "label"), "short") if "label" in fields else None
    if isinstance(low, int) and isinstance(high, int) and low > high:
        check.fail(path, "schema.age_reversed", min=low, max=high)
    return AgeRange(low, high, label)


def _period(check: _Checker, raw: Any, path: Path) -> Period | None:
    fields = check.fields(raw, path, {"start", "end"}, set())
    if fields is None:
        return None
    start = check.date(fields.get("start"), (*path, "start"), nullable=True)
    end = check.date(fields.get("end"), (*path, "end"), nullable=True)
    if start and end and start[:4] > end[:4]:
        check.fail(path, "schema.period_reversed", start=start, end=end)
    return Period(start, end)


def _contacts(
    check: _Checker, raw: Any, path: Path, routes: dict[str, Route] | None
) -> tuple[Contact, ...] | None:
    items = check.items(raw, path)
    if not items and isinstance(raw, list):
        check.fail(path, "schema.no_contacts")
    contacts: list[Contact] = []
    for index, entry in items:
        contacts.extend(_contact(check, (*path, index), entry, routes))
    return tuple(contacts) if contacts or not items else None


def _contact(check: _Checker, path: Path, raw: Any, routes: dict[str, Route] | None) -> list[Contact]:
    fields = check.fields(raw, path, {"kind", "value", "label"}, {"hours", "note", "caveat"})
    if fields is None:
        return []
    kinds = CONTACT_KINDS if routes is not None else CONTACT_KINDS[:-1]
    kind = check.choice(fields.get("kind"), (*path, "kind"), kinds)
    label = check.text(fields.get("label"), (*path, "label"), "short")
    hours = check.text(fields["hours"], (*path, "hours"), "short") if "hours" in fields else None
    note = check.text(fields["note"], (*path, "note"), "short") if "note" in fields else None
    caveat = check.choice(fields["caveat"], (*path, "caveat"), CAVEATS) if "caveat" in fields else None
    value_path = (*path, "value")
    raw_value = fields.get("value")
    if kind in ("address", "visit") and isinstance(raw_value, dict):
        value = check.text(raw_value, value_path, "short")
    else:
        plain = check.string(raw_value, value_path, "url")
        value = Text(plain, plain) if plain is not None else None
    if kind is None or label is None or value is None:
        return []
    if kind == "route":
        return _via_route(check, value_path, value.sv, label, routes or {})
    check.contact_value(kind, value.sv, value_path)
    if kind == "phone" and caveat == "conflict":
        check.fail(value_path, "schema.disputed_phone", value=value.sv)
    return [Contact(cast(ContactKind, kind), value, label, hours, note, caveat=cast(Caveat | None, caveat))]


def _via_route(
    check: _Checker, path: Path, route_id: str, label: Text, routes: dict[str, Route]
) -> list[Contact]:
    """Expand a reference to a general route into that route's own, sourced phone numbers.

    Only phones: the route's e-mail and address are shown once, with the general routes,
    rather than repeated on every card that is reached through it.
    """
    route = routes.get(route_id)
    if route is None:
        check.fail(path, "schema.unknown_route", value=route_id, suggestion=closest_word(route_id, routes))
        return []
    reachable = [c for c in route.contacts if c.kind == "phone"] or list(route.contacts[:1])
    return [
        Contact(c.kind, c.value, label if i == 0 else c.label, c.hours, c.note, via=route.id, caveat=c.caveat)
        for i, c in enumerate(reachable)
    ]


def _sources(check: _Checker, raw: Any, path: Path) -> tuple[Source, ...] | None:
    items = check.items(raw, path)
    if not items and isinstance(raw, list):
        check.fail(path, "schema.no_sources")
    sources: list[Source] = []
    for index, entry in items:
        fields = check.fields(entry, (*path, index), {"url", "as_of"}, set())
        if fields is None:
            continue
        url = check.string(fields.get("url"), (*path, index, "url"), "url")
        if url is not None:
            check.contact_value("web", url, (*path, index, "url"))
        as_of = check.date(fields.get("as_of"), (*path, index, "as_of"), nullable=True, full=True)
        if url is not None:
            sources.append(Source(url, as_of))
    return tuple(sources)


class _Checker:
    """Collects problems while reading values; each method returns None when a value is bad."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.declared: tuple[Lang, ...] | None = None  # set from the `languages:` section

    def fail(self, path: Path, code: str, at_key: bool = False, **params: Any) -> None:
        self.problems.append(Problem(self.name, code, params, path=path, at_key=at_key))

    def fields(self, raw: Any, path: Path, required: set[str], optional: set[str]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.fail(path, "schema.not_mapping", got=_kind_of(raw))
            return None
        allowed = required | optional
        for key in raw:
            if key not in allowed:
                self.fail(
                    (*path, key),
                    "schema.unknown_field",
                    at_key=True,
                    field=key,
                    suggestion=closest_word(key, allowed),
                )
        for key in sorted(required - raw.keys()):
            self.fail(path, "schema.missing_field", field=key)
        return raw

    def items(self, raw: Any, path: Path) -> list[tuple[int, Any]]:
        if not isinstance(raw, list):
            self.fail(path, "schema.not_list", got=_kind_of(raw))
            return []
        return list(enumerate(raw))

    def string(self, raw: Any, path: Path, limit: str, marks: bool = False) -> str | None:
        """A non-empty string within its limit; `marks` allows the direction marks (U+200E,
        U+200F, U+061C) that Arabic and Dari text uses, never in ids, numbers or URLs."""
        if not isinstance(raw, str):
            self.fail(path, "schema.not_text", got=_kind_of(raw), value=_show(raw))
            return None
        if not raw.strip():
            self.fail(path, "schema.empty")
            return None
        if len(raw) > LIMITS[limit]:
            self.fail(path, "schema.too_long", length=len(raw), limit=LIMITS[limit])
            return None
        bad = first_unsafe(raw, catalogue=marks)
        if bad:
            self.fail(path, "schema.control_char", char=bad)
            return None
        return raw

    def text(self, raw: Any, path: Path, limit: str) -> Text | None:
        """A text by language: Swedish required, any other declared language optional."""
        allowed = self.languages(raw)
        if isinstance(raw, dict) and self.declared is not None:
            for key in [k for k in raw if isinstance(k, str) and _LANG.match(k) and k not in allowed]:
                self.fail((*path, key), "schema.undeclared_language", at_key=True, lang=key)
                raw = {k: v for k, v in raw.items() if k != key}
        fields = self.fields(raw, path, {FALLBACK}, allowed)
        if fields is None:
            return None
        texts = {lang: self.string(fields[lang], (*path, lang), limit, marks=True) for lang in fields}
        if any(value is None for value in texts.values()) or FALLBACK not in texts:
            return None
        return Text.of(cast(dict[Lang, str], texts))

    def languages(self, raw: Any) -> set[str]:
        """The language keys a text or word list may have: the declared ones, or, while
        building one record against a finished catalogue, any well-formed code."""
        if self.declared is not None:
            return set(self.declared)
        if not isinstance(raw, dict):
            return set()
        return {key for key in raw if isinstance(key, str) and _LANG.match(key)}

    def words(self, raw: Any, path: Path) -> dict[Lang, tuple[str, ...]]:
        fields = self.fields(raw, path, set(), self.languages(raw)) or {}
        result: dict[Lang, tuple[str, ...]] = {}
        for lang in fields:
            words = [
                self.string(w, (*path, lang, i), "word") for i, w in self.items(fields[lang], (*path, lang))
            ]
            result[lang] = tuple(w.casefold() for w in words if w is not None)
        return result

    def identifier(self, raw: Any, path: Path, first_seen: dict[str, Path]) -> str | None:
        value = self.string(raw, path, "name")
        if value is None:
            return None
        if not (_ID.match(value) or value.isdigit()):
            self.fail(path, "schema.bad_id", value=value)
            return None
        if value in first_seen:
            self.fail(path, "schema.duplicate_id", value=value, first_path=first_seen[value])
            return None
        first_seen[value] = path
        return value

    def choice(self, raw: Any, path: Path, allowed: Iterable[str]) -> str | None:
        value = self.string(raw, path, "name")
        options = tuple(allowed)
        if value is not None and value not in options:
            self.fail(
                path,
                "schema.bad_choice",
                value=value,
                options=", ".join(options),
                suggestion=closest_word(value, options),
            )
            return None
        return value

    def boolean(self, raw: Any, path: Path) -> bool | None:
        if not isinstance(raw, bool):
            self.fail(path, "schema.not_bool", value=_show(raw))
            return None
        return raw

    def age(self, raw: Any, path: Path) -> int | None:
        if raw is None:
            return None
        if not isinstance(raw, int) or isinstance(raw, bool):
            self.fail(path, "schema.age_not_number", value=_show(raw))
            return None
        if not 0 <= raw <= MAX_AGE:
            self.fail(path, "schema.age_range", value=raw, limit=MAX_AGE)
            return None
        return raw

    def date(self, raw: Any, path: Path, nullable: bool = False, full: bool = False) -> str | None:
        if raw is None and nullable:
            return None
        if isinstance(raw, dt.date):
            self.fail(path, "schema.date_unquoted", value=raw.isoformat())
            return None
        value = self.string(raw, path, "name")
        if value is None:
            return None
        if not _DATE.match(value) or (full and len(value) != 10) or not _real_date(value):
            self.fail(path, "schema.bad_date", value=value)
            return None
        return value

    def tags(
        self,
        raw: Any,
        path: Path,
        vocab: Vocabulary | None,
        which: str,
        required: bool = False,
        single: bool = False,
    ) -> tuple[str, ...]:
        known: dict[str, Term] = getattr(vocab, which) if vocab else {}
        items: list[tuple[int | None, Any]]
        if single:
            items = [(None, raw[0])]
        else:
            items = list(self.items(raw, path))
            if required and not items and isinstance(raw, list):
                self.fail(path, "schema.empty")
        found: list[str] = []
        for index, value in items:
            where = path if index is None else (*path, index)
            text = self.string(value, where, "word")
            if text is None:
                continue
            if vocab is not None and text not in known:
                self.fail(
                    where,
                    "schema.unknown_tag",
                    value=text,
                    vocabulary=which,
                    suggestion=closest_word(text, known),
                )
            elif text in found:
                self.fail(where, "schema.repeated", value=text)
            else:
                found.append(text)
        return tuple(found)

    def contact_value(self, kind: str, value: str, path: Path) -> None:
        pattern = {"phone": _PHONE, "email": _EMAIL, "web": _URL}.get(kind)
        if pattern is not None and not pattern.match(value):
            self.fail(path, f"schema.bad_{kind}", value=value)


def _real_date(value: str) -> bool:
    if len(value) == 4:
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def closest_word(word: str, options: Iterable[str]) -> str:
    import difflib

    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else ""


def _kind_of(value: Any) -> str:
    """Name what YAML made of a value, so the message can explain a YAML 1.1 surprise."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
