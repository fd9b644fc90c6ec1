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
    assert "trygghet_cli/data/initiatives.sqlite" in names  # the shipped catalogue needs no YAML parse
    assert "trygghet_cli/templates/handout.html.j2" in names  # the family's handout
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

    handout = subprocess.run(
        [str(bin_dir / "trygghet"), "show", "lyktan", "--format", "html"],
        cwd="/",
        capture_output=True,
        env=clean_env,
        timeout=60,
    )
    assert handout.returncode == 0, handout.stderr
    assert handout.stdout.startswith(b"<!DOCTYPE html>") and b"<svg" in handout.stdout

    # The shipped catalogue loads from its database, without PyYAML ...
    probe = "import sys; from trygghet_cli import catalogue as c; c.load(c.default_path()); print('yaml' in sys.modules)"  # noqa: E501
    used = subprocess.run(
        [str(bin_dir / "python"), "-c", probe], cwd="/", capture_output=True, env=clean_env, timeout=60
    )
    assert used.stdout.strip() == b"False", used.stderr
    # ... and a local edit of the installed YAML is noticed, not hidden by the database.
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


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_readme_set_up_works_on_a_machine_whose_pip_refuses_system_installs(tmp_path: Path) -> None:
    """The README's first two commands, word for word, in a copy of the project; `trygghet`
    without a terminal then says to use `find` (exit 2), which proves it was installed."""
    import re
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    set_up, install_and_run = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)[:2]
    project = tmp_path / "trygghet"
    shutil.copytree(
        ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", ".ci-venv", "__pycache__", "*.egg-info")
    )
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TRYGGHET_", "PYTHON", "VIRTUAL_ENV", "PIP_BREAK"))
    }
    clean_env["PATH"] = os.pathsep.join(
        p for p in clean_env.get("PATH", "").split(os.pathsep) if not p.startswith(sys.prefix)
    )
    done = subprocess.run(
        ["bash", "-c", f"{set_up}\n{install_and_run}"],
        cwd=project,
        capture_output=True,
        env=clean_env,
        stdin=subprocess.DEVNULL,
        timeout=800,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert b"trygghet find" in done.stderr
