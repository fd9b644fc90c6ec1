"""Which initiatives fit a person's answers, in what order, and why.

Pure and deterministic: the same catalogue and answers always give the same list, so the
wizard, `find` and `search` cannot disagree, and tests can pin the order to the page's facts.
"""

import datetime as dt
import heapq
from collections.abc import Iterable
from typing import Any, NamedTuple

from trygghet_cli.model import AgeRange, Catalogue, Initiative, Route, Text
from trygghet_cli.store import Facts, Store

# The ranking rules, strongest first. Each weight is larger than all the weaker ones together,
# so a rule only decides between results the stronger rules leave equal:
#  1. each chosen concern the initiative is made for (its `concerns`);
#  2. made for any worry (`any_concern`), when it is made for none of the chosen concerns;
#  3. each chosen concern it only touches (`touches`), counted up to TOUCHES_COUNTED, so a
#     prevention programme that touches many worries never passes one made for one of them;
#  4. in the person's area, then for the whole municipality (only when an area is given);
#  5. an age band stated at both ends, when an age is given (made for that age: HöjaSpelet's
#     preschool class to year 3 for an 8-year-old, Trygghetscirkeln for a 2-year-old);
#  6. a way in made for the person's role (`works_with`: the field workers' training and
#     guidance for professionals, open meeting places young people go to themselves), so
#     what is made for professionals is not last behind the families' doors;
#  7. an easier way in (the access vocabulary's rank: what you can contact yourself before
#     what comes through school).
# How many concerns an initiative lists counts for nothing. Ties go by Swedish alphabetical
# order of names; ended initiatives (shown only when asked for) come last.
CONCERN_WEIGHT = 100_000
ANY_CONCERN_WEIGHT = 10_000
TOUCH_WEIGHT = 2_000
TOUCHES_COUNTED = 3
LOCAL_WEIGHT = 800
WHOLE_MUNICIPALITY_WEIGHT = 400
AGE_SPECIFIC_WEIGHT = 200
WAY_IN_WEIGHT = 100
ACCESS_STEP = 10
ACCESS_WEIGHT_MAX = 9 * ACCESS_STEP

URGENT_TIERS = ("emergency", "out_of_hours")


class Needs(NamedTuple):
    """A person's answers: the one value both the wizard and the flags produce."""

    role: str | None
    age: int | None = None
    concerns: tuple[str, ...] = ()
    area: str | None = None
    include_ended: bool = False
    today: dt.date | None = None  # None: the real today; tests pin a date
    crisis: tuple[str, ...] = ()  # crisis kinds the person's own words expressed (crisis.py)


class Reason(NamedTuple):
    """Why a result fits, as a message code and its parameters, translated by the shell."""

    code: str
    params: dict[str, Any] = {}


class Match(NamedTuple):
    initiative: Initiative
    position: int  # in the catalogue's store
    score: int
    reasons: tuple[Reason, ...]
    concerns: tuple[str, ...] = ()  # the chosen concerns it is made for, then those it touches
    ended: bool = False


class Widening(NamedTuple):
    """A change to the answers that would give results, and how many."""

    drop: str
    results: int
    value: str | None = None


class CrisisAnswer(NamedTuple):
    """What opens an answer whose free text expressed a crisis: the first kind found (and
    all of them), its calm sentence, and the routes of every kind found, in the catalogue's
    order, without those whose ages exclude the person (Bris only under 18 or age unknown)."""

    kind: str
    kinds: tuple[str, ...]
    message: Text
    routes: tuple[Route, ...]


class Answer(NamedTuple):
    needs: Needs
    matches: tuple[Match, ...]
    urgent_routes: tuple[Route, ...]
    routes: tuple[Route, ...]
    safety_first: bool
    widen: tuple[Widening, ...] = ()
    total: int = 0
    crisis: CrisisAnswer | None = None


