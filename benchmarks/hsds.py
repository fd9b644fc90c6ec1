"""HSDS at scale: export a 10,000-initiative catalogue, import it back, import a foreign feed of
10,000 services with a map, then answer from the imported catalogues.

    python benchmarks/hsds.py [--size 10000] [--runs 5]

Runs the `trygghet` of this interpreter (an editable install is fine) with a private cache
folder. Prints the median wall time of --runs runs of each step; `find` on an imported
catalogue is shown beside `find` on the shipped one, as speed.py's 10,000-initiative budget
(1.5, once read before) is written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import FEED_MAP, generate, generate_feed  # noqa: E402

TRYGGHET = [sys.executable, "-m", "trygghet_cli"]
FIND = ["find", "--role", "young", "--age", "15", "--concern", "alcohol", "--limit", "10", "--format", "json"]


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*TRYGGHET, *args], env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return took


def median(args: list[str], env: dict[str, str], runs: int, before: object = None) -> float:
    samples = []
    for _ in range(runs):
        if callable(before):
            before()
        samples.append(timed(args, env))
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    size, runs = options.size, options.runs
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = work / "cache"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRYGGHET_")}
        env.update({"XDG_CACHE_HOME": str(cache), "NO_COLOR": "1"})
        big = work / "catalogue.yaml"
        big.write_text(generate(size), encoding="utf-8")
        foreign = work / "foreign"
        foreign.mkdir()
        (foreign / "services.json").write_text(json.dumps(generate_feed(size)), encoding="utf-8")
        (foreign / "map.yaml").write_text(FEED_MAP, encoding="utf-8")
        timed(["--data", str(big), "validate"], env)  # the source catalogue read once (cached)

        def clear_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        rows = []
        export = ["--data", str(big), "export", "hsds", str(work / "own"), "--force"]
        rows.append((f"export hsds, {size} initiatives (read before)", median(export, env, runs)))
        feed_size = (work / "own" / "services.json").stat().st_size
        own = ["import", "hsds", str(work / "own"), "-o", str(work / "own.yaml"), "--force"]
        rows.append(("import hsds, our own feed", median(own, env, runs)))
        other = [
            "import",
            "hsds",
            str(foreign),
            "--map",
            str(foreign / "map.yaml"),
            "-o",
            str(work / "foreign.yaml"),
            "--force",
        ]
        rows.append(("import hsds, a foreign feed with a map", median(other, env, runs)))
        for label, data in (("own", work / "own.yaml"), ("foreign", work / "foreign.yaml")):
            first = median(["--data", str(data), *FIND], env, runs, clear_cache)
            rows.append((f"find on the imported {label} catalogue, first read (no cache)", first))
            rows.append(
                (
                    f"find on the imported {label} catalogue, read before",
                    median(["--data", str(data), *FIND], env, runs),
                )
            )
        shipped = median(FIND, env, runs)
        rows.append(("find on the shipped catalogue", shipped))
        print(
            f"python: {sys.executable}  size: {size}  runs: {runs}  "
            f"our feed: {feed_size / 1e6:.1f} MB, foreign feed: "
            f"{(foreign / 'services.json').stat().st_size / 1e6:.1f} MB\n"
        )
        for label, seconds in rows:
            print(f"  {label:<62} {seconds * 1000:9.0f} ms")
        for label, seconds in rows:
            if "read before" in label and label.startswith("find"):
                print(f"  ratio {label[:40]}... to shipped find: {seconds / shipped:.2f} (budget 1.50)")


if __name__ == "__main__":
    main()
