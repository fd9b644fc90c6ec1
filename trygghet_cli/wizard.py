"""The guided questions: who are you, how old, what worries you, where, and then the answer.

Every question can be skipped; skipping widens the answer instead of blocking it. Each prompt
takes `**prompt_io` (prompt_toolkit `input=` and `output=`), so tests drive the real prompts
through a pipe; two more keys ride along and never reach questionary: `quick_exit=True` (Esc
at any question wipes the screen and starts over, for `trygghet desk`) and `idle=SECONDS`
(no key for that long starts over). Ctrl-C and Ctrl-D become KeyboardInterrupt, which the
command turns into exit 130 with one line, after the screen and scrollback are wiped; no
answer is ever written anywhere.

In a dumb terminal (TERM=dumb, e.g. an Emacs shell) the questions are asked line by line with
numbered choices instead, so no cursor or erase sequence is ever sent to it.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

import questionary
from questionary import Choice

from trygghet_cli.i18n import t
from trygghet_cli.matching import Needs, concerns_offered, recommend
from trygghet_cli.model import MAX_AGE, Catalogue, Lang
from trygghet_cli.safetext import clean
from trygghet_cli.screen import clear_screen, is_dumb

SKIP = "__skip__"
OWN_WORDS = "__own_words__"
STEPS = ("role", "age", "concerns", "area")
OWN_OPTIONS = ("quick_exit", "idle")
WRAP_INDENT = "     "  # continuation lines of a long choice start under its text, not under the pointer


class StartOver(Exception):
    """The visitor pressed the quick-exit key, or nobody touched a key for the idle time."""


def _io(prompt_io: dict[str, Any]) -> dict[str, Any]:
    """What questionary itself takes from `prompt_io`."""
    return {k: v for k, v in prompt_io.items() if k not in OWN_OPTIONS}


def _line_mode(prompt_io: dict[str, Any]) -> bool:
    return "input" not in prompt_io and is_dumb()


def _ask(question: Any, **prompt_io: Any) -> Any:
    """Ask with Ctrl-D meaning "leave" everywhere (questionary binds it only in text prompts),
    long choices wrapped rather than cut, and the desk's quick exit and idle reset."""
    from prompt_toolkit.filters import to_filter
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=EOFError())

    if prompt_io.get("quick_exit"):

        @keys.add("escape", eager=True)
        def _(event: Any) -> None:
            event.app.exit(exception=StartOver())

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys
    for window in app.layout.find_all_windows():
        if isinstance(window.content, InquirerControl):
            window.wrap_lines = to_filter(True)
            window.get_line_prefix = lambda line, wrapped: WRAP_INDENT if wrapped else ""
    if prompt_io.get("idle"):
        _start_over_when_idle(app, float(prompt_io["idle"]))
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def _start_over_when_idle(app: Any, seconds: float) -> None:
    """Leave the question with StartOver after `seconds` without a key press."""
    import asyncio

    def arm() -> None:
        loop = asyncio.get_running_loop()

        def expire() -> None:
            if app.is_running and not app.future.done():
                app.exit(exception=StartOver())

        timer = [loop.call_later(seconds, expire)]

        def key_pressed(_: Any) -> None:
            timer[0].cancel()
            timer[0] = loop.call_later(seconds, expire)

        app.key_processor.before_key_press += key_pressed

    app.pre_run_callables.append(arm)


def _fitted(choices: list[Choice]) -> list[Choice]:
    """Choices whose titles break between words to fit the screen; prompt_toolkit would cut
    them, or with wrapping on, break inside a word ("nära ett b / arn")."""
    import textwrap

    from trygghet_cli.screen import width

    room = max(width() - len(WRAP_INDENT) - 1, 10)
    fitted = []
    for choice in choices:
        title = choice.title
        if isinstance(title, str) and len(title) > room:
            title = ("\n" + WRAP_INDENT).join(textwrap.wrap(title, room))
        fitted.append(Choice(title, value=choice.value, checked=choice.checked))
    return fitted


