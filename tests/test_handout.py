"""The family's handout: what is on the paper, what never is, and how it is written to a file.

The browser checks (one page, QR codes scan, fonts, right-to-left digits) are in
test_handout_browser.py; these need no tools beyond Python.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL

from trygghet_cli.handout import LANGUAGES, handout
from trygghet_cli.model import Catalogue

DAY = dt.date(2026, 11, 29)
QUESTION = ["find", "--role", "parent", "--age", "15", "--concern", "alcohol"]
# A different family, different answers, the same three suggestions (asserted below).
OTHER_QUESTION = ["find", "--role", "parent", "--age", "13", "--area", "storvik", "--concern", "alcohol"]


def top_ids(run: Any, args: list[str]) -> list[str]:
    return [r["id"] for r in json.loads(run(*args, "--format", "json").stdout)["results"]][:3]


def paper(cat: Catalogue, ids: list[str], lang: str = "sv", **kwargs: Any) -> str:
    items = [item for i in ids if (item := cat.initiative(i)) is not None]
    return handout(items, cat.routes, cat.vocabulary.access, lang, DAY, crisis=cat.crisis, **kwargs)


@pytest.mark.parametrize("suffix", [".html", ".txt", ".md"])
def test_two_questions_with_the_same_suggestions_give_the_same_bytes(
    run: Any, tmp_path: Path, suffix: str
) -> None:
    assert top_ids(run, QUESTION) == top_ids(run, OTHER_QUESTION)
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    assert run(*QUESTION, "-o", str(first)).exit_code == 0
    assert run(*OTHER_QUESTION, "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_the_family_s_words_and_answers_never_reach_the_paper(run: Any) -> None:
    canary = "Kanariefågel"
    for args in (
        ["search", f"{canary} min dotter är 15 år och dricker alkohol", "--format", "html"],
        [*QUESTION, "--area", "storvik", "--format", "html"],
    ):
        out = run(*args).stdout
        assert out.startswith("<!DOCTYPE html>")
        for private in (canary, "15 år", "Förälder", "Storvik", "Därför passar", "Dina ord", "trygghet show"):
            assert private not in out, private


def test_no_time_of_day_and_no_identifiers(shipped: Catalogue) -> None:
    out = paper(shipped, ["lyktan", "mini-maria", "orossamtal"])
    assert "2026-11-29" in out
    assert not re.search(r"\b\d{1,2}:\d{2}(:\d{2})?\b", out)
    assert not re.search(r"utm_|fbclid|gclid|bit\.ly|tinyurl", out)
    assert "mini-maria" not in out and "orossamtal" not in out  # no catalogue ids


def test_nothing_is_loaded_from_the_network(shipped: Catalogue) -> None:
    out = paper(shipped, ["lyktan", "mini-maria", "orossamtal"])
    assert "default-src 'none'" in out and 'name="referrer" content="no-referrer"' in out
    assert "<script" not in out and "<link" not in out and "<img" not in out
    assert "@import" not in out and "url(" not in out
    assert not re.search(r"""\b(src|href)\s*=""", out)


def test_contents_top_to_bottom(shipped: Catalogue) -> None:
    out = paper(shipped, ["mini-maria", "lyktan", "orossamtal", "abc"], crisis_kind="mental_health")
    # the crisis block's line first, as on the screen; then 112, Socialjouren, Bris
    order = ["Stöd och hjälp i Sandviken", "Akut hjälp", "90101", "112", "026-10 02 25", "116 111"]
    order += ["Mini-Maria", "Lyktan", "Orossamtal", "Jag behöver tolk.", "Anteckningar"]
    order += ["inga uppgifter om dig"]
    positions = [out.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "ABC" not in out  # three suggestions at most
    assert out.count('class="qr"') == 3 and out.count("<svg") == 3
    assert '<bdi dir="ltr" lang="sv" translate="no" class="phone">026-24 00 00</bdi>' in out
    assert "Uppgifterna kontrollerade" in out
    assert 'Vardagar <bdi dir="ltr" class="nw">8–17</bdi>' in out  # hours stay whole, left to right


def test_qr_codes_print_at_least_two_and_a_half_centimetres(shipped: Catalogue) -> None:
    out = paper(shipped, ["lyktan", "mini-maria", "abc"])
    codes = re.findall(r'<svg width="([\d.]+)mm" height="([\d.]+)mm".*?scale\(([\d.]+)\)', out)
    assert len(codes) == 3
    for width, height, module in codes:
        assert width == height
        assert float(width) - 8 * float(module) >= 25  # the code without its 4-module quiet zone


def test_suicide_line_only_when_the_crisis_calls_for_it(run: Any) -> None:
    plain = run(*QUESTION, "--format", "html").stdout
    crisis = run("find", "--role", "parent", "--concern", "mental_health", "--format", "html").stdout
    assert "90101" not in plain and "90101" in crisis
    for out in (plain, crisis):
        assert all(number in out for number in ("112", "026-10 02 25", "116 111"))


class Nodes(HTMLParser):
    """Every text node with the elements around it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, list[tuple[str, dict[str, str | None]]]]] = []
        self.root: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.root = dict(attrs)
        if tag not in ("meta", "br"):
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("meta", "br"):
            assert self.stack.pop()[0] == tag

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((data.strip(), list(self.stack)))


