"""What an answer says, as a flat list of typed blocks, before any format decides how it looks.

The rich, plain and markdown outputs each only map block kinds to their own styling, so the
three can never disagree about content, order or which emergency line comes first.
"""

import re
from typing import Literal, NamedTuple

from trygghet_cli.i18n import t
from trygghet_cli.model import Lang
from trygghet_cli.views import AnswerView, CardView, ContactView, CrisisView, RouteView

Kind = Literal[
    "alert",
    "heading",
    "title",
    "text",
    "why",
    "contact",
    "meta",
    "item",
    "link",
    "gap",
    "brief",
    "routes_line",
]
BRIEF_COUNT = 4  # suggestions in the compact answer: with the urgent block and the menu, one 100×40 screen


class Block(NamedTuple):
    kind: Kind
    text: str
    value: str = ""
    detail: str = ""
    note: str = ""


def answer_blocks(view: AnswerView, lang: Lang, preface: tuple[Block, ...] = ()) -> list[Block]:
    """The answer; `preface` (what free text was read as) comes right after the urgent lines.

    A crisis block, when there is one, comes before everything else; the urgent lines then
    leave out the routes it already gave, and an empty answer does not say it found nothing.
    """
    blocks: list[Block] = []
    shown = {r.id for r in view.crisis.routes} if view.crisis is not None else set()
    urgent = tuple(r for r in view.urgent if r.id not in shown)
    if view.crisis is not None:
        blocks += crisis_blocks(view.crisis)
    if urgent or view.crisis is None:
        blocks += urgent_blocks(urgent, view.safety_first and view.crisis is None, lang, view.answers_now)
    blocks += preface
    if not view.nothing:
        blocks.append(Block("heading", view.heading))
        for number, card in enumerate(view.cards, start=1):
            blocks += card_summary_blocks(card, number, lang)
    elif view.crisis is None:
        blocks += [Block("heading", t(lang, "answer.nothing")), Block("text", t(lang, "answer.nothing_help"))]
        blocks += [Block("item", w) for w in view.widen]
        if view.routes:  # never an empty answer: the routes that are there for this person
            blocks.append(Block("text", t(lang, "answer.nothing_routes")))
    blocks += route_blocks(tuple(r for r in view.routes if r.id not in shown), lang)
    return blocks


def crisis_lines(crisis: CrisisView) -> list[Block]:
    """The crisis block in a few lines for one screen: the calm sentence, then each crisis
    route's phones, named (its web page and what it is are on the full answer)."""
    blocks = [Block("alert", crisis.message)]
    for route in crisis.routes:
        blocks += [contact_block(c, route.name) for c in route.contacts if c.kind == "phone"]
    return blocks


def crisis_blocks(crisis: CrisisView) -> list[Block]:
    """The calm sentence, then each crisis route: its name, what it is, how to reach it."""
    blocks = [Block("alert", crisis.message)]
    for route in crisis.routes:
        blocks += [Block("title", route.name), Block("text", route.summary)]
        blocks += [contact_block(c) for c in route.contacts if c.kind in ("phone", "web")]
    return blocks


def urgent_blocks(
    routes: tuple[RouteView, ...], safety_first: bool, lang: Lang, answers_now: tuple[str, ...] = ()
) -> list[Block]:
    """112 and the on-call line; when the municipality's own lines are closed, also every
    phone of the answer that answers now (`AnswerView.answers_now`)."""
    blocks = [Block("alert", t(lang, "safety.danger_now"))] if safety_first else []
    blocks.append(Block("heading", t(lang, "answer.urgent")))
    for route in routes:
        blocks += [contact_block(c, route.name) for c in route.contacts if c.kind == "phone"]
    if answers_now:
        blocks.append(Block("meta", t(lang, "answer.open_now"), detail=" · ".join(answers_now)))
    return blocks


def route_blocks(routes: tuple[RouteView, ...], lang: Lang) -> list[Block]:
    if not routes:
        return []
    blocks = [Block("heading", t(lang, "answer.more_routes"))]
    for route in routes:
        blocks.append(Block("title", route.name))
        blocks.append(Block("text", route.summary))
        blocks += [contact_block(c) for c in route.contacts]
    return blocks


def card_summary_blocks(card: CardView, number: int, lang: Lang) -> list[Block]:
    title = f"{number}. {card.name}" + (f" ({t(lang, 'card.ended')})" if card.ended else "")
    blocks = [Block("title", title), Block("text", card.summary)]
    if card.reasons:
        blocks.append(Block("why", t(lang, "card.why"), detail=" · ".join(card.reasons)))
    blocks.append(Block("meta", t(lang, "card.access"), detail=card.access))
    blocks += [contact_block(c) for c in card.contacts]
    blocks.append(Block("meta", t(lang, "card.more"), detail=f"trygghet show {card.id}"))
    blocks.append(Block("meta", t(lang, "card.reviewed"), detail=card.reviewed))
    return blocks


def card_blocks(card: CardView, lang: Lang) -> list[Block]:
    """The whole card for `show`: everything a person needs to decide and to get in touch."""
    blocks = [
        Block("heading", card.name + (f" ({t(lang, 'card.ended')})" if card.ended else "")),
        Block("text", card.summary),
        Block("text", card.description),
        Block("meta", t(lang, "card.for_whom"), detail=card.for_whom),
        Block("meta", t(lang, "card.ages"), detail=card.ages),
        Block("meta", t(lang, "card.areas"), detail=card.areas),
        Block("meta", t(lang, "card.access"), detail=card.access),
        Block("meta", t(lang, "card.provider"), detail=card.provider),
        *([Block("meta", t(lang, "card.period"), detail=card.period)] if card.period else []),
        Block("title", t(lang, "card.contact")),
    ]
    blocks += [contact_block(c) for c in card.contacts]
    blocks.append(Block("title", t(lang, "card.sources")))
    blocks += [Block("link", "", value=url, detail=date) for url, date in card.sources]
    blocks.append(Block("meta", t(lang, "card.reviewed"), detail=card.reviewed))
    return blocks


