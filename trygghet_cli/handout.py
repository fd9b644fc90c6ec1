"""A paper for the family to take home: the handout, as HTML to print, plain text or Markdown.

Pure: `handout()` receives only catalogue content (the chosen initiatives, the general routes,
the ways in), the handout's language, the day of printing and the crisis kind, never the
family's answers, so it cannot put on paper what it never sees. The same inputs always give
the same bytes: no time of day, no identifiers, nothing random.

Every catalogue string is passed through `clean` here, and the HTML template escapes
everything (Jinja2 autoescape), so catalogue text is never markup on paper either.
Jinja2 and segno are imported only when a handout is made, not by the other commands.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from trygghet_cli.i18n import t
from trygghet_cli.model import Contact, Crisis, Initiative, Route, Term, Text
from trygghet_cli.safetext import clean

if TYPE_CHECKING:
    from markupsafe import Markup

Format = Literal["html", "text", "markdown"]  # the same as outfile.PaperFormat

# Handout languages, in the order the wizard offers them: the value of the document's `lang`
# attribute and its direction. Interface strings missing for a language fall back to Swedish.
LANGUAGES: dict[str, tuple[str, str]] = {
    "sv": ("sv", "ltr"),
    "en": ("en", "ltr"),
    "lattlast": ("sv", "ltr"),
    "uk": ("uk", "ltr"),
    "so": ("so", "ltr"),
    "ti": ("ti", "ltr"),
    "ar": ("ar", "rtl"),
    "prs": ("prs", "rtl"),
}

# The emergency box: general routes by id, in this order, on every handout; the lines a crisis
# kind or a concern adds come from the catalogue's crisis vocabulary (see _crisis_lines).
EMERGENCY_ROUTES = ("112", "socialjouren", "bris")
NO_CRISIS_VOCABULARY = Crisis()  # a catalogue without a `crisis:` section adds no lines
QR_SYMBOL_MM = 26  # a QR code's printed width without its quiet zone: at least 2.5 cm to scan easily
MAX_INITIATIVES = 3  # what fits on one A4 page at 12 pt (measured in tests/test_handout_browser.py)
TEMPLATES = Path(__file__).resolve().parent / "templates"


class Said(NamedTuple):
    """A text and the language it is written in, so the page can mark it (lang, dir)."""

    text: str
    lang: str
    dir: str


class Phone(NamedTuple):
    number: str
    label: Said
    hours: Said | None = None
    note: Said | None = None


class Line(NamedTuple):
    """A way in that is not a phone: an address, a place to go, an e-mail address."""

    label: Said
    value: Said


class Card(NamedTuple):
    name: str  # the official Swedish name
    summary: Said
    access: Said | None
    phones: tuple[Phone, ...]
    lines: tuple[Line, ...]
    url: str | None
    qr: str  # inline SVG of the QR code for `url`, "" without one
    reviewed: str


class Page(NamedTuple):
    lang: str
    html_lang: str
    dir: str
    printed: str  # ISO date, the day only
    emergency: tuple[Phone, ...]
    cards: tuple[Card, ...]
    large: bool
    fallback: tuple[Phone, ...] = ()  # without suggestions: the municipality's own lines
    calm: Said | None = None  # the crisis block's calm sentence, when the answer had one


def crisis_kind_for(crisis: Crisis, concerns: Sequence[str]) -> str | None:
    """The concern among `concerns` that the catalogue moves lines into the urgent block for
    (`urgent_for_concerns`, e.g. mental health), or None; only this key leaves the shell."""
    return next((c for c in concerns if c in crisis.urgent_for_concerns), None)


def neutral_name(lang: str, suffix: str = ".html") -> str:
    """A file name that says nothing about the family: `stod-sandviken-ar.html`."""
    return f"stod-sandviken-{lang}{suffix}"


def handout(
    initiatives: Sequence[Initiative],
    routes: Sequence[Route],
    access: Mapping[str, Term],
    lang: str,
    printed: dt.date,
    crisis_kind: str | None = None,
    *,
    large: bool = False,
    fmt: Format = "html",
    crisis: Crisis = NO_CRISIS_VOCABULARY,
) -> str:
    """The handout as one document.

    `initiatives`: the chosen ones, best first (at most MAX_INITIATIVES are used);
    `routes`: the catalogue's general routes (the emergency box and route contacts come from
    them); `access`: the catalogue's ways in, by key; `lang`: a key of LANGUAGES;
    `printed`: the day of printing (only the date is shown); `crisis_kind`: a crisis kind or
    a concern key of `crisis.urgent_for_concerns`, or None; `large`: 16 pt instead of 12 pt;
    `crisis`: the catalogue's crisis vocabulary, whose kind (or concern) names the lines that
    lead the emergency box, as the answer's crisis block did, with its calm sentence. Raises KeyError
    for an unknown lang.
    """
    page = _page(initiatives, routes, access, lang, printed, crisis_kind, large, fmt == "html", crisis)
    if fmt == "html":
        return _html(page)
    if fmt == "markdown":
        return _markdown(page)
    return _text(page)


def _page(
    initiatives: Sequence[Initiative],
    routes: Sequence[Route],
    access: Mapping[str, Term],
    lang: str,
    printed: dt.date,
    crisis_kind: str | None,
    large: bool,
    with_qr: bool,
    crisis: Crisis,
) -> Page:
    html_lang, direction = LANGUAGES[lang]
    by_id = {r.id: r for r in routes}
    # The lines the answer's crisis block led with come first, as they did on the screen.
    leading, calm = _crisis_lines(crisis, crisis_kind, lang)
    wanted = tuple(dict.fromkeys(leading + EMERGENCY_ROUTES))
    # The emergency box is read in a hurry: numbers, names and hours, without the provenance
    # notes (those stay on the terminal's answer and the initiatives' cards).
    emergency = tuple(
        phone._replace(note=None)
        for key in wanted
        if key in by_id
        for phone in _phones(by_id[key].contacts, lang, by_id)
    )
    cards = tuple(_card(i, by_id, access, lang, with_qr) for i in initiatives[:MAX_INITIATIVES])
    municipal = [r for r in routes if r.tier == "municipal" and r.always]
    fallback = () if cards else tuple(p for r in municipal for p in _phones(r.contacts, lang, by_id))
    page = Page(lang, html_lang, direction, printed.isoformat(), emergency, cards, large, fallback, calm)
    return _once(page, lang)


def _crisis_lines(crisis: Crisis, kind: str | None, lang: str) -> tuple[tuple[str, ...], Said | None]:
    """The route ids that lead the emergency box for a crisis kind or a concern, and the kind's
    calm sentence, from the catalogue's crisis vocabulary."""
    if kind is None:
        return (), None
    found = crisis.kind(kind)
    if found is not None:
        # Only the kind's first line leads (Självmordslinjen for suicide; 112 for violence):
        # a paper a violent partner may find names no women's line or social services intake.
        return found.routes[:1], _said(found.message, lang)
    return tuple(crisis.urgent_for_concerns.get(kind, ())), None


