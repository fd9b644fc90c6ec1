"""How often free text that expresses a crisis opens with the crisis block, and how often an
everyday text opens with it by mistake.

Reads tests/crisis-phrasings.yaml (the phrasings the catalogue's crisis vocabulary was tuned
with) and, when there are any, the held-out files tests/crisis-holdout*.yaml (written by someone
else and never tuned to), and prints for each: recall (crisis phrasings recognised as a crisis),
how many got the expected kind, and the false alarm rate (everyday texts recognised as a
crisis), with every miss and false alarm.
Last, how long reading a 2,000-character text takes (the CLI's limit), the first time (the
vocabulary is parsed then) and after.

    python benchmarks/crisis_quality.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from trygghet_cli import catalogue
from trygghet_cli.crisis import crisis_kinds

ROOT = Path(__file__).resolve().parent.parent
TUNED = "crisis-phrasings.yaml"
HELD_OUT = "crisis-holdout*.yaml"


def files() -> list[str]:
    """The tuned file, then every held-out file, by name."""
    return [TUNED, *sorted(path.name for path in (ROOT / "tests").glob(HELD_OUT))]


class Quality(NamedTuple):
    crisis: int
    recalled: int
    right_kind: int
    everyday: int
    false_alarms: int
    misses: list[str]
    alarms: list[str]


def measure(name: str) -> Quality:
    cat = catalogue.load(catalogue.default_path())
    cases: dict[str, Any] = yaml.safe_load((ROOT / "tests" / name).read_text(encoding="utf-8"))
    recalled = right = 0
    misses: list[str] = []
    for case in cases["crisis"]:
        kinds = crisis_kinds(cat.crisis, case["text"])
        recalled += bool(kinds)
        right += case["kind"] in kinds
        if case["kind"] not in kinds:
            misses.append(f"{case['text']!r} -> {kinds or 'nothing'} (expected {case['kind']})")
    alarms = [
        f"{text!r} -> {kinds}" for text in cases["everyday"] if (kinds := crisis_kinds(cat.crisis, text))
    ]
    return Quality(len(cases["crisis"]), recalled, right, len(cases["everyday"]), len(alarms), misses, alarms)


def main() -> None:
    for name in files():
        if not (ROOT / "tests" / name).is_file():
            print(f"{name}: missing")
            continue
        q = measure(name)
        print(f"{name}: {q.crisis} crisis phrasings, {q.everyday} everyday texts")
        print(f"  recall: {q.recalled}/{q.crisis} = {q.recalled / q.crisis:.0%}")
        print(f"  expected kind: {q.right_kind}/{q.crisis} = {q.right_kind / q.crisis:.0%}")
        print(f"  false alarms: {q.false_alarms}/{q.everyday} = {q.false_alarms / q.everyday:.0%}")
        for line in q.misses:
            print(f"  miss: {line}", file=sys.stderr)
        for line in q.alarms:
            print(f"  false alarm: {line}", file=sys.stderr)

    speed()


def speed() -> None:
    """Milliseconds to read a 2,000-character text made of every tuned text, crisis and not."""
    cat = catalogue.load(catalogue.default_path())
    cases: dict[str, Any] = yaml.safe_load((ROOT / "tests" / TUNED).read_text(encoding="utf-8"))
    texts = [c["text"] for c in cases["crisis"]] + list(cases["everyday"])
    text = " ".join(texts[::-1])[:2000]
    started = time.perf_counter()
    crisis_kinds(cat.crisis, text)
    first = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(20):
        started = time.perf_counter()
        crisis_kinds(cat.crisis, text + str(len(samples)))  # a new word, so no cache holds the answer
        samples.append((time.perf_counter() - started) * 1000)
    median = sorted(samples)[len(samples) // 2]
    print(f"2,000 characters: {first:.0f} ms the first time, then {median:.1f} ms (median)")


if __name__ == "__main__":
    main()
