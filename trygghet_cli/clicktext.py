"""Click's and Typer's own words (usage errors, help headings, help texts) in the user's language.

The vendored Click inside Typer 0.28 has English strings and no gettext hook, so the shell
does three things instead (all with the keys in the .po files, `click.*` and `help.*`):

- `LocalisedGroup.main` runs the command tree with `standalone_mode=False`, catches Click's
  usage errors and writes them as one translated line from the exception's own fields
  (which option, which value), never Click's English message;
- before parsing, it sets every command's and option's help text, the help option's text
  and the help panels' headings in the chosen language;
- it moves `--lang` and `--data` to the front of the arguments, so both work before or after
  the subcommand (`trygghet find --role parent --lang en`).

This reaches into `typer._click` and `typer.rich_utils`, which are private: pyproject pins
Typer to 0.28.x, and tests/test_languages.py fails if a string leaks after an upgrade.
"""

import os
import re
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from typer._click import exceptions as cx
from typer._click.core import Context, Parameter
from typer._click.formatting import HelpFormatter
from typer._click.types import IntParamType, IntRange
from typer._types import TyperChoice as Choice
from typer.core import TyperGroup
from typer.exceptions import Abort

from trygghet_cli.errors import ExitCode, TrygghetError
from trygghet_cli.i18n import LANG_ENV, lookup, resolve_lang, t
from trygghet_cli.model import FALLBACK, Lang

GLOBAL_OPTIONS = ("--lang", "--data")
HELP_NAMES = ("-h", "--help")


def hoist(args: Sequence[str]) -> list[str]:
    """The arguments with every `--lang X`/`--data X` (or `--lang=X`) moved to the front,
    where the top-level callback reads them; nothing after `--` is touched."""
    front: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--":
            rest += args[position:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and "=" in arg:
            front.append(arg)
        elif name in GLOBAL_OPTIONS and position + 1 < len(args):
            front += [arg, args[position + 1]]
            position += 1
        else:
            rest.append(arg)
        position += 1
    return front + rest


def chosen_lang(args: Sequence[str]) -> Lang:
    """The language the arguments (after `hoist`) or TRYGGHET_LANG ask for; Swedish when it is
    unknown (the top-level callback then reports the bad value)."""
    flag = None
    for position, arg in enumerate(args):
        if arg.startswith("--lang="):
            flag = arg.split("=", 1)[1]
        elif arg == "--lang" and position + 1 < len(args):
            flag = args[position + 1]
    return resolve_lang(flag, {LANG_ENV: os.environ.get(LANG_ENV, "")}) or FALLBACK


class LocalisedFormatter(HelpFormatter):
    """Click's help formatter with the usage line's prefix in the user's language."""

    usage = "Usage: "

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, self.usage if prefix is None else prefix)


def localise(group: TyperGroup, lang: Lang, args: Sequence[str] = ()) -> None:
    """Every help text of the command tree, and the help panels' headings, in `lang`."""
    LocalisedFormatter.usage = t(lang, "help.usage")
    Context.formatter_class = LocalisedFormatter
    group.help = t(lang, "help.app")
    _params(group, lang)
    _commands(group, lang, "help")
    if any(arg in HELP_NAMES for arg in args) or "typer.rich_utils" in sys.modules:
        _panels(lang)


def _commands(group: Any, lang: Lang, prefix: str) -> None:
    """Each command's help (`help.<name>`, a sub-command's `help.<group>.<name>`) and options."""
    for name, command in group.commands.items():
        command.help = _text(lang, f"{prefix}.{name}") or command.help
        command.short_help = _text(lang, f"{prefix}.{name}.short") or command.short_help
        _params(command, lang)
        if hasattr(command, "commands"):
            _commands(command, lang, f"{prefix}.{name}")


def _text(lang: Lang, key: str) -> str | None:
    """The help text `key` in `lang`, else Swedish; None where neither has it."""
    return lookup(lang, key) or lookup(FALLBACK, key)


def _params(command: Any, lang: Lang) -> None:
    for param in command.params:
        found = _text(lang, f"help.opt.{param.name}")
        if found is not None:
            param.help = found
    helper = command.get_help_option(SimpleNamespace(help_option_names=list(HELP_NAMES)))
    if helper is not None:
        helper.help = t(lang, "help.show_help")


def _panels(lang: Lang) -> None:
    """Typer's Rich help panels read these module constants when they draw."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = t(lang, "help.arguments")
    rich_utils.OPTIONS_PANEL_TITLE = t(lang, "help.options")
    rich_utils.COMMANDS_PANEL_TITLE = t(lang, "help.commands")
    rich_utils.REQUIRED_LONG_STRING = t(lang, "help.required")
    rich_utils.ENVVAR_STRING = t(lang, "help.envvar")
    rich_utils.DEFAULT_STRING = t(lang, "help.default")


def error_line(exc: cx.ClickException, lang: Lang, commands: Sequence[str]) -> str:
    """One line saying what was wrong with the command, from the exception's fields."""
    return t(lang, "click.error", message=_message(exc, lang, commands))


