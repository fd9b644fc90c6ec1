"""How often free-text search puts the right initiative near the top.

Reads tests/phrasings.yaml (everyday phrasings, each with the initiative a knowledgeable field
worker would point to; the catalogue's words were tuned with these) and every
tests/phrasings-holdout*.yaml (written apart, never tuned for), and prints for each file apart
the share found in the top 3 and top 5, plus the misses.

    python benchmarks/search_quality.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from trygghet_cli import catalogue
from trygghet_cli.matching import Needs, recommend_for_words
from trygghet_cli.understanding import read_text

ROOT = Path(__file__).resolve().parent.parent


def ranks(name: str = "phrasings.yaml") -> list[tuple[str, str, int | None]]:
    cat = catalogue.load(catalogue.default_path())
    cases = yaml.safe_load((ROOT / "tests" / name).read_text(encoding="utf-8"))
    found = []
    for case in cases:
        reading = read_text(cat, case["text"])
        needs = Needs(reading.role, reading.age, reading.concerns, reading.area)
        answer = recommend_for_words(
            cat, needs, reading.initiatives, reading.words, keyworded=reading.keyworded
        )
        ids = [m.initiative.id for m in answer.matches]
        found.append(
            (case["text"], case["expect"], ids.index(case["expect"]) + 1 if case["expect"] in ids else None)
        )
    return found


def main() -> None:
    held_out = sorted(path.name for path in (ROOT / "tests").glob("phrasings-holdout*.yaml"))
    for name in ("phrasings.yaml", *held_out):
        found = ranks(name)
        total = len(found)
        top3 = sum(1 for *_, rank in found if rank is not None and rank <= 3)
        top5 = sum(1 for *_, rank in found if rank is not None and rank <= 5)
        print(f"{name}: {total} phrasings")
        print(f"  top 3: {top3}/{total} = {top3 / total:.0%}")
        print(f"  top 5: {top5}/{total} = {top5 / total:.0%}")
        for text, expect, rank in found:
            if rank is None or rank > 5:
                print(f"  miss: {text!r} -> {expect} at {rank}", file=sys.stderr)


if __name__ == "__main__":
    main()
