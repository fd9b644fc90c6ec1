"""Keep the interface's gettext catalogues: JSON to .po, and .po to .mo (a build step).

The interface strings live in `trygghet_cli/locales/<lang>/LC_MESSAGES/trygghet.po`, one
message per key (`msgid "card.why"`), with the Swedish text beside every entry as a comment
for translators. The template `trygghet_cli/locales/trygghet.pot` lists every key.

    python tools/locales.py from-json [--since REV]   # merge locales/<lang>.json into the .po files
    python tools/locales.py compile                  # .po -> .mo beside them (pip install does too)

After merging a branch that still added keys to the old `sv.json`/`en.json` (git reports a
modify/delete conflict): keep that branch's JSON files, run
`python tools/locales.py from-json --since c7a9121` (the commit the branches started from, when
the JSON files were the locale files), then delete the JSON files and run `compile`. With
`--since`, only keys the branch added or changed since REV are taken, so its copy of an older
text never overwrites a newer one here.

`from-json` is how new keys arrive: write them in `sv.json` (and `en.json`, or any
`<lang>.json`) as flat `{"key": "text"}` objects, the form the locale files had before
gettext, run it, and delete the JSON files. A list instead of a string gives plural forms
in the language's order (`Plural-Forms` in the .po header). For every other language a new
key is added untranslated, which falls back to Swedish until a translator fills it in; a key
whose Swedish text changed is marked fuzzy there, which also falls back until reviewed.

Needs Babel (a build and development dependency only; the tool itself reads .mo files with
the standard library's gettext).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "trygghet_cli" / "locales"
DOMAIN = "trygghet"
SOURCE = "sv"
# gettext's standard plural rules (the ones Babel's CLDR data gives; Dari as Persian,
# easy-to-read Swedish as Swedish). Arabic has six forms, Ukrainian three.
PLURALS = {
    "sv": "nplurals=2; plural=(n != 1);",
    "lattlast": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "so": "nplurals=2; plural=(n != 1);",
    "ti": "nplurals=2; plural=(n > 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);",
    "prs": "nplurals=2; plural=(n > 1);",
}
UNREVIEWED = "unreviewed"
# The comment on an entry that deliberately shows Swedish (tests/test_languages.py accepts an
# empty msgstr only with a "fallback:" comment); a translator removes it when filling it in.
PENDING = "fallback: not translated yet; Swedish is shown"


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if path.is_file():
        with path.open("rb") as handle:
            return read_po(handle, domain=DOMAIN)
    catalog = Catalog(domain=DOMAIN, project="trygghet", language_team=UNREVIEWED, fuzzy=False)
    catalog.header_comment = (
        f"# Interface strings of trygghet: {lang}.\n"
        "# Review status is the Language-Team header: 'unreviewed' until an organisation has\n"
        "# reviewed the file; then 'Language-Team: <organisation>; reviewed YYYY-MM-DD' (never a\n"
        "# person's name). An answer in an unreviewed language says so, in it and in Swedish."
    )
    catalog.mime_headers = [*catalog.mime_headers, ("Language", lang), ("Plural-Forms", PLURALS[lang])]
    return catalog


def write(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True)


def _id(key: str, text: Any) -> str | tuple[str, str]:
    return (key, key) if isinstance(text, list) else key


def _string(text: Any) -> str | tuple[str, ...]:
    return tuple(text) if isinstance(text, list) else str(text)


def _shown(text: Any) -> str:
    return " | ".join(text) if isinstance(text, list) else str(text)


def _at(rev: str, path: Path) -> dict[str, Any]:
    """The JSON file as it was at git revision `rev` ({} where it did not exist)."""
    import subprocess

    shown = subprocess.run(
        ["git", "show", f"{rev}:{path.relative_to(ROOT).as_posix()}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return json.loads(shown.stdout) if shown.returncode == 0 else {}


def from_json(since: str | None = None) -> None:
    """Merge every `<lang>.json` in the locales folder into the .po files and the template;
    with `since`, only the keys added or changed after that git revision."""
    found = {}
    for path in LOCALES.glob("*.json"):
        texts = json.loads(path.read_text(encoding="utf-8"))
        if since is not None:
            before = _at(since, path)
            texts = {key: text for key, text in texts.items() if before.get(key) != text}
        found[path.stem] = texts
    langs = sorted({*PLURALS, *found})
    catalogs = {lang: read(lang) for lang in langs}
    source = catalogs[SOURCE]
    for key, text in found.get(SOURCE, {}).items():
        old = source.get(key)
        changed = old is not None and old.string != _string(text)
        for lang in langs:
            catalog = catalogs[lang]
            given = found.get(lang, {}).get(key)
            entry = catalog.get(key)
            comments = [f"sv: {_shown(text)}"]
            if given is not None:
                catalog[_id(key, given)] = Message(_id(key, given), _string(given), auto_comments=comments)
            elif entry is None:
                empty = ("",) * catalog.num_plurals if isinstance(text, list) else ""
                catalog[_id(key, text)] = Message(
                    _id(key, text), empty, auto_comments=comments, user_comments=[PENDING]
                )
            else:
                entry.auto_comments = comments
                if changed and lang != SOURCE:
                    entry.flags.add("fuzzy")
    for lang, catalog in catalogs.items():
        write(lang, catalog)
    template = Catalog(domain=DOMAIN, project="trygghet")
    for message in source:
        if message.id:
            template.add(message.id, auto_comments=message.auto_comments)
    with (LOCALES / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, width=100, sort_output=True)


def compile_all(out: Path = LOCALES) -> list[Path]:
    """Compile every .po to a .mo under `out` (same layout); returns the files written."""
    written = []
    for po in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, domain=DOMAIN)
        mo = out / po.relative_to(LOCALES).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as handle:
            write_mo(handle, catalog)  # fuzzy and empty entries are left out: they fall back
        written.append(mo)
    return written


def main(argv: list[str]) -> int:
    if argv == ["from-json"]:
        from_json()
    elif len(argv) == 3 and argv[:2] == ["from-json", "--since"]:
        from_json(argv[2])
    elif argv == ["compile"]:
        compile_all()
    else:
        sys.stderr.write(__doc__ or "")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