def recommend(catalogue: Catalogue, needs: Needs, limit: int | None = None) -> Answer:
    matches, total = _ranked(catalogue, needs, limit)
    return _answer(catalogue, needs, matches, total, widen=not total)


def _answer(
    catalogue: Catalogue, needs: Needs, matches: tuple[Match, ...], total: int, widen: bool
) -> Answer:
    """The matches with what goes beside every answer: general routes, the safety-first flag,
    and, when asked for, what to leave out to get more."""
    urgent, other = routes_for(catalogue, needs)
    concerns = catalogue.vocabulary.concerns
    crisis = crisis_answer(catalogue, needs)
    safety = crisis is not None or any(concerns[c].safety_first for c in needs.concerns if c in concerns)
    widened = widenings(catalogue, needs) if widen and crisis is None else ()
    return Answer(needs, matches, urgent, other, safety, widened, total, crisis)


def crisis_answer(catalogue: Catalogue, needs: Needs) -> CrisisAnswer | None:
    """The crisis block for the kinds in `needs.crisis`, or None when there are none."""
    kinds = [kind for key in needs.crisis if (kind := catalogue.crisis.kind(key)) is not None]
    if not kinds:
        return None
    routes: list[Route] = []
    for kind in kinds:
        for route_id in kind.routes:
            route = catalogue.route(route_id)
            if route is None or route in routes:
                continue
            if needs.age is None or route.ages.contains(needs.age):
                routes.append(route)
    return CrisisAnswer(kinds[0].key, tuple(k.key for k in kinds), kinds[0].message, tuple(routes))


NAMED_WEIGHT = 5 * CONCERN_WEIGHT  # a name the text says beats the worries it says
# Each of the person's words (or phrases) that is one of an initiative's keywords, up to
# KEYWORDS_COUNTED: one alone weighs less than a worry the text says (a daughter or a school
# named in passing does not outweigh "dricker"), two outweigh one worry, so in a long text
# the initiative that most of its words describe comes first.
KEYWORD_WEIGHT = 3 * CONCERN_WEIGHT // 5
KEYWORDS_COUNTED = 4
# An initiative made for any worry that the text describes with this many of its keywords
# (a group of young people, for Nödstopp) is made for each worry the text says.
DESCRIBED_BY = 2


def recommend_for_words(
    catalogue: Catalogue,
    needs: Needs,
    named: tuple[str, ...],
    words: dict[str, tuple[str, ...]],
    limit: int | None = None,
    keyworded: tuple[str, ...] = (),
) -> Answer:
    """Like `recommend`, for free text: initiatives the text names come first, and every
    result says which of the person's words led to it. An initiative the text names or has a
    keyword of is scored without the concerns unless it fits them too (then both count); its
    keywords add KEYWORD_WEIGHT for each of the person's words or phrases among them (as
    `words` gives them under "kw:" and its id), up to KEYWORDS_COUNTED, named or not; one
    made for any worry that DESCRIBED_BY of its keywords describe is made for the text's
    worries (`_described_weight`)."""
    facts = catalogue.store.facts()
    found = (
        {position: _Found(fit, needs) for _, position, fit in _scored(catalogue, needs)}
        if needs.concerns
        else {}
    )
    plain = needs._replace(concerns=())
    sets = _Sets.of(catalogue.store, plain)
    boosts: list[tuple[str, int, Reason | None]] = [(i, NAMED_WEIGHT, Reason("named")) for i in named]
    # Keywords count for named initiatives too: "Lyktan" names Lyktan and Lyktan Prova På,
    # and "class visit" says which.
    boosts += [(i, _keyword_weight(words.get("kw:" + i, ())), None) for i in keyworded]
    for initiative_id, weight, reason in boosts:
        position = catalogue.store.position(initiative_id)
        fit = None if position is None else _fit(facts[position], sets, plain)
        if position is None or fit is None:
            continue
        earlier = found.get(position, _Found(fit, plain))
        first = (reason, *earlier.first) if reason else earlier.first
        if reason is None and len(words.get("kw:" + initiative_id, ())) >= DESCRIBED_BY:
            weight += _described_weight(facts[position], earlier, needs)
        found[position] = _Found(earlier.fit._replace(score=earlier.fit.score + weight), earlier.needs, first)
    ranked = sorted(found.items(), key=lambda kv: _order_key(facts[kv[0]], kv[1].fit))
    shown = tuple(
        _with_words(_match(catalogue, position, f.needs, f.fit, f.first), words)
        for position, f in (ranked if limit is None else ranked[:limit])
    )
    widen = not ranked and bool(needs.concerns or named or keyworded)
    return _answer(catalogue, needs, shown, len(ranked), widen)


