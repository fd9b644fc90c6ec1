"""What an answer says, as a flat list of typed blocks, before any format decides how it looks.

The rich, plain and markdown outputs each only map block kinds to their own styling, so the
three can never disagree about content, order or which emergency line comes first.
"""

import re
from typing import Literal, NamedTuple

from trygghet_cli.i18n import t
from trygghet_cli.model import Lang
from trygghet_cli.views import AnswerView, CardView, ContactView, RouteView

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
    """The answer; `preface` (what free text was read as) comes right after the urgent lines."""
    blocks = urgent_blocks(view.urgent, view.safety_first, lang) + list(preface)
    if view.nothing:
        blocks += [Block("heading", t(lang, "answer.nothing")), Block("text", t(lang, "answer.nothing_help"))]
        blocks += [Block("item", w) for w in view.widen]
    else:
        blocks.append(Block("heading", view.heading))
        for number, card in enumerate(view.cards, start=1):
            blocks += card_summary_blocks(card, number, lang)
    blocks += route_blocks(view.routes, lang)
    return blocks


def urgent_blocks(routes: tuple[RouteView, ...], safety_first: bool, lang: Lang) -> list[Block]:
    blocks = [Block("alert", t(lang, "safety.danger_now"))] if safety_first else []
    blocks.append(Block("heading", t(lang, "answer.urgent")))
    for route in routes:
        blocks += [contact_block(c, route.name) for c in route.contacts if c.kind == "phone"]
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
    detail = label + (f" · {contact.hours}" if contact.hours else "")
    return Block("contact", contact.kind_label, value=contact.value, detail=detail, note=contact.note or "")


def compact_answer_blocks(
    view: AnswerView, lang: Lang, more_hint: str, preface: tuple[Block, ...] = ()
) -> list[Block]:
    """The answer in one screen: whatever `answer_blocks` puts before the suggestions (the
    urgent block, and what free text was read as) unchanged, then the best `BRIEF_COUNT`
    suggestions as one `brief` block each, then one `routes_line` of the general routes.

    `more_hint` says how to see everything (a wizard menu item, or `--full`).
    """
    whole = answer_blocks(view, lang, preface)
    if view.nothing:
        return whole
    heading = Block("heading", view.heading)
    blocks = whole[: whole.index(heading) + 1]
    blocks += [brief_block(card, number, lang) for number, card in enumerate(view.cards[:BRIEF_COUNT], 1)]
    if len(view.cards) > BRIEF_COUNT:
        blocks.append(Block("text", t(lang, "answer.more_suggestions", count=len(view.cards) - BRIEF_COUNT)))
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
        reach.append(f"{contact.kind_label} {contact.value}{via}")
    # Open now / when it opens next belongs at the end of `value`, once hours are structured.
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
