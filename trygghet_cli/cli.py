"""The `trygghet` command: translates between people and the core, and nothing more.

Every command loads the catalogue, asks the core, builds a document and prints it in the
chosen format. Errors from the core become one translated line on stderr and a documented
exit code (see `errors.ExitCode` and the README); nothing here ever shows a traceback with
the user's answers in it.

No `from __future__ import annotations` here: Typer reads every command's annotations on each
run, and real objects cost it about half of what strings to evaluate do (~3 ms a run).
"""

import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer

from trygghet_cli import __version__
from trygghet_cli import catalogue as catalogue_files
from trygghet_cli.clicktext import LocalisedGroup
from trygghet_cli.errors import CatalogueError, ExitCode, Problem, TrygghetError, UsageError
from trygghet_cli.i18n import t
from trygghet_cli.model import LANGS, MAX_AGE, RTL, Catalogue, Lang

if TYPE_CHECKING:
    from rich.console import Console

    from trygghet_cli.document import Block
    from trygghet_cli.matching import Answer, Needs

MAX_TEXT = 2000


class Format(str, Enum):
    rich = "rich"
    plain = "plain"
    json = "json"
    markdown = "markdown"


class ListFormat(str, Enum):
    rich = "rich"
    plain = "plain"
    json = "json"


class State(NamedTuple):
    data: Path | None
    lang: Lang
    lang_given: bool = False  # by --lang or TRYGGHET_LANG; else the wizard asks first


app = typer.Typer(
    cls=LocalisedGroup,  # usage errors and help in the chosen language; --lang after the command
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Hitta rätt stöd i Sandvikens kommun. Find the right support in Sandviken.",
)

F = TypeVar("F", bound=Callable[..., Any])


