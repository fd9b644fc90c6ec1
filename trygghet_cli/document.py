"""What an answer says, as a flat list of typed blocks, before any format decides how it looks.

The rich, plain and markdown outputs each only map block kinds to their own styling, so the
three can never disagree about content, order or which emergency line comes first.
"""

from typing import Literal, NamedTuple

from trygghet_cli.i18n import t
from trygghet_cli.model import Lang
from trygghet_cli.views import AnswerView, CardView, ContactView, RouteView

Kind = Literal["alert", "heading", "title", "text", "why", "contact", "meta", "item", "link", "gap"]


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


def language_blocks(lang: Lang) -> tuple[list[Block], list[Block]]:
    """What an answer in `lang` says about its language: before it, that no person has
    reviewed the translation (in `lang` and in Swedish); after it, that the municipality
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