def _once(page: Page, lang: str) -> Page:
    """Each note on paper once: three cards reached through the same switchboard need its
    caveat in full only beside the first; the others say "as above", so no card shows hours the
    sources disagree on without a word."""
    seen: set[str] = set()
    above = Said(t(lang, "handout.note_above"), *LANGUAGES.get(lang, ("sv", "ltr")))

    def first(phones: tuple[Phone, ...]) -> tuple[Phone, ...]:
        kept = []
        for phone in phones:
            if phone.note and phone.note.text in seen:
                phone = _as_above(phone, above)
            elif phone.note:
                seen.add(phone.note.text)
            kept.append(phone)
        return tuple(kept)

    emergency = first(page.emergency)
    cards = tuple(card._replace(phones=first(card.phones)) for card in page.cards)
    return page._replace(emergency=emergency, cards=cards, fallback=first(page.fallback))


def _as_above(phone: Phone, above: Said) -> Phone:
    """A repeated caveat as a word beside the hours rather than a line of its own: the page has
    room for one page only."""
    if phone.hours is None:
        return phone._replace(note=above)
    return phone._replace(hours=phone.hours._replace(text=f"{phone.hours.text}; {above.text}"), note=None)


def _said(value: Text, lang: str) -> Said:
    """The text in `lang` where the catalogue has it, else its Swedish (marked as Swedish)."""
    own = clean(value.get(lang))
    if lang != "sv" and own == clean(value.get("sv")):
        return Said(own, "sv", "ltr")
    return Said(own, *LANGUAGES.get(lang, ("sv", "ltr")))