def handled(command: F) -> F:
    """Turn every error into one clear line and a documented exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = kwargs.get("ctx")
        lang: Lang = ctx_state(ctx).lang if ctx is not None else "sv"
        try:
            return command(*args, **kwargs)
        except CatalogueError as exc:
            _report_catalogue(exc.problems, lang)
            raise typer.Exit(ExitCode.CATALOGUE) from None
        except TrygghetError as exc:
            _error(t(lang, exc.code, **exc.params) + _suggestion(exc.params, lang))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _error(t(lang, "interrupted"))
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception:
            if os.environ.get("TRYGGHET_DEBUG"):
                import traceback

                traceback.print_exc()
            _error(t(lang, "internal_error"))
            raise typer.Exit(ExitCode.INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _suggestion(params: dict[str, Any], lang: Lang) -> str:
    suggestion = params.get("suggestion")
    return " " + t(lang, "hint.did_you_mean", suggestion=suggestion) if suggestion else ""


def _error(message: str) -> None:
    from trygghet_cli.safetext import clean

    sys.stderr.write(clean(message) + "\n")
    sys.stderr.flush()


def _report_catalogue(problems: list[Problem], lang: Lang) -> None:
    for problem in problems:
        _error(format_problem(problem, lang))
    _error(t(lang, "catalogue.invalid", count=len(problems)))


def format_problem(problem: Problem, lang: Lang) -> str:
    where = problem.file
    if problem.line is not None:
        where += f":{problem.line}"
        if problem.column is not None:
            where += f":{problem.column}"
    message = t(lang, problem.code, **problem.params) + _suggestion(problem.params, lang)
    return f"{where}: {message}"


def _silence_stdout() -> None:
    """After the reader of a pipe has gone, make the final flush at exit a no-op."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"trygghet {__version__}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option("--data", envvar="TRYGGHET_DATA", help="Use another catalogue file (YAML)."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", envvar="TRYGGHET_LANG", help="Language: sv (default), lattlast, en, uk, ..."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Hitta rätt stöd i Sandvikens kommun. Run without a command for the guided questions.

    Example: trygghet find --role parent --age 15 --concern alcohol
    """
    from trygghet_cli.i18n import resolve_lang

    chosen = resolve_lang(lang)
    if chosen is None:
        valid = ", ".join(LANGS)
        _error(
            t("sv", "usage.bad_lang", value=lang or "", valid=valid)
            + " / "
            + t("en", "usage.bad_lang", value=lang or "", valid=valid)
        )
        raise typer.Exit(ExitCode.USAGE)
    ctx.obj = State(data, chosen, lang is not None)
    if ctx.invoked_subcommand is None:
        ctx.invoke(wizard, ctx=ctx)


def ctx_state(ctx: typer.Context) -> State:
    found = ctx.find_object(State)
    return found if found is not None else State(None, "sv")


def load_catalogue(ctx: typer.Context) -> Catalogue:
    return catalogue_files.load(catalogue_files.resolve_path(ctx_state(ctx).data))


def pick_format(requested: Format | ListFormat | None) -> str:
    if requested is not None:
        return str(requested.value)
    if sys.stdout.isatty() and os.environ.get("TERM") != "dumb":
        return "rich"
    return "plain"


def make_console() -> "Console":
    from rich.console import Console

    return Console(highlight=False, emoji=False, markup=False)


def refuse_rtl(lang: Lang) -> None:
    """Right-to-left text never goes to a terminal (terminals reverse or reorder it, phone
    numbers included): say so in Swedish and English, and exit 2. JSON carries any language."""
    if lang in RTL:
        _error(t("sv", "rtl.handout", language=t(lang, "language.in_swedish")))
        _error(t("en", "rtl.handout", language=t(lang, "language.in_english")))
        raise typer.Exit(ExitCode.USAGE)


def language_note(lang: Lang) -> dict[str, Any]:
    """The answer's language for JSON: whether a person reviewed the interface translation,
    and the interpreter line with the Swedish sentence to show at the desk."""
    from trygghet_cli.i18n import reviewed

    note: dict[str, Any] = {"code": lang, "reviewed": reviewed(lang)}
    if lang not in ("sv", "en"):
        in_swedish = t(lang, "language.in_swedish")
        note["interpreter"] = t(lang, "interpreter.offer")
        note["interpreter_sentence_sv"] = t("sv", "interpreter.sentence", language=in_swedish)
        if not note["reviewed"]:
            note["unreviewed"] = [
                t(lang, "translation.unreviewed"),
                t("sv", "translation.unreviewed_sv", language=in_swedish),
            ]
    return note


def emit(blocks: "list[Block]", fmt: str, lang: Lang) -> None:
    refuse_rtl(lang)
    from trygghet_cli.document import language_blocks

    before, after = language_blocks(lang)
    blocks = before + blocks + after
    if fmt == "rich":
        from trygghet_cli.richview import draw

        draw(make_console(), blocks, lang)
        return
    from trygghet_cli.formats import markdown, plain

    write((markdown if fmt == "markdown" else plain)(blocks, lang))


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def check_text(value: str, option: str) -> str:
    """Refuse control and bidirectional characters in what was typed, rather than pass them on."""
    from trygghet_cli.safetext import first_unsafe

    bad = first_unsafe(value)
    if bad:
        raise UsageError("usage.control_char", option=option, char=bad)
    return value


def check_age(age: int | None) -> int | None:
    if age is not None and not 0 <= age <= MAX_AGE:
        raise UsageError("usage.bad_age", value=age, limit=MAX_AGE)
    return age


def build_needs(
    cat: Catalogue,
    role: str,
    age: int | None,
    concerns: list[str],
    area: str | None,
    include_ended: bool,
) -> "Needs":
    from trygghet_cli.matching import Needs
    from trygghet_cli.terms import resolve_term

    vocab = cat.vocabulary
    role_key = resolve_term(vocab.roles, check_text(role, "--role"), "--role")
    concern_keys: list[str] = []
    for value in concerns:
        key = resolve_term(vocab.concerns, check_text(value, "--concern"), "--concern")
        if key not in concern_keys:
            concern_keys.append(key)
    area_key = resolve_term(vocab.areas, check_text(area, "--area"), "--area") if area else None
    return Needs(role_key, check_age(age), tuple(concern_keys), area_key, include_ended)


def print_answer(
    cat: Catalogue, answer: "Answer", fmt: str, lang: Lang, extra_query: dict[str, Any] | None = None
) -> None:
    if fmt == "json":
        from trygghet_cli.formats import answer_json, to_json

        data = answer_json(cat, answer, lang, extra_query)
        data["language"] = language_note(lang)
        declared = {language.code: language for language in cat.languages}
        data["language"]["catalogue_reviewed"] = declared[lang].reviewed if lang in declared else None
        write(to_json(data))
        return
    from trygghet_cli.document import answer_blocks
    from trygghet_cli.views import answer_view

    emit(answer_blocks(answer_view(cat, answer, lang), lang), fmt, lang)


RoleOpt = Annotated[
    str, typer.Option("--role", "-r", help="parent, young or professional (or förälder, ung, yrkesverksam).")
]
AgeOpt = Annotated[
    int | None, typer.Option("--age", "-a", help="Age of the child or young person (or yours).")
]
ConcernOpt = Annotated[
    list[str] | None, typer.Option("--concern", "-c", help="What worries you; repeat for several.")
]
AreaOpt = Annotated[str | None, typer.Option("--area", help="Part of the municipality, e.g. Storvik.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Show at most this many results.")]
EndedOpt = Annotated[bool, typer.Option("--include-ended", help="Also show initiatives that have ended.")]
FormatOpt = Annotated[
    Format | None, typer.Option("--format", "-f", help="rich (terminal default), plain, json or markdown.")
]


@app.command()
@handled
def find(
    ctx: typer.Context,
    role: RoleOpt,
    concern: ConcernOpt = None,
    age: AgeOpt = None,
    area: AreaOpt = None,
    limit: LimitOpt = None,
    include_ended: EndedOpt = False,
    format: FormatOpt = None,
) -> None:
    """Find the initiatives that fit, with reasons and contact routes.

    Example: trygghet find --role parent --age 15 --concern alkohol --concern separation
    """
    from trygghet_cli.matching import recommend

    lang = ctx_state(ctx).lang
    cat = load_catalogue(ctx)
    needs = build_needs(cat, role, age, concern or [], area, include_ended)
    print_answer(cat, recommend(cat, needs, limit), pick_format(format), lang)


@app.command()
@handled
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What worries you, in your own words (Swedish or English).")],
    role: Annotated[str | None, typer.Option("--role", "-r", help="parent, young or professional.")] = None,
    age: AgeOpt = None,
    limit: LimitOpt = None,
    format: FormatOpt = None,
) -> None:
    """Search in your own words: slang, typos and compounds are fine.

    Example: trygghet search "min 15-åriga dotter dricker och skolkar"
    """
    from trygghet_cli.matching import Needs, recommend_for_words
    from trygghet_cli.terms import resolve_term
    from trygghet_cli.understanding import read_text

    lang = ctx_state(ctx).lang
    check_text(text, "TEXT")
    if not text.strip():
        raise UsageError("usage.empty_text")
    if len(text) > MAX_TEXT:
        raise UsageError("usage.text_too_long", length=len(text), limit=MAX_TEXT)
    cat = load_catalogue(ctx)
    reading = read_text(cat, text)
    role_key = (
        resolve_term(cat.vocabulary.roles, check_text(role, "--role"), "--role") if role else reading.role
    )
    needs = Needs(
        role_key, check_age(age) if age is not None else reading.age, reading.concerns, reading.area
    )
    answer = recommend_for_words(cat, needs, reading.initiatives, reading.words, limit, reading.keyworded)
    fmt = pick_format(format)
    understood = {"text": text, "matched_words": {k: list(v) for k, v in reading.words.items()}}
    if fmt == "json":
        print_answer(cat, answer, fmt, lang, understood)
        return
    from trygghet_cli.document import Block, answer_blocks, route_blocks, urgent_blocks
    from trygghet_cli.views import answer_view, understood_text

    view = answer_view(cat, answer, lang)
    if reading.empty:
        blocks = urgent_blocks(view.urgent, False, lang)
        blocks += [Block("heading", t(lang, "search.nothing")), Block("text", t(lang, "search.concern_list"))]
        blocks += [
            Block("item", term.label.get(lang), value=key) for key, term in cat.vocabulary.concerns.items()
        ]
        blocks += route_blocks(view.routes, lang)
    else:
        said = understood_text(cat, needs, reading.words, lang)
        blocks = answer_blocks(view, lang, (Block("meta", t(lang, "search.understood"), detail=said),))
    emit(blocks, fmt, lang)


@app.command("list")
@handled
def list_initiatives(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option("--role", "-r", help="Only initiatives for this role.")] = None,
    concern: Annotated[
        str | None, typer.Option("--concern", "-c", help="Only initiatives for this concern.")
    ] = None,
    format: Annotated[ListFormat | None, typer.Option("--format", "-f", help="rich, plain or json.")] = None,
) -> None:
    """List every initiative, grouped by what it helps with.

    Example: trygghet list --concern alkohol
    """
    from trygghet_cli.terms import resolve_term

    lang = ctx_state(ctx).lang
    cat = load_catalogue(ctx)
    items = list(cat.initiatives)
    if role:
        key = resolve_term(cat.vocabulary.roles, check_text(role, "--role"), "--role")
        items = [i for i in items if key in i.audiences]
    concern_key = None
    if concern:
        concern_key = resolve_term(cat.vocabulary.concerns, check_text(concern, "--concern"), "--concern")
        items = [i for i in items if concern_key in i.concerns or i.any_concern]
    fmt = pick_format(format)
    if fmt == "json":
        from trygghet_cli.formats import initiative_json, to_json

        write(to_json({"initiatives": [initiative_json(i, lang) for i in items]}))
        return
    from trygghet_cli.document import list_blocks
    from trygghet_cli.views import grouped

    blocks = list_blocks(grouped(cat, items, lang, concern_key))
    if not items:
        from trygghet_cli.document import Block

        blocks = [Block("text", t(lang, "list.empty"))]
    emit(blocks, fmt, lang)


@app.command()
@handled
def show(
    ctx: typer.Context,
    initiative_id: Annotated[
        str, typer.Argument(metavar="ID", help="The initiative's id, as `list` shows it.")
    ],
    format: FormatOpt = None,
) -> None:
    """Show one initiative's whole card: who it is for, how to get in touch, sources.

    Example: trygghet show mini-maria
    """
    lang = ctx_state(ctx).lang
    cat = load_catalogue(ctx)
    item = cat.initiative(check_text(initiative_id, "ID").strip().casefold())
    if item is None:
        from trygghet_cli.terms import fold

        item = cat.initiative(fold(initiative_id))  # `nödstopp` finds `nodstopp`
    if item is None:
        from trygghet_cli.schema import closest_word

        raise UsageError(
            "usage.unknown_id",
            value=initiative_id,
            suggestion=closest_word(initiative_id.casefold(), [i.id for i in cat.entries]),
        )
    fmt = pick_format(format)
    if fmt == "json":
        from trygghet_cli.formats import initiative_json, to_json

        write(to_json(initiative_json(item, lang)))
        return
    from trygghet_cli.document import card_blocks
    from trygghet_cli.views import card_view

    emit(card_blocks(card_view(cat, item, lang), lang), fmt, lang)


@app.command()
@handled
def validate(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="Catalogue to check; default: the one in use.")] = None,
) -> None:
    """Check a catalogue file and report every problem with its line and column.

    Example: trygghet validate data/initiatives.yaml
    """
    lang = ctx_state(ctx).lang
    path = file if file is not None else catalogue_files.resolve_path(ctx_state(ctx).data)
    cat = catalogue_files.load(path)
    write(t(lang, "validate.ok", file=str(path), initiatives=len(cat.entries), routes=len(cat.routes)) + "\n")
    report_gaps(catalogue_files.translation_gaps(path), lang)


def report_gaps(gaps: dict[str, list[Problem]], lang: Lang) -> None:
    """Missing translations as warnings on stderr, each located, then a count per language."""
    for code, problems in gaps.items():
        for problem in problems:
            located = format_problem(problem, lang)
            where, _, message = located.partition(": ")
            _error(f"{where}: {t(lang, 'validate.warning')}: {message}")
        if problems:
            _error(t(lang, "validate.missing", language=code, count=len(problems)))


@app.command()
@handled
def wizard(ctx: typer.Context) -> None:
    """Answer a few questions and get the initiatives that fit (needs a terminal).

    Example: trygghet wizard --lang en   (or just: trygghet)
    """
    lang = ctx_state(ctx).lang
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _error(t(lang, "wizard.needs_terminal"))
        raise typer.Exit(ExitCode.USAGE)
    from trygghet_cli.wizard import ask_language, run_wizard

    if not ctx_state(ctx).lang_given:
        lang = ask_language()
    refuse_rtl(lang)
    cat = load_catalogue(ctx)
    run_wizard(cat, lang)


def main() -> None:
    """Console entry point: make output survive any encoding, then run the app."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
    app()
