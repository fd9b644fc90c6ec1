"""How often `find` puts the initiative made for the need near the top.

Reads tests/find-scenarios.yaml (requests written from the municipality's page, each with the
initiative made for the need; the ranking was tuned with these) and any
tests/find-holdout*.yaml (written before a change, never tuned for), and prints for each file
the share with the expected initiative in the top 3 and top 5, plus the misses. Any
tests/phrasings-holdout*.yaml (free text, `search`) is reported apart, as search_quality.py
does. A case is `{role, age, concerns, area, expect}`; `expect` may be one id or a list of ids
(any of them counts).

    python benchmarks/ranking_quality.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from trygghet_cli import catalogue
from trygghet_cli.matching import Needs, recommend
from trygghet_cli.model import Catalogue

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def expected(case: dict[str, Any]) -> tuple[str, ...]:
    want = case["expect"]
    return (want,) if isinstance(want, str) else tuple(want)


def rank(cat: Catalogue, case: dict[str, Any]) -> int | None:
    """The best 1-based place of an expected initiative in `find`'s answer, or None."""
    needs = Needs(case.get("role"), case.get("age"), tuple(case.get("concerns") or ()), case.get("area"))
    ids = [m.initiative.id for m in recommend(cat, needs).matches]
    places = [ids.index(want) + 1 for want in expected(case) if want in ids]
    return min(places) if places else None


def find_ranks(path: Path, cat: Catalogue | None = None) -> list[tuple[dict[str, Any], int | None]]:
    cat = cat or catalogue.load(catalogue.default_path())
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [(case, rank(cat, case)) for case in cases]


def report(name: str, ranks: list[int | None], misses: list[str]) -> None:
    total = len(ranks)
    for n in (3, 5):
        hits = sum(1 for r in ranks if r is not None and r <= n)
        print(f"  top {n}: {hits}/{total} = {hits / total:.0%}" if total else "  (empty)")
    for miss in misses:
        print(f"  miss: {miss}", file=sys.stderr)


def main() -> None:
    cat = catalogue.load(catalogue.default_path())
    for path in [TESTS / "find-scenarios.yaml", *sorted(TESTS.glob("find-holdout*.yaml"))]:
        found = find_ranks(path, cat)
        print(f"{path.name}: {len(found)} find requests")
        misses = [f"{case} at {r}" for case, r in found if r is None or r > 5]
        report(path.name, [r for _, r in found], misses)
    phrasings = sorted(TESTS.glob("phrasings-holdout*.yaml"))
    if phrasings:
        from search_quality import ranks as search_ranks  # the free-text benchmark beside this file

        for path in phrasings:
            found_text = search_ranks(path.name)
            print(f"{path.name}: {len(found_text)} phrasings (search)")
            misses = [f"{text!r} -> {want} at {r}" for text, want, r in found_text if r is None or r > 5]
            report(path.name, [r for *_, r in found_text], misses)


if __name__ == "__main__":
    main()
