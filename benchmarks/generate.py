"""Write a large catalogue by repeating the shipped initiatives under new ids, or a large
foreign HSDS 3.0 feed (with its map) for `trygghet import hsds`.

python benchmarks/generate.py 10000 /tmp/big.yaml
python benchmarks/generate.py --feed 10000 /tmp/feed-dir     # feed-dir/services.json and map.yaml
"""

from __future__ import annotations

import json
import sys
import uuid
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


# A made-up municipality's own taxonomy, as a foreign feed would have it: (code, name).
FEED_TERMS = [
    ("ALC", "Alcohol"),
    ("DRG", "Drugs"),
    ("GMB", "Gambling"),
    ("MH", "Mental health"),
    ("PAR", "Parenting support"),
    ("VIO", "Violence"),
    ("SCH", "School attendance"),
    ("YOU", "Young people"),
    ("FAM", "Families"),
    ("PRO", "Professionals"),
    ("N", "North district"),
    ("S", "South district"),
    ("LEI", "Leisure"),
    ("SPT", "Sport"),
]
FEED_MAP = """\
catalogue:
  name: {sv: "Stöd i Exempelby", en: "Support in Exempelby"}
  municipality: "Exempelby kommun"
source: "https://exempelby.example/open-data/services.json"
roles: {young: [YOU], parent: [FAM], professional: [PRO]}
concerns:
  alcohol: [ALC]
  drugs: [DRG]
  gambling: [GMB]
  mental_health: [MH]
  parenting: [PAR]
  violence: [VIO]
  school_absence: [SCH]
areas: {north: [N], south: [S]}
"""


def generate_feed(count: int) -> list[dict[str, object]]:
    """`count` HSDS services of a made-up municipality, each with three of its own terms."""
    namespace = uuid.UUID("00000000-0000-4000-8000-000000000000")
    services: list[dict[str, object]] = []
    for n in range(count):
        sid = str(uuid.uuid5(namespace, str(n)))
        picked = [FEED_TERMS[(n * k) % len(FEED_TERMS)] for k in (1, 3, 7)]
        low = (n % 4) * 5
        services.append(
            {
                "id": sid,
                "name": f"Service {n} for {picked[0][1].lower()}",
                "description": f"Help with {picked[0][1].lower()} and {picked[1][1].lower()}. Call us.",
                "status": "active",
                "url": f"https://exempelby.example/services/{n}",
                "minimum_age": low if low else None,
                "maximum_age": low + 15 if n % 3 else None,
                "assured_date": "2026-10-01",
                "organization": {
                    "id": str(uuid.uuid5(namespace, f"org{n % 50}")),
                    "name": f"Unit {n % 50}",
                    "description": "A unit of Exempelby kommun",
                },
                "phones": [
                    {"id": str(uuid.uuid5(namespace, f"phone{n}")), "number": f"026-{n % 100:02d} 00 00"}
                ],
                "attributes": [
                    {
                        "id": str(uuid.uuid5(namespace, f"{n}/{code}")),
                        "taxonomy_term": {
                            "id": str(uuid.uuid5(namespace, code)),
                            "code": code,
                            "name": name,
                            "description": name,
                        },
                    }
                    for code, name in dict.fromkeys(picked)
                ],
            }
        )
    return services


if __name__ == "__main__":
    if sys.argv[1] == "--feed":
        folder = Path(sys.argv[3])
        folder.mkdir(parents=True, exist_ok=True)
        feed = generate_feed(int(sys.argv[2]))
        (folder / "services.json").write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
        (folder / "map.yaml").write_text(FEED_MAP, encoding="utf-8")
    else:
        Path(sys.argv[2]).write_text(generate(int(sys.argv[1])), encoding="utf-8")
