"""Speed budgets, measured as ratios on this machine in this run, so they hold on any machine.

    python benchmarks/speed.py [--runs 31] [--python PATH]

Builds the wheel and installs it in a fresh virtual environment (unless --python names an
interpreter that already has trygghet installed), then prints:
- `find --format json` on the shipped catalogue against a minimal Typer app with the same
  options that imports yaml and prints a JSON object (budget 1.2), and against bare
  `python -c "import typer, yaml"`;
- the wizard's first question on screen against a minimal Typer app showing one questionary
  select (budget 1.2);
- a 10,000-initiative catalogue: first read (parse, validate, build the database) against
  `yaml.load` with the C loader on that file (budget 1.5) and against libyaml's parsing alone
  (the real floor); once read before, `find` (budget 1.5) and `search` (budget 2.0) against
  the same command on the shipped catalogue;
- the cost of load and match at 35, 1,000 and 10,000 initiatives.
Every figure is the median of --runs runs, with the variants interleaved so that a busy
moment on the machine hits them alike. Each budget's ratio is the ratio of the medians, as
the budgets are written; below it, the median of the ratios of back-to-back runs, which a
machine whose speed drifts between fast and slow spells disturbs far less.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

SEARCH = ["search", "min son dricker alkohol", "--limit", "10", "--format", "json"]

FIND = [
    "find",
    "--role",
    "parent",
    "--age",
    "15",
    "--concern",
    "alcohol",
    "--limit",
    "10",
    "--format",
    "json",
]

MINIMAL_FIND = """
import json
from typing import Annotated, Optional
import typer
import yaml
app = typer.Typer(add_completion=False)
@app.command()
def find(
    role: Annotated[str, typer.Option("--role")],
    concern: Annotated[Optional[list[str]], typer.Option("--concern")] = None,
    age: Annotated[Optional[int], typer.Option("--age")] = None,
    area: Annotated[Optional[str], typer.Option("--area")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit")] = None,
    include_ended: Annotated[bool, typer.Option("--include-ended")] = False,
    format: Annotated[str, typer.Option("--format")] = "json",
) -> None:
    print(json.dumps({"query": {"role": role, "age": age, "concerns": concern or []}, "results": []}))
app()
"""

MINIMAL_SELECT = """
import typer
import questionary
app = typer.Typer(add_completion=False)
@app.command()
def ask() -> None:
    questionary.select("Vem är du?", choices=["Förälder", "Ung", "Yrkesverksam"]).unsafe_ask()
app()
"""

LOAD_AND_MATCH = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from trygghet_cli import catalogue
from trygghet_cli.matching import Needs, recommend
cat = catalogue.load(Path(sys.argv[1]))
loaded = time.perf_counter()
recommend(cat, Needs("parent", 15, ("alcohol",)), limit=10)
matched = time.perf_counter()
print(json.dumps({"load": loaded - start, "match": matched - loaded, "entries": len(cat.store)}))
"""

YAML_OWN = """
import json, sys, time, yaml
from yaml._yaml import CParser
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
yaml.load(data, Loader=yaml.CSafeLoader)
loaded = time.perf_counter()
parser = CParser(data)
while parser.check_event():
    parser.get_event()
print(json.dumps({"load": loaded - start, "events": time.perf_counter() - loaded}))
"""


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - started


def interleaved(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the page cache once
        timed(cmd, env)
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(timed(cmd, env))
    return samples


def ratio(label: str, ours: list[float], floor: list[float], budget: float | None = None) -> None:
    """The budget's figure (ratio of the medians), and beside it the median of the ratios of
    runs made back to back: on a machine whose speed drifts, the second is the steadier."""
    of_medians = statistics.median(ours) / statistics.median(floor)
    paired = statistics.median(o / f for o, f in zip(ours, floor, strict=True))
    limit = f"   (budget {budget:.2f})" if budget is not None else ""
    print(f"  {label:<32}{of_medians:7.2f}{limit}")
    print(f"  {'  median of paired runs':<32}{paired:7.2f}")


def first_prompt(cmd: list[str], env: dict[str, str], text: str) -> float:
    import pexpect

    started = time.perf_counter()
    child = pexpect.spawn(cmd[0], cmd[1:], env=env, encoding="utf-8", timeout=30, dimensions=(40, 100))
    child.expect(text)
    elapsed = time.perf_counter() - started
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def install_wheel(workdir: Path) -> Path:
    dist = workdir / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    target = workdir / "venv"
    venv.create(target, with_pip=True)
    python = target / ("Scripts" if os.name == "nt" else "bin") / "python"
    (wheel,) = dist.glob("*.whl")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel), "questionary"],
        check=True,
        capture_output=True,
    )
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--python", help="an interpreter with trygghet installed (skips the build)")
    args = parser.parse_args()

    given = os.path.abspath(args.python) if args.python else None  # before the chdir below
    with tempfile.TemporaryDirectory(prefix="trygghet-bench-") as tmp:
        home = os.getcwd()
        os.chdir(tmp)  # so that `python -c` imports the installed trygghet, not a checkout's
        try:
            measure(Path(tmp), given, args.runs)
        finally:
            os.chdir(home)