def _described_weight(facts: Facts, found: "_Found", needs: Needs) -> int:
    """What an initiative made for any worry (and for none of the text's worries as such)
    gains when the text describes it with DESCRIBED_BY or more of its keywords: it is made for
    each worry the text says (Nödstopp, talks about a group of young people, for "a gang of
    boys in the class steal and smoke"), CONCERN_WEIGHT each in place of the any-worry weight.
    0 for any other initiative."""
    if not (facts.any_concern and needs.concerns) or found.fit.covered:
        return 0
    return CONCERN_WEIGHT * len(needs.concerns) - ANY_CONCERN_WEIGHT


def _keyword_weight(said: tuple[str, ...]) -> int:
    """The weight of the keywords a text said: KEYWORD_WEIGHT for each word or phrase in
    `said` (at least one: the text had a keyword), up to KEYWORDS_COUNTED of them."""
    return KEYWORD_WEIGHT * min(max(len(said), 1), KEYWORDS_COUNTED)


class _Found(NamedTuple):
    """A free-text candidate before it is built: its fit, the answers its reasons are given
    for, and the reasons that go first (that the text names it)."""

    fit: "Fit"
    needs: Needs
    first: tuple[Reason, ...] = ()


def _with_words(match: Match, words: dict[str, tuple[str, ...]]) -> Match:
    keys = (*match.concerns, match.initiative.id, "kw:" + match.initiative.id)
    said = tuple(dict.fromkeys(w for k in keys for w in words.get(k, ())))
    if not said:
        return match
    return match._replace(reasons=(*match.reasons, Reason("words", {"words": ", ".join(said)})))


def _ranked(catalogue: Catalogue, needs: Needs, limit: int | None = None) -> tuple[tuple[Match, ...], int]:
    """The best `limit` matches, and how many fit in all; initiatives and reasons are built
    only for the matches that will be shown."""
    scored = _scored(catalogue, needs)
    shown = sorted(scored) if limit is None else heapq.nsmallest(limit, scored)
    matches = tuple(_match(catalogue, position, needs, fit) for _, position, fit in shown)
    return matches, len(scored)


def _scored(catalogue: Catalogue, needs: Needs) -> list[tuple[tuple[bool, int, int], int, "Fit"]]:
    """Every initiative that fits, as (order key, position, fit), scored from its facts alone."""
    facts = catalogue.store.facts()
    sets = _Sets.of(catalogue.store, needs)
    scored = []
    for position in candidates(catalogue, needs):
        fit = _fit(facts[position], sets, needs)
        if fit is not None:
            scored.append((_order_key(facts[position], fit), position, fit))
    return scored


def candidates(catalogue: Catalogue, needs: Needs) -> Iterable[int]:
    """Positions that can pass the role and concern rules, found from the store's tags rather
    than by looking at every initiative."""
    store = catalogue.store
    everything = range(len(store.facts()))
    if needs.role is None and not needs.concerns:
        return everything
    found = set(everything) if needs.role is None else set(store.holders("role", needs.role))
    if needs.concerns:
        wanted = set(store.any_concern())
        for concern in needs.concerns:
            wanted |= store.holders("concern", concern) | store.holders("touch", concern)
        found &= wanted
    return sorted(found)


