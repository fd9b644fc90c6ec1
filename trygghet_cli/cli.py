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
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer

from trygghet_cli import __version__
from trygghet_cli import catalogue as catalogue_files
from trygghet_cli.clicktext import LocalisedGroup
from trygghet_cli.errors import CatalogueError, ExitCode, Problem, TrygghetError, UsageError
from trygghet_cli.i18n import t
from trygghet_cli.model import LANGS, MAX_AGE, RTL, Catalogue, Initiative, Lang, Route

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from trygghet_cli.document import Block
    from trygghet_cli.matching import Answer, Needs
    from trygghet_cli.outfile import PaperFormat
    from trygghet_cli.understanding import Reading
    from trygghet_cli.views import AnswerView

MAX_TEXT = 2000


class Format(str, Enum):
    rich = "rich"
    plain = "plain"
    json = "json"
    markdown = "markdown"
    html = "html"


class ListFormat(str, Enum):
    rich = "rich"
    plain = "plain"
    json = "json"


class State(NamedTuple):
    data: Path | None
    lang: Lang
    lang_given: bool = False  # by --lang or TRYGGHET_LANG; else the wizard asks first


class TrygghetGroup(LocalisedGroup):
    """The top-level command: a command line that cannot be read (`trygghet jag vill dö`, a
    misspelt option beside a text) still shows the crisis lines first when it says someone is
    in danger."""

    def before_refusal(self, args: Sequence[str], lang: Lang) -> None:
        words = " ".join(word for word in typed_words(args) if word not in self.commands)
        if not words.strip():
            return
        try:
            cat = _catalogue_of(args)
        except TrygghetError:  # not even the shipped catalogue can be read: the refusal says why
            return
        crisis_before_refusal(cat, words, lang, None)


def typed_words(args: Sequence[str]) -> list[str]:
    """Every value typed on a command line: arguments, option values, and what follows `=` in
    `--role=...`; the options' own names left out."""
    return [
        arg.split("=", 1)[1] if arg.startswith("-") else arg
        for arg in args
        if "=" in arg or not arg.startswith("-")
    ]


def crisis_before_any_refusal(ctx: "typer.Context | None", lang: Lang) -> None:
    """The crisis lines, when any word typed on the command line says someone is in danger:
    called before a command's refusal (an unknown value, a file that exists, a catalogue that
    cannot be used), as the group does before the framework's own refusals."""
    root = ctx.find_root().command if ctx is not None else None
    if isinstance(root, TrygghetGroup):
        root.before_refusal(root.argv, lang)


def _catalogue_of(args: Sequence[str]) -> Catalogue:
    """The catalogue the arguments name with --data (or TRYGGHET_DATA); the shipped one when
    that cannot be read, so that its crisis lines are there whatever else is wrong."""
    named = next((b for a, b in zip(args, args[1:], strict=False) if a == "--data"), None)
    named = next((a.split("=", 1)[1] for a in args if a.startswith("--data=")), named)
    try:
        return catalogue_files.load(catalogue_files.resolve_path(named))
    except TrygghetError:
        return catalogue_files.load(catalogue_files.default_path())


app = typer.Typer(
    cls=TrygghetGroup,  # usage errors and help in the chosen language; --lang after the command
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Hitta rätt stöd i Sandvikens kommun. Find the right support in Sandviken.",
)

F = TypeVar("F", bound=Callable[..., Any])


def named_path(value: str) -> Path:
    """A file or folder named on the command line. An empty name is refused (UsageError
    `usage.empty_path`): `Path("")` is the current folder, where a file nobody named would
    otherwise be written or read. So is a name longer than the system allows
    (`usage.name_too_long`)."""
    if not value.strip():
        raise UsageError("usage.empty_path")
    path = Path(value)
    if any(len(os.fsencode(part)) > NAME_MAX for part in path.parts):  # the system would refuse it later
        raise UsageError("usage.name_too_long", limit=NAME_MAX)
    return path