def _phones(contacts: Sequence[Contact], lang: str, routes: Mapping[str, Route]) -> list[Phone]:
    """Phones to dial from these contacts; a route contact brings its route's phones, under
    the contact's own label. A phone whose sources conflict is never offered."""
    found: list[Phone] = []
    for contact in contacts:
        if contact.kind == "phone" and contact.caveat != "conflict":
            found.append(_phone(contact, contact.label, lang))
        elif contact.kind == "route" and contact.value.sv in routes:
            via = routes[contact.value.sv].contacts
            found += [
                _phone(c, contact.label, lang) for c in via if c.kind == "phone" and c.caveat != "conflict"
            ]
    return found


def _phone(contact: Contact, label: Text, lang: str) -> Phone:
    return Phone(
        clean(contact.value.sv),
        _said(label, lang),
        _said(contact.hours, lang) if contact.hours else None,
        _said(contact.note, lang) if contact.note else None,
    )


def _card(
    item: Initiative, routes: Mapping[str, Route], access: Mapping[str, Term], lang: str, with_qr: bool
) -> Card:
    lines = tuple(
        Line(_said(c.label, lang), _said(c.value, lang))
        for c in item.contacts
        if c.kind in ("visit", "address", "email")
    )
    url = web_address(item)
    way_in = access.get(item.access)
    return Card(
        clean(item.name),
        _said(item.summary, lang),
        _said(way_in.label, lang) if way_in else None,
        tuple(_phones(item.contacts, lang, routes)),
        lines,
        url,
        qr_svg(url) if url and with_qr else "",
        clean(item.reviewed),
    )


def web_address(item: Initiative) -> str | None:
    """The page to open: the initiative's first web contact, else the first page its facts come
    from. Exactly as the catalogue has it: nothing added, nothing shortened."""
    for contact in item.contacts:
        if contact.kind == "web":
            return clean(contact.value.sv)
    return clean(item.sources[0].url) if item.sources else None


def qr_svg(url: str) -> str:
    """An inline SVG QR code encoding `url` exactly: black on white, the code itself
    QR_SYMBOL_MM wide on paper (its size in mm is in the SVG), plus the 4-module quiet zone."""
    import segno

    code = segno.make(url, error="m", micro=False)
    modules = code.symbol_size(border=0)[0]
    svg: str = code.svg_inline(scale=QR_SYMBOL_MM / modules, unit="mm", border=4, dark="#000", light="#fff")
    return svg


def _unreviewed(lang: str) -> tuple[str, str]:
    """That no person has reviewed this language's translation: in it, and in Swedish (kept
    apart so the Swedish stays left to right on an Arabic page); ("", "") for Swedish,
    English and a reviewed language."""
    from trygghet_cli.i18n import reviewed

    if lang in ("sv", "en") or reviewed(lang):
        return "", ""
    said = t(lang, "translation.unreviewed")
    if lang == "lattlast":  # easy-to-read Swedish has just said it in Swedish
        return said, ""
    return said, t("sv", "translation.unreviewed_sv", language=t(lang, "language.in_swedish"))


def _labels(lang: str) -> dict[str, str]:
    keys = (
        "title",
        "printed",
        "emergency",
        "suggestions",
        "none",
        "access",
        "web",
        "scan",
        "reviewed",
        "interpreter",
        "notes",
        "footer",
    )
    labels = {key: t(lang, f"handout.{key}") for key in keys}
    labels["unreviewed"], labels["unreviewed_sv"] = _unreviewed(lang)
    # The sentence to show is Swedish in every handout: it is for the person answering, and
    # names the family's language where the handout is in one that is not Swedish.
    in_swedish = lang not in ("sv", "lattlast")
    labels["sentence"] = (
        t("sv", "interpreter.sentence", language=t(lang, "language.in_swedish"))
        if in_swedish
        else t("sv", "handout.interpreter_sentence")
    )
    return labels


