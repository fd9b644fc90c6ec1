"""User-facing wording in every interface language, kept in gettext catalogues, not in code.

Catalogue texts carry their own languages; this module holds everything else the tool says.
The strings live in `locales/<lang>/LC_MESSAGES/trygghet.po`, one entry per key
(`msgid "card.why"`), the format Weblate, Poedit and every translator's tool read. The build
compiles them to `.mo` with Babel (hatch_build.py, or `python tools/locales.py compile`); at
run time the standard library's `gettext` reads the `.mo`, which costs microseconds and no
import of Babel. A key a language lacks (untranslated, or marked fuzzy) falls back to Swedish.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from trygghet_cli.model import FALLBACK, LANGS, Lang

LANG_ENV = "TRYGGHET_LANG"
DOMAIN = "trygghet"
# A plain path, not importlib.resources: the package is always unpacked on disk, and
# importlib.resources pulls in zipfile, tempfile and random at every start.
LOCALES = Path(__file__).resolve().parent / "locales"
# Other spellings people type for a language code (`--lang lättläst`).
ALIASES: dict[str, Lang] = {"lättläst": "lattlast", "lattläst": "lattlast", "fa-af": "prs", "fa_af": "prs"}
# The .po header field that records review: "unreviewed", or "<organisation>; reviewed <date>".
UNREVIEWED = "unreviewed"


@cache
def catalog(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`; an empty one if it is not compiled (every key then
    falls back, and the test suite reports the missing build step)."""
    path = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:
        return gettext.NullTranslations()


def lookup(lang: Lang, key: str, count: int | None = None) -> str | None:
    """The template for `key` in `lang` itself, in the plural form for `count` where the key
    has plural forms; None when `lang` does not have it."""
    found = catalog(lang)
    if count is not None:
        text = found.ngettext(key, key, count)
        if text != key:
            return text
    text = found.gettext(key)
    return text if text != key else None


def t(lang: Lang, key: str, /, **params: Any) -> str:
    """The message `key` in `lang` (else in Swedish), filled in; an unknown placeholder never
    crashes a run. A `count` parameter that is an int picks the plural form; an `errno`
    parameter (a symbolic name such as ENOENT, see `errors.os_reason`) puts the system's
    `reason` in `lang` where the locale files have it (`os.ENOENT`)."""
    if params.get("errno"):
        said = f"os.{params['errno']}"
        params["reason"] = lookup(lang, said) or lookup(FALLBACK, said) or params.get("reason", "")
    count = params.get("count")
    count = count if isinstance(count, int) and not isinstance(count, bool) else None
    template = lookup(lang, key, count) or lookup(FALLBACK, key, count) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def reviewed(lang: Lang) -> bool:
    """Whether a person has reviewed the interface translation of `lang` (.po header)."""
    info = catalog(lang).info()
    return info.get("language-team", UNREVIEWED).strip() != UNREVIEWED


def resolve_lang(flag: str | None, environ: Mapping[str, str] | None = None) -> Lang | None:
    """The language from the flag, then TRYGGHET_LANG, then Swedish (never the system locale:
    a desk computer's locale says nothing about the visitor); None if the value is unknown."""
    env = os.environ if environ is None else environ
    value = (flag or env.get(LANG_ENV) or FALLBACK).strip().lower()
    value = ALIASES.get(value, value)
    value = re.split(r"[-_.@]", value)[0]  # en-GB, sv_SE.UTF-8, uk_UA@euro: the language
    return value if value in LANGS else None