NAME_MAX = 255  # bytes in one file or folder name, on Linux and macOS alike


def handled(command: F) -> F:
    """Turn every error into one clear line and a documented exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = kwargs.get("ctx")
        lang: Lang = ctx_state(ctx).lang if ctx is not None else "sv"
        try:
            return command(*args, **kwargs)
        except CatalogueError as exc:
            crisis_before_any_refusal(ctx, lang)
            _report_catalogue(exc.problems, lang)
            raise typer.Exit(ExitCode.CATALOGUE) from None
        except TrygghetError as exc:
            crisis_before_any_refusal(ctx, lang)
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
        try:
            write(f"trygghet {__version__}\n")
        except BrokenPipeError:
            _silence_stdout()
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", envvar="TRYGGHET_DATA", parser=named_path, help="Use another catalogue file (YAML)."
        ),
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
        crisis_before_any_refusal(ctx, "sv")
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
    from trygghet_cli.richview import make_console as console

    return console()


def terminal_lang(lang: Lang) -> Lang:
    """The language of catalogue words inside a terminal line: Swedish for a right-to-left
    language, whose lines a terminal reorders (see `refuse_rtl`)."""
    return "sv" if lang in RTL else lang


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


def emit(blocks: "list[Block]", fmt: str, lang: Lang, with_answers: bool = False) -> None:
    refuse_rtl(lang)
    from trygghet_cli.document import language_blocks

    before, after = language_blocks(lang)
    blocks = blocks + before + after  # after the answer: nothing comes before a crisis block
    if fmt == "rich":
        from trygghet_cli.richview import draw

        draw(make_console(), blocks, lang)
        return
    from trygghet_cli.formats import markdown, plain

    if fmt == "markdown":
        from trygghet_cli.document import without_answers

        # Markdown is what gets mailed: the person's answers only when the worker asks for them.
        write(markdown(blocks if with_answers else without_answers(blocks, lang), lang))
        return
    write(plain(blocks, lang))


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


AT_YEARS = (1970, 2100)  # --at: years whose Swedish public holidays are known


def parse_at(value: str | None) -> "dt.datetime | None":
    """`--at "YYYY-MM-DD HH:MM"` (a `T` between is fine) as a naive Swedish local time."""
    if value is None:
        return None
    import datetime as dt

    check_text(value, "--at")
    try:
        moment = dt.datetime.strptime(value.strip().replace("T", " ", 1), "%Y-%m-%d %H:%M")
    except ValueError:
        raise UsageError("usage.bad_at", value=value) from None
    if not AT_YEARS[0] <= moment.year <= AT_YEARS[1]:  # the holiday calendar's years, and no overflow
        raise UsageError("usage.bad_at", value=value)
    return moment


# Line breaks and tabs in pasted text are spaces; the direction marks that Arabic and Dari
# keyboards add are nothing. Other control and bidi characters are still refused.
_TYPED = str.maketrans({"\r": " ", "\n": " ", "\t": " ", "\u200e": None, "\u200f": None, "\u061c": None})


def typed_text(value: str) -> str:
    """Free text as typed or pasted, with line breaks, tabs and direction marks made harmless."""
    return value.translate(_TYPED)


def crisis_before_refusal(cat: Catalogue, text: str, lang: Lang, at: "dt.datetime | None") -> None:
    """Text that is refused (too long, a control character) may still say someone is in danger:
    then the crisis lines are shown before the one-line refusal. RTL languages get them in
    Swedish (right-to-left text never goes to a terminal)."""
    from trygghet_cli.crisis import crisis_kinds_anywhere
    from trygghet_cli.matching import Needs, crisis_answer
    from trygghet_cli.safetext import clean

    kinds = crisis_kinds_anywhere(cat.crisis, clean(text))
    if not kinds:
        return
    from trygghet_cli.document import crisis_lines
    from trygghet_cli.views import crisis_view

    found = crisis_answer(cat, Needs(None, crisis=kinds))
    if found is not None:
        shown = terminal_lang(lang)
        emit(crisis_lines(crisis_view(found, shown, at)), pick_format(None), shown)


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
    lang: Lang = "sv",
) -> "Needs":
    """The needs the flags name, each value resolved to its vocabulary key; raises UsageError
    for an unknown one, its valid values listed with their labels in `lang`."""
    from trygghet_cli.matching import Needs
    from trygghet_cli.terms import resolve_term

    vocab = cat.vocabulary
    said = terminal_lang(lang)
    role_key = resolve_term(vocab.roles, check_text(role, "--role"), "--role", said)
    concern_keys: list[str] = []
    for value in concerns:
        key = resolve_term(vocab.concerns, check_text(value, "--concern"), "--concern", said)
        if key not in concern_keys:
            concern_keys.append(key)
    area_key = resolve_term(vocab.areas, check_text(area, "--area"), "--area", said) if area else None
    return Needs(role_key, check_age(age), tuple(concern_keys), area_key, include_ended)


def print_answer(
    cat: Catalogue,
    answer: "Answer",
    fmt: str,
    lang: Lang,
    extra_query: dict[str, Any] | None = None,
    with_answers: bool = False,
    at: "dt.datetime | None" = None,
    full: bool = False,
) -> None:
    if fmt == "json":
        from trygghet_cli.formats import answer_json, to_json

        data = answer_json(cat, answer, lang, extra_query, at)
        data["language"] = language_note(lang)
        declared = {language.code: language for language in cat.languages}
        data["language"]["catalogue_reviewed"] = declared[lang].reviewed if lang in declared else None
        write(to_json(data))
        return
    from trygghet_cli.views import answer_view

    emit(answer_document(answer_view(cat, answer, lang, at), fmt, lang, full), fmt, lang, with_answers)


class Paper(NamedTuple):
    """Where and how to give the family's handout (see handout.py)."""

    output: Path | None
    force: bool
    large: bool
    lang: str | None


