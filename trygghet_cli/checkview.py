"""`trygghet check`'s findings as rows, plain text and JSON: the shell's side of `upkeep.py`.

Findings carry message keys and facts; here they become words in the reader's language. Plain
text is an aligned table with no colour; JSON keeps the kind and facts as data, for a
scheduled job that wants to count or file them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trygghet_cli.i18n import t
from trygghet_cli.model import Lang
from trygghet_cli.safetext import clean
from trygghet_cli.upkeep import Finding

COLUMNS = ("check.col_line", "check.col_id", "check.col_kind", "check.col_detail")


def headers(lang: Lang) -> list[str]:
    return [t(lang, key) for key in COLUMNS]


def rows(found: list[Finding], lines: list[int | None], lang: Lang) -> list[list[str]]:
    """One row per finding: line in the file ("" if unknown), id, what, details; catalogue
    text made inert, whatever draws it."""
    return [
        [str(line or ""), clean(item.subject), t(lang, f"check.kind.{item.kind}"), detail(item, lang)]
        for item, line in zip(found, lines, strict=True)
    ]


def detail(item: Finding, lang: Lang) -> str:
    return clean(t(lang, f"check.detail.{item.kind}", **item.params))


def plain_table(title: str, head: list[str], body: list[list[str]]) -> str:
    """Columns padded to their widest cell, the last left ragged; every cell made inert."""
    cells = [[clean(cell) for cell in row] for row in [head, *body]]
    widths = [max(len(row[n]) for row in cells) for n in range(len(head) - 1)]
    lines = [clean(title), ""]
    for row in cells:
        padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*padded, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def findings_json(
    file: str, today: dt.date, months: int, found: list[Finding], lines: list[int | None], lang: Lang
) -> dict[str, Any]:
    """{"catalogue", "today", "months", "count", "findings": [{"kind", "id", "line", "field",
    "message", "facts"}]}; `field` is the path in the document, e.g. `initiatives[3].reviewed`."""
    return {
        "catalogue": file,
        "today": today.isoformat(),
        "months": months,
        "count": len(found),
        "findings": [
            {
                "kind": item.kind,
                "id": item.subject,
                "line": line,
                "field": _field(item.path),
                "message": detail(item, lang),
                "facts": item.params,
            }
            for item, line in zip(found, lines, strict=True)
        ],
    }


def _field(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
