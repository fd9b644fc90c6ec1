"""Answers turned into language-resolved, display-ready values.

Every output format (rich, plain, markdown, json) starts from these values, so they all say
the same thing. Every catalogue string passes through `clean` here, once, so no format can
forget to neutralise a control or bidirectional character.
"""

import datetime as dt
import os
import time
from typing import Any, NamedTuple

from trygghet_cli.hours import Status, status
from trygghet_cli.i18n import t
from trygghet_cli.matching import Answer, CrisisAnswer, Match, Needs, Reason, Widening
from trygghet_cli.model import AgeRange, Catalogue, Contact, Initiative, Lang, Period, Route, Text
from trygghet_cli.safetext import clean


class ContactView(NamedTuple):
    kind: str
    kind_label: str
    value: str
    label: str
    hours: str | None
    note: str | None
    via: str | None
    open_now: bool | None = None  # None: hours unknown or disputed
    status: str | None = None  # "öppet nu, till 17", "stängt nu, öppnar mån 08:00"; None when unknown
    via_name: str = ""  # the general route's name, for "026-24 00 00 via Medborgarservice"


class CardView(NamedTuple):
    id: str
    name: str
    summary: str
    description: str
    provider: str
    for_whom: str
    ages: str
    areas: str
    access: str
    reasons: tuple[str, ...]
    contacts: tuple[ContactView, ...]
    sources: tuple[tuple[str, str], ...]  # (url, date as shown)
    reviewed: str
    ended: bool
    score: int | None = None
    period: str = ""
    brief_reasons: tuple[str, ...] = ()  # the reasons worth a place in the compact answer


class RouteView(NamedTuple):
    id: str
    name: str
    summary: str
    contacts: tuple[ContactView, ...]


class CrisisView(NamedTuple):
    kind: str
    message: str
    routes: tuple[RouteView, ...]


class AnswerView(NamedTuple):
    heading: str
    safety_first: bool
    urgent: tuple[RouteView, ...]
    cards: tuple[CardView, ...]
    routes: tuple[RouteView, ...]
    nothing: bool
    widen: tuple[str, ...]
    crisis: CrisisView | None = None
    answers_now: tuple[str, ...] = ()  # phones open now, when the municipality's own lines are closed


# Reasons that tell a person something they did not say themselves: the compact answer shows
# only these ("för föräldrar" to a parent, or "hela kommunen" on every card, tell them nothing).
BRIEF_REASONS = frozenset(
    {"concern", "touches", "any_concern", "age_fits", "area_local", "area_elsewhere", "ended"}
    | {"words", "named"}
)


def text(value: Text | None, lang: Lang) -> str:
    """The text in `lang`; a text shown in Swedish instead says so, in `lang`."""
    if value is None:
        return ""
    shown, used = value.shown(lang)
    return clean(shown) if used == lang else f"{clean(shown)} {t(lang, 'fallback.tag')}"


ZONE = "Europe/Stockholm"  # the catalogue's opening hours are Swedish local time
ZONE_NAMES = ("CET", "CEST")  # what the C library calls that zone, winter and summer


def local_now() -> dt.datetime:
    """The time in Sweden now, to the minute and naive (the form `hours.status` takes),
    whatever the machine's own zone. Read from the system's time-zone database: through the C
    library where it can (microseconds, where importing `zoneinfo` costs about 2.5 ms of
    `find`'s start-up budget), else through `zoneinfo`; the machine's clock as it stands if the
    system has no time-zone data at all."""
    return _now_by_c_library() or _now_by_zoneinfo()


def _now_by_c_library() -> dt.datetime | None:
    """None where the C library cannot switch zones (Windows) or does not know this one (it
    then answers in UTC under another name, which the check below catches)."""
    if not hasattr(time, "tzset"):
        return None
    machine_zone = os.environ.get("TZ")
    os.environ["TZ"] = ZONE
    try:
        time.tzset()
        moment = time.localtime()
    finally:  # leave the process in its own zone, as it was
        if machine_zone is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = machine_zone
        time.tzset()
    return dt.datetime(*moment[:5]) if moment.tm_zone in ZONE_NAMES else None


def _now_by_zoneinfo() -> dt.datetime:
    try:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None, second=0, microsecond=0)
    except (ImportError, LookupError, OSError):  # no time-zone data on this system: trust its clock
        return dt.datetime.now().replace(second=0, microsecond=0)


def status_text(state: Status, at: dt.datetime, lang: Lang) -> str | None:
    """One short phrase for a contact's hours at `at`; None when they are unknown."""
    if state.always:
        return t(lang, "hours.always")
    if state.open_now and state.open_until is not None:
        until = _clock(state.open_until, short=True)
        if state.maybe_until is not None:
            return t(lang, "hours.open_maybe", time=until, maybe=_clock(state.maybe_until, short=True))
        return t(lang, "hours.open_until", time=until)
    when = _when(state.opens_next, at, lang) if state.opens_next else None
    if state.open_now is None:
        return t(lang, "hours.disputed_opens", when=when) if when else None
    return t(lang, "hours.closed_opens", when=when) if when else t(lang, "hours.closed")