# The handout format each --format stands for when a file is named too.
PAPER_FORMATS = {"html": "html", "plain": "text", "markdown": "markdown"}


def wants_paper(fmt: Format | None, paper: Paper) -> bool:
    """Whether the answer is a handout (a file named, or --format html); raises UsageError
    (`usage.paper_only`) for a handout's option given without one, which would do nothing."""
    wanted = paper.output is not None or fmt is Format.html
    given = {"--handout-lang": paper.lang is not None, "--large": paper.large, "--force": paper.force}
    unused = [option for option, present in given.items() if present and not wanted]
    if unused:
        raise UsageError("usage.paper_only", option=unused[0])
    return wanted


def give_paper(
    ctx: typer.Context,
    cat: Catalogue,
    items: "Sequence[Initiative]",
    crisis_kind: str | None,
    fmt: Format | None,
    paper: Paper,
) -> None:
    """Print the handout, or write it to the file named (never over one unless --force)."""
    import datetime as dt

    from trygghet_cli.handout import handout, neutral_name

    ui = ctx_state(ctx).lang
    lang = paper_lang(paper.lang, ui)
    target = paper.output
    if target is not None and target.is_dir():
        target = target / neutral_name(lang)
    kind: PaperFormat = "html"  # a local annotation: never evaluated at run time
    if target is not None:
        from trygghet_cli.outfile import format_of

        kind = format_of(target)
        if fmt is not None and PAPER_FORMATS.get(fmt.value) != kind:
            raise UsageError("usage.output_format", format=fmt.value, path=str(target))
    today = dt.date.today()
    access = cat.vocabulary.access
    text = handout(
        items, cat.routes, access, lang, today, crisis_kind, large=paper.large, fmt=kind, crisis=cat.crisis
    )
    if target is None:
        write(text)
        if sys.stdout.isatty():
            _error(t(ui, "handout.suggest_name", name=neutral_name(lang)))
        return
    from trygghet_cli.outfile import write_new

    write_new(target, text, paper.force)
    _error(t(ui, "handout.written" if kind == "html" else "handout.written_text", path=str(target)))