def measure(work: Path, given_python: str | None, runs: int) -> None:
    python = Path(given_python) if given_python else install_wheel(work)
    script = python.parent / "trygghet"
    (work / "minimal_find.py").write_text(MINIMAL_FIND)
    (work / "minimal_select.py").write_text(MINIMAL_SELECT)
    (work / "load_and_match.py").write_text(LOAD_AND_MATCH)
    (work / "yaml_own.py").write_text(YAML_OWN)
    cache_home = work / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRYGGHET_", "PYTHONDONTWRITE"))}
    env.update(
        {
            "XDG_CACHE_HOME": str(cache_home),
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "TERM": "xterm",
            "NO_COLOR": "1",
        }
    )
    big = {}
    for size in (1000, 10000):
        big[size] = work / f"catalogue-{size}.yaml"
        big[size].write_text(generate(size), encoding="utf-8")

    print(f"python: {python}  runs: {runs}\n")
    times = interleaved(
        {
            "bare": [str(python), "-c", "import typer, yaml"],
            "minimal": [str(python), str(work / "minimal_find.py"), *FIND[1:]],
            "trygghet": [str(script), *FIND],
        },
        env,
        runs,
    )
    print("find --format json, shipped catalogue")
    print(f"  python -c 'import typer, yaml'   {median_ms(times['bare']):7.1f} ms")
    print(f"  minimal Typer app               {median_ms(times['minimal']):7.1f} ms")
    print(f"  trygghet find                   {median_ms(times['trygghet']):7.1f} ms")
    ratio("ratio to minimal app", times["trygghet"], times["minimal"], 1.20)
    ratio("ratio to import typer, yaml", times["trygghet"], times["bare"])
    print()

    prompt_runs = runs
    minimal_q, wizard_q = [], []
    for _ in range(prompt_runs):
        minimal_q.append(first_prompt([str(python), str(work / "minimal_select.py")], env, "Vem är du"))
        wizard_q.append(first_prompt([str(script)], env, "Välj språk"))  # the first question: the language
    print("wizard, first question on screen")
    print(f"  minimal Typer + questionary     {median_ms(minimal_q):7.1f} ms")
    print(f"  trygghet                        {median_ms(wizard_q):7.1f} ms")
    ratio("ratio", wizard_q, minimal_q, 1.20)
    print()

    own_runs, firsts = [], []
    for n in range(3):  # interleaved, as above
        own_runs.append(
            json.loads(
                subprocess.run(
                    [str(python), str(work / "yaml_own.py"), str(big[10000])],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
        )
        firsts.append(
            measure_load(python, work, big[10000], {**env, "XDG_CACHE_HOME": str(work / f"first{n}")})
        )
    own = statistics.median(run["load"] for run in own_runs)
    events = statistics.median(run["events"] for run in own_runs)
    first = statistics.median(run["load"] for run in firsts)
    env_first = {**env, "XDG_CACHE_HOME": str(work / "first0")}
    print("10,000 initiatives (first read: median of 3)")
    print(f"  yaml.load, C loader             {own * 1000:7.0f} ms")
    print(f"  libyaml's events alone          {events * 1000:7.0f} ms")
    print(f"  first read (parse, validate, store) {first * 1000:5.0f} ms")
    ratio("ratio to yaml.load", [r["load"] for r in firsts], [r["load"] for r in own_runs], 1.50)
    print(f"  ratio to the events alone       {first / events:7.2f}")
    cached = interleaved(
        {
            "shipped": [str(script), *FIND],
            "big": [str(script), "--data", str(big[10000]), *FIND],
            "shipped search": [str(script), *SEARCH],
            "big search": [str(script), "--data", str(big[10000]), *SEARCH],
        },
        env_first,
        runs,
    )
    print(f"  find, shipped catalogue         {median_ms(cached['shipped']):7.1f} ms")
    print(f"  find, 10,000 (read before)      {median_ms(cached['big']):7.1f} ms")
    ratio("ratio", cached["big"], cached["shipped"], 1.50)
    print(f"  search, shipped catalogue       {median_ms(cached['shipped search']):7.1f} ms")
    print(f"  search, 10,000 (read before)    {median_ms(cached['big search']):7.1f} ms")
    ratio("ratio", cached["big search"], cached["shipped search"], 2.00)
    print()

    print("load and match, in process (median of 5)")
    print(f"  {'initiatives':>11} {'first load':>11} {'cached load':>12} {'match':>8}")
    for label, path in (("35", None), ("1,000", big[1000]), ("10,000", big[10000])):
        if path is None:
            cold = warm = [measure_load(python, work, Path("-"), env) for _ in range(5)]
        else:
            cold = []
            for n in range(5):
                cold.append(
                    measure_load(python, work, path, {**env, "XDG_CACHE_HOME": str(work / f"c{label}{n}")})
                )
            warm = [
                measure_load(python, work, path, {**env, "XDG_CACHE_HOME": str(work / f"c{label}0")})
                for _ in range(5)
            ]
        first_load = median_ms([c["load"] for c in cold])
        cached_load = median_ms([w["load"] for w in warm])
        match = median_ms([w["match"] for w in warm])
        print(f"  {label:>11} {first_load:9.1f} ms {cached_load:10.1f} ms {match:6.1f} ms")


def measure_load(python: Path, work: Path, path: Path, env: dict[str, str]) -> dict[str, float]:
    target = str(path) if str(path) != "-" else "__shipped__"
    code = (
        LOAD_AND_MATCH
        if target != "__shipped__"
        else LOAD_AND_MATCH.replace("Path(sys.argv[1])", "catalogue.default_path()")
    )
    out = subprocess.run(
        [str(python), "-c", code, target], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


if __name__ == "__main__":
    main()