def _clock(moment: dt.datetime, short: bool = False) -> str:
    return f"{moment.hour:02d}" if short and moment.minute == 0 else f"{moment.hour:02d}:{moment.minute:02d}"


def _when(moment: dt.datetime, at: dt.datetime, lang: Lang) -> str:
    days = (moment.date() - at.date()).days
    if days == 0:
        day = t(lang, "hours.today")
    elif days == 1:
        day = t(lang, "hours.tomorrow")
    elif days < 7:
        day = t(lang, "hours.days").split(",")[moment.weekday()]
    else:
        day = moment.date().isoformat()
    return f"{day} {_clock(moment)}"


def contact_view(contact: Contact, lang: Lang, at: dt.datetime | None = None) -> ContactView:
    at = at or local_now()
    state = status(contact.schedule, at)
    return ContactView(
        kind=contact.kind,
        kind_label=t(lang, f"contact.{contact.kind}"),
        value=clean(contact.value.get(lang)),  # numbers, addresses and URLs are never translated
        label=text(contact.label, lang),
        hours=text(contact.hours, lang) or None,
        note=text(contact.note, lang) or None,
        via=contact.via,
        open_now=state.open_now,
        status=status_text(state, at, lang),
    )


def route_view(route: Route, lang: Lang, at: dt.datetime | None = None) -> RouteView:
    contacts = tuple(contact_view(c, lang, at) for c in route.contacts)
    return RouteView(route.id, clean(route.name), text(route.summary, lang), contacts)


def card_view(
    catalogue: Catalogue,
    item: Initiative,
    lang: Lang,
    match: Match | None = None,
    at: dt.datetime | None = None,
) -> CardView:
    vocab = catalogue.vocabulary
    return CardView(
        id=item.id,
        name=clean(item.name),
        summary=text(item.summary, lang),
        description=text(item.description, lang),
        provider=clean(item.provider),
        for_whom=", ".join(text(vocab.roles[r].label, lang) for r in item.audiences),
        ages=ages_text(item.ages, lang),
        areas=areas_text(catalogue, item.areas, lang),
        access=text(vocab.access[item.access].label, lang),
        reasons=tuple(reason_text(catalogue, r, lang) for r in match.reasons) if match else (),
        contacts=tuple(_with_via_name(catalogue, contact_view(c, lang, at)) for c in item.contacts),
        sources=tuple((clean(s.url), _source_date(s.as_of, lang)) for s in item.sources),
        reviewed=item.reviewed,
        ended=match.ended if match else item.ended(dt.date.today()),
        score=match.score if match else None,
        period=_period_text(item.period, lang),
        brief_reasons=tuple(
            reason_text(catalogue, r, lang)
            for r in (match.reasons if match else ())
            if r.code in BRIEF_REASONS
        ),
    )


def _with_via_name(catalogue: Catalogue, contact: ContactView) -> ContactView:
    route = catalogue.route(contact.via) if contact.via else None
    return contact._replace(via_name=clean(route.name)) if route is not None else contact


def answer_view(
    catalogue: Catalogue, answer: Answer, lang: Lang, at: dt.datetime | None = None
) -> AnswerView:
    at = at or local_now()
    cards = tuple(card_view(catalogue, full(catalogue, m), lang, m, at) for m in answer.matches)
    urgent = tuple(route_view(r, lang, at) for r in answer.urgent_routes)
    routes = tuple(route_view(r, lang, at) for r in answer.routes)
    return AnswerView(
        heading=t(
            lang,
            "answer.heading_some" if answer.total > len(cards) else "answer.heading",
            count=len(cards),
            total=answer.total,
        ),
        safety_first=answer.safety_first,
        urgent=urgent,
        cards=cards,
        routes=routes,
        nothing=not cards,
        widen=tuple(widen_text(catalogue, w, lang) for w in answer.widen),
        crisis=crisis_view(answer.crisis, lang, at) if answer.crisis is not None else None,
        answers_now=_answers_now(answer.urgent_routes + answer.routes, urgent + routes),
    )


def _answers_now(routes: tuple[Route, ...], views: tuple[RouteView, ...]) -> tuple[str, ...]:
    """The phones shown that answer now ("Bris 116 111"), listed only when every phone of the
    municipality's own routes (tier `municipal`) is surely closed: late in the evening, at
    weekends, on public holidays."""
    own = [
        c.open_now
        for route, view in zip(routes, views, strict=True)
        if route.tier == "municipal"
        for c in view.contacts
        if c.kind == "phone"
    ]
    if not own or any(state is not False for state in own):
        return ()
    return tuple(
        f"{view.name} {c.value}" if view.name != c.value else c.value
        for view in views
        for c in view.contacts
        if c.kind == "phone" and c.open_now
    )


def crisis_view(crisis: CrisisAnswer, lang: Lang, at: dt.datetime | None = None) -> CrisisView:
    """The crisis block's routes as shown, with what is open at `at` (None: now)."""
    routes = tuple(route_view(r, lang, at) for r in crisis.routes)
    return CrisisView(crisis.kind, text(crisis.message, lang), routes)


