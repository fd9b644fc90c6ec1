"""Open data: the HSDS 3.0 export is valid against the official schemas and stable, and a feed
(ours, or a foreign one with a map) imports into a catalogue that answers the same."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT

from trygghet_cli import catalogue as catalogue_files
from trygghet_cli import hsds
from trygghet_cli.matching import Needs, recommend
from trygghet_cli.model import Catalogue

FIXTURES = Path(__file__).resolve().parent / "hsds"
TODAY = dt.date(2026, 11, 29)
AGES = (None, 4, 12, 15, 19, 30)


def _required(module: str) -> ModuleType:
    """A test tool: missing FAILS under CI, and is skipped with a reason elsewhere."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed (pip install -e '.[test]')")
        pytest.skip(f"{module} is not installed")


def _schema_dir() -> Path:
    """The official HSDS 3.0 schemas, beside the repository (../shared/hsds), never the network."""
    beside = ROOT.parent / "shared" / "hsds"
    for folder in (beside, ROOT.parent.parent / "shared" / "hsds"):  # a worktree sits one level deeper
        if (folder / "service.json").is_file():
            return folder
    if os.environ.get("CI"):
        pytest.fail(f"the HSDS schemas are missing: {beside}")
    pytest.skip(f"the HSDS schemas are not at {beside}")


