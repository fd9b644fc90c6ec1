"""Open Referral HSDS 3.0 export: the catalogue as open data (and what import shares with it).

One HSDS `service` per initiative and per general route, with HSDS's own fields filled where HSDS
has a place for a fact (phones, url, email, ages, areas, `assured_date`) and everything else
carried in `attributes` whose taxonomy terms belong to our own taxonomy (`TAXONOMY`): the
vocabularies (`role/parent`, `concern/alcohol`, `area/storvik`, `access/direct`), flags
(`flag/general_route`), and data fields whose attribute `value` holds the fact (`field/id`,
`field/text.summary` per language, `field/contact` as the catalogue's own contact in JSON). A
consumer that knows nothing of us still gets a valid, useful HSDS service; `hsds_import` reads
the attributes back and loses nothing `find` needs. Pure: returns data, writes nothing.

HSDS 3.0 field meanings: https://docs.openreferral.org/en/3.0/ and the schemas in shared/hsds.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from trygghet_cli.hours import DAY_KEYS, DAY_SETS, Rule, clock, to_hsds
from trygghet_cli.model import Catalogue, Contact, Initiative, Route, Source, Term, Text

# Fixed forever: every exported id is a UUID 5 under this namespace, so a consumer can follow an
# initiative from one export to the next. Changing it would orphan every published id.
NAMESPACE = uuid.UUID("3b0c5f0e-7a52-5d0b-9d7e-74727967676b")
_NAMESPACE_BYTES = NAMESPACE.bytes
TAXONOMY = "trygghet"
VOCABULARIES = ("roles", "concerns", "areas", "access")
PREFIX = {"roles": "role", "concerns": "concern", "areas": "area", "access": "access"}
_FIELDS = {  # what each of our data-carrying taxonomy terms holds in the attribute's `value`
    "field/id": "The initiative's or route's id in the trygghet catalogue.",
    "field/text.summary": "The short summary, in the term's language.",
    "field/text.description": "The description, in the term's language.",
    "field/text.ages_label": "How the sources state the ages, in the term's language.",
    "field/keywords": "Words free-text search finds it by, in the term's language, as JSON: {words: [...]}.",
    "field/period.start": "When it started (YYYY or YYYY-MM-DD).",
    "field/period.end": "When it ends or ended (YYYY or YYYY-MM-DD).",
    "field/contact": "One contact route as JSON: kind, value, label, hours, note, caveat.",
    "field/source": "One source as JSON: url, as_of.",
    "field/tier": "A general route's tier: emergency, out_of_hours, municipal, regional, national.",
    "flag/general_route": "A general route, shown beside answers rather than matched.",
    "flag/always": "A general route shown beside every answer.",
    "flag/any_concern": "Fits any concern.",
    "touches": "A concern the initiative touches but is not made for.",
    "works_with": "A role the initiative works with directly (trains, guides, talks with): its own way in.",
}


def uid(*parts: str) -> str:
    """A stable UUID 5 (RFC 4122, as text) for a thing named by `parts` under our namespace:
    `uuid.uuid5(NAMESPACE, "\\x1f".join(parts))`, computed straight from its SHA-1 because a
    10,000-initiative export makes some 300,000 of them and the UUID object cost most of that."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "\x1f".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def texts(text: Text) -> dict[str, str]:
    """Every language a catalogue text has, Swedish first: the one place that knows Text's shape."""
    return text.as_dict()


def text_of(values: dict[str, str]) -> Text:
    """A catalogue text from one string per language (Swedish must be there; KeyError if not)."""
    return Text.of(values)


# ---------------------------------------------------------------------------------------- export


def export_services(catalogue: Catalogue, today: dt.date) -> list[dict[str, Any]]:
    """Every initiative, then every general route, as HSDS 3.0 `service` objects (plain dicts,
    valid against shared/hsds/compiled/service.json). `today` decides `status` (an initiative
    whose period has ended is `inactive`); everything else depends only on the catalogue."""
    services = [_initiative_service(catalogue, item, today) for item in catalogue.initiatives]
    return services + [_route_service(route) for route in catalogue.routes]


def to_json(services: list[dict[str, Any]]) -> str:
    """The feed as text: a JSON array with one service a line (compact, yet a change between two
    exports shows as a changed line); one stable layout, so equal catalogues give equal bytes."""
    lines = [json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in services]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def touched_concerns(item: Initiative) -> tuple[str, ...]:
    """Concerns an initiative only touches (not made for), exported as `touches/<key>` terms."""
    return item.touches


def schedules(service_id: str, contacts: Iterable[Contact]) -> list[dict[str, Any]]:
    """HSDS schedules from the structured opening hours of the service's own contacts (not of
    a general route it is reached through: Medborgarservice's hours are not the initiative's).
    Each row's `description` names the contact whose hours it gives."""
    rows: list[dict[str, Any]] = []
    own = [c for c in contacts if c.via is None and c.schedule is not None]
    for n, contact in enumerate(own):
        for m, row in enumerate(to_hsds(contact.schedule or ())):
            said = f"{contact.label.get('sv')}: {contact.value.get('sv')}"
            described = " ".join(part for part in (said, row.get("description")) if part)
            rows.append(
                {"id": uid("schedule", f"{service_id}\x1f{n}\x1f{m}"), "service_id": service_id}
                | {key: value for key, value in row.items() if value is not None}
                | {"description": described}
            )
    return rows


