"""Drawing blocks on a terminal with Rich.

Catalogue text reaches Rich only as `Text` objects, never as markup strings, so `[link=…]`,
`[/]` or `:emoji:` in the data are shown literally. Contact values (phones, URLs) are printed
with soft wrapping: the terminal may fold a long URL visually, but Rich never inserts a line
break inside one, so what is copied is what works.
"""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from trygghet_cli.document import Block
from trygghet_cli.i18n import t
from trygghet_cli.model import Lang

STYLES = {
    "alert": "bold red",
    "heading": "bold",
    "title": "bold cyan",
    "label": "dim",
    "value": "bold",
}


class _Console(Console):
    """Rich's console, but a closed pipe ends the command like any other command's (exit 0)."""

    def on_broken_pipe(self) -> None:
        # Rich's default exits with 1; the README promises 0 when the reader has had enough.
        self.quiet = True
        raise BrokenPipeError


def make_console() -> Console:
    """A console drawing at a width that always works (see `screen.width`), catalogue text never markup."""
    from trygghet_cli.screen import width

    return _Console(highlight=False, emoji=False, markup=False, width=width())


def draw(console: Console, blocks: list[Block], lang: Lang) -> None:
    for block in blocks:
        _draw_block(console, block, lang)


def _draw_block(console: Console, block: Block, lang: Lang) -> None:
    if block.kind == "alert":
        console.print(Text(block.text, style=STYLES["alert"]))
    elif block.kind == "heading":
        console.print()
        title = Text(block.text, style=STYLES["heading"])
        # A rule would cut a heading that does not fit with "…": print it whole instead.
        console.print(Rule(title, align="left") if title.cell_len + 6 <= console.width else title)
    elif block.kind == "title":
        console.print()
        console.print(Text(block.text, style=STYLES["title"]))
    elif block.kind == "contact":
        _contact_value(console, block)
        _indented(console, Text(block.detail), 4)
        if block.note:
            _indented(console, Text(f"{t(lang, 'card.note')}: {block.note}", style="italic"), 4)
    elif block.kind in ("why", "meta"):
        line = Text(f"{block.text}: ", style=STYLES["label"])
        line.append(block.detail)
        _indented(console, line, 2)
    elif block.kind == "item":
        line = Text("• ")
        line.append(block.text, style=STYLES["value"])
        if block.value:
            line.append(f"  [{block.value}]", style=STYLES["label"])
        _indented(console, line, 2)
        if block.detail:
            _indented(console, Text(block.detail), 4)
    elif block.kind == "link":
        line = Text("  • ")
        line.append(block.value)
        line.append(f" {block.detail}", style=STYLES["label"])
        console.print(line, soft_wrap=True)
    elif block.kind == "brief":
        _brief(console, block)
    elif block.kind == "routes_line":
        _routes_line(console, block)
    elif block.kind == "gap":
        console.print()
    else:
        _indented(console, Text(block.text), 2)


def _contact_value(console: Console, block: Block) -> None:
    """A contact's value whole on one line (a phone or URL must copy as it works); a longer
    address ("Stadshuset, Odengatan 37, Sandviken") breaks after its commas to fit."""
    head = f"  {block.text}: "
    lines = _comma_lines(block.value, console.width - len(head)) if ", " in block.value else [block.value]
    for number, part in enumerate(lines):
        line = Text(head if number == 0 else " " * len(head), style=STYLES["label"])
        line.append(part, style=STYLES["value"])
        console.print(line, soft_wrap=True)


def _comma_lines(value: str, room: int, sep: str = ", ", lead: bool = False) -> list[str]:
    """`value` as lines of at most `room` cells, broken only at a separator: kept at the end of
    the broken line ("Läkarstigen 3,") or, with `lead`, at the start of the next ("· Bris 116 111").
    A part longer than the room stays whole on its own line, so a phone number is never split."""
    parts = value.split(sep)
    mark = sep.strip()
    room -= len(mark) + 1 if lead else len(mark)
    lines = [parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + len(sep) + len(part) <= room:
            lines[-1] += sep + part
        elif lead:
            lines.append(f"{mark} {part}")
        else:
            lines[-1] += mark
            lines.append(part)
    return lines


def _routes_line(console: Console, block: Block) -> None:
    """ "More ways: name phone · name phone", broken only between routes."""
    console.print()
    head = f"{block.text}: "
    for number, part in enumerate(_comma_lines(block.value, console.width - len(head), " · ", lead=True)):
        out = Text(head, style=STYLES["heading"]) if number == 0 else Text(" " * len(head))
        out.append(part)
        console.print(out, soft_wrap=True)


def _brief(console: Console, block: Block) -> None:
    """A suggestion in three lines: name and why; what it is; how to get in and whom to call."""
    title = Text(block.text, style=STYLES["title"])
    if block.note:
        title.append(f"  {block.note}", style=STYLES["label"])
    _indented(console, title, 0)
    _indented(console, Text(block.detail), 3)
    for line in _comma_lines(block.value, console.width - 3, " · ", lead=True):
        console.print(Text("   " + line), soft_wrap=True)


def _indented(console: Console, text: Text, left: int) -> None:
    """Print with a hanging indent, so wrapped lines stay aligned under their first line."""
    console.print(Padding(text, (0, 0, 0, left)))


def draw_table(console: Console, title: str, headers: list[str], rows: list[list[str]]) -> None:
    """A titled table of plain cells (catalogue text as `Text`, never markup); the last column
    takes the room that is left. Rich's table module is imported only here."""
    from rich import box
    from rich.table import Table

    table = Table(title=Text(title, style=STYLES["heading"]), title_justify="left", box=box.SIMPLE_HEAD)
    for n, header in enumerate(headers):
        last = n == len(headers) - 1
        ratio, least = (1, 24) if last else (None, None)
        table.add_column(Text(header), overflow="fold", ratio=ratio, min_width=least)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)


def draw_qr(console: Console, name: str, url: str, lang: Lang) -> None:
    """The URL as a QR code in explicit black on bright white, two modules a character cell,
    with the 4-module quiet zone: it scans on dark and light terminal themes alike. Without
    colour (NO_COLOR, a pipe) the half blocks would lose their colours, so only the URL is shown."""
    from trygghet_cli.safetext import clean

    console.print(Text(clean(name), style=STYLES["heading"]))
    console.print(Text(clean(url)), soft_wrap=True)
    if console.no_color or console.color_system is None:
        console.print(Text(t(lang, "qr.no_colour", url=clean(url))), soft_wrap=True)
        return
    import segno

    rows = [list(row) for row in segno.make(url, error="m", micro=False).matrix_iter(border=4)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        line = Text()
        for upper, lower in zip(top, bottom, strict=True):
            colour = "black" if upper else "bright_white"
            background = "black" if lower else "bright_white"
            line.append("\u2580", style=f"{colour} on {background}")
        console.print(line, no_wrap=True, overflow="ignore", crop=False)