def _name(param: Parameter | None) -> str:
    if param is None:
        return "?"
    if param.param_type_name == "argument":
        return param.human_readable_name
    return f"'{param.opts[0]}'" if param.opts else f"'{param.name}'"


def _message(exc: cx.ClickException, lang: Lang, commands: Sequence[str]) -> str:
    if isinstance(exc, cx.MissingParameter):
        kind = exc.param.param_type_name if exc.param is not None else exc.param_type
        key = "click.missing_argument" if kind == "argument" else "click.missing_option"
        return t(lang, key, name=_name(exc.param))
    if isinstance(exc, cx.NoSuchOption):
        line = t(lang, "click.no_such_option", name=f"'{exc.option_name}'")
        if exc.possibilities:
            line += " " + t(lang, "click.possible", options=", ".join(sorted(exc.possibilities)))
        return line
    if isinstance(exc, cx.BadOptionUsage):
        key = "click.no_value" if "does not take" in exc.message else "click.needs_value"
        return t(lang, key, name=f"'{exc.option_name}'")
    if isinstance(exc, cx.BadParameter):
        return _bad_value(exc, lang)
    return _usage(exc.message, lang, commands)


def _bad_value(exc: cx.BadParameter, lang: Lang) -> str:
    found = re.match(r"'?(.*?)'? is not", exc.message)
    value = found.group(1) if found else ""
    name = _name(exc.param)
    kind = exc.param.type if exc.param is not None else None
    if isinstance(kind, IntRange) and "is not a valid" not in exc.message:  # not a number at all
        limits = re.search(r"range (.+?)\.?$", exc.message)
        return t(lang, "click.out_of_range", name=name, value=value, range=limits.group(1) if limits else "")
    if isinstance(kind, IntParamType):
        return t(lang, "click.not_integer", name=name, value=value)
    if isinstance(kind, Choice):
        choices = ", ".join(str(getattr(c, "value", c)) for c in kind.choices)
        return t(lang, "click.not_choice", name=name, value=value, choices=choices)
    return t(lang, "click.bad_value", name=name)


def _usage(message: str, lang: Lang, commands: Sequence[str]) -> str:
    unknown = re.match(r"No such command '([^']*)'", message)
    if unknown:
        line = t(lang, "click.no_such_command", name=unknown.group(1), commands=", ".join(commands))
        meant = re.search(r"Did you mean '([^']*)'", message)  # Typer's suggestion, in English
        return line + (" " + t(lang, "hint.did_you_mean", suggestion=meant.group(1)) if meant else "")
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", message)
    if extra:
        return t(lang, "click.extra_args", args=extra.group(1))
    if message.startswith("Missing command"):
        return t(lang, "click.missing_command")
    return t(lang, "click.usage_error")


class LocalisedGroup(TyperGroup):
    """The top-level command: the framework's words in the user's language (see the module)."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = hoist(list(sys.argv[1:] if args is None else args))
        self.argv = argv  # for a refusal inside a command, which must look at every word typed
        lang = chosen_lang(argv)
        localise(self, lang, argv)
        if any(arg in (*HELP_NAMES, "--version") for arg in argv):  # answered before any command
            self.before_refusal(argv, lang)
        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except cx.ClickException as exc:
            self.before_refusal(argv, lang)
            command = exc.ctx.command_path if isinstance(exc, cx.UsageError) and exc.ctx else "trygghet"
            # one line: what was wrong, then where the help is
            sys.stderr.write(
                f"{error_line(exc, lang, list(self.commands))} {t(lang, 'click.try_help', command=command)}\n"
            )
            sys.exit(exc.exit_code)
        except TrygghetError as exc:  # a value refused while the arguments were read (see cli.named_path)
            self.before_refusal(argv, lang)
            sys.stderr.write(t(lang, exc.code, **exc.params) + "\n")
            sys.exit(exc.exit_code)
        except Abort:  # end of input at a prompt
            sys.stderr.write(t(lang, "interrupted") + "\n")
            sys.exit(ExitCode.INTERRUPTED)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else ExitCode.OK)

    argv: list[str] = []

    def before_refusal(self, args: Sequence[str], lang: Lang) -> None:
        """Called with the arguments before a command line is refused or answered with help;
        nothing here (the application's own group shows the crisis lines first when its words
        say someone is in danger)."""