def rule_document(rule: Rule) -> dict[str, Any]:
    """One opening-hours rule in the catalogue file's shape (`{days: [weekdays], opens: "08:00",
    ...}`), the inverse of what `schema.py` reads."""
    if rule.holidays_only:
        days = ["holidays"]
    elif rule.workdays_only:
        days = ["weekdays", *(DAY_KEYS[d] for d in sorted(rule.days - set(DAY_SETS["weekdays"])))]
    else:
        days = [DAY_KEYS[d] for d in sorted(rule.days)]
    document: dict[str, Any] = {"days": days, "opens": clock(rule.opens), "closes": clock(rule.closes)}
    if rule.valid_from is not None:
        document["valid_from"] = rule.valid_from.isoformat()
    if rule.valid_to is not None:
        document["valid_to"] = rule.valid_to.isoformat()
    if rule.note is not None:
        document["note"] = texts(rule.note)
    if rule.uncertain:
        document["uncertain"] = True
    return document


def service_languages(service_id: str, item: Initiative) -> list[dict[str, Any]]:
    """The languages a service is delivered in. The sources do not say, so none is claimed."""
    return []


def _initiative_service(catalogue: Catalogue, item: Initiative, today: dt.date) -> dict[str, Any]:
    sid = uid("initiative", item.id)
    org = {"id": uid("organization", item.provider), "name": item.provider, "description": item.provider}
    service: dict[str, Any] = {
        "id": sid,
        "organization_id": org["id"],
        "name": item.name,
        "description": item.description.get("sv"),
        "status": "inactive" if item.ended(today) else "active",
    }
    service.update(_reach(item.contacts))
    if item.ages.label is not None:
        service["eligibility_description"] = item.ages.label.get("sv")
    service.update(_ages(item.ages.min, item.ages.max))
    service["assured_date"] = item.reviewed
    service["organization"] = org
    service["phones"] = _phones(sid, item.contacts)
    service.update(_present(schedules=schedules(sid, item.contacts)))
    service["service_areas"] = _areas(catalogue, sid, item.areas)
    service.update(_present(languages=service_languages(sid, item)))
    service["attributes"] = _attributes(sid, _initiative_facts(catalogue, item))
    return service


def _route_service(route: Route) -> dict[str, Any]:
    sid = uid("route", route.id)
    service: dict[str, Any] = {
        "id": sid,
        "name": route.name,
        "description": route.summary.get("sv"),
        "status": "active",
    }
    service.update(_reach(route.contacts))
    service.update(_ages(route.ages.min, route.ages.max))
    service["phones"] = _phones(sid, route.contacts)
    service.update(_present(schedules=schedules(sid, route.contacts)))
    service["attributes"] = _attributes(sid, _route_facts(route))
    return service


