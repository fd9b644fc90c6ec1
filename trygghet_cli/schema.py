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
from trygghet_cli.hours import DAY_KEYS, DAY_SETS, Rule, Schedule, day_numbers, parse_time
from trygghet_cli.loader import ZeroLed
from trygghet_cli.model import (
    FALLBACK,
    MAX_AGE,
    AgeRange,
    Catalogue,
    Caveat,
    Contact,
    ContactKind,
    Crisis,
    CrisisKind,
    Initiative,
    Lang,
    Language,
    Period,
    Route,
    SaidOf,
    Source,
    Term,
    Text,
    Vocabulary,
)
from trygghet_cli.safetext import first_unsafe
from trygghet_cli.store import build as build_store
from trygghet_cli.terms import closest

Path = tuple[str | int, ...]

SCHEMA_VERSION = 1
# Link shorteners hide where an address leads; tracking parameters follow the reader.
SHORTENERS = frozenset(
    {"bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly"}
)
TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_eid", "mc_cid", "_hsenc", "_hsmi", "igshid"})
LIMITS = {"name": 200, "short": 300, "long": 5000, "word": 100, "url": 2000}

_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{0,22}[0-9]\Z")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\Z")
_URL = re.compile(r"https?://[A-Za-z0-9\-.]+(?::[0-9]+)?(?:[/?#][^\s\"<>]*)?\Z")
_LANG = re.compile(r"(?:[a-z]{2,3}|lattlast)\Z")  # ISO 639 codes, and easy-to-read Swedish
_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}-[0-9]{2})?\Z")
_ZERO_LED_TEXT = re.compile(r"[-+]?0[0-9]+\Z")  # `08`, `09`: not octal, so YAML keeps them as text

CAVEATS = ("unverified", "conflict")
CONTACT_KINDS: tuple[ContactKind, ...] = ("phone", "email", "web", "address", "visit", "route")
ROUTE_TIERS = ("emergency", "out_of_hours", "municipal", "regional", "national")
_VOCABULARIES = ("roles", "concerns", "areas", "access")

_TOP = {"schema", "catalogue", "vocabularies", "general_routes", "initiatives"}
_CRISIS_FIELDS = {"kinds", "not_crisis", "urgent_for_concerns", "groups"}
_CRISIS_KIND_FIELDS = {"label", "message", "routes", "phrases"}
_TOP_OPTIONAL = {"languages", "crisis"}
_LANGUAGE_FIELDS = {"code", "name", "reviewed"}
_LANGUAGE_OPTIONAL = {"reviewed_by", "reviewed_on"}
DEFAULT_LANGUAGES = (FALLBACK, "en")  # what a catalogue without a `languages:` section holds
_TERM_FIELDS = {"label", "short", "words", "rank", "safety_first", "said_of"}
_SAID_OF_FIELDS = {"concerns", "people"}
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
_INITIATIVE_OPTIONAL = {"period", "any_concern", "keywords", "touches", "works_with"}
_ROUTE_REQUIRED = {"id", "name", "tier", "always", "summary", "contacts", "sources"}
_ROUTE_OPTIONAL = {"audiences", "concerns", "ages"}


def build_catalogue(doc: Any, name: str, checked: bool = False) -> Catalogue:
    """Validate a parsed document and return the catalogue, its initiatives in an in-memory
    store (`store.py`; `catalogue.py` may save it to a file), or raise with every problem.

    `checked`: the document comes from a database this program built from a file it validated
    whole (the same content, by digest), so each string's length and characters are not
    checked again; structure still is, and output is made inert at the boundary anyway."""
    check = _Checker(name, checked)
    catalogue = _build(check, doc)
    if check.problems or catalogue is None:
        raise CatalogueError(check.problems)
    return catalogue


