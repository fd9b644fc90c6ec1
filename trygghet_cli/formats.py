"""Plain text, Markdown and JSON: the outputs that need no terminal and no Rich.

Plain text is never wrapped by us (a screen reader or a pasted note does that better) and has
no colour or cursor codes. Markdown escapes catalogue text so a name can never become a link
or a heading. JSON is the stable interface documented in the README.
"""

from __future__ import annotations

import json
import re
from typing import Any

from trygghet_cli.document import Block
from trygghet_cli.i18n import t
from trygghet_cli.matching import Answer
from trygghet_cli.model import AgeRange, Catalogue, Contact, Initiative, Lang, Route, Text
from trygghet_cli.safetext import clean
from trygghet_cli.views import full, reason_text


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


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


def md(text: str) -> str:
    """Escape catalogue text so Markdown shows it literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


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
    return [md(block.text), ""]


def to_json(data: dict[str, Any]) -> str:
    # ensure_ascii=False keeps å, ä, ö readable; json still escapes every control character.
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _text(value: Text | None) -> dict[str, str] | None:
    """Every language the catalogue has for this text (Swedish always)."""
    return value.as_dict() if value is not None else None


def _ages(ages: AgeRange) -> dict[str, Any]:
    return {"min": ages.min, "max": ages.max, "label": _text(ages.label)}


def contact_json(contact: Contact, lang: Lang) -> dict[str, Any]:
    return {
        "kind": contact.kind,
        "value": contact.value.get(lang),
        "label": _text(contact.label),
        "hours": _text(contact.hours),
        "note": _text(contact.note),
        "via": contact.via,
        "caveat": contact.caveat,
    }


def initiative_json(item: Initiative, lang: Lang) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "summary": _text(item.summary),
        "description": _text(item.description),
        "provider": item.provider,
        "audiences": list(item.audiences),
        "concerns": list(item.concerns),
        "any_concern": item.any_concern,
        "ages": _ages(item.ages),
        "areas": list(item.areas),
        "access": item.access,
        "contacts": [contact_json(c, lang) for c in item.contacts],
        "period": {"start": item.period.start, "end": item.period.end} if item.period else None,
        "sources": [{"url": s.url, "as_of": s.as_of} for s in item.sources],
        "reviewed": item.reviewed,
    }


def route_json(route: Route, lang: Lang) -> dict[str, Any]:
    return {
        "id": route.id,
        "name": route.name,
        "tier": route.tier,
        "summary": _text(route.summary),
        "contacts": [contact_json(c, lang) for c in route.contacts],
        "sources": [{"url": s.url, "as_of": s.as_of} for s in route.sources],
    }


def answer_json(
    catalogue: Catalogue, answer: Answer, lang: Lang, extra_query: dict[str, Any] | None = None
) -> dict[str, Any]:
    needs = answer.needs
    query = {
        "role": needs.role,
        "age": needs.age,
        "concerns": list(needs.concerns),
        "area": needs.area,
        "include_ended": needs.include_ended,
        "lang": lang,
        **(extra_query or {}),
    }
    results = []
    for match in answer.matches:
        item = initiative_json(full(catalogue, match), lang)
        item.update(
            score=match.score,
            reasons=[clean(reason_text(catalogue, r, lang)) for r in match.reasons],
            matched_concerns=list(match.concerns),
            ended=match.ended,
        )
        results.append(item)
    return {
        "query": query,
        "results": results,
        "safety_first": answer.safety_first,
        "widen": [{"drop": w.drop, "value": w.value, "count": w.results} for w in answer.widen],
        "general_routes": [route_json(r, lang) for r in answer.urgent_routes + answer.routes],
    }