def list_blocks(groups: list[tuple[str, list[CardView]]]) -> list[Block]:
    blocks: list[Block] = []
    for heading, cards in groups:
        blocks.append(Block("heading", heading))
        blocks += [Block("item", c.name, value=c.id, detail=c.summary) for c in cards]
    return blocks


def contact_block(contact: ContactView, prefix: str = "") -> Block:
    label = f"{prefix}: {contact.label}" if prefix else contact.label
    detail = label + "".join(f" · {part}" for part in (contact.hours, contact.status) if part)
    return Block("contact", contact.kind_label, value=contact.value, detail=detail, note=contact.note or "")


def without_answers(blocks: list[Block], lang: Lang) -> list[Block]:
    """The blocks minus what restates the person's answers (why it fits, what their words were
    read as) and the tool's own commands: for text that leaves the room, such as a mail."""
    private = {t(lang, "search.understood"), t(lang, "card.more")}
    return [b for b in blocks if b.kind != "why" and not (b.kind == "meta" and b.text in private)]


def compact_answer_blocks(
    view: AnswerView, lang: Lang, more_hint: str, preface: tuple[Block, ...] = ()
) -> list[Block]:
    """The answer in one screen: whatever `answer_blocks` puts before the suggestions (the
    urgent block, and what free text was read as) unchanged, then the best `BRIEF_COUNT`
    suggestions as one `brief` block each, then one `routes_line` of the general routes.

    `more_hint` says how to see everything (a wizard menu item, or `--full`).
    """
    whole = answer_blocks(view, lang, preface)
    count = BRIEF_COUNT
    if view.crisis is not None:  # the crisis lines, a line each, so they stay on the screen
        whole = crisis_lines(view.crisis) + whole[len(crisis_blocks(view.crisis)) :]
        count -= 1
    if view.nothing:  # what fits nothing, and what would: then the routes, a line
        more = Block("heading", t(lang, "answer.more_routes"))
        blocks = whole[: whole.index(more)] if more in whole else whole
    else:
        heading = Block("heading", view.heading)
        blocks = whole[: whole.index(heading) + 1]
        blocks += [brief_block(card, number, lang) for number, card in enumerate(view.cards[:count], 1)]
        if len(view.cards) > count:
            blocks.append(Block("text", t(lang, "answer.more_suggestions", count=len(view.cards) - count)))
    routes = [f"{route.name} {c.value}" for route in view.routes for c in route.contacts if c.kind == "phone"]
    if routes:
        blocks.append(Block("routes_line", t(lang, "answer.more_routes_short"), value=" · ".join(routes)))
    if more_hint:
        blocks.append(Block("text", more_hint))
    return blocks


def brief_block(card: CardView, number: int, lang: Lang) -> Block:
    """One suggestion in a few lines: text = "N. name", note = why, detail = its first
    sentence, value = how to get in and the phone or place to start with."""
    title = f"{number}. {card.name}" + (f" ({t(lang, 'card.ended')})" if card.ended else "")
    reach = [card.access]
    for contact in _ways_in(card.contacts):
        via = f" {t(lang, 'card.via', route=contact.via_name)}" if contact.via_name else ""
        status = f", {contact.status}" if contact.status else ""
        reach.append(f"{contact.kind_label} {contact.value}{via}{status}")
    why = " · ".join(card.brief_reasons)
    return Block("brief", title, value=" · ".join(reach), detail=_first_sentence(card.summary), note=why)


def _ways_in(contacts: tuple[ContactView, ...]) -> list[ContactView]:
    """The first place to go and the first phone, in the catalogue's order; else the first
    web page or e-mail address."""
    place = next((c for c in contacts if c.kind in ("visit", "address")), None)
    phone = next((c for c in contacts if c.kind == "phone"), None)
    found = [c for c in contacts if c is place or c is phone]
    return found or list(contacts[:1])


_SENTENCE_END = re.compile(r"[.?!](?= [A-ZÅÄÖ])")


def _first_sentence(summary: str) -> str:
    """The summary up to its first full stop, question or exclamation mark before a capital
    (so "t.ex. en" does not end it)."""
    found = _SENTENCE_END.search(summary)
    return summary[: found.end()] if found else summary


def language_blocks(lang: Lang) -> tuple[list[Block], list[Block]]:
    """What an answer in `lang` says about its language (both go after the answer, so nothing
    ever comes before a crisis block): that no person has reviewed the translation (in `lang`
    and in Swedish); and that the municipality
    provides an interpreter, with a Swedish sentence to show at the desk. Swedish and
    English, the project's own languages, need neither."""
    if lang in ("sv", "en"):
        return [], []
    from trygghet_cli.i18n import reviewed

    in_swedish = t(lang, "language.in_swedish")
    before: list[Block] = []
    if not reviewed(lang):
        before = [Block("text", t(lang, "translation.unreviewed"))]
        if lang != "lattlast":  # easy-to-read Swedish has just said it in Swedish
            before.append(Block("text", t("sv", "translation.unreviewed_sv", language=in_swedish)))
    after: list[Block] = []
    if lang != "lattlast":  # easy-to-read Swedish is read by Swedish speakers
        after = [
            Block("text", t(lang, "interpreter.offer")),
            Block("text", t(lang, "interpreter.show_desk")),
            Block("item", t("sv", "interpreter.sentence", language=in_swedish)),
        ]
    return before, after
