"""Write a large catalogue by repeating the shipped initiatives under new ids.

python benchmarks/generate.py 10000 /tmp/big.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(count: int) -> str:
    text = (ROOT / "data" / "initiatives.yaml").read_text(encoding="utf-8")
    head, body = text.split("\ninitiatives:\n", 1)
    entries = ["  - id:" + e for e in body.split("\n  - id:")[1:]]
    out = [head, "\ninitiatives:\n"]
    for n in range(count):
        entry = entries[n % len(entries)]
        first, rest = entry.split("\n", 1)
        out.append(f"{first}-{n}\n{rest.rstrip()}\n")
    return "".join(out)


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(generate(int(sys.argv[1])), encoding="utf-8")