@pytest.fixture(scope="module")
def schemas() -> Callable[[str], Any]:
    """A validator for one per-object schema file, its `$ref`s to sibling files resolved locally."""
    jsonschema = _required("jsonschema")
    referencing = _required("referencing")
    folder = _schema_dir()
    from referencing.jsonschema import DRAFT202012

    loaded = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    registry = referencing.Registry().with_resources(
        (name, DRAFT202012.create_resource(schema)) for name, schema in loaded.items()
    )
    compiled = json.loads((folder / "compiled" / "service.json").read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()

    def validator(name: str) -> Any:
        schema = compiled if name == "compiled/service.json" else loaded[name]
        return jsonschema.Draft202012Validator(schema, registry=registry, format_checker=checker)

    return validator


@pytest.fixture(scope="module")
def exported(shipped: Catalogue) -> list[dict[str, Any]]:
    return hsds.export_services(shipped, TODAY)


def _errors(validator: Any, instance: Any) -> list[str]:
    return [f"{e.json_path}: {e.message[:120]}" for e in validator.iter_errors(instance)]


def test_every_service_is_valid_hsds_3(schemas: Callable[[str], Any], exported: list[dict[str, Any]]) -> None:
    compiled, per_object = schemas("compiled/service.json"), schemas("service.json")
    for service in exported:
        assert _errors(compiled, service) == [], service["name"]
        assert _errors(per_object, service) == [], service["name"]


def test_every_nested_object_is_valid_against_its_own_schema(
    schemas: Callable[[str], Any], exported: list[dict[str, Any]]
) -> None:
    parts = {"phones": "phone.json", "service_areas": "service_area.json", "attributes": "attribute.json"}
    checked = 0
    for service in exported:
        if "organization" in service:
            assert _errors(schemas("organization.json"), service["organization"]) == []
        for field, schema in parts.items():
            for item in service.get(field, []):
                assert _errors(schemas(schema), item) == [], (service["name"], field)
                checked += 1
        for attribute in service["attributes"]:
            assert _errors(schemas("taxonomy_term.json"), attribute["taxonomy_term"]) == []
    assert checked > len(exported)


def test_export_carries_the_facts_a_consumer_needs(
    shipped: Catalogue, exported: list[dict[str, Any]]
) -> None:
    by_name = {s["name"]: s for s in exported}
    for item in shipped.initiatives:
        service = by_name[item.name]
        assert service["assured_date"] == item.reviewed
        assert service["organization"]["name"] == item.provider
        assert service.get("minimum_age") == item.ages.min and service.get("maximum_age") == item.ages.max
        phones = [c.value.get("sv") for c in item.contacts if c.kind == "phone"]
        assert [p["number"] for p in service["phones"]] == phones
        codes = {a["taxonomy_term"]["code"] for a in service["attributes"]}
        assert {f"concern/{k}" for k in item.concerns} | {f"role/{k}" for k in item.audiences} <= codes
        assert {f"touches/{k}" for k in item.touches} | {f"works_with/{k}" for k in item.works_with} <= codes
        assert f"access/{item.access}" in codes
        assert {a["taxonomy_term"]["taxonomy"] for a in service["attributes"]} == {hsds.TAXONOMY}
    routes = [
        s
        for s in exported
        if any(a["taxonomy_term"]["code"] == "flag/general_route" for a in s["attributes"])
    ]
    assert sorted(s["name"] for s in routes) == sorted(r.name for r in shipped.routes)


def test_ids_are_uuids_that_follow_an_initiative_across_exports(
    shipped: Catalogue, exported: list[dict[str, Any]]
) -> None:
    ids = [s["id"] for s in exported]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    # genuine UUID 5s: anyone can derive an initiative's id from its catalogue id
    item = next(s for s in exported if not s["name"].isdigit())
    ours = next(a["value"] for a in item["attributes"] if a["taxonomy_term"]["code"] == "field/id")
    assert item["id"] == str(uuid.uuid5(hsds.NAMESPACE, f"initiative\x1f{ours}"))
    from trygghet_cli import catalogue, loader
    from trygghet_cli.schema import build_catalogue

    doc = loader.parse(loader.read_bytes(catalogue.default_path()), "shipped")
    doc["initiatives"] = list(reversed(doc["initiatives"][1:]))  # one gone, the others reordered
    changed = build_catalogue(doc, "changed")
    again = {s["name"]: s["id"] for s in hsds.export_services(changed, TODAY)}
    assert all(again[s["name"]] == s["id"] for s in exported if s["name"] in again)


def test_two_exports_are_byte_identical_and_never_overwrite(run: Callable[..., Any], tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "new", tmp_path / "b"
    assert run("export", "hsds", str(first)).exit_code == 0  # makes the missing folders
    assert run("export", "hsds", str(second)).exit_code == 0
    assert [p.name for p in first.iterdir()] == ["services.json"]  # no temporary file left behind
    umask = os.umask(0o022)
    os.umask(umask)
    # the usual permissions for a new file, not a temporary file's owner-only ones
    assert (first / "services.json").stat().st_mode & 0o777 == 0o666 & ~umask
    data = (first / "services.json").read_bytes()
    assert data == (second / "services.json").read_bytes()
    assert isinstance(json.loads(data), list)
    (first / "services.json").write_text("[]", encoding="utf-8")
    refused = run("export", "hsds", str(first))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert (first / "services.json").read_text(encoding="utf-8") == "[]"
    assert run("export", "hsds", str(first), "--force").exit_code == 0
    assert (first / "services.json").read_bytes() == data


def _answers(cat: Catalogue, include_ended: bool = False) -> list[tuple[list[str], list[str]]]:
    found = []
    for role in cat.vocabulary.roles:
        for concern in (None, *cat.vocabulary.concerns):
            for age in AGES:
                needs = Needs(role, age, (concern,) if concern else (), None, include_ended, TODAY)
                answer = recommend(cat, needs)
                routes = [r.id for r in answer.urgent_routes + answer.routes]
                found.append(([m.initiative.id for m in answer.matches], routes))
    return found


def test_own_export_imports_back_to_the_same_answers(
    run: Callable[..., Any], tmp_path: Path, shipped: Catalogue
) -> None:
    assert run("export", "hsds", str(tmp_path / "feed")).exit_code == 0
    out = tmp_path / "back.yaml"
    imported = run("import", "hsds", str(tmp_path / "feed"), "-o", str(out))
    assert imported.exit_code == 0, imported.stderr
    assert imported.stderr == ""  # nothing of ours is left unmapped
    assert run("validate", str(out)).exit_code == 0
    back = catalogue_files.load(out, use_cache=False)
    assert _answers(back) == _answers(shipped)
    assert _answers(back, include_ended=True) == _answers(shipped, include_ended=True)
    assert back.initiatives == shipped.initiatives  # texts in both languages, contacts, sources
    assert back.routes == shipped.routes and back.vocabulary == shipped.vocabulary
    via_cli = run(
        "--data", str(out), "find", "--role", "parent", "--concern", "alcohol", "--age", "15", "-f", "json"
    )
    shipped_cli = run("find", "--role", "parent", "--concern", "alcohol", "--age", "15", "-f", "json")
    assert via_cli.exit_code == 0
    assert [r["id"] for r in json.loads(via_cli.stdout)["results"]] == [
        r["id"] for r in json.loads(shipped_cli.stdout)["results"]
    ]


def test_the_foreign_test_feed_is_itself_valid_hsds(schemas: Callable[[str], Any]) -> None:
    feed = json.loads((FIXTURES / "foreign-feed.json").read_text(encoding="utf-8"))
    for service in feed:
        assert _errors(schemas("compiled/service.json"), service) == [], service["name"]


@pytest.fixture
def foreign(run: Callable[..., Any], tmp_path: Path) -> tuple[Path, Any]:
    out = tmp_path / "exempelby.yaml"
    feed, mapping = FIXTURES / "foreign-feed.json", FIXTURES / "foreign-map.yaml"
    result = run("--lang", "en", "import", "hsds", str(feed), "--map", str(mapping), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out, result


def _ids(run: Callable[..., Any], data: Path, *args: str) -> list[str]:
    result = run("--data", str(data), *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)["results"]]


def test_a_foreign_feed_with_a_map_imports_and_answers(
    run: Callable[..., Any], foreign: tuple[Path, Any]
) -> None:
    out, _ = foreign
    assert run("validate", str(out)).exit_code == 0
    assert _ids(run, out, "find", "--role", "young", "--concern", "alcohol", "--age", "15") == [
        "youth-drug-counselling"
    ]
    assert _ids(run, out, "find", "--role", "parent", "--concern", "parenting", "--area", "north") == [
        "family-centre-north"
    ]
    card = run("--data", str(out), "show", "youth-drug-counselling", "-f", "json")
    assert json.loads(card.stdout)["provider"] == "Exempelby Youth Services"
    assert "026 11 22 33" in card.stdout  # "(026) 11 22 33" made a number that validates


def test_a_foreign_feed_keeps_its_age_limits(run: Callable[..., Any], foreign: tuple[Path, Any]) -> None:
    out, _ = foreign
    for age, expected in (
        (12, []),
        (13, ["youth-drug-counselling"]),
        (20, ["youth-drug-counselling"]),
        (21, []),
    ):
        found = _ids(run, out, "find", "--role", "young", "--concern", "drugs", "--age", str(age))
        assert found == expected, age


def test_unmapped_terms_are_reported_and_kept_for_free_text(
    run: Callable[..., Any], foreign: tuple[Path, Any]
) -> None:
    out, result = foreign
    lines = result.stderr.splitlines()
    assert any('"Schack" (code LEI) is not in the map' in line for line in lines)
    assert any("inactive or defunct" in line for line in lines)  # the defunct helpline is left out
    assert "no" in _ids(run, out, "search", "schack")
    assert run("--data", str(out), "show", "closed-helpline").exit_code == 2


def test_yaml_traps_stay_text(run: Callable[..., Any], foreign: tuple[Path, Any]) -> None:
    out, _ = foreign
    card = json.loads(run("--data", str(out), "show", "no", "-f", "json").stdout)
    assert card["name"] == "NO"  # not false
    assert "0701234567" in json.dumps(card)  # not an octal number


BAD_FEEDS = [
    ('{"services": []}', "#: "),
    ("[1]", "#/0: "),
    ('[{"description": "no name", "url": "https://x.example"}]', "#/0: "),
    (
        '[{"name": "A", "url": "https://x.example", "phones": [{"number": "call us"}]}]',
        "#/0/phones/0/number: ",
    ),
    ('[{"name": "A", "url": "https://x.example", "minimum_age": "ten"}]', "#/0/minimum_age: "),
    ('[{"name": "A", "url": "https://x.example", "maximum_age": 300}]', "#/0/maximum_age: "),
    ('[{"name": "A", "url": "https://x.example", "maximum_age": NaN}]', "#/0/maximum_age: "),
    ('[{"name": "A", "url": "ftp://x.example"}]', "#/0/url: "),
    ('[{"name": "A"}]', "#/0: "),
    ('[{"name": "A", "url": "https://x.example", "attributes": {"id": "x"}}]', "#/0/attributes: "),
    ('[{"name": "A", "url": "https://x.example", "phones": "026-10 00 00"}]', "#/0/phones: "),
    ('[{"name": "A",\n  "url": }]', ":2:10: "),
]


@pytest.mark.parametrize(("text", "where"), BAD_FEEDS)
def test_a_bad_feed_is_one_located_line_exit_3_and_writes_nothing(
    run: Callable[..., Any], tmp_path: Path, text: str, where: str
) -> None:
    feed, out = tmp_path / "feed.json", tmp_path / "out.yaml"
    feed.write_text(text, encoding="utf-8")
    result = run("--lang", "en", "import", "hsds", str(feed), "-o", str(out))
    assert result.exit_code == 3
    assert f"{feed}{where}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[-1].startswith("The feed cannot be imported")
    assert not out.exists() and list(tmp_path.iterdir()) == [feed]


def test_a_failed_import_leaves_an_existing_file_alone(run: Callable[..., Any], tmp_path: Path) -> None:
    feed, out = tmp_path / "feed.json", tmp_path / "out.yaml"
    feed.write_text("[1]", encoding="utf-8")
    out.write_text("kept", encoding="utf-8")
    assert run("import", "hsds", str(feed), "-o", str(out)).exit_code == 2  # no --force
    assert run("import", "hsds", str(feed), "-o", str(out), "--force").exit_code == 3
    assert out.read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize("named", ["feed", "out.json", ""])
def test_import_writes_only_a_yaml_catalogue_it_was_named(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: str
) -> None:
    """Never over the feed it reads (even with --force), never YAML under another ending, never
    the current folder for an empty name."""
    monkeypatch.chdir(tmp_path)
    feed = tmp_path / "feed.yaml"  # a feed whose name could pass for a catalogue's
    feed.write_text((FIXTURES / "foreign-feed.json").read_text(encoding="utf-8"), encoding="utf-8")
    target = {"feed": str(feed), "out.json": "out.json", "": ""}[named]
    result = run("import", "hsds", str(feed), "-o", target, "--force")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.yaml"]
    assert feed.read_text(encoding="utf-8") == (FIXTURES / "foreign-feed.json").read_text(encoding="utf-8")


def test_export_refuses_an_empty_folder_name(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "hsds", "")
    assert result.exit_code == 2 and "Namnet är tomt" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bad_map_is_located_by_line_and_column(run: Callable[..., Any], tmp_path: Path) -> None:
    mapping, out = tmp_path / "map.yaml", tmp_path / "out.yaml"
    mapping.write_text("concerns:\n  alcohl: [ALC]\nroles: {young: 3}\n", encoding="utf-8")
    feed = FIXTURES / "foreign-feed.json"
    result = run("--lang", "en", "import", "hsds", str(feed), "--map", str(mapping), "-o", str(out))
    assert result.exit_code == 3
    assert f"{mapping}:2:3: 'alcohl' is not in the concerns vocabulary" in result.stderr
    assert "'alcohol'" in result.stderr  # the suggestion
    assert f"{mapping}:3:16: " in result.stderr
    assert not out.exists()


def test_written_yaml_reads_back_exactly_whatever_the_text() -> None:
    """Every string survives the YAML the import writes: YAML 1.1 traps, quotes, escapes, any
    Unicode (surrogates excepted, which no UTF-8 file can hold)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from trygghet_cli import loader
    from trygghet_cli.hsds_import import dump_yaml

    texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
        ["NO", "yes", "~", "null", "0701234567", "2024-01-01", "1e3", "- x", "#", "a: b", " lead", "@x"]
        + ["a\u2028b", "\x85", "\ufeff", "\x7f", "tab\there", "\r\n"]
    )
    scalars = texts | st.integers(-(10**6), 10**6) | st.booleans() | st.none()
    values = st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
        max_leaves=12,
    )

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(texts, values, min_size=1, max_size=4))
    def round_trip(document: dict[str, Any]) -> None:
        assert loader.parse(dump_yaml(document).encode("utf-8"), "x.yaml") == document

    round_trip()


def test_a_review_date_after_today_is_taken_as_undated_so_the_catalogue_validates(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    services = json.loads((FIXTURES / "foreign-feed.json").read_text(encoding="utf-8"))
    for service in services:
        service["assured_date"] = "9999-12-31"
    feed, out = tmp_path / "future.json", tmp_path / "future.yaml"
    feed.write_text(json.dumps(services), encoding="utf-8")
    mapping = FIXTURES / "foreign-map.yaml"
    imported = run("import", "hsds", str(feed), "--map", str(mapping), "-o", str(out))
    assert imported.exit_code == 0, imported.stderr
    assert run("validate", str(out)).exit_code == 0
    assert "9999" not in out.read_text(encoding="utf-8")


def test_two_services_with_one_id_are_refused_and_located(
    run: Callable[..., Any], tmp_path: Path, exported: list[dict[str, Any]]
) -> None:
    """A feed that lists a service twice under one id would double it in every answer."""
    feed, out = tmp_path / "feed.json", tmp_path / "out.yaml"
    feed.write_text(json.dumps([*exported, exported[3]]), encoding="utf-8")
    result = run("--lang", "en", "import", "hsds", str(feed), "-o", str(out))
    assert result.exit_code == 3
    assert f"{feed}#/{len(exported)}/id: the service has the same id" in result.stderr
    assert "as the service at #/3" in result.stderr
    assert not out.exists()


def test_export_into_a_file_says_it_is_not_a_folder(run: Callable[..., Any], tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine", encoding="utf-8")
    result = run("export", "hsds", str(afile))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Kunde inte skriva {afile}: en del av sökvägen är inte en mapp"
    assert afile.read_text(encoding="utf-8") == "mine"