def build_record(raw: Any, catalogue: Catalogue, name: str, index: int) -> Initiative:
    """One initiative checked and built against an already built catalogue's vocabularies and
    routes: how a stored catalogue builds the few cards it shows."""
    check = _Checker(name)
    routes = {r.id: r for r in catalogue.routes}
    item = _initiative(check, ("initiatives", index), raw, catalogue.vocabulary, routes, {})
    if check.problems or item is None:
        raise CatalogueError(check.problems or [Problem(name, "schema.not_mapping", {"got": "?"})])
    return item


def dated_problems(cat: Catalogue, name: str, today: dt.date) -> list[Problem]:
    """Dates in a valid catalogue that cannot be true on `today`: a review (`reviewed`) or a
    source's `as_of` after it. Kept apart from `build_catalogue`, which knows no day, so the
    answer is pinned by `today` and a wrong clock never stops a person getting an answer."""
    check = _Checker(name)
    day = today.isoformat()
    dated: list[tuple[Path, str | None]] = []
    for index, route in enumerate(cat.routes):
        path: Path = ("general_routes", index)
        dated += [((*path, "sources", n, "as_of"), s.as_of) for n, s in enumerate(route.sources)]
    for index, item in enumerate(cat.initiatives):
        path = ("initiatives", index)
        dated.append(((*path, "reviewed"), item.reviewed))
        dated += [((*path, "sources", n, "as_of"), s.as_of) for n, s in enumerate(item.sources)]
    for where, value in dated:
        if value is not None and value > day:  # ISO dates order as text
            check.fail(where, f"schema.future_{where[-1]}", value=value, today=day)
    return check.problems


def safety_problems(cat: Catalogue, name: str) -> list[Problem]:
    """What would switch the crisis net off without a word: no crisis kinds at all, or a kind's
    `examples` (sentences that must be read as that kind) no longer read so, after an idiom or a
    rule was changed. Checked by `trygghet validate` only, like `dated_problems`: a catalogue
    without them still answers, so tests and small feeds can do without."""
    from trygghet_cli.crisis import crisis_kinds

    check = _Checker(name)
    if not cat.crisis.kinds:
        check.fail(("crisis",) if cat.crisis.groups else (), "schema.no_crisis")
    for kind in cat.crisis.kinds:
        for lang, examples in kind.examples.items():
            for index, example in enumerate(examples):
                if kind.key not in crisis_kinds(cat.crisis, example):
                    where: Path = ("crisis", "kinds", kind.key, "examples", lang, index)
                    check.fail(where, "schema.crisis_example_missed", text=example, kind=kind.key)
    return check.problems


