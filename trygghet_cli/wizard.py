"""The guided questions: who are you, how old, what worries you, where, and then the answer.

Every question can be skipped; skipping widens the answer instead of blocking it. Each prompt
takes `**prompt_io` (prompt_toolkit `input=` and `output=`), so tests drive the real prompts
through a pipe. Ctrl-C and Ctrl-D become KeyboardInterrupt, which the command turns into
exit 130 with one line, and no answer is ever written anywhere.
"""

from __future__ import annotations

import sys
from typing import Any

import questionary
from questionary import Choice

from trygghet_cli.i18n import t
from trygghet_cli.matching import Needs, recommend
from trygghet_cli.model import MAX_AGE, Catalogue, Lang
from trygghet_cli.safetext import clean

SKIP = "__skip__"
OWN_WORDS = "__own_words__"
STEPS = ("role", "age", "concerns", "area")


def _ask(question: Any) -> Any:
    """Ask with Ctrl-D meaning "leave" everywhere: questionary binds it only in text prompts."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    leave = KeyBindings()

    @leave.add("c-d", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=EOFError())

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, leave]) if app.key_bindings else leave
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def ask_language(**prompt_io: Any) -> Lang:
    """The first question when no --lang was given: each language in its own name (Arabic and
    Dari in Latin script, marked as a handout, since right-to-left text stays off terminals)."""
    from trygghet_cli.model import LANGS

    choices = [Choice(t(code, "language.choice"), value=code) for code in LANGS]
    answer: Lang = _ask(
        questionary.select(
            t("sv", "wizard.language"), choices=choices, instruction="(↑ ↓ Enter)", **prompt_io
        )
    )
    return answer


def ask_role(cat: Catalogue, lang: Lang, **prompt_io: Any) -> str | None:
    choices = [Choice(clean(term.label.get(lang)), value=key) for key, term in cat.vocabulary.roles.items()]
    choices.append(Choice(t(lang, "wizard.skip"), value=SKIP))
    answer = _ask(
        questionary.select(
            t(lang, "wizard.role"), choices=choices, instruction=t(lang, "wizard.select_hint"), **prompt_io
        )
    )
    return None if answer == SKIP else answer


def parse_age(text: str) -> int | None | str:
    """An age from what was typed: an int, None for "skip", or an error message key."""
    value = text.strip().lower().removesuffix("år").removesuffix("years").strip()
    if not value or value in ("vet inte", "?", "-", "don't know", "dont know", "skip"):
        return None
    if not value.isdigit():
        return "wizard.age_not_number"
    age = int(value)
    return age if age <= MAX_AGE else "wizard.age_too_high"


def ask_age(cat: Catalogue, lang: Lang, role: str | None, **prompt_io: Any) -> int | None:
    def validate(text: str) -> bool | str:
        parsed = parse_age(text)
        return t(lang, parsed) if isinstance(parsed, str) else True

    key = "wizard.age_own" if role == "young" else "wizard.age"
    answer = _ask(
        questionary.text(t(lang, key), validate=validate, instruction=t(lang, "wizard.age_hint"), **prompt_io)
    )
    parsed = parse_age(answer)
    return parsed if isinstance(parsed, int) else None


def ask_concerns(cat: Catalogue, lang: Lang, **prompt_io: Any) -> tuple[tuple[str, ...], str | None]:
    """Chosen concern keys, and free text when "in my own words" was chosen."""
    choices = [
        Choice(clean(term.label.get(lang)), value=key) for key, term in cat.vocabulary.concerns.items()
    ]
    choices += [
        Choice(t(lang, "wizard.own_words"), value=OWN_WORDS),
        Choice(t(lang, "wizard.dont_know"), value=SKIP),
    ]
    picked = _ask(
        questionary.checkbox(
            t(lang, "wizard.concerns"),
            choices=choices,
            instruction=t(lang, "wizard.checkbox_hint"),
            erase_when_done=True,  # questionary's own "done (N selections)" is English: ours follows
            **prompt_io,
        )
    )
    sys.stdout.write(f"? {t(lang, 'wizard.concerns')} {t(lang, 'wizard.done', count=len(picked))}\n")
    own_words = None
    if OWN_WORDS in picked:
        own_words = _ask(questionary.text(t(lang, "wizard.own_words_prompt"), **prompt_io))
    return tuple(k for k in picked if k not in (SKIP, OWN_WORDS)), own_words


def ask_area(cat: Catalogue, lang: Lang, **prompt_io: Any) -> str | None:
    choices = [Choice(t(lang, "wizard.area_any"), value=SKIP)]
    choices += [Choice(clean(term.label.get(lang)), value=key) for key, term in cat.vocabulary.areas.items()]
    answer = _ask(
        questionary.select(
            t(lang, "wizard.area"), choices=choices, instruction=t(lang, "wizard.select_hint"), **prompt_io
        )
    )
    return None if answer == SKIP else answer


def ask_step(step: str, cat: Catalogue, lang: Lang, needs: Needs, **prompt_io: Any) -> Needs:
    """Ask one question again and return the answers with that one changed."""
    if step == "role":
        return needs._replace(role=ask_role(cat, lang, **prompt_io))
    if step == "age":
        return needs._replace(age=ask_age(cat, lang, needs.role, **prompt_io))
    if step == "concerns":
        concerns, own_words = ask_concerns(cat, lang, **prompt_io)
        return needs._replace(concerns=_with_own_words(cat, concerns, own_words))
    return needs._replace(area=ask_area(cat, lang, **prompt_io))


def ask_needs(cat: Catalogue, lang: Lang, **prompt_io: Any) -> Needs:
    needs = Needs(role=None)
    for step in STEPS:
        needs = ask_step(step, cat, lang, needs, **prompt_io)
    return needs


def _with_own_words(cat: Catalogue, concerns: tuple[str, ...], own_words: str | None) -> tuple[str, ...]:
    if not own_words:
        return concerns
    from trygghet_cli.understanding import read_text

    reading = read_text(cat, own_words)
    return concerns + tuple(c for c in reading.concerns if c not in concerns)


def ask_next(lang: Lang, has_results: bool, **prompt_io: Any) -> str:
    choices = []
    if has_results:
        choices.append(Choice(t(lang, "wizard.next_card"), value="card"))
    choices += [
        Choice(t(lang, "wizard.next_change"), value="change"),
        Choice(t(lang, "wizard.next_new"), value="new"),
        Choice(t(lang, "wizard.next_quit"), value="quit"),
    ]
    result: str = _ask(
        questionary.select(
            t(lang, "wizard.next"), choices=choices, instruction=t(lang, "wizard.select_hint"), **prompt_io
        )
    )
    return result


def ask_which_card(cat: Catalogue, lang: Lang, ids: list[str], **prompt_io: Any) -> str:
    choices = [Choice(clean(entry.name), value=i) for i in ids if (entry := cat.entry(i)) is not None]
    result: str = _ask(
        questionary.select(
            t(lang, "wizard.which_card"),
            choices=choices,
            instruction=t(lang, "wizard.select_hint"),
            **prompt_io,
        )
    )
    return result


def ask_which_step(lang: Lang, **prompt_io: Any) -> str:
    choices = [Choice(t(lang, f"wizard.step_{s}"), value=s) for s in STEPS]
    result: str = _ask(
        questionary.select(
            t(lang, "wizard.which_step"),
            choices=choices,
            instruction=t(lang, "wizard.select_hint"),
            **prompt_io,
        )
    )
    return result


def run_wizard(cat: Catalogue, lang: Lang, **prompt_io: Any) -> None:
    """The whole session: questions, answer, then card / change / new search / quit."""
    # Rich is imported after the first answers, so the first question is on screen sooner.
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size().columns, 100)
    sys.stdout.write(textwrap.fill(t(lang, "wizard.welcome"), width=max(width - 1, 20)) + "\n")
    sys.stdout.flush()
    needs = ask_needs(cat, lang, **prompt_io)
    from rich.console import Console

    from trygghet_cli.document import answer_blocks, card_blocks, language_blocks
    from trygghet_cli.richview import draw
    from trygghet_cli.views import answer_view, card_view

    console = Console(highlight=False, emoji=False, markup=False)
    redraw = True
    ids: list[str] = []
    while True:
        if redraw:
            answer = recommend(cat, needs)
            before, after = language_blocks(lang)
            draw(console, before + answer_blocks(answer_view(cat, answer, lang), lang) + after, lang)
            ids = [m.initiative.id for m in answer.matches]
        choice = ask_next(lang, bool(ids), **prompt_io)
        redraw = choice != "card"
        if choice == "card":
            item = cat.initiative(ask_which_card(cat, lang, ids, **prompt_io))
            if item is not None:
                draw(console, card_blocks(card_view(cat, item, lang), lang), lang)
        elif choice == "change":
            needs = ask_step(ask_which_step(lang, **prompt_io), cat, lang, needs, **prompt_io)
        elif choice == "new":
            needs = ask_needs(cat, lang, **prompt_io)
        else:
            clear_screen()
            return


def clear_screen() -> None:
    """Wipe the screen and the scrollback: the next visitor at a desk must not see this one's answers."""
    if sys.stdout.isatty():
        sys.stdout.write("\x1b[H\x1b[2J\x1b[3J")
        sys.stdout.flush()