def full(catalogue: Catalogue, match: Match) -> Initiative:
    """The whole initiative behind a match."""
    return match.initiative


def reason_text(catalogue: Catalogue, reason: Reason, lang: Lang) -> str:
    vocab = catalogue.vocabulary
    p = reason.params
    if reason.code == "role":
        term = vocab.roles[p["role"]]
        return text(term.short or term.label, lang)
    if reason.code in ("concern", "touches"):  # made for the worry, or only touches it
        label = _inline(text(vocab.concerns[p["concern"]].label, lang))
        return t(lang, "reason.made_for" if reason.code == "concern" else "reason.touches", concern=label)
    if reason.code == "age_fits":
        # A range the source gives as grades or months ("årskurs 7–9") is only near an age:
        # say the source's words, and that the age may fit, rather than "age 16 fits".
        key = "reason.age_label" if isinstance(p.get("label"), Text) else "reason.age_fits"
        return t(lang, key, age=p["age"], range=_range_text(p, lang))
    if reason.code == "area_local":
        return t(lang, "reason.area_local", area=text(vocab.areas[p["area"]].label, lang))
    if reason.code == "area_elsewhere":
        return t(lang, "reason.area_elsewhere", areas=areas_text(catalogue, p["areas"], lang))
    if reason.code == "ended":
        return t(lang, "reason.ended", end=p.get("end") or "?")
    return t(lang, f"reason.{reason.code}", **p)


def _inline(label: str) -> str:
    """A label inside a sentence: "Alkohol" as "alkohol", but "NPF …" kept as it is."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _range_text(params: dict[str, Any], lang: Lang) -> str:
    label = params.get("label")
    if isinstance(label, Text):
        return text(label, lang)
    return ages_text(AgeRange(params.get("min"), params.get("max")), lang)


def ages_text(ages: AgeRange, lang: Lang) -> str:
    if ages.label is not None:
        return text(ages.label, lang)
    if ages.min is not None and ages.max is not None:
        return t(lang, "ages.between", min=ages.min, max=ages.max)
    if ages.max is not None:
        return t(lang, "ages.up_to", max=ages.max)
    if ages.min is not None:
        return t(lang, "ages.from", min=ages.min)
    return t(lang, "ages.unknown")


def areas_text(catalogue: Catalogue, areas: tuple[str, ...], lang: Lang) -> str:
    if not areas:
        return t(lang, "areas.everywhere")
    return ", ".join(text(catalogue.vocabulary.areas[a].label, lang) for a in areas)


def widen_text(catalogue: Catalogue, widening: Widening, lang: Lang) -> str:
    vocab = catalogue.vocabulary
    label = ""
    if widening.drop == "concern" and widening.value in vocab.concerns:
        label = text(vocab.concerns[widening.value].label, lang)
    elif widening.drop == "role" and widening.value in vocab.roles:
        label = text(vocab.roles[widening.value].label, lang)
    return t(lang, f"widen.{widening.drop}", count=widening.results, label=label, value=widening.value or "")


def _period_text(period: Period | None, lang: Lang) -> str:
    if period is None:
        return ""
    return t(
        lang, "card.period_range", start=period.start or "?", end=period.end or t(lang, "card.period_open")
    )


def _source_date(as_of: str | None, lang: Lang) -> str:
    return t(lang, "source.as_of", date=as_of) if as_of else t(lang, "source.undated")


def grouped(
    catalogue: Catalogue, items: list[Initiative], lang: Lang, only: str | None = None
) -> list[tuple[str, list[CardView]]]:
    """Initiatives under each concern they help with, in the vocabulary's order.

    An initiative with several concerns appears under each, as a parent scanning for their
    worry expects; those for any worry, and those tied to no worry, get groups of their own.
    """
    groups: list[tuple[str, list[CardView]]] = []
    for key, term in catalogue.vocabulary.concerns.items():
        if only is not None and key != only:
            continue
        members = [card_view(catalogue, i, lang) for i in items if key in i.concerns]
        if members:
            groups.append((text(term.label, lang), members))
    broad = [card_view(catalogue, i, lang) for i in items if i.any_concern]
    if broad:
        groups.append((t(lang, "list.any_concern"), broad))
    if only is None:
        rest = [card_view(catalogue, i, lang) for i in items if not i.concerns and not i.any_concern]
        if rest:
            groups.append((t(lang, "list.other"), rest))
    return groups


def understood_text(catalogue: Catalogue, needs: Needs, words: dict[str, tuple[str, ...]], lang: Lang) -> str:
    """What free text was read as, so a field worker can correct it on the spot."""
    vocab = catalogue.vocabulary
    parts: list[str] = []
    if needs.role is not None:
        parts.append(text(vocab.roles[needs.role].label, lang))
    if needs.age is not None:
        parts.append(t(lang, "understood.age", age=needs.age))
    for key in needs.concerns:
        said = ", ".join(words.get(key, ()))
        parts.append(text(vocab.concerns[key].label, lang) + (f" ({clean(said)})" if said else ""))
    if needs.area is not None:
        parts.append(text(vocab.areas[needs.area].label, lang))
    return " · ".join(parts) or t(lang, "understood.nothing")