# Number ranges in opening hours (17–23, 9–12): kept whole and left to right on paper; in a
# right-to-left paragraph the bidi algorithm would otherwise print 17–23 as 23–17.
_RANGE = re.compile(r"\d+(?:[–-]\d+)+")


def _ranges(text: str) -> Markup:
    """`text`, escaped, with each number range in `<bdi dir="ltr" class="nw">`."""
    from markupsafe import Markup, escape

    parts: list[str] = []
    last = 0
    for found in _RANGE.finditer(text):
        parts += [escape(text[last : found.start()]), Markup('<bdi dir="ltr" class="nw">')]
        parts += [escape(found.group()), Markup("</bdi>")]
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def _html(page: Page) -> str:
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["ranges"] = _ranges
    # The QR codes are the only markup that is not escaped: segno's own SVG of the URL.
    cards = [card._replace(qr=Markup(card.qr)) for card in page.cards]  # noqa: S704
    return env.get_template("handout.html.j2").render(page=page, cards=cards, label=_labels(page.lang))


def _text(page: Page) -> str:
    label = _labels(page.lang)
    lines = [label["title"], f"{label['printed']}: {page.printed}", "", label["emergency"]]
    lines += [page.calm.text] if page.calm else []
    lines += [_phone_text(p) for p in page.emergency]
    lines += ["", label["suggestions"] if page.cards else label["none"]]
    lines += [_phone_text(p) for p in page.fallback]
    for number, card in enumerate(page.cards, start=1):
        lines += ["", f"{number}. {card.name}", card.summary.text]
        if card.access:
            lines.append(f"{label['access']}: {card.access.text}")
        lines += [_phone_text(p) for p in card.phones]
        lines += [f"{line.label.text}: {line.value.text}" for line in card.lines]
        if card.url:
            lines.append(f"{label['web']}: {card.url}")
        lines.append(f"{label['reviewed']}: {card.reviewed}")
    lines += ["", label["interpreter"], f"  {label['sentence']}", "", label["footer"]]
    said = " ".join(filter(None, (label["unreviewed"], label["unreviewed_sv"])))
    lines += [said] if said else []
    return "\n".join(lines) + "\n"


def _phone_text(phone: Phone) -> str:
    hours = f" ({phone.hours.text})" if phone.hours else ""
    note = f"\n  {phone.note.text}" if phone.note else ""
    return f"{phone.number}: {phone.label.text}{hours}{note}"


def _markdown(page: Page) -> str:
    from trygghet_cli.formats import md

    label = _labels(page.lang)
    lines = [f"# {md(label['title'])}", "", f"{md(label['printed'])}: {page.printed}", ""]
    lines += [f"## {md(label['emergency'])}", ""]
    lines += [f"**{md(page.calm.text)}**", ""] if page.calm else []
    lines += [_phone_md(p) for p in page.emergency]
    lines += ["", f"## {md(label['suggestions'] if page.cards else label['none'])}"]
    lines += ([""] + [_phone_md(p) for p in page.fallback]) if page.fallback else []
    for number, card in enumerate(page.cards, start=1):
        lines += ["", f"### {number}. {md(card.name)}", "", md(card.summary.text, line_start=True), ""]
        if card.access:
            lines.append(f"- {md(label['access'])}: {md(card.access.text)}")
        lines += [_phone_md(p) for p in card.phones]
        lines += [f"- {md(line.label.text)}: {md(line.value.text)}" for line in card.lines]
        if card.url:
            lines.append(f"- {md(label['web'])}: <{card.url}>")
        lines.append(f"- {md(label['reviewed'])}: {md(card.reviewed)}")
    lines += ["", md(label["interpreter"], line_start=True), "", f"**{md(label['sentence'])}**"]
    lines += ["", md(label["footer"], line_start=True)]
    said = " ".join(filter(None, (label["unreviewed"], label["unreviewed_sv"])))
    lines += ["", md(said, line_start=True)] if said else []
    return "\n".join(lines) + "\n"


def _phone_md(phone: Phone) -> str:
    from trygghet_cli.formats import md

    hours = f" ({md(phone.hours.text)})" if phone.hours else ""
    note = f"\n  {md(phone.note.text, line_start=True)}" if phone.note else ""
    return f"- **{md(phone.number)}**: {md(phone.label.text)}{hours}{note}"