def give_answer_paper(
    ctx: typer.Context, cat: Catalogue, answer: "Answer", fmt: Format | None, paper: Paper
) -> None:
    """The handout of an answer: its suggestions, and the crisis kind its crisis block (or a
    concern such as mental health) calls for; nothing else of the answer reaches the paper."""
    from trygghet_cli.handout import crisis_kind_for

    concern = crisis_kind_for(cat.crisis, answer.needs.concerns)
    kind = answer.crisis.kind if answer.crisis is not None else concern
    give_paper(ctx, cat, [m.initiative for m in answer.matches], kind, fmt, paper)


def paper_lang(value: str | None, ui: Lang) -> str:
    from trygghet_cli.handout import LANGUAGES

    chosen = (value or ui).strip().lower()
    if chosen not in LANGUAGES:
        raise UsageError("usage.bad_handout_lang", value=value, valid=", ".join(LANGUAGES))
    return chosen


def answer_document(
    view: "AnswerView", fmt: str, lang: Lang, full: bool, preface: "tuple[Block, ...]" = ()
) -> "list[Block]":
    """The compact answer on a terminal (`rich`) unless `full`; every other format is whole."""
    from trygghet_cli.document import answer_blocks, compact_answer_blocks

    if fmt == "rich" and not full:
        return compact_answer_blocks(view, lang, t(lang, "answer.full_hint_cli"), preface)
    return answer_blocks(view, lang, preface)


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
AtOpt = Annotated[
    str | None,
    typer.Option("--at", help='Say what is open as of this time, "YYYY-MM-DD HH:MM" (Swedish time).'),
]
FullOpt = Annotated[
    bool, typer.Option("--full", help="rich: every card whole and every route, not the one-screen answer.")
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="rich (terminal default), plain, json, markdown or html (the handout)."
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        parser=named_path,
        help="Write the family's handout to this file: .html, .txt or .md (or a folder).",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace a file that already exists.")]
LargeOpt = Annotated[bool, typer.Option("--large", help="Handout in large print (16 pt, up to two pages).")]
PaperLangOpt = Annotated[
    str | None,
    typer.Option(
        "--handout-lang",
        help="The handout's language: sv, en, lattlast, uk, so, ti, ar or prs (default: --lang).",
    ),
]
WithAnswersOpt = Annotated[
    bool, typer.Option("--with-answers", help="Markdown: keep the answers and reasons (for your own notes).")
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
    output: OutputOpt = None,
    force: ForceOpt = False,
    large: LargeOpt = False,
    handout_lang: PaperLangOpt = None,
    with_answers: WithAnswersOpt = False,
    at: AtOpt = None,
    full: FullOpt = False,
) -> None:
    """Find the initiatives that fit, with reasons and contact routes.

    Example: trygghet find --role parent --age 15 --concern alkohol --concern separation
    """
    from trygghet_cli.matching import recommend

    lang = ctx_state(ctx).lang
    moment = parse_at(at)
    cat = load_catalogue(ctx)
    needs = build_needs(cat, role, age, concern or [], area, include_ended, lang)
    answer = recommend(cat, needs, limit)
    paper = Paper(output, force, large, handout_lang)
    if wants_paper(format, paper):
        give_answer_paper(ctx, cat, answer, format, paper)
        return
    print_answer(cat, answer, pick_format(format), lang, with_answers=with_answers, at=moment, full=full)


@app.command()
@handled
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What worries you, in your own words (Swedish or English).")],
    role: Annotated[str | None, typer.Option("--role", "-r", help="parent, young or professional.")] = None,
    age: AgeOpt = None,
    limit: LimitOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    large: LargeOpt = False,
    handout_lang: PaperLangOpt = None,
    with_answers: WithAnswersOpt = False,
    at: AtOpt = None,
    full: FullOpt = False,
) -> None:
    """Search in your own words: slang, typos and compounds are fine.

    Example: trygghet search "min 15-åriga dotter dricker och skolkar"
    """
    from trygghet_cli.crisis import crisis_kinds
    from trygghet_cli.matching import Needs, recommend_for_words
    from trygghet_cli.terms import resolve_term
    from trygghet_cli.understanding import read_text

    lang = ctx_state(ctx).lang  # any refusal below shows the crisis lines first (see `handled`)
    text = typed_text(text)
    cat = load_catalogue(ctx)
    moment = parse_at(at)
    check_text(text, "TEXT")
    if not text.strip():
        raise UsageError("usage.empty_text")
    if len(text) > MAX_TEXT:
        raise UsageError("usage.text_too_long", length=len(text), limit=MAX_TEXT)
    reading = read_text(cat, text)
    role_key = reading.role
    if role:
        roles = cat.vocabulary.roles
        role_key = resolve_term(roles, check_text(role, "--role"), "--role", terminal_lang(lang))
    needs = Needs(
        role_key,
        check_age(age) if age is not None else reading.age,
        reading.concerns,
        reading.area,
        crisis=crisis_kinds(cat.crisis, text),
    )
    answer = recommend_for_words(cat, needs, reading.initiatives, reading.words, limit, reading.keyworded)
    paper = Paper(output, force, large, handout_lang)
    if wants_paper(format, paper):
        give_answer_paper(ctx, cat, answer, format, paper)
        if answer.crisis is not None and paper.output is not None and lang not in RTL:
            # The crisis lines on the screen too, not only on the paper now in a file.
            from trygghet_cli.document import crisis_lines
            from trygghet_cli.views import crisis_view

            emit(crisis_lines(crisis_view(answer.crisis, lang, moment)), pick_format(None), lang)
        return
    print_search_answer(cat, answer, reading, text, pick_format(format), lang, moment, full, with_answers)