def _build(check: _Checker, doc: Any) -> Catalogue | None:
    if not isinstance(doc, dict):
        check.fail((), "schema.top_not_mapping", got=_kind_of(doc))
        return None
    top = check.fields(doc, (), _TOP, _TOP_OPTIONAL)
    if top is None:
        return None
    declared = tuple(languages(check, top.get("languages")))
    check.declared = tuple(lang.code for lang in declared)
    if "schema" in top and not check.zero_led(top["schema"], ("schema",)) and top["schema"] != SCHEMA_VERSION:
        check.fail(("schema",), "schema.version", value=_show(top["schema"]), expected=SCHEMA_VERSION)
    head = check.fields(top.get("catalogue"), ("catalogue",), {"name", "municipality"}, set())
    cat_name = check.text(head.get("name"), ("catalogue", "name"), "name") if head else None
    municipality = (
        check.string(head.get("municipality"), ("catalogue", "municipality"), "name") if head else None
    )
    vocabulary = _vocabulary(check, top.get("vocabularies"))
    routes = _routes(check, top.get("general_routes"), vocabulary)
    initiatives = _initiatives(check, top.get("initiatives"), vocabulary, routes)
    crisis = _crisis(check, top["crisis"], vocabulary, routes) if "crisis" in top else Crisis()
    if check.problems or cat_name is None or municipality is None or vocabulary is None or routes is None:
        return None
    head = {key: value for key, value in top.items() if key != "initiatives"}
    store = build_store(head, top["initiatives"], initiatives, vocabulary.access)
    return Catalogue(
        cat_name,
        municipality,
        vocabulary,
        tuple(routes.values()),
        store,
        crisis=crisis,
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
        elif code is not None and code in (lang.code for lang in found):
            check.fail((*path, "code"), "schema.repeated", value=code)
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
    vocabulary = Vocabulary(built["roles"], built["concerns"], built["areas"], built["access"])
    for key, term in built["concerns"].items():
        if term.said_of is not None:  # its concerns are known only once all are read
            where = (*path, "concerns", key, "said_of", "concerns")
            check.tags(list(term.said_of.concerns), where, vocabulary, "concerns")
    return vocabulary


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
    if check.zero_led(rank, (*path, "rank")):
        rank = 0
    elif not isinstance(rank, int) or isinstance(rank, bool) or not 0 <= rank <= 99:
        check.fail((*path, "rank"), "schema.bad_rank", value=_show(rank))
        rank = 0
    safety_first = check.boolean(fields.get("safety_first", False), (*path, "safety_first"))
    said_of = _said_of(check, (*path, "said_of"), fields["said_of"]) if "said_of" in fields else None
    if label is None:
        return None
    return Term(key, label, short, words, rank, bool(safety_first), said_of)


def _said_of(check: _Checker, path: Path, raw: Any) -> SaidOf | None:
    """A concern's `said_of`: other concerns' words said of `people` (see `model.SaidOf`).
    Its concerns are checked against the vocabulary by `_vocabulary`, once all are read."""
    fields = check.fields(raw, path, _SAID_OF_FIELDS, {"not_between"})
    if fields is None:
        return None
    concerns = check.tags(fields.get("concerns"), (*path, "concerns"), None, "concerns", required=True)
    people = check.words(fields.get("people"), (*path, "people"))
    between = fields.get("not_between")
    not_between = check.words(between, (*path, "not_between")) if between is not None else {}
    return SaidOf(concerns, people, not_between)


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


def _crisis(check: _Checker, raw: Any, vocab: Vocabulary | None, routes: dict[str, Route] | None) -> Crisis:
    """The crisis vocabulary: kinds with their phrases and routes, idioms, urgent routes."""
    path: Path = ("crisis",)
    fields = check.fields(raw, path, {"kinds"}, _CRISIS_FIELDS - {"kinds"})
    if fields is None:
        return Crisis()
    kinds: list[CrisisKind] = []
    entries = fields.get("kinds")
    if not isinstance(entries, dict):
        check.fail((*path, "kinds"), "schema.not_mapping", got=_kind_of(entries))
        entries = {}
    for key, entry in entries.items():
        kind = _crisis_kind(check, (*path, "kinds", key), key, entry, routes)
        if kind is not None:
            kinds.append(kind)
    idioms = fields.get("not_crisis")
    not_crisis = check.words(idioms, (*path, "not_crisis"), "short") if idioms is not None else {}
    urgent: dict[str, tuple[str, ...]] = {}
    raw_urgent = fields.get("urgent_for_concerns", {})
    if not isinstance(raw_urgent, dict):
        check.fail((*path, "urgent_for_concerns"), "schema.not_mapping", got=_kind_of(raw_urgent))
        raw_urgent = {}
    concerns = vocab.concerns if vocab is not None else {}
    for concern, ids in raw_urgent.items():
        where: Path = (*path, "urgent_for_concerns", concern)
        if vocab is not None and concern not in concerns:
            check.fail(
                where,
                "schema.bad_choice",
                at_key=True,
                value=concern,
                options=", ".join(concerns),
                suggestion=closest_word(str(concern), concerns),
            )
            continue
        urgent[concern] = _route_ids(check, ids, where, routes)
    groups = _crisis_groups(check, fields.get("groups", {}), (*path, "groups"))
    if check.checked:  # a stored head: its phrases were weighed when its file was validated
        return Crisis(tuple(kinds), not_crisis, urgent, groups)
    for kind in kinds:
        for lang, phrases in kind.phrases.items():
            _group_refs(check, phrases, (*path, "kinds", kind.key, "phrases", lang), groups)
    for lang, phrases in not_crisis.items():
        _group_refs(check, phrases, (*path, "not_crisis", lang), groups)
    return Crisis(tuple(kinds), not_crisis, urgent, groups)


def _crisis_groups(check: _Checker, raw: Any, path: Path) -> dict[str, tuple[str, ...]]:
    """Concept groups: a name (a key) to the words or short phrases, in any language, that a
    crisis phrase's `@name` stands for."""
    if not isinstance(raw, dict):
        check.fail(path, "schema.not_mapping", got=_kind_of(raw))
        return {}
    groups: dict[str, tuple[str, ...]] = {}
    for name, words in raw.items():
        if not _KEY.match(str(name)):
            check.fail((*path, name), "schema.bad_key", at_key=True, value=name)
            continue
        found = [check.string(w, (*path, name, i), "short") for i, w in check.items(words, (*path, name))]
        groups[str(name)] = tuple(w.casefold() for w in found if w is not None)
    return groups


def _group_refs(
    check: _Checker, phrases: tuple[str, ...], path: Path, groups: dict[str, tuple[str, ...]]
) -> None:
    """Every `@name` in the phrases names a concept group the catalogue has, and no phrase
    spells out to more patterns than a search can afford (crisis.MAX_PATTERNS)."""
    from trygghet_cli.crisis import MAX_PATTERNS, breadth

    for index, phrase in enumerate(phrases):
        ways = breadth(groups, phrase)
        if ways > MAX_PATTERNS:
            check.fail((*path, index), "schema.phrase_too_broad", limit=MAX_PATTERNS)
        for part in (alternative for word in phrase.split() for alternative in word.split("|")):
            if part.startswith("@") and part[1:] not in groups:
                check.fail(
                    (*path, index),
                    "schema.bad_choice",
                    value=part,
                    options=", ".join(f"@{name}" for name in groups),
                    suggestion=closest_word(part[1:], groups),
                )


def _crisis_kind(
    check: _Checker, path: Path, key: str, raw: Any, routes: dict[str, Route] | None
) -> CrisisKind | None:
    if not _KEY.match(str(key)):
        check.fail(path, "schema.bad_key", at_key=True, value=key)
    fields = check.fields(raw, path, _CRISIS_KIND_FIELDS, {"examples"})
    if fields is None:
        return None
    label = check.text(fields.get("label"), (*path, "label"), "short")
    message = check.text(fields.get("message"), (*path, "message"), "short")
    route_ids = _route_ids(check, fields.get("routes"), (*path, "routes"), routes)
    if isinstance(fields.get("routes"), list) and not fields["routes"]:
        check.fail((*path, "routes"), "schema.no_crisis_routes")  # a crisis must lead somewhere
    phrases = check.words(fields.get("phrases"), (*path, "phrases"), "short")
    raw_examples = fields.get("examples")
    examples = check.words(raw_examples, (*path, "examples"), "short") if raw_examples is not None else {}
    if label is None or message is None:
        return None
    return CrisisKind(str(key), label, message, route_ids, phrases, examples)


def _route_ids(check: _Checker, raw: Any, path: Path, routes: dict[str, Route] | None) -> tuple[str, ...]:
    """General route ids, each checked against the routes the catalogue has."""
    found: list[str] = []
    for index, value in check.items(raw, path):
        route_id = check.string(value, (*path, index), "name")
        if route_id is None:
            continue
        if routes is not None and route_id not in routes:
            _unknown_route(check, (*path, index), route_id, routes)
            continue
        found.append(route_id)
    return tuple(found)


def _unknown_route(check: _Checker, path: Path, route_id: str, routes: dict[str, Route]) -> None:
    check.fail(
        path,
        "schema.unknown_route",
        value=route_id,
        valid=", ".join(routes) or "-",
        suggestion=closest_word(route_id, routes),
    )


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
    touches = check.tags(got("touches", []), (*path, "touches"), vocab, "concerns")
    _no_overlap(check, (*path, "touches"), got("touches", []), concerns)
    works_with = check.tags(got("works_with", []), (*path, "works_with"), vocab, "roles")
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
        touches=touches,
        works_with=works_with,
    )