class Fit(NamedTuple):
    """How an initiative fits: its score, the chosen concerns it is made for and those it only
    touches, and whether it has ended."""

    score: int
    covered: tuple[str, ...]
    ended: bool
    touched: tuple[str, ...] = ()


def _match(
    catalogue: Catalogue, position: int, needs: Needs, fit: Fit, first: tuple[Reason, ...] = ()
) -> Match:
    item = catalogue.store.at(position)
    reasons = (*first, *_reasons(item, needs, fit))
    return Match(item, position, fit.score, reasons, (*fit.covered, *fit.touched), fit.ended)


class _Sets(NamedTuple):
    """The store's tag sets for these answers, looked up once rather than once per candidate."""

    role: frozenset[int] | None
    concerns: tuple[tuple[str, frozenset[int]], ...]
    touches: tuple[tuple[str, frozenset[int]], ...]
    area: frozenset[int] | None
    way_in: frozenset[int]  # a way in made for the person's role
    today: int

    @classmethod
    def of(cls, store: Store, needs: Needs) -> "_Sets":
        return cls(
            None if needs.role is None else store.holders("role", needs.role),
            tuple((c, store.holders("concern", c)) for c in needs.concerns),
            tuple((c, store.holders("touch", c)) for c in needs.concerns),
            None if needs.area is None else store.holders("area", needs.area),
            frozenset() if needs.role is None else store.holders("works_with", needs.role),
            (needs.today or dt.date.today()).toordinal(),
        )


def _fit(facts: Facts, sets: _Sets, needs: Needs) -> Fit | None:
    """The hard rules, then the score, or None when the initiative does not fit."""
    position = facts.position
    if sets.role is not None and position not in sets.role:
        return None
    low, high, age = facts.age_min, facts.age_max, needs.age
    if age is not None and ((low is not None and age < low) or (high is not None and age > high)):
        return None
    ended = facts.last_day is not None and facts.last_day < sets.today
    if ended and not needs.include_ended:
        return None
    covered = tuple(c for c, holders in sets.concerns if position in holders)
    touched = tuple(c for c, holders in sets.touches if position in holders)
    any_worry = bool(needs.concerns) and not covered and bool(facts.any_concern)
    if needs.concerns and not (covered or touched or any_worry):
        return None
    score = CONCERN_WEIGHT * len(covered) + (ANY_CONCERN_WEIGHT if any_worry else 0)
    score += TOUCH_WEIGHT * min(len(touched), TOUCHES_COUNTED)
    if sets.area is not None:
        if position in sets.area:
            score += LOCAL_WEIGHT
        elif not facts.local:
            score += WHOLE_MUNICIPALITY_WEIGHT
    if position in sets.way_in:
        score += WAY_IN_WEIGHT
    score += max(ACCESS_WEIGHT_MAX - ACCESS_STEP * facts.access_rank, 0)
    if age is not None and low is not None and high is not None:
        score += AGE_SPECIFIC_WEIGHT
    return Fit(score, covered, ended, touched)


def _reasons(item: Initiative, needs: Needs, fit: Fit) -> tuple[Reason, ...]:
    """Why it fits: the role; each chosen concern it is made for ("concern") or only touches
    ("touches"), or that it is for any worry; the age, the place, and whether it has ended."""
    covered, ended = fit.covered, fit.ended
    reasons = [Reason("role", {"role": needs.role})] if needs.role else []
    reasons += [Reason("concern", {"concern": c}) for c in covered]
    if needs.concerns and not covered and item.any_concern:
        reasons.append(Reason("any_concern"))
    reasons += [Reason("touches", {"concern": c}) for c in fit.touched]
    if needs.age is not None:
        reasons.append(_age_reason(needs.age, item.ages))
    place = _place_reason(item, needs)
    if place is not None:
        reasons.append(place)
    if ended:
        reasons.append(Reason("ended", {"end": item.period.end if item.period else None}))
    return tuple(reasons)


