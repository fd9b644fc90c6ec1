"""A newcomer's install: build the wheel, install it in a fresh venv outside the repo, run it from /."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from trygghet_cli.model import LANGS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_wheel_carries_the_catalogue_and_runs_anywhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("trygghet-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "trygghet_cli/data/initiatives.yaml" in names
    assert "trygghet_cli/data/initiatives.yaml.compiled" in names  # the shipped catalogue needs no YAML parse
    for lang in LANGS:  # the interface strings, compiled from the .po files by the build hook
        assert f"trygghet_cli/locales/{lang}/LC_MESSAGES/trygghet.mo" in names, lang

    env_dir = tmp_path / "fresh-venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )

    clean_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TRYGGHET_", "PYTHON", "VIRTUAL_ENV"))
    }
    listed = subprocess.run(
        [str(bin_dir / "trygghet"), "list", "--format", "json"],
        cwd="/",
        capture_output=True,
        env=clean_env,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["initiatives"]) == 35

    checked = subprocess.run(
        [str(bin_dir / "trygghet"), "validate"], cwd="/", capture_output=True, env=clean_env, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    assert b"trygghet_cli/data/initiatives.yaml" in checked.stdout
    assert b"allt ser bra ut" in checked.stdout  # read from the wheel's compiled sv catalogue

    # The shipped catalogue loads from its compiled form, without PyYAML ...
    probe = "import sys; from trygghet_cli import catalogue as c; c.load(c.default_path()); print('yaml' in sys.modules)"  # noqa: E501
    used = subprocess.run(
        [str(bin_dir / "python"), "-c", probe], cwd="/", capture_output=True, env=clean_env, timeout=60
    )
    assert used.stdout.strip() == b"False", used.stderr
    # ... and a local edit of the installed YAML is noticed, not hidden by the compiled form.
    installed = subprocess.run(
        [str(bin_dir / "python"), "-c", "from trygghet_cli import catalogue as c; print(c.default_path())"],
        capture_output=True,
        text=True,
        env=clean_env,
        timeout=60,
        cwd="/",  # never the checkout, whose package would shadow the installed one
    ).stdout.strip()
    path = Path(installed)
    assert str(env_dir) in installed, installed
    path.write_text(
        path.read_text(encoding="utf-8").replace('name: "Lyktan"', 'name: "Lyktan (lokal ändring)"'),
        encoding="utf-8",
    )
    shown = subprocess.run(
        [str(bin_dir / "trygghet"), "show", "lyktan", "--format", "json"],
        cwd="/",
        capture_output=True,
        env=clean_env,
        timeout=60,
    )
    assert json.loads(shown.stdout)["name"] == "Lyktan (lokal ändring)"