def _no_overlap(check: _Checker, path: Path, raw: Any, concerns: tuple[str, ...]) -> None:
    """A concern is either what an initiative is made for or one it only touches, never both."""
    for index, value in enumerate(raw if isinstance(raw, list) else []):
        if value in concerns:
            check.fail((*path, index), "schema.touches_twice", value=value)


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
    fields = check.fields(raw, path, {"kind", "value", "label"}, {"hours", "note", "caveat", "schedule"})
    if fields is None:
        return []
    schedule = _schedule(check, fields["schedule"], (*path, "schedule")) if "schedule" in fields else None
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
    return [
        Contact(
            cast(ContactKind, kind),
            value,
            label,
            hours,
            note,
            caveat=cast(Caveat | None, caveat),
            schedule=schedule,
        )
    ]


def _schedule(check: _Checker, raw: Any, path: Path) -> Schedule | None:
    """A contact's `schedule:` list (see `hours.py`): each rule checked, problems located."""
    items = check.items(raw, path)
    if not items and isinstance(raw, list):
        check.fail(path, "schema.empty")
    rules = [_rule(check, (*path, index), entry) for index, entry in items]
    kept = tuple(r for r in rules if r is not None)
    return kept if kept and len(kept) == len(rules) else None


def _rule(check: _Checker, path: Path, raw: Any) -> Rule | None:
    fields = check.fields(
        raw, path, {"days", "opens", "closes"}, {"note", "valid_from", "valid_to", "uncertain"}
    )
    if fields is None:
        return None
    before = len(check.problems)
    keys = [
        check.string(d, (*path, "days", i), "word")
        for i, d in check.items(fields.get("days"), (*path, "days"))
    ]
    known = (*DAY_KEYS, *DAY_SETS)
    for i, key in enumerate(keys):
        if key is not None and key not in known:
            where = (*path, "days", i)
            check.fail(
                where,
                "schema.bad_day",
                value=key,
                options=", ".join(known),
                suggestion=closest_word(key, known),
            )
    if isinstance(fields.get("days"), list) and not keys:
        check.fail((*path, "days"), "schema.empty")
    opens = _clock(check, fields.get("opens"), (*path, "opens"), closing=False)
    closes = _clock(check, fields.get("closes"), (*path, "closes"), closing=True)
    if opens is not None and opens == closes:
        check.fail(path, "schema.same_times", value=fields.get("opens"))
    start = check.date(fields.get("valid_from"), (*path, "valid_from"), nullable=True, full=True)
    end = check.date(fields.get("valid_to"), (*path, "valid_to"), nullable=True, full=True)
    if start and end and end < start:
        check.fail(path, "schema.valid_reversed", start=start, end=end)
    note = check.text(fields["note"], (*path, "note"), "short") if "note" in fields else None
    uncertain = check.boolean(fields.get("uncertain", False), (*path, "uncertain"))
    days = day_numbers([k for k in keys if k is not None])
    if len(check.problems) > before or days is None or opens is None or closes is None:
        return None
    return Rule(
        days,
        opens,
        closes,
        workdays_only="weekdays" in keys,
        holidays_only="holidays" in keys,
        valid_from=dt.date.fromisoformat(start) if start else None,
        valid_to=dt.date.fromisoformat(end) if end else None,
        note=note,
        uncertain=bool(uncertain),
    )


