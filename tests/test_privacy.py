"""No command opens a network connection or writes a file; errors never reveal the answers."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import run_module

HOOK = r"""
import os, socket, sys
_log = os.open(os.environ["AUDIT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)  # before the hook
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
def _hook(event, args):
    line = None
    if event in ("socket.connect", "socket.getaddrinfo", "socket.bind", "socket.sendto", "webbrowser.open",
                 "subprocess.Popen", "os.system", "os.mkdir", "os.rename", "os.remove", "os.unlink",
                 "shutil.copyfile", "os.truncate", "os.link"):
        line = f"{event} {args[0]!r}"
        if event == "socket.connect" and getattr(args[0], "family", None) == socket.AF_UNIX:
            line = None
    elif event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
        line = event
    elif event == "open":
        mode, flags = args[1], args[2]
        writes = isinstance(mode, str) and any(c in mode for c in "wax+")
        if writes or (isinstance(flags, int) and flags & _WRITE):
            line = f"open {args[0]!r} {mode!r}"
    if line:
        os.write(_log, (line + "\n").encode())
sys.addaudithook(_hook)
"""

COMMANDS = [
    ["list"],
    ["list", "--format", "json"],
    ["find", "--role", "parent", "--age", "15", "--concern", "drugs", "--format", "rich"],
    ["find", "--role", "young", "--format", "markdown"],
    ["find", "--role", "parent", "--concern", "mental_health", "--format", "html"],
    ["search", "min son röker hasch och skolkar"],
    ["show", "mini-maria"],
    ["validate"],
    ["check", "--format", "rich"],
    ["check", "--format", "json"],
    ["--version"],
    ["wizard"],
]


def watched_env(tmp_path: Path) -> tuple[dict[str, str], list[Path], Path]:
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(HOOK)
    log = tmp_path / "audit.log"
    log.write_text("")
    watched = [tmp_path / name for name in ("home", "cache", "config", "tmp", "work")]
    for folder in watched:
        folder.mkdir()
    env = {
        "PYTHONPATH": str(hook_dir),
        "AUDIT_LOG": str(log),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(watched[0]),
        "XDG_CACHE_HOME": str(watched[1]),
        "XDG_CONFIG_HOME": str(watched[2]),
        "TMPDIR": str(watched[3]),
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    return env, watched, log


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_no_network_and_no_files(tmp_path: Path, command: list[str]) -> None:
    env, watched, log = watched_env(tmp_path)
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "trygghet_cli", *command],
        capture_output=True,
        timeout=60,
        env={**os.environ, **env},
        cwd=watched[4],
    )
    assert result.returncode in (0, 2), result.stderr
    events = log.read_text()
    assert events == "", events
    for folder in watched:
        assert list(folder.iterdir()) == [], folder


def test_the_hook_would_catch_a_write(tmp_path: Path) -> None:
    import subprocess

    env, watched, log = watched_env(tmp_path)
    subprocess.run(
        [sys.executable, "-c", "open('x.txt', 'w').write('x'); import socket; socket.socket()"],
        env={**os.environ, **env},
        cwd=watched[4],
        timeout=30,
    )
    assert "open 'x.txt'" in log.read_text() and "socket.__new__" in log.read_text()


@pytest.mark.slow
def test_a_whole_wizard_session_leaves_nothing(tmp_path: Path) -> None:
    import pexpect

    env, watched, log = watched_env(tmp_path)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "trygghet_cli"],
        cwd=str(watched[4]),
        encoding="utf-8",
        timeout=20,
        env={**os.environ, **env, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"},
        dimensions=(40, 100),
    )
    child.expect("Välj språk")  # no --lang: the wizard asks for the language first
    child.send("\r")
    child.expect("Vem är du")
    child.send("\r")
    child.expect("Hur gammalt")
    child.send("15\r")
    child.expect("Vad oroar")
    child.send(" \r")
    child.expect("Var i kommunen")
    child.send("\r")
    child.expect("Vad vill du göra nu")
    child.send("\x1b[B" * 5 + "\r")  # card, all, handout, change, start over, *quit*
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert log.read_text() == ""
    for folder in watched:
        assert list(folder.iterdir()) == []


def test_internal_errors_never_show_the_answers(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    canary = "KANARIE-oro-for-droger-123"

    def broken(*args: Any, **kwargs: Any) -> Any:
        secret = canary  # a local variable a pretty traceback would print
        raise RuntimeError(secret)

    monkeypatch.setattr("trygghet_cli.matching.recommend_for_words", broken)
    result = run("search", canary + " hasch")
    assert result.exit_code == 1
    assert canary not in result.output
    assert "Traceback" not in result.output
    assert "internt fel" in result.stderr


def test_internal_error_in_a_real_process(tmp_path: Path) -> None:
    bad = tmp_path / "sitecustomize.py"
    bad.write_text(
        "import trygghet_cli.matching as m\n"
        "def boom(*a, **k):\n    raise RuntimeError('KANARIE')\nm.recommend = boom\n"
    )
    result = run_module("find", "--role", "parent", "--concern", "drugs", env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 1
    assert b"KANARIE" not in result.stderr + result.stdout and b"Traceback" not in result.stderr
