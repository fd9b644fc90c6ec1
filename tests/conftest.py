"""Shared fixtures: a pinned environment, the shipped catalogue, and small catalogue files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from trygghet_cli import catalogue as catalogue_files
from trygghet_cli.cli import app
from trygghet_cli.model import Catalogue

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "initiatives.yaml"

# What a person's terminal would not have: pin width and colour so output is the same everywhere.
PINNED_ENV = {
    "COLUMNS": "100",
    "NO_COLOR": "1",
    "TRYGGHET_LANG": None,
    "TRYGGHET_DATA": None,
    "FORCE_COLOR": None,
    "TERM": "xterm",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--handout-shots", default=None, help="Keep handout screenshots (PNG) in this folder.")


@pytest.fixture(scope="session")
def shipped() -> Catalogue:
    return catalogue_files.load(SHIPPED)


@pytest.fixture
def run() -> Callable[..., Any]:
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Any:
        return runner.invoke(app, list(args), env={**PINNED_ENV, **(env or {})}, input=input)

    return invoke


# The team's sourced contact facts sit beside the checkout in CI (../shared/sources/...), and one
# level further up in a developer's worktree (/work/wt/<name> beside /work/shared).
CONTACT_FACTS = [
    folder / "shared" / "sources" / "contact-facts.yaml" for folder in (ROOT.parent, ROOT.parent.parent)
]


@pytest.fixture(scope="session")
def contact_facts() -> str:
    """The text of contact-facts.yaml. Skips where it is missing, but FAILS under `CI`: there the
    check that every phone, e-mail, web page and address is sourced must not silently vanish."""
    for path in CONTACT_FACTS:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    message = "the shared sources (../shared/sources/contact-facts.yaml) are not beside this checkout"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must provide them", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shipped_doc() -> dict[str, Any]:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def small_catalogue_text() -> str:
    """A valid catalogue with two initiatives, written out so tests can break one line of it."""
    return SMALL


def without_crisis(text: str) -> str:
    """A catalogue text without its crisis section, for tests that write one of their own."""
    return text.replace(SMALL_CRISIS, "", 1)


SMALL = """\
schema: 1
catalogue:
  name: {sv: "Test", en: "Test"}
  municipality: "Testkommun"
vocabularies:
  roles:
    parent: {label: {sv: "Förälder", en: "Parent"}}
    young: {label: {sv: "Ung", en: "Young"}}
  concerns:
    alcohol: {label: {sv: "Alkohol", en: "Alcohol"}, words: {sv: [sprit], en: [booze]}}
    violence: {label: {sv: "Våld", en: "Violence"}, safety_first: true}
  areas:
    storvik: {label: {sv: "Storvik", en: "Storvik"}}
  access:
    direct: {label: {sv: "Direkt", en: "Direct"}, rank: 0}
general_routes:
  - id: "112"
    name: "112"
    tier: emergency
    always: true
    summary: {sv: "Ring 112.", en: "Call 112."}
    contacts:
      - {kind: phone, value: "112", label: {sv: "Nödnummer", en: "Emergency"}}
    sources:
      - {url: "https://example.org/112", as_of: null}
  - id: desk
    name: "Desk"
    tier: municipal
    always: true
    summary: {sv: "Växeln.", en: "Switchboard."}
    contacts:
      - {kind: phone, value: "026-24 00 00", label: {sv: "Växel", en: "Switchboard"}}
    sources:
      - {url: "https://example.org/desk", as_of: "2024-01-01"}
initiatives:
  - id: first
    name: "First"
    summary: {sv: "Första.", en: "First one."}
    description: {sv: "Den första.", en: "The first one."}
    provider: "Enheten"
    audiences: [parent, young]
    concerns: [alcohol]
    ages: {min: 13, max: 24}
    areas: []
    access: direct
    contacts:
      - {kind: route, value: desk, label: {sv: "Via växeln", en: "Via the switchboard"}}
    sources:
      - {url: "https://example.org/first", as_of: null}
    reviewed: "2026-11-24"
  - id: second
    name: "Second"
    summary: {sv: "Andra.", en: "Second one."}
    description: {sv: "Den andra.", en: "The second one."}
    provider: "Enheten"
    audiences: [parent]
    concerns: [violence]
    ages: {min: null, max: null}
    areas: [storvik]
    access: direct
    contacts:
      - {kind: email, value: "info@example.org", label: {sv: "E-post", en: "E-mail"}}
    sources:
      - {url: "https://example.org/second", as_of: null}
    reviewed: "2026-11-24"
"""

# The least a catalogue needs for `validate`: a crisis kind, and an example it must read as it.
SMALL_CRISIS = """\
crisis:
  kinds:
    suicide:
      label: {sv: "Tankar på självmord", en: "Thoughts of suicide"}
      message: {sv: "Du är inte ensam.", en: "You are not alone."}
      routes: ["112"]
      phrases: {sv: ["vill dö"], en: ["want to die"]}
      examples: {sv: ["jag vill dö"]}
"""
SMALL = SMALL.replace("initiatives:\n", SMALL_CRISIS + "initiatives:\n", 1)


@pytest.fixture
def write_catalogue(tmp_path: Path) -> Callable[[str | bytes], Path]:
    def write(content: str | bytes, name: str = "katalog.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def run_module(
    *args: str,
    env: dict[str, str] | None = None,
    input: bytes | None = None,
    timeout: float = 60,
    cwd: str | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run the real command in a child process, as a person's shell would."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TRYGGHET_", "FORCE_COLOR", "NO_COLOR"))}
    return subprocess.run(
        [sys.executable, "-m", "trygghet_cli", *args],
        capture_output=True,
        env={**base, **(env or {})},
        input=input,
        timeout=timeout,
        cwd=cwd,
    )