@pytest.mark.parametrize("lang", ["ar", "prs"])
def test_right_to_left_pages_keep_numbers_urls_and_names_left_to_right(shipped: Catalogue, lang: str) -> None:
    out = paper(shipped, ["mini-maria", "lyktan", "orossamtal"], lang)
    nodes = Nodes()
    nodes.feed(out)
    assert nodes.root == {"lang": lang, "dir": "rtl"}
    assert 'dir="auto"' not in out
    isolated = 0
    for text, around in nodes.texts:
        tag, attrs = around[-1]
        if re.fullmatch(r"[\d -]+|https?://\S+|\d{4}-\d{2}-\d{2}|Lyktan|Mini-Maria|Orossamtal", text):
            assert (tag, attrs.get("dir")) == ("bdi", "ltr"), text
            isolated += 1
        else:  # every other text says which way it runs, itself or through its element
            assert any(a.get("dir") for _, a in around), text
    assert isolated >= 12


def test_every_language_has_a_direction(shipped: Catalogue) -> None:
    for lang, (tag, direction) in LANGUAGES.items():
        out = paper(shipped, ["lyktan"], lang)
        assert f'<html lang="{tag}" dir="{direction}">' in out
        assert (direction == "rtl") == (lang in ("ar", "prs"))


def test_catalogue_text_is_never_markup_on_paper(run: Any, write_catalogue: Any) -> None:
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    path = write_catalogue(SMALL.replace('name: "First"', f"name: {json.dumps(hostile)}"))
    out = run("--data", str(path), "show", "first", "--format", "html").stdout
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in out