def _clock(check: _Checker, raw: Any, path: Path, closing: bool) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        # YAML 1.1 reads an unquoted 17:00 as the base-60 number 1020.
        check.fail(path, "schema.time_unquoted", value=f"{raw // 60:02d}:{raw % 60:02d}")
        return None
    value = check.string(raw, path, "word")
    if value is None:
        return None
    minutes = parse_time(value, closing)
    if minutes is None:
        check.fail(path, "schema.bad_time", value=value)
    return minutes


def _via_route(
    check: _Checker, path: Path, route_id: str, label: Text, routes: dict[str, Route]
) -> list[Contact]:
    """Expand a reference to a general route into that route's own, sourced phone numbers.

    Only phones: the route's e-mail and address are shown once, with the general routes,
    rather than repeated on every card that is reached through it.
    """
    route = routes.get(route_id)
    if route is None:
        _unknown_route(check, path, route_id, routes)
        return []
    reachable = [c for c in route.contacts if c.kind == "phone"] or list(route.contacts[:1])
    return [c._replace(label=label if i == 0 else c.label, via=route.id) for i, c in enumerate(reachable)]


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
        # A year alone is allowed: some sources show only that ("2008"), and a guessed day would be untrue.
        as_of = check.date(fields.get("as_of"), (*path, index, "as_of"), nullable=True)
        if url is not None:
            sources.append(Source(url, as_of))
    return tuple(sources)