def print_search_answer(
    cat: Catalogue,
    answer: "Answer",
    reading: "Reading",
    text: str,
    fmt: str,
    lang: Lang,
    moment: "dt.datetime | None",
    full: bool,
    with_answers: bool,
) -> None:
    """A free-text answer on the screen (or as JSON), with what was understood of the text."""
    if fmt == "json":
        understood = {"text": text, "matched_words": {k: list(v) for k, v in reading.words.items()}}
        print_answer(cat, answer, fmt, lang, understood, at=moment)
        return
    from trygghet_cli.document import Block, route_blocks, urgent_blocks
    from trygghet_cli.views import answer_view, understood_text

    view = answer_view(cat, answer, lang, moment)
    if reading.empty and answer.crisis is None:
        blocks = urgent_blocks(view.urgent, False, lang, view.answers_now)
        blocks += [Block("heading", t(lang, "search.nothing")), Block("text", t(lang, "search.concern_list"))]
        blocks += [
            Block("item", term.label.get(lang), value=key) for key, term in cat.vocabulary.concerns.items()
        ]
        blocks += route_blocks(view.routes, lang)
    elif reading.empty:  # a crisis with nothing else recognised: the crisis block leads
        blocks = answer_document(view, fmt, lang, full)
    else:
        said = understood_text(cat, answer.needs, reading.words, lang)
        blocks = answer_document(
            view, fmt, lang, full, (Block("meta", t(lang, "search.understood"), detail=said),)
        )
    if lang in RTL and answer.crisis is not None:  # RTL is refused below: the crisis lines in Swedish first
        from trygghet_cli.document import crisis_lines
        from trygghet_cli.views import crisis_view

        emit(crisis_lines(crisis_view(answer.crisis, "sv", moment)), fmt, "sv")
    emit(blocks, fmt, lang, with_answers)


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
        key = resolve_term(cat.vocabulary.roles, check_text(role, "--role"), "--role", terminal_lang(lang))
        items = [i for i in items if key in i.audiences]
    concern_key = None
    if concern:
        concern_key = resolve_term(
            cat.vocabulary.concerns, check_text(concern, "--concern"), "--concern", terminal_lang(lang)
        )
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
    output: OutputOpt = None,
    force: ForceOpt = False,
    large: LargeOpt = False,
    handout_lang: PaperLangOpt = None,
    qr: Annotated[
        bool, typer.Option("--qr", help="Draw the initiative's web address as a QR code to scan.")
    ] = False,
    at: AtOpt = None,
) -> None:
    """Show one initiative's whole card: who it is for, how to get in touch, sources.

    Example: trygghet show mini-maria
    """
    lang = ctx_state(ctx).lang
    moment = parse_at(at)
    cat = load_catalogue(ctx)
    item = cat.initiative(check_text(initiative_id, "ID").strip().casefold())
    if item is None:
        item = cat.initiative(fold_id(initiative_id))  # `nödstopp` finds `nodstopp`
    route = cat.route(fold_id(initiative_id)) if item is None else None
    if route is not None:  # `show socialjouren`: a general route's lines, on the screen or as JSON
        show_route(route, format, Paper(output, force, large, handout_lang), qr, lang, moment)
        return
    if item is None:
        from trygghet_cli.schema import closest_word

        known = cat.store.ids() + [r.id for r in cat.routes]
        raise UsageError(
            "usage.unknown_id", value=initiative_id, suggestion=closest_word(initiative_id.casefold(), known)
        )
    if qr:
        from trygghet_cli.handout import web_address
        from trygghet_cli.richview import draw_qr

        url = web_address(item)
        if url is None:
            raise UsageError("qr.no_url", name=item.name)
        draw_qr(make_console(), item.name, url, lang)
        return
    paper = Paper(output, force, large, handout_lang)
    if wants_paper(format, paper):
        give_paper(ctx, cat, [item], None, format, paper)
        return
    fmt = pick_format(format)
    if fmt == "json":
        from trygghet_cli.formats import initiative_json, to_json

        write(to_json(initiative_json(item, lang, moment)))
        return
    from trygghet_cli.document import card_blocks
    from trygghet_cli.views import card_view

    emit(card_blocks(card_view(cat, item, lang, at=moment), lang), fmt, lang)


