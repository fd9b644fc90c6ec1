"""Plain text, Markdown and JSON: the outputs that need no terminal and no Rich.

Plain text is never wrapped by us (a screen reader or a pasted note does that better) and has
no colour or cursor codes. Markdown escapes catalogue text so a name can never become a link
or a heading. JSON is the stable interface documented in the README.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from trygghet_cli.hours import status, to_hsds
from trygghet_cli.i18n import t
from trygghet_cli.matching import Answer
from trygghet_cli.model import AgeRange, Catalogue, Contact, Initiative, Lang, Route, Text
from trygghet_cli.safetext import clean
from trygghet_cli.views import full, local_now, reason_text

if TYPE_CHECKING:  # the JSON answer needs no document blocks: not imported for it
    from trygghet_cli.document import Block


def plain(blocks: list[Block], lang: Lang) -> str:
    lines: list[str] = []
    for block in blocks:
        lines += _plain_block(block, lang)
    return _joined(lines)


def _joined(lines: list[str]) -> str:
    """Lines joined with at most one blank line between paragraphs."""
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"


def _plain_block(block: Block, lang: Lang) -> list[str]:
    if block.kind == "alert":
        return [f"!! {block.text}", ""]
    if block.kind == "heading":
        return ["", block.text, ""]
    if block.kind == "title":
        return ["", block.text]
    if block.kind == "contact":
        line = f"   {block.text}: {block.value} ({block.detail})"
        return [line] + ([f"      {t(lang, 'card.note')}: {block.note}"] if block.note else [])
    if block.kind in ("why", "meta"):
        return [f"   {block.text}: {block.detail}"]
    if block.kind == "link":
        return [f"- {block.value} {block.detail}"]
    if block.kind == "item":
        head = f"- {block.text}" + (f" [{block.value}]" if block.value else "")
        return [head + (f": {block.detail}" if block.detail else "")]
    if block.kind == "gap":
        return [""]
    return [f"   {block.text}"]


# Only what Markdown would read as markup, so the text still reads cleanly as plain text in an
# e-mail (`026-24 00 00`, not `026\-24 00 00`): emphasis, code, links, raw HTML, entities,
# tables and strikethrough anywhere; headings, quotes, lists and rules only at a line's start.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))", re.MULTILINE)


def md(text: str, line_start: bool = False) -> str:
    """Escape catalogue text so Markdown shows it literally; `line_start` when the text
    begins a line (a paragraph), where `#`, `>`, `-`, `+`, `=` and `1.` would be markup.
    Lines after a newline inside the text are always treated as line starts."""
    escaped = _MD_INLINE.sub(lambda m: "\\" + m.group(0), text)
    return _MD_LINE_START.sub(lambda m: _line_start(m) if line_start or m.start() else m.group(0), escaped)


def _line_start(found: re.Match[str]) -> str:
    lead, mark = found.group(1), found.group(2)
    if mark.isdigit():
        return lead + mark + "\\"  # `1\.`: the escape goes before the dot, after the number
    return lead + "\\" + mark


def markdown(blocks: list[Block], lang: Lang) -> str:
    lines: list[str] = []
    for block in blocks:
        lines += _markdown_block(block, lang)
    return _joined(lines)


def _markdown_block(block: Block, lang: Lang) -> list[str]:
    if block.kind == "alert":
        return [f"> **{md(block.text)}**", ""]
    if block.kind == "heading":
        return ["", f"## {md(block.text)}", ""]
    if block.kind == "title":
        return ["", f"### {md(block.text)}", ""]
    if block.kind == "contact":
        value = (
            f"<{block.value}>"
            if block.value.startswith(("http://", "https://"))
            else f"**{md(block.value)}**"
        )
        note = f" *{md(t(lang, 'card.note'))}: {md(block.note)}*" if block.note else ""
        return [f"- {md(block.text)}: {value} ({md(block.detail)}){note}"]
    if block.kind in ("why", "meta"):
        return [f"- *{md(block.text)}:* {md(block.detail)}"]
    if block.kind == "link":
        return [f"- <{block.value}> {md(block.detail)}"]
    if block.kind == "item":
        head = f"- **{md(block.text)}**" + (f" (`{block.value}`)" if block.value else "")
        return [head + (f": {md(block.detail)}" if block.detail else "")]
    if block.kind == "gap":
        return [""]
    return [md(block.text, line_start=True), ""]


def to_json(data: dict[str, Any]) -> str:
    """One line of JSON for programs (`python -m json.tool` or `jq` shows it indented): without
    `indent` the standard library uses its C encoder, several milliseconds faster an answer.
    ensure_ascii=False keeps å, ä, ö readable; json still escapes every control character."""
    return json.dumps(data, ensure_ascii=False) + "\n"


def _text(value: Text | None, lang: Lang) -> dict[str, str] | None:
    """The text in Swedish (the source, always there), English and the answer's language, where
    the catalogue has them: what a program needs to show it or mark a fallback, without every
    language of the catalogue in every answer (`trygghet list --format json` is the same)."""
    if value is None:
        return None
    return {code: text for code, text in value.as_dict().items() if code in ("sv", "en", lang)}


def _ages(ages: AgeRange, lang: Lang) -> dict[str, Any]:
    return {"min": ages.min, "max": ages.max, "label": _text(ages.label, lang)}


def _minute(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment is not None else None


def contact_json(contact: Contact, lang: Lang, at: dt.datetime | None = None) -> dict[str, Any]:
    """A contact; `open_now` (true, false, or null when the hours are unknown or disputed),
    `opens_next` and `open_until` ("YYYY-MM-DDTHH:MM" Swedish local time, or null) are as of `at`;
    `schedule` is the structured hours as HSDS 3.0 `schedule` rows, or null."""
    state = status(contact.schedule, at or local_now())
    return {
        "kind": contact.kind,
        "value": contact.value.get(lang),
        "label": _text(contact.label, lang),
        "hours": _text(contact.hours, lang),
        "note": _text(contact.note, lang),
        "via": contact.via,
        "caveat": contact.caveat,
        "open_now": state.open_now,
        "opens_next": _minute(state.opens_next),
        "open_until": _minute(state.open_until),
        "schedule": to_hsds(contact.schedule) if contact.schedule else None,
    }


def initiative_json(item: Initiative, lang: Lang, at: dt.datetime | None = None) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "summary": _text(item.summary, lang),
        "description": _text(item.description, lang),
        "provider": item.provider,
        "audiences": list(item.audiences),
        "concerns": list(item.concerns),
        "touches": list(item.touches),
        "works_with": list(item.works_with),
        "any_concern": item.any_concern,
        "ages": _ages(item.ages, lang),
        "areas": list(item.areas),
        "access": item.access,
        "contacts": [contact_json(c, lang, at) for c in item.contacts],
        "period": {"start": item.period.start, "end": item.period.end} if item.period else None,
        "sources": [{"url": s.url, "as_of": s.as_of} for s in item.sources],
        "reviewed": item.reviewed,
    }


def route_json(route: Route, lang: Lang, at: dt.datetime | None = None) -> dict[str, Any]:
    return {
        "id": route.id,
        "name": route.name,
        "tier": route.tier,
        "summary": _text(route.summary, lang),
        "contacts": [contact_json(c, lang, at) for c in route.contacts],
        "sources": [{"url": s.url, "as_of": s.as_of} for s in route.sources],
    }


def answer_json(
    catalogue: Catalogue,
    answer: Answer,
    lang: Lang,
    extra_query: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    needs = answer.needs
    at = at or local_now()  # one moment for every contact of the answer
    query = {
        "role": needs.role,
        "age": needs.age,
        "concerns": list(needs.concerns),
        "area": needs.area,
        "include_ended": needs.include_ended,
        "lang": lang,
        "at": _minute(at),  # the moment open_now and opens_next are for
        **(extra_query or {}),
    }
    results = []
    for match in answer.matches:
        item = initiative_json(full(catalogue, match), lang, at)
        item.update(
            score=match.score,
            reasons=[clean(reason_text(catalogue, r, lang)) for r in match.reasons],
            matched_concerns=list(match.concerns),
            ended=match.ended,
        )
        results.append(item)
    crisis = answer.crisis
    return {
        "query": query,
        "crisis": None
        if crisis is None
        else {
            "kind": crisis.kind,
            "kinds": list(crisis.kinds),
            "message": _text(crisis.message, lang),
            "routes": [route_json(r, lang, at) for r in crisis.routes],
        },
        "results": results,
        "safety_first": answer.safety_first,
        "widen": [{"drop": w.drop, "value": w.value, "count": w.results} for w in answer.widen],
        "general_routes": [route_json(r, lang, at) for r in answer.urgent_routes + answer.routes],
    }