class _Checker:
    """Collects problems while reading values; each method returns None when a value is bad."""

    def __init__(self, name: str, checked: bool = False) -> None:
        self.name = name
        self.checked = checked  # the strings were checked when the document was first read
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
        if self.checked and isinstance(raw, str):
            return raw
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

    def words(self, raw: Any, path: Path, limit: str = "word") -> dict[Lang, tuple[str, ...]]:
        fields = self.fields(raw, path, set(), self.languages(raw)) or {}
        result: dict[Lang, tuple[str, ...]] = {}
        for lang in fields:
            words = [
                self.string(w, (*path, lang, i), limit) for i, w in self.items(fields[lang], (*path, lang))
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

    def zero_led(self, raw: Any, path: Path) -> bool:
        """Whether a number was written with a leading zero (reported here): YAML 1.1 reads
        `012` as octal 10 and keeps `08` as text, and neither is what the writer meant."""
        if isinstance(raw, ZeroLed):
            meant = _decimal(raw.written)
            self.fail(path, "schema.leading_zero", value=raw.written, read=int(raw), meant=meant)
            return True
        if isinstance(raw, str) and _ZERO_LED_TEXT.match(raw):
            self.fail(path, "schema.leading_zero_text", value=raw, meant=_decimal(raw))
            return True
        return False

    def age(self, raw: Any, path: Path) -> int | None:
        if raw is None or self.zero_led(raw, path):
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
        if not _DATE.match(value) or (full and len(value) != 10):
            self.fail(path, "schema.bad_date", value=value)
            return None
        if not _real_date(value):
            self.fail(path, "schema.no_such_date", value=value)
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
                    valid=", ".join(known) or "-",
                    suggestion=closest(text, known),  # a near key, or the key of a label it names
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
        elif kind == "web":
            self.plain_address(value, path)

    def plain_address(self, url: str, path: Path) -> None:
        """A web address a family can read and trust: no tracking parameters and no link
        shortener (the handout promises both, and prints the address beside its QR code)."""
        from urllib.parse import parse_qsl, urlsplit

        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        if host in SHORTENERS:
            self.fail(path, "schema.short_url", host=host)
        tracking = [
            k for k, _ in parse_qsl(parts.query) if k.lower() in TRACKING or k.lower().startswith("utm_")
        ]
        if tracking:
            self.fail(path, "schema.tracking_url", params=", ".join(tracking))


def _real_date(value: str) -> bool:
    if len(value) == 4:
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _decimal(written: str) -> str:
    """What a zero-led number's writer meant: its digits read as decimal (`012` -> `12`)."""
    sign = "-" if written.startswith("-") else ""
    return sign + (written.lstrip("+-").replace("_", "").lstrip("0") or "0")


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
    text = value.written if isinstance(value, ZeroLed) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