def _hint(lang: Lang, key: str, message: str, prompt_io: dict[str, Any]) -> str:
    """The keys to use, after the question if it fits on its line, else on lines of its own
    broken between words (the terminal would break inside one)."""
    import textwrap

    from trygghet_cli.screen import width

    hint = t(lang, key)
    if prompt_io.get("quick_exit"):
        hint += " " + t(lang, "wizard.quick_exit_hint")
    room = width() - 1
    if len(message) + len(hint) + 4 <= room:
        return hint
    return "\n" + "\n".join(textwrap.wrap(hint, room - 2, initial_indent="  ", subsequent_indent="  "))


def _select(lang: Lang, message: str, choices: list[Choice], default: Any = None, **prompt_io: Any) -> Any:
    """One choice; `default` (a value) is where the pointer starts, if it is among the choices."""
    values = [c.value for c in choices]
    start = default if default in values else None
    if _line_mode(prompt_io):
        return _line_select(lang, message, choices, start)
    question = questionary.select(
        message,
        choices=_fitted(choices),
        default=start,
        instruction=_hint(lang, "wizard.select_hint", message, prompt_io),
        **_io(prompt_io),
    )
    return _ask(question, **prompt_io)


def _checkbox(
    lang: Lang, message: str, choices: list[Choice], enter_keeps: bool = False, **prompt_io: Any
) -> list[Any]:
    """Ticked values. With `enter_keeps`, a bare Enter in line mode keeps the ticked choices
    (as Enter does in the full prompt) rather than meaning none."""
    if _line_mode(prompt_io):
        return _line_checkbox(lang, message, choices, enter_keeps)
    question = questionary.checkbox(
        message,
        choices=_fitted(choices),
        instruction=_hint(lang, "wizard.checkbox_hint", message, prompt_io),
        erase_when_done=True,  # questionary's own "done (N selections)" is English: ours follows
        **_io(prompt_io),
    )
    picked: list[Any] = _ask(question, **prompt_io)
    sys.stdout.write(f"? {message} {t(lang, 'wizard.done', count=len(picked))}\n")
    return picked


def _text(lang: Lang, message: str, hint: str | None = None, default: str = "", **prompt_io: Any) -> str:
    validate = prompt_io.pop("validate", None)
    if _line_mode(prompt_io):
        return _line_text(message, validate, default)
    instruction = _hint(lang, hint, message, prompt_io) if hint else None
    question = questionary.text(
        message, default=default, validate=validate, instruction=instruction, **_io(prompt_io)
    )
    answer: str = _ask(question, **prompt_io)
    return answer


# Line by line, for dumb terminals: numbered choices, answers typed and ended with Enter.