def fold_id(value: str) -> str:
    from trygghet_cli.terms import fold

    return fold(value)


def show_route(
    route: Route, format: Format | None, paper: Paper, qr: bool, lang: Lang, moment: "dt.datetime | None"
) -> None:
    """A general route (Socialjouren, Bris, 112): its name, what it is and its lines. A handout
    and a QR code are for initiatives; asked for a route, they are refused."""
    if qr or wants_paper(format, paper):
        raise UsageError("usage.route_no_paper", id=route.id)
    fmt = pick_format(format)
    if fmt == "json":
        from trygghet_cli.formats import route_json, to_json

        write(to_json(route_json(route, lang, moment)))
        return
    from trygghet_cli.document import Block, contact_block
    from trygghet_cli.views import route_view

    view = route_view(route, lang, moment)
    blocks = [Block("heading", view.name), Block("text", view.summary)]
    emit(blocks + [contact_block(c) for c in view.contacts], fmt, lang)


@app.command()
@handled
def validate(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(parser=named_path, help="Catalogue to check; default: the one in use."),
    ] = None,
) -> None:
    """Check a catalogue file and report every problem with its line and column.

    Example: trygghet validate data/initiatives.yaml
    """
    import datetime as dt

    lang = ctx_state(ctx).lang
    path = file if file is not None else catalogue_files.resolve_path(ctx_state(ctx).data)
    cat = catalogue_files.validate(path, dt.date.today())
    write(t(lang, "validate.ok", file=str(path), initiatives=len(cat.store), routes=len(cat.routes)) + "\n")
    report_gaps(catalogue_files.translation_gaps(path), lang)