def _age_reason(age: int, ages: AgeRange) -> Reason:
    if ages.unlimited:
        return Reason("age_no_limit", {"age": age})
    return Reason("age_fits", {"age": age, "min": ages.min, "max": ages.max, "label": ages.label})


def _place_reason(item: Initiative, needs: Needs) -> Reason | None:
    if needs.area is None:
        return None
    if needs.area in item.areas:
        return Reason("area_local", {"area": needs.area})
    if not item.areas:
        return Reason("area_everywhere")
    return Reason("area_elsewhere", {"areas": item.areas})


def routes_for(catalogue: Catalogue, needs: Needs) -> tuple[tuple[Route, ...], tuple[Route, ...]]:
    """General routes for these answers: the urgent ones, then the rest in catalogue order.

    A route the catalogue's `crisis.urgent_for_concerns` names for a chosen concern is urgent
    too (Självmordslinjen for mental health), whatever its tier.
    """
    lifted = {r for c in needs.concerns for r in catalogue.crisis.urgent_for_concerns.get(c, ())}
    urgent: list[Route] = []
    other: list[Route] = []
    for route in catalogue.routes:
        if not (route.always or _route_fits(route, needs) or route.id in lifted):
            continue
        (urgent if route.tier in URGENT_TIERS or route.id in lifted else other).append(route)
    return tuple(urgent), tuple(other)


def _route_fits(route: Route, needs: Needs) -> bool:
    if route.audiences and needs.role is not None and needs.role not in route.audiences:
        return False
    if needs.age is not None and not route.ages.contains(needs.age):
        return False
    if route.concerns:
        return bool(route.concerns.intersection(needs.concerns))
    return True


def _count(catalogue: Catalogue, needs: Needs) -> int:
    return _ranked(catalogue, needs, limit=0)[1]


def widenings(catalogue: Catalogue, needs: Needs) -> tuple[Widening, ...]:
    """What to leave out to get an answer: one change at a time, so each is easy to try."""
    options: list[Widening] = []
    if needs.age is not None:
        options.append(Widening("age", _count(catalogue, needs._replace(age=None))))
    for concern in needs.concerns:
        fewer = tuple(c for c in needs.concerns if c != concern)
        count = _count(catalogue, needs._replace(concerns=fewer))
        options.append(Widening("concern", count, concern))
    for role in catalogue.vocabulary.roles if needs.role is not None else ():
        if role != needs.role:
            count = _count(catalogue, needs._replace(role=role))
            options.append(Widening("role", count, role))
    if not needs.include_ended:
        options.append(Widening("ended", _count(catalogue, needs._replace(include_ended=True))))
    return tuple(w for w in options if w.results > 0)


def _order_key(facts: Facts, fit: Fit) -> tuple[bool, int, int]:
    """Ended last, then score (the rules above), then Swedish alphabetical order of names."""
    return (fit.ended, -fit.score, facts.alphabetical)


def concerns_offered(catalogue: Catalogue, role: str | None) -> tuple[str, ...]:
    """The concern keys worth offering a person in `role`, in the vocabulary's order.

    A concern is offered when an initiative for that role is made for it or touches it, or a
    general route for that role is for it (mental health leads a young person to
    Självmordslinjen even where no initiative is); the rest are left out (parenting support is
    not a young person's own worry in the catalogue). With no role, every concern is offered.
    """
    concerns = tuple(catalogue.vocabulary.concerns)
    if role is None:
        return concerns
    store = catalogue.store
    holders = store.holders("role", role)
    routed = {
        c
        for route in catalogue.routes
        if not route.audiences or role in route.audiences
        for c in route.concerns
    }
    routed.update(c for c in catalogue.crisis.urgent_for_concerns)
    return tuple(
        c
        for c in concerns
        if c in routed or holders & (store.holders("concern", c) | store.holders("touch", c))
    )