def _line(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise KeyboardInterrupt from None


def _line_numbers(text: str, count: int) -> list[int] | None:
    """1-based choice numbers from "2", "1 3" or "1,3"; None if any is not a choice."""
    parts = text.replace(",", " ").split()
    if not all(p.isdecimal() and 1 <= int(p) <= count for p in parts):
        return None
    return [int(p) - 1 for p in parts]


def _show_choices(message: str, choices: list[Choice]) -> None:
    sys.stdout.write(message + "\n")
    for number, choice in enumerate(choices, start=1):
        sys.stdout.write(f"  {number}. {choice.title}\n")
    sys.stdout.flush()


def _line_select(lang: Lang, message: str, choices: list[Choice], default: Any) -> Any:
    _show_choices(message, choices)
    while True:
        typed = _line(t(lang, "wizard.line_pick", count=len(choices)) + " ").strip()
        if not typed and default is not None:
            return default
        numbers = _line_numbers(typed, len(choices))
        if numbers and len(numbers) == 1:
            return choices[numbers[0]].value


def _line_checkbox(lang: Lang, message: str, choices: list[Choice], enter_keeps: bool = False) -> list[Any]:
    _show_choices(message, choices)
    key = "wizard.line_keep_many" if enter_keeps else "wizard.line_pick_many"
    while True:
        typed = _line(t(lang, key, count=len(choices)) + " ").strip()
        if not typed and enter_keeps:
            return [c.value for c in choices if c.checked]
        numbers = _line_numbers(typed, len(choices))
        if numbers is not None:
            return [choices[n].value for n in numbers]


def _line_text(message: str, validate: Any, default: str) -> str:
    while True:
        typed = _line(message + (f" [{default}]" if default else "") + " ") or default
        verdict = validate(typed) if validate else True
        if verdict is True:
            return typed
        sys.stdout.write(f"{verdict}\n")


# The questions.


def ask_language(**prompt_io: Any) -> Lang:
    """The first question when no --lang was given: each language in its own name (Arabic and
    Dari in Latin script, marked as a handout, since right-to-left text stays off terminals)."""
    from trygghet_cli.model import LANGS

    choices = [Choice(t(code, "language.choice"), value=code) for code in LANGS]
    answer: Lang = _select("sv", t("sv", "wizard.language"), choices, **prompt_io)
    return answer


def ask_role(cat: Catalogue, lang: Lang, current: str | None = None, **prompt_io: Any) -> str | None:
    choices = [Choice(clean(term.label.get(lang)), value=key) for key, term in cat.vocabulary.roles.items()]
    choices.append(Choice(t(lang, "wizard.skip"), value=SKIP))
    answer = _select(lang, t(lang, "wizard.role"), choices, current, **prompt_io)
    return None if answer == SKIP else answer


def parse_age(text: str) -> int | None | str:
    """An age from what was typed: an int, None for "skip", or an error message key.

    Digits are any that `int()` reads (Arabic-Indic too); superscripts and other characters
    `str.isdigit()` accepts but `int()` refuses are "not a number", never an exception.
    """
    value = text.strip().lower().removesuffix("år").removesuffix("years").strip()
    if not value or value in ("vet inte", "?", "-", "don't know", "dont know", "skip"):
        return None
    if not value.isdecimal():
        return "wizard.age_not_number"
    age = int(value)
    return age if age <= MAX_AGE else "wizard.age_too_high"


def ask_age_or_crisis(
    cat: Catalogue, lang: Lang, role: str | None, current: int | None = None, **prompt_io: Any
) -> tuple[int | None, tuple[str, ...]]:
    """(age or None, crisis kinds): the age field is the first place a person can type, and
    "jag vill dö" typed there is taken as said, not refused as "not a number"."""

    def validate(text: str) -> bool | str:
        parsed = parse_age(text)
        if isinstance(parsed, str) and not _crisis_in(cat, text):
            return t(lang, parsed)
        return True

    key = "wizard.age_own" if role == "young" else "wizard.age"
    default = "" if current is None else str(current)
    answer = _text(lang, t(lang, key), "wizard.age_hint", default, validate=validate, **prompt_io)
    parsed = parse_age(answer)
    return (parsed if isinstance(parsed, int) else None), _crisis_in(cat, answer)


def ask_concerns(
    cat: Catalogue,
    lang: Lang,
    role: str | None = None,
    current: tuple[str, ...] = (),
    **prompt_io: Any,
) -> tuple[tuple[str, ...], str | None]:
    """Chosen concern keys, and free text when "in my own words" was chosen.

    Only the concerns the catalogue has something for in `role` are offered; those in
    `current` start ticked.
    """
    concerns = cat.vocabulary.concerns
    offered = concerns_offered(cat, role) + tuple(c for c in current if c not in concerns_offered(cat, role))
    choices = [Choice(clean(concerns[k].label.get(lang)), value=k, checked=k in current) for k in offered]
    choices += [
        Choice(t(lang, "wizard.own_words"), value=OWN_WORDS),
        Choice(t(lang, "wizard.dont_know"), value=SKIP),
    ]
    picked = _checkbox(lang, t(lang, "wizard.concerns"), choices, **prompt_io)
    own_words = None
    if OWN_WORDS in picked:
        own_words = _text(lang, t(lang, "wizard.own_words_prompt"), **prompt_io)
    return tuple(k for k in picked if k not in (SKIP, OWN_WORDS)), own_words


def ask_area(
    cat: Catalogue, lang: Lang, role: str | None = None, current: str | None = None, **prompt_io: Any
) -> str | None:
    choices = [Choice(t(lang, "wizard.area_any"), value=SKIP)]
    choices += [Choice(clean(term.label.get(lang)), value=key) for key, term in cat.vocabulary.areas.items()]
    key = {"young": "wizard.area_own", "professional": "wizard.area_work"}.get(role or "", "wizard.area")
    answer = _select(lang, t(lang, key), choices, current or SKIP, **prompt_io)
    return None if answer == SKIP else answer


def ask_step(step: str, cat: Catalogue, lang: Lang, needs: Needs, **prompt_io: Any) -> Needs:
    """Ask one question again, with the earlier answer chosen, and return the answers with it changed."""
    if step == "role":
        return needs._replace(role=ask_role(cat, lang, needs.role, **prompt_io))
    if step == "age":
        age, crisis = ask_age_or_crisis(cat, lang, needs.role, needs.age, **prompt_io)
        return needs._replace(age=age, crisis=crisis or needs.crisis)
    if step == "concerns":
        concerns, own_words = ask_concerns(cat, lang, needs.role, needs.concerns, **prompt_io)
        understood = confirm_own_words(cat, lang, concerns, own_words, **prompt_io)
        # a crisis once said stays said: changing another answer never takes its lines away
        crisis = _crisis_in(cat, own_words) or needs.crisis
        return needs._replace(concerns=concerns + understood, crisis=crisis)
    return needs._replace(area=ask_area(cat, lang, needs.role, needs.area, **prompt_io))


def ask_needs(cat: Catalogue, lang: Lang, **prompt_io: Any) -> Needs:
    """Every question in turn; a professional is not asked where they live (they may add an
    area afterwards with "change an answer"). A crisis typed in the age field ends the
    questions there: the answer opens with the crisis lines."""
    needs = Needs(role=None)
    for step in STEPS:
        if step == "area" and needs.role == "professional":
            continue
        needs = ask_step(step, cat, lang, needs, **prompt_io)
        if step == "age" and needs.crisis:  # said where the age was asked: the answer, now
            break
    return needs


def confirm_own_words(
    cat: Catalogue, lang: Lang, chosen: tuple[str, ...], own_words: str | None, **prompt_io: Any
) -> tuple[str, ...]:
    """The worries read in the person's own words (beyond those `chosen`), shown as "Så förstod
    vi dig" with the words behind each, all ticked, so a wrongly understood one can be taken
    away before the answer. Says so in one line when no worry was recognised."""
    if not own_words:
        return ()
    from trygghet_cli.understanding import read_text

    reading = read_text(cat, own_words)
    read = [c for c in reading.concerns if c not in chosen and c in cat.vocabulary.concerns]
    if not read:
        if not chosen:
            sys.stdout.write(t(lang, "wizard.understood_none") + "\n")
            sys.stdout.flush()
        return ()
    choices = [
        Choice(_understood_title(cat, lang, key, reading.words.get(key, ())), value=key, checked=True)
        for key in read
    ]
    kept = _checkbox(lang, t(lang, "wizard.understood"), choices, enter_keeps=True, **prompt_io)
    return tuple(key for key in read if key in kept)


def _understood_title(cat: Catalogue, lang: Lang, key: str, words: tuple[str, ...]) -> str:
    """A worry's label and the person's own words behind it: "Alkohol (dricker, alkahol)"."""
    label = clean(cat.vocabulary.concerns[key].label.get(lang))
    return f"{label} ({clean(', '.join(words))})" if words else label


def _crisis_in(cat: Catalogue, own_words: str | None) -> tuple[str, ...]:
    """Crisis kinds in the person's own words, so the answer opens with the crisis block."""
    if not own_words:
        return ()
    from trygghet_cli.crisis import crisis_kinds

    return crisis_kinds(cat.crisis, own_words)


def ask_next(lang: Lang, has_results: bool, **prompt_io: Any) -> str:
    choices = []
    if has_results:
        choices.append(Choice(t(lang, "wizard.next_card"), value="card"))
        choices.append(Choice(t(lang, "wizard.next_full"), value="full"))
    choices += [
        Choice(t(lang, "wizard.next_handout"), value="handout"),
        Choice(t(lang, "wizard.next_change"), value="change"),
        Choice(t(lang, "wizard.next_new"), value="new"),
        Choice(t(lang, "wizard.next_quit"), value="quit"),
    ]
    result: str = _select(lang, t(lang, "wizard.next"), choices, **prompt_io)
    return result


def ask_which_card(cat: Catalogue, lang: Lang, ids: list[str], **prompt_io: Any) -> str:
    choices = [Choice(clean(entry.name), value=i) for i in ids if (entry := cat.initiative(i)) is not None]
    result: str = _select(lang, t(lang, "wizard.which_card"), choices, **prompt_io)
    return result


def ask_handout_lang(lang: Lang, default: str | None = None, **prompt_io: Any) -> str:
    """The handout's language, named in the interface's language: Arabic script never goes
    to a terminal, which would show it backwards (the native names are on the paper).
    `default` (e.g. the desk visitor's right-to-left language) is where the pointer starts."""
    from trygghet_cli.handout import LANGUAGES

    start = default if default in LANGUAGES else lang if lang in LANGUAGES else None
    choices = [Choice(t(lang, f"lang.{code}"), value=code) for code in LANGUAGES]
    result: str = _select(lang, t(lang, "wizard.handout_lang"), choices, start, **prompt_io)
    return result


def ask_handout_how(lang: Lang, **prompt_io: Any) -> str:
    choices = [
        Choice(t(lang, "wizard.handout_save"), value="save"),
        Choice(t(lang, "wizard.handout_show"), value="show"),
    ]
    result: str = _select(lang, t(lang, "wizard.handout_how"), choices, **prompt_io)
    return result


def give_handout(
    cat: Catalogue,
    lang: Lang,
    ids: list[str],
    crisis_kind: str | None,
    written: list[Path] | None = None,
    **prompt_io: Any,
) -> str:
    """Ask the language and the way, then write the handout into the current folder under a
    neutral name (never over a file: -2, -3…) or return its text; the message to show. A file
    written is added to `written` (the desk removes them when the visitor is done)."""
    import datetime as dt

    from trygghet_cli.handout import MAX_INITIATIVES, handout, neutral_name
    from trygghet_cli.outfile import write_beside

    paper_lang = ask_handout_lang(lang, prompt_io.pop("paper_lang", None), **prompt_io)
    how = ask_handout_how(lang, **prompt_io)
    items = [item for i in ids[:MAX_INITIATIVES] if (item := cat.initiative(i)) is not None]
    text = handout(
        items,
        cat.routes,
        cat.vocabulary.access,
        paper_lang,
        dt.date.today(),
        crisis_kind,
        fmt="html" if how == "save" else "text",
        crisis=cat.crisis,
    )
    if how == "show":
        return text
    path = write_beside(Path.cwd(), neutral_name(paper_lang), text)
    if written is None:
        return t(lang, "handout.written", path=str(path)) + "\n"
    written.append(path)
    return t(lang, "handout.written", path=str(path)) + " " + t(lang, "desk.handout_removed") + "\n"


def ask_which_step(lang: Lang, **prompt_io: Any) -> str:
    choices = [Choice(t(lang, f"wizard.step_{s}"), value=s) for s in STEPS]
    result: str = _select(lang, t(lang, "wizard.which_step"), choices, **prompt_io)
    return result


def _welcome(lang: Lang, desk: bool) -> None:
    import textwrap

    from trygghet_cli.screen import width

    text = t(lang, "wizard.welcome") + (" " + t(lang, "desk.welcome") if desk else "")
    sys.stdout.write(textwrap.fill(text, width=min(width(), 100) - 1) + "\n")
    sys.stdout.flush()


def run_wizard(cat: Catalogue, lang: Lang, **prompt_io: Any) -> None:
    """The whole session for one person; the screen and scrollback are wiped however it ends."""
    try:
        _session(cat, lang, **prompt_io)
    finally:
        clear_screen()


def run_desk(
    cat: Catalogue, lang: Lang, idle: float, choose_language: bool = False, **prompt_io: Any
) -> None:
    """Sessions for one visitor after another on a shared screen, until Ctrl-C or Ctrl-D.

    Between visitors (quit, "start over", Esc, or `idle` seconds without a key) the screen and
    scrollback are wiped and nothing of the last visitor's answers is kept.
    """
    while True:
        clear_screen()
        written: list[Path] = []  # this visitor's handouts, removed when they are done
        try:
            visitor, paper = _visitor_language(lang, choose_language, idle=idle, **prompt_io)
            _session(cat, visitor, paper, written, quick_exit=True, idle=idle, **prompt_io)
        except StartOver:
            continue
        except BaseException:
            clear_screen()
            raise
        finally:
            _forget(written)


def _forget(paths: list[Path]) -> None:
    """Remove the handouts a visitor had written: the next visitor at a shared screen should not
    find which initiatives the last one was given (they say what the worry was)."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _visitor_language(lang: Lang, choose: bool, **prompt_io: Any) -> tuple[Lang, Lang | None]:
    """Each visitor's language, asked first when the desk was started without --lang, and the
    handout language to offer first. A right-to-left language is never written to the
    terminal: the visitor is told, in Swedish and English, that the answer comes as a printed
    handout (the menu's "Lapp till familjen", which then offers that language first), and the
    questions go on in Swedish."""
    if not choose:
        return lang, None
    from trygghet_cli.model import RTL

    chosen = ask_language(quick_exit=True, **prompt_io)
    if chosen not in RTL:
        return chosen, None
    for said, name in (("sv", "language.in_swedish"), ("en", "language.in_english")):
        sys.stdout.write(t(said, "rtl.handout", language=t(chosen, name)) + "\n")
    sys.stdout.flush()
    return "sv", chosen


def _session(
    cat: Catalogue,
    lang: Lang,
    paper: Lang | None = None,
    written: list[Path] | None = None,
    **prompt_io: Any,
) -> None:
    """Questions, answer, then card / change / new search / quit; returns on quit."""
    desk = bool(prompt_io.get("quick_exit"))
    _welcome(lang, desk)
    needs = ask_needs(cat, lang, **prompt_io)
    # Rich is imported after the first answers, so the first question is on screen sooner.
    from trygghet_cli.document import answer_blocks, card_blocks, compact_answer_blocks, language_blocks
    from trygghet_cli.richview import draw, make_console
    from trygghet_cli.views import answer_view, card_view

    console = make_console()
    redraw = True
    ids: list[str] = []
    while True:
        if redraw:
            answer = recommend(cat, needs)
            before, after = language_blocks(lang)
            compact = compact_answer_blocks(answer_view(cat, answer, lang), lang, "")
            draw(console, compact + before + after, lang)  # the crisis block stays first
            ids = [m.initiative.id for m in answer.matches]
        choice = ask_next(lang, bool(ids), **prompt_io)
        redraw = choice not in ("card", "full", "handout")
        if choice == "handout":
            from trygghet_cli.handout import crisis_kind_for

            kind = needs.crisis[0] if needs.crisis else crisis_kind_for(cat.crisis, needs.concerns)
            sys.stdout.write(give_handout(cat, lang, ids, kind, written, paper_lang=paper, **prompt_io))
            sys.stdout.flush()
        elif choice == "full":
            draw(console, answer_blocks(answer_view(cat, answer, lang), lang), lang)
        elif choice == "card":
            item = cat.initiative(ask_which_card(cat, lang, ids, **prompt_io))
            if item is not None:
                draw(console, card_blocks(card_view(cat, item, lang), lang), lang)
        elif choice == "change":
            needs = ask_step(ask_which_step(lang, **prompt_io), cat, lang, needs, **prompt_io)
        elif choice == "new" and desk:
            raise StartOver
        elif choice == "new":
            clear_screen()
            _welcome(lang, desk)
            needs = ask_needs(cat, lang, **prompt_io)
        else:
            return