@app.command()
@handled
def check(
    ctx: typer.Context,
    months: Annotated[
        int,
        typer.Option("--months", min=1, max=1200, help="A review older than this many months needs a look."),
    ] = 12,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit with 3 if anything is listed (for a scheduled CI job).")
    ] = False,
    format: Annotated[ListFormat | None, typer.Option("--format", "-f", help="rich, plain or json.")] = None,
) -> None:
    """For maintainers: what in the catalogue needs a person's look, as a table.

    Old reviews, ended initiatives, undated sources, uncertain contacts, no contact of its own.

    Example: trygghet check --months 12 --strict
    """
    import datetime as dt

    from trygghet_cli import checkview
    from trygghet_cli.upkeep import findings

    lang = ctx_state(ctx).lang
    path = catalogue_files.resolve_path(ctx_state(ctx).data)
    cat = catalogue_files.load(path)
    today = dt.date.today()
    found = findings(cat, today, months)
    lines = catalogue_files.lines_of(path, [item.path for item in found]) if found else []
    fmt = pick_format(format)
    if fmt == "json":
        from trygghet_cli.formats import to_json

        write(to_json(checkview.findings_json(str(path), today, months, found, lines, lang)))
    elif not found:
        write(t(lang, "check.none", file=str(path), months=months) + "\n")
    else:
        title = t(lang, "check.heading", file=str(path), count=len(found))
        head, body = checkview.headers(lang), checkview.rows(found, lines, lang)
        if fmt == "rich":
            from trygghet_cli.richview import draw_table

            draw_table(make_console(), title, head, body)
        else:
            write(checkview.plain_table(title, head, body))
    if strict and found:
        _error(t(lang, "check.strict", count=len(found)))
        raise typer.Exit(ExitCode.CATALOGUE)


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


# Seconds: long enough to read an answer and dial, short enough to clear before the next visitor.
DESK_IDLE = 180


@app.command()
@handled
def desk(
    ctx: typer.Context,
    idle: Annotated[
        float,
        typer.Option("--idle", min=1, help="Clear the screen and start over after this many quiet seconds."),
    ] = DESK_IDLE,
) -> None:
    """The questions for a shared screen, e.g. at an information desk (needs a terminal).

    Starts over by itself after a few quiet minutes, wipes the screen and scrollback between
    visitors and on every way out, and keeps nothing. Esc at any question clears and starts over.

    Example: trygghet desk --idle 120
    """
    lang = ctx_state(ctx).lang
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _error(t(lang, "wizard.needs_terminal"))
        raise typer.Exit(ExitCode.USAGE)
    from trygghet_cli.wizard import run_desk

    run_desk(load_catalogue(ctx), lang, idle, choose_language=not ctx_state(ctx).lang_given)


export_app = typer.Typer(help="Export the catalogue as open data.", no_args_is_help=True)
import_app = typer.Typer(help="Turn another catalogue format into a catalogue file.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


@export_app.command("hsds")
@handled
def export_hsds(
    ctx: typer.Context,
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", parser=named_path, help="Folder for services.json; made if missing."),
    ],
    force: ForceOpt = False,
) -> None:
    """Write DIR/services.json: every initiative and general route as an HSDS 3.0 service.

    Example: trygghet export hsds oppna-data/
    """
    import datetime as dt

    from trygghet_cli import hsds
    from trygghet_cli.outfile import write_new

    lang = ctx_state(ctx).lang
    cat = load_catalogue(ctx)
    target = directory / "services.json"
    text = hsds.to_json(hsds.export_services(cat, dt.date.today()))
    write_new(target, text, force, make_parent=True)
    counts = {"initiatives": len(cat.store), "routes": len(cat.routes)}
    write(t(lang, "hsds.exported", file=str(target), **counts) + "\n")


