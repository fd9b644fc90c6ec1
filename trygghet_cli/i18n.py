"""User-facing wording in Swedish and English, kept in locale files rather than in code.

Catalogue texts carry their own two languages; this module holds everything else the tool
says. Locale files are JSON so that reading one costs almost nothing at start-up.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from trygghet_cli.model import LANGS, Lang

LANG_ENV = "TRYGGHET_LANG"
# A plain path, not importlib.resources: the package is always unpacked on disk, and
# importlib.resources pulls in zipfile, tempfile and random at every start.
LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def messages(lang: Lang) -> dict[str, str]:
    path = LOCALES / f"{lang}.json"
    if not path.exists():  # a handout language without its own file yet: Swedish (see t)
        return {}
    text = path.read_text(encoding="utf-8")
    loaded: dict[str, str] = json.loads(text)
    return loaded


def t(lang: Lang, key: str, /, **params: Any) -> str:
    """The message `key` in `lang`, filled in; an unknown placeholder never crashes a run."""
    template = messages(lang).get(key) or messages("sv").get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def resolve_lang(flag: str | None, environ: dict[str, str] | os._Environ[str] | None = None) -> Lang | None:
    """The language from the flag, then TRYGGHET_LANG, then Swedish; None if the value is unknown."""
    env = os.environ if environ is None else environ
    value = (flag or env.get(LANG_ENV) or "sv").strip().lower()
    value = value.split("_")[0].split(".")[0]
    for lang in LANGS:
        if value == lang:
            return lang
    return None