def test_text_take_away_reads_as_plain_text(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "lapp.txt"
    assert run(*QUESTION, "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "\\" not in text and "trygghet show" not in text and "<" not in text and "**" not in text
    assert "026-24 00 00: " in text and "Jag behöver tolk." in text
    assert "https://www.regiongavleborg.se/" in text


def test_markdown_take_away_escapes_only_what_markdown_needs(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "lapp.md"
    assert run(*QUESTION, "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "\\-" not in text and "\\." not in text and "trygghet show" not in text
    assert "- **026-24 00 00**: " in text and "### 1. Mini-Maria" in text


def test_markdown_answer_leaves_out_the_answers_unless_asked(run: Any) -> None:
    args = ["search", "min son på 15 röker hasch", "--format", "markdown"]
    mailed = run(*args).stdout
    assert "**026-24 00 00**" in mailed and "026\\-" not in mailed
    for private in ("Därför passar det", "Så förstod vi dig", "hasch", "trygghet show"):
        assert private not in mailed, private
    notes = run(*args, "--with-answers").stdout
    assert "Därför passar det" in notes and "hasch" in notes


def test_output_never_overwrites_without_force(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "lapp.html"
    target.write_text("mine")
    result = run(*QUESTION, "-o", str(target))
    assert result.exit_code == 2 and "finns redan" in result.stderr and "--force" in result.stderr
    assert target.read_text() == "mine"
    assert run(*QUESTION, "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "lapp.pdf"], "okänd ändelse"),
        (["-o", "lapp.html", "--format", "json"], "ändelsen bestämmer formatet"),
        (["--format", "html", "--handout-lang", "xx"], "Okänt språk för lappen"),
        (["-o", "saknas/lapp.html"], "Kunde inte skriva saknas/lapp.html: filen eller mappen finns inte"),
        (["-o", ""], "Namnet är tomt"),
        (["-o", "  "], "Namnet är tomt"),
        (["-o", "a" * 300 + ".html"], "Namnet är för långt"),
    ],
)
def test_bad_output_requests_are_one_line_and_exit_2(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*QUESTION, *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_the_systems_reason_is_said_in_the_users_language(run: Any, tmp_path: Path) -> None:
    result = run("--lang", "en", *QUESTION, "-o", str(tmp_path / "missing" / "x.html"))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("x.html: the file or folder does not exist")


def test_a_folder_gets_the_neutral_name(run: Any, tmp_path: Path) -> None:
    result = run(*QUESTION, "-o", str(tmp_path), "--handout-lang", "ar")
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["stod-sandviken-ar.html"]
    assert "stod-sandviken-ar.html" in result.stderr


def test_show_and_search_give_handouts_too(run: Any) -> None:
    shown = run("show", "lyktan", "--format", "html").stdout
    assert shown.count("<svg") == 1 and "Lyktan" in shown
    found = run("--lang", "en", "search", "min son skolkar", "--format", "html").stdout
    assert '<html lang="en" dir="ltr">' in found and "Urgent help" in found


def test_without_suggestions_the_municipality_s_own_lines(run: Any) -> None:
    out = run("search", "qwxyz blorp", "--format", "html").stdout
    assert "<article" not in out and "Kommunen hjälper dig vidare" in out
    assert "026-24 06 00" in out and "026-24 00 00" in out  # intake for children, switchboard


def test_large_print(shipped: Catalogue) -> None:
    assert "font-size: 16pt" in paper(shipped, ["lyktan"], large=True)
    assert "font-size: 12pt" in paper(shipped, ["lyktan"])


def test_show_qr_without_colour_gives_the_address_instead(run: Any) -> None:
    out = run("show", "lyktan", "--qr").stdout
    assert "\u2580" not in out
    assert "https://sandviken.se/" in out and "behöver färg" in out


def test_wizard_saves_beside_without_overwriting_or_shows_the_text(
    shipped: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from trygghet_cli import wizard

    monkeypatch.chdir(tmp_path)
    down, enter = "\x1b[B", "\r"
    ids = ["mini-maria", "lyktan", "orossamtal", "abc"]
    messages = []
    for keys in (down * 6 + enter + enter, down * 6 + enter + enter, enter + down + enter):
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            messages.append(wizard.give_handout(shipped, "sv", ids, None, input=pipe, output=DummyOutput()))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["stod-sandviken-ar-2.html", "stod-sandviken-ar.html"]
    assert str(tmp_path / "stod-sandviken-ar-2.html") in messages[1]
    assert '<html lang="ar" dir="rtl">' in (tmp_path / "stod-sandviken-ar.html").read_text(encoding="utf-8")
    assert messages[2].startswith("Stöd och hjälp i Sandviken") and "Mini-Maria" in messages[2]


def test_writing_a_handout_touches_the_named_file_and_nothing_else(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from test_privacy import watched_env

    env, watched, log = watched_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "trygghet_cli", *QUESTION, "-o", "lapp.html"],
        capture_output=True,
        timeout=60,
        env={**os.environ, **env},
        cwd=watched[4],
    )
    assert result.returncode == 0, result.stderr
    events = log.read_text().splitlines()
    # the text goes to a temporary file beside the named one, which is then linked into place
    assert events and all("lapp.html" in e for e in events), events
    assert [p.name for folder in watched for p in folder.iterdir()] == ["lapp.html"]


@pytest.mark.slow
def test_real_wizard_menu_writes_the_handout_here(tmp_path: Path) -> None:
    import os
    import sys

    import pexpect

    down, enter = "\x1b[B", "\r"
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "NO_COLOR": "1"}
    env["TRYGGHET_LANG"] = "sv"  # no language question first
    env.pop("TRYGGHET_DATA", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "trygghet_cli"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    child.expect("Vem är du")
    child.send(enter)
    child.expect("Hur gammalt")
    child.send("15" + enter)
    child.expect("Vad oroar")
    child.send(down * 2 + " " + enter)
    child.expect("Var i kommunen")
    child.send(enter)
    child.expect("Vad vill du göra nu")
    child.send(down * 2 + enter)  # Lapp till familjen
    child.expect("Vilket språk")
    child.send(down + enter)  # engelska
    child.expect("Vad vill du göra med lappen")
    child.send(enter)
    child.expect("Lappen är sparad i")
    child.expect("Vad vill du göra nu")
    child.send(down * 5 + enter)  # card, all, handout, change, start over, *quit*
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = tmp_path / "stod-sandviken-en.html"
    assert [p.name for p in tmp_path.iterdir()] == [saved.name]
    assert "Support and help in Sandviken" in saved.read_text(encoding="utf-8")


def test_a_crisis_search_written_to_a_file_still_shows_the_crisis_lines_first(
    run: Any, tmp_path: Path
) -> None:
    paper = tmp_path / "lapp.txt"
    result = run("search", "jag vill inte leva längre", "-o", str(paper))
    assert result.exit_code == 0
    assert result.stdout.index("90101") < result.stdout.index("112")  # on the screen, at once
    text = paper.read_text(encoding="utf-8")
    assert text.index("90101") < text.index("112") < text.index("116 111")  # and first on paper


def test_an_unreviewed_translation_says_so_on_the_paper_in_its_language_and_swedish(
    shipped: Catalogue,
) -> None:
    items = [i for i in shipped.initiatives if i.id == "mini-maria"]
    page = handout(items, shipped.routes, shipped.vocabulary.access, "uk", DAY, fmt="text")
    assert "ukrainska har ännu inte granskats" in page
    swedish = handout(items, shipped.routes, shipped.vocabulary.access, "sv", DAY, fmt="text")
    assert "granskats" not in swedish


def test_a_crisis_paper_opens_with_the_calm_sentence_and_names_no_women_s_line(
    run: Any, tmp_path: Path
) -> None:
    suicide, violence = tmp_path / "s.txt", tmp_path / "v.txt"
    run("search", "jag vill dö", "-o", str(suicide))
    run("search", "min man slår mig", "-o", str(violence))
    said = suicide.read_text(encoding="utf-8")
    assert said.index("Du behöver inte") < said.index("90101") < said.index("112")
    hit = violence.read_text(encoding="utf-8")
    assert "Du behöver inte" in hit and "112" in hit
    assert "020-50 50 50" not in hit  # a paper a violent partner may find names no women's line


def test_hours_the_sources_disagree_on_carry_the_caveat_on_every_card(run: Any, tmp_path: Path) -> None:
    """Medborgarservice's weekday hours are 8–17 on most pages and 8–16 on one: every card that
    gives the switchboard says so, in full once and "as above" after."""
    target = tmp_path / "lapp.txt"
    assert run("find", "--role", "parent", "--concern", "alkohol", "-o", str(target)).exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    shown = [n for n, line in enumerate(lines) if "026-24 00 00" in line and "8–17" in line]
    assert len(shown) >= 2
    for n in shown:
        assert "som ovan" in lines[n] or "8–16" in lines[n + 1], lines[n]
    assert sum("8–16" in line for line in lines) == 1