@import_app.command("hsds")
@handled
def import_hsds(
    ctx: typer.Context,
    feed: Annotated[
        Path,
        typer.Argument(metavar="FEED", parser=named_path, help="services.json, or a folder holding one."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", parser=named_path, help="The catalogue file to write (YAML).")
    ],
    map_file: Annotated[
        Path | None,
        typer.Option("--map", parser=named_path, help="YAML: which of the feed's terms mean which of ours."),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Turn an Open Referral (HSDS 3.0) feed into a catalogue file for --data.

    Example: trygghet import hsds services.json --map map.yaml -o katalog.yaml
    """
    import datetime as dt

    from trygghet_cli import hsds_import, loader
    from trygghet_cli.outfile import write_new

    lang = ctx_state(ctx).lang
    base = load_catalogue(ctx)  # its vocabularies, and its national routes for a foreign feed
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError("usage.catalogue_suffix", path=str(output))
    if output.exists() and not force:  # before reading a large feed, not only when writing
        raise UsageError("usage.output_exists", path=str(output))
    path = feed / "services.json" if feed.is_dir() else feed
    if feed.is_dir() and not path.is_file():
        raise UsageError("hsds.no_feed", file=str(feed))
    if output.exists() and output.resolve() == path.resolve():  # --force would replace the feed itself
        raise UsageError("usage.output_is_input", path=str(path))
    try:
        feed_map = hsds_import.FeedMap()
        if map_file is not None:
            feed_map = hsds_import.parse_map(loader.read_bytes(map_file), str(map_file), base)
        parsed = hsds_import.parse_feed(loader.read_bytes(path, hsds_import.MAX_FEED_BYTES), str(path))
        services, at = hsds_import.services_of(parsed, str(path))
        imported = hsds_import.import_feed(services, str(path), at, feed_map, base, dt.date.today())
    except CatalogueError as exc:
        for problem in exc.problems:
            _error(format_problem(problem, lang))
        _error(t(lang, "hsds.failed", count=len(exc.problems)))
        raise typer.Exit(ExitCode.CATALOGUE) from None
    for notice in imported.notices:
        _error(t(lang, notice.code, **notice.params))
    header = f"# Imported from {path.name} by `trygghet import hsds`. Check it with `trygghet validate`.\n"
    write_new(output, hsds_import.dump_yaml(imported.document, header), force)
    counts = {"initiatives": imported.initiatives, "routes": imported.routes}
    write(t(lang, "hsds.imported", file=str(output), **counts) + "\n")


def main() -> None:
    """Console entry point: make output survive any encoding, then run the app."""
    from trygghet_cli.screen import sanitise_columns

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
    sanitise_columns()
    stdout_was_devnull = _is_devnull(sys.stdout)
    keep_only_the_command_asked(sys.argv[1:])
    try:
        app()
    except SystemExit as exc:
        # Typer draws --help with a plain Rich console, which answers a closed pipe by pointing
        # stdout at /dev/null and exiting 1; a reader who has had enough is not an error.
        if exc.code == ExitCode.INTERNAL and not stdout_was_devnull and _is_devnull(sys.stdout):
            raise SystemExit(ExitCode.OK) from None
        raise


GLOBAL_VALUES = ("--lang", "--data")  # global options that take a value, before or after the command


def keep_only_the_command_asked(args: list[str]) -> None:
    """Register only the command named on the command line. Typer builds every command's
    options on each run (about 0.4 ms a command, twelve commands), which would put `find`
    over its start-up budget. With no command, top-level help or a name that is not a
    command, every command stays (the help lists them, and a misspelling gets a suggestion)."""
    name = _command_name(args)
    commands = [c for c in app.registered_commands if _name_of(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups


def _command_name(args: list[str]) -> str | None:
    """The first word that is not an option or a global option's value; None if there is
    none, or if an option such as --help or --version comes first."""
    values = iter(args)
    for arg in values:
        if arg in GLOBAL_VALUES:
            next(values, None)
        elif arg.startswith(tuple(f"{option}=" for option in GLOBAL_VALUES)):
            continue
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None


def _name_of(command: Any) -> str:
    return str(command.name or command.callback.__name__.replace("_", "-"))


def _is_devnull(stream: Any) -> bool:
    try:
        here, null = os.fstat(stream.fileno()), Path(os.devnull).stat()
    except (OSError, ValueError, AttributeError):
        return False
    return (here.st_dev, here.st_ino) == (null.st_dev, null.st_ino)