def _present(**fields: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Only the lists that hold something: an empty one would claim a fact nobody stated."""
    return {key: value for key, value in fields.items() if value}


def _reach(contacts: Iterable[Contact]) -> dict[str, str]:
    """HSDS's single `url`, `email` and `application_process`: the first of each kind we have."""
    found: dict[str, str] = {}
    for contact in contacts:
        field = {"web": "url", "email": "email", "visit": "application_process"}.get(contact.kind)
        if field and field not in found:
            value = contact.value.get("sv")
            found[field] = f"{contact.label.get('sv')}: {value}" if contact.kind == "visit" else value
    return found


def _ages(low: int | None, high: int | None) -> dict[str, int]:
    ages = {"minimum_age": low, "maximum_age": high}
    return {key: value for key, value in ages.items() if value is not None}


def _phones(sid: str, contacts: Iterable[Contact]) -> list[dict[str, Any]]:
    phones = [c for c in contacts if c.kind == "phone"]
    return [
        {
            "id": uid(sid, "phone", str(n)),
            "service_id": sid,
            "number": c.value.get("sv"),
            "description": c.label.get("sv"),
        }
        for n, c in enumerate(phones)
    ]


def _areas(catalogue: Catalogue, sid: str, areas: tuple[str, ...]) -> list[dict[str, Any]]:
    """Named parts of the municipality, or the whole municipality when none is named."""
    if not areas:
        return [{"id": uid(sid, "area"), "service_id": sid, "name": catalogue.municipality}]
    terms = catalogue.vocabulary.areas
    return [
        {"id": uid(sid, "area", key), "service_id": sid, "name": terms[key].label.get("sv")} for key in areas
    ]


class _Fact(NamedTuple):
    """One attribute: a term of our taxonomy, and the value it carries, if any."""

    code: str
    name: str
    description: str
    value: str | None = None
    lang: str | None = None


def _vocabulary_fact(which: str, term: Term, prefix: str | None = None) -> _Fact:
    return _Fact(
        f"{prefix or PREFIX[which]}/{term.key}",
        term.label.get("sv"),
        (term.short or term.label).get("sv"),
        lang="sv",
    )


def _field(code: str, value: str | None = None, lang: str | None = None) -> _Fact:
    return _Fact(code, code, _FIELDS[code], value, lang)


def _text_facts(code: str, text: Text | None, skip: str = "") -> list[_Fact]:
    found = texts(text).items() if text else ()
    return [_field(code, value, lang) for lang, value in found if lang != skip]


def _initiative_facts(catalogue: Catalogue, item: Initiative) -> list[_Fact]:
    vocab = catalogue.vocabulary
    facts = [_field("field/id", item.id)]
    facts += [_vocabulary_fact("roles", vocab.roles[key]) for key in item.audiences]
    facts += [_vocabulary_fact("concerns", vocab.concerns[key]) for key in item.concerns]
    facts += [_vocabulary_fact("concerns", vocab.concerns[k], "touches") for k in touched_concerns(item)]
    facts += [_vocabulary_fact("roles", vocab.roles[k], "works_with") for k in item.works_with]
    facts += [_vocabulary_fact("areas", vocab.areas[key]) for key in item.areas]
    facts.append(_vocabulary_fact("access", vocab.access[item.access]))
    if item.any_concern:
        facts.append(_field("flag/any_concern"))
    facts += _text_facts("field/text.summary", item.summary)
    # Swedish description and age label are in HSDS's own fields; the other languages come here
    facts += _text_facts("field/text.description", item.description, skip="sv")
    facts += _text_facts("field/text.ages_label", item.ages.label, skip="sv")
    facts += [
        _field("field/keywords", _json({"words": list(words)}), lang) for lang, words in item.keywords.items()
    ]
    if item.period is not None:
        facts += [
            _field(f"field/period.{end}", getattr(item.period, end))
            for end in ("start", "end")
            if getattr(item.period, end) is not None
        ]
    facts += [_field("field/contact", _json(c)) for c in contact_documents(item.contacts)]
    facts += [_field("field/source", _json(s)) for s in source_documents(item.sources)]
    return facts


def _route_facts(route: Route) -> list[_Fact]:
    facts = [_field("field/id", route.id), _field("flag/general_route"), _field("field/tier", route.tier)]
    if route.always:
        facts.append(_field("flag/always"))
    facts += [_Fact(f"role/{key}", key, key) for key in sorted(route.audiences)]
    facts += [_Fact(f"concern/{key}", key, key) for key in sorted(route.concerns)]
    facts += _text_facts("field/text.summary", route.summary)
    facts += [_field("field/contact", _json(c)) for c in contact_documents(route.contacts)]
    facts += [_field("field/source", _json(s)) for s in source_documents(route.sources)]
    return facts


def _attributes(sid: str, facts: list[_Fact]) -> list[dict[str, Any]]:
    attributes = []
    for n, fact in enumerate(facts):
        term = _term(fact.code, fact.name, fact.description, fact.lang)
        attribute: dict[str, Any] = {
            "id": uid(sid, "attribute", str(n)),
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }
        if fact.value is not None:
            attribute["value"] = fact.value
        attributes.append(attribute)
    return attributes


@functools.lru_cache(maxsize=4096)
def _term(code: str, name: str, description: str, lang: str | None) -> dict[str, Any]:
    """One taxonomy term, made once: thousands of services share a few hundred terms (a UUID 5
    for each again was half the time of a 10,000-initiative export). Never mutated."""
    term: dict[str, Any] = {
        "id": uid("term", code, lang or ""),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": TAXONOMY,
    }
    if lang:
        term["language"] = lang
    return term


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)  # insertion order is fixed: equal input, equal bytes


def contact_documents(contacts: Iterable[Contact]) -> list[dict[str, Any]]:
    """Contacts in the catalogue file's shape; those reached through a general route become one
    `{kind: route}` entry again, as the file had them."""
    documents: list[dict[str, Any]] = []
    seen_routes: set[str] = set()
    for contact in contacts:
        if contact.via is not None:
            if contact.via not in seen_routes:
                seen_routes.add(contact.via)
                documents.append({"kind": "route", "value": contact.via, "label": texts(contact.label)})
            continue
        value: Any = contact.value.get("sv")
        if contact.kind in ("address", "visit"):
            value = texts(contact.value)
        document: dict[str, Any] = {"kind": contact.kind, "value": value, "label": texts(contact.label)}
        for field in ("hours", "note"):
            if getattr(contact, field) is not None:
                document[field] = texts(getattr(contact, field))
        if contact.caveat is not None:
            document["caveat"] = contact.caveat
        if contact.schedule is not None:
            document["schedule"] = [rule_document(rule) for rule in contact.schedule]
        documents.append(document)
    return documents


def source_documents(sources: Iterable[Source]) -> list[dict[str, Any]]:
    return [{"url": s.url, "as_of": s.as_of} for s in sources]
