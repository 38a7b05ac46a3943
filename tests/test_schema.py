"""The published contract: the checked-in JSON Schema matches the models, and outputs validate."""

from __future__ import annotations

import json

from extractor import extract
from schemas import SCHEMA_PATH, SCHEMA_VERSION, DocumentResult, json_schema, render_json_schema

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
