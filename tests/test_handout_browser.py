"""The handout in a real browser: Debian's headless Chromium prints it to PDF, and poppler and
zbar read the PDF back as a person would see the paper.

Needs `chromium poppler-utils zbar-tools fonts-noto-core` (.ci/run installs them). Under CI a
missing tool fails these tests; elsewhere they skip and say which tool is missing. A PNG of
every handout is kept in the test's folder, or in `--handout-shots DIR`, for a person to look at.

Each language is rendered from its real (unreviewed) translations; to check another
language, add one line to CASES.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from trygghet_cli.handout import handout, web_address
from trygghet_cli.model import Catalogue

TOOLS = ("chromium", "pdfinfo", "pdftoppm", "pdffonts", "pdftotext", "zbarimg")
DAY = dt.date(2026, 11, 29)
TYPICAL = ["mini-maria", "framja-goda-val", "natverksmoten"]  # a parent, 15, alcohol
LONGEST = ["socialtjanst-i-skolan", "drogfri-skola", "orossamtal"]  # the most text per card

# (language, large print, initiatives): one line per case.
CASES = [
    ("sv", False, TYPICAL),
    ("en", False, TYPICAL),
    ("sv", False, LONGEST),
    ("ar", False, TYPICAL),
    ("ti", False, TYPICAL),
    ("lattlast", False, TYPICAL),
    ("uk", False, TYPICAL),
    ("so", False, TYPICAL),
    ("prs", False, TYPICAL),
    ("sv", True, TYPICAL),
    ("ar", True, LONGEST),
]
SCRIPT_FONTS = {"ar": "Arabic", "prs": "Arabic", "ti": "Ethiopic"}


@pytest.fixture(scope="module")
def tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        packages = "chromium poppler-utils zbar-tools fonts-noto-core"
        message = f"missing {', '.join(missing)}: apt-get install {packages}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def shots(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    chosen = request.config.getoption("--handout-shots")
    folder = Path(chosen) if chosen else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=True).stdout


def print_pdf(html: Path, pdf: Path, profile: Path) -> None:
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--no-pdf-header-footer",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )


def pages(pdf: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.MULTILINE)
    assert found
    return int(found.group(1))


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font in the PDF."""
    # Columns: name, type, encoding, emb, sub, uni, object, ID; type and encoding hold spaces,
    # so `emb` is counted from the end.
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows]


def decoded(pdf: Path, stem: Path) -> list[str]:
    run("pdftoppm", "-r", "200", "-png", str(pdf), str(stem))
    found: list[str] = []
    for png in sorted(stem.parent.glob(stem.name + "-*.png")):
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        found += [line for line in result.stdout.splitlines() if line]
        png.unlink()
    return found


def words(pdf: Path) -> list[tuple[float, float, str]]:
    """(yMin, xMin, word) for every word on the first page."""
    box = run("pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>'
    return [(float(y), float(x), w) for x, y, w in re.findall(pattern, box)]


def reads_left_to_right(found: list[tuple[float, float, str]], number: str) -> bool:
    """True when somewhere the parts of `number` stand on one line, each the next word to the
    right of the one before: `026-10 02 25`, never `25 02 026-10`."""
    first, *rest = number.split()
    for y, x, word in found:
        if word != first:
            continue
        at = x
        for part in rest:
            right = sorted((wx, w) for wy, wx, w in found if abs(wy - y) < 2 and wx > at)
            if not right or right[0][1] != part:
                break
            at = right[0][0]
        else:
            return True
    return False


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "large", "ids"), CASES, ids=[f"{c[0]}{'-large' if c[1] else ''}-{c[2][0]}" for c in CASES]
)
def test_handout_prints_scans_and_reads(
    tools: None,
    shipped: Catalogue,
    shots: Path,
    tmp_path: Path,
    lang: str,
    large: bool,
    ids: list[str],
) -> None:
    items = [item for i in ids if (item := shipped.initiative(i)) is not None]
    crisis = "mental_health"
    access = shipped.vocabulary.access
    html = handout(items, shipped.routes, access, lang, DAY, crisis, large=large, crisis=shipped.crisis)
    name = f"handout-{lang}{'-large' if large else ''}-{ids[0]}"
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    print_pdf(page, pdf, tmp_path / "profile")

    count = pages(pdf)
    assert count == 1 or (large and count == 2), f"{name}: {count} pages"

    urls = [web_address(item) for item in items]
    assert sorted(decoded(pdf, tmp_path / name)) == sorted(urls)  # every code, each exactly

    embedded = fonts(pdf)
    assert embedded and all(emb for _, emb in embedded), embedded
    if lang in SCRIPT_FONTS:
        assert any(SCRIPT_FONTS[lang] in font for font, _ in embedded), embedded

    found = words(pdf)
    for number in ("026-10 02 25", "116 111", "026-24 00 00"):
        assert reads_left_to_right(found, number), f"{number} in {name}"

    run("pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(shots / name))
    assert (shots / f"{name}.png").stat().st_size > 10_000


def terminal_modules(drawn: str) -> list[list[int]]:
    """The QR modules as a terminal shows them: each cell is an upper half block whose
    foreground is the top module and background the bottom one (1 = black)."""
    cell = re.compile(r"\x1b\[(\d+);(\d+)m\u2580")
    rows: list[list[int]] = []
    for line in drawn.splitlines():
        cells = cell.findall(line)
        if cells:
            rows.append([1 if fg == "30" else 0 for fg, _ in cells])
            rows.append([1 if bg == "40" else 0 for _, bg in cells])
    return rows


@pytest.mark.parametrize("colours", ["standard", "truecolor"])
def test_terminal_qr_scans(tools: None, shipped: Catalogue, tmp_path: Path, colours: str) -> None:
    import io

    from rich.console import Console

    from trygghet_cli.richview import draw_qr

    item = shipped.initiative("lyktan")
    assert item is not None
    url = web_address(item)
    assert url
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system=colours, width=200)  # type: ignore[arg-type]
    draw_qr(console, item.name, url, "sv")
    rows = terminal_modules(out.getvalue())
    assert rows and all(len(r) == len(rows[0]) for r in rows)
    scale = 6
    pixels = [" ".join(str(v) for v in row for _ in range(scale)) for row in rows for _ in range(scale)]
    image = tmp_path / "terminal-qr.pbm"
    image.write_text(f"P1\n{len(rows[0]) * scale} {len(rows) * scale}\n" + "\n".join(pixels) + "\n")
    assert run("zbarimg", "--quiet", "--raw", str(image)).strip() == url
