"""The published contract: the checked-in JSON Schema matches the models, and outputs validate."""

from __future__ import annotations

import json

import pytest

from extractor import extract
from schemas import (
    SCHEMA_PATH,
    SCHEMA_VERSION,
    DocumentResult,
    json_schema,
    published_versions,
    render_json_schema,
    schema_fingerprint,
)

from .conftest import SEEDS


def test_checked_in_schema_matches_the_models() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_json_schema(), (
        "schemas/document.schema.json is stale: run `make schema` and bump SCHEMA_VERSION if the change breaks readers"
    )


def test_schema_names_every_list_of_the_contract() -> None:
    properties = json_schema()["properties"]
    for key in ("legal_refs", "dates", "metrics", "agencies", "persons", "places", "tasks", "metadata", "warnings"):
        assert key in properties
    assert json_schema()["$id"].endswith(SCHEMA_VERSION)


def test_output_round_trips_through_the_models() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        line = extract(path.read_text(encoding="utf-8"), source=str(path)).model_dump_json()
        record = json.loads(line)
        assert record["schema_version"] == SCHEMA_VERSION
        assert DocumentResult.model_validate_json(line).model_dump_json() == line


def test_a_changed_contract_has_a_new_version() -> None:
    versions = published_versions()
    fingerprint = schema_fingerprint()
    assert SCHEMA_VERSION in versions, (
        f"schema_version {SCHEMA_VERSION} is not in schemas/versions.tsv: add the line "
        f"'{SCHEMA_VERSION}\t{fingerprint}\t<what changed>'"
    )
    assert versions[SCHEMA_VERSION] == fingerprint, (
        f"the contract changed but schema_version is still {SCHEMA_VERSION}: bump it (major, minor or patch as "
        f"docs/contract.md says), run `make schema`, and add the line '<new version>\t{fingerprint}\t<what changed>' "
        "to schemas/versions.tsv"
    )


def test_versions_only_grow() -> None:
    keys = [tuple(int(part) for part in version.split(".")) for version in published_versions()]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert len(set(published_versions().values())) == len(keys), "two versions with one schema"
    assert max(keys) == tuple(int(part) for part in SCHEMA_VERSION.split("."))


def test_the_checked_in_schema_has_its_fingerprint() -> None:
    checked_in = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema_fingerprint(checked_in) == published_versions()[SCHEMA_VERSION]


@pytest.mark.parametrize("change", ["a new field", "a removed field"])
def test_the_fingerprint_sees_a_contract_change(change: str) -> None:
    schema = json_schema()
    metric = schema["$defs"]["Metric"]["properties"]
    if change == "a new field":
        metric["confidence"] = {"type": "number"}
    else:
        del metric["noun"]
    assert schema_fingerprint(schema) != schema_fingerprint()
