"""Pydantic models of vngov's output and the JSON Schema generated from them."""

from __future__ import annotations

import json
from pathlib import Path

from .models import (
    SCHEMA_VERSION,
    Agency,
    DateMention,
    DocumentResult,
    ExtractionWarning,
    LegalRef,
    Metadata,
    Metric,
    Person,
    Place,
    ProcessingError,
    SelfReference,
    Task,
)

SCHEMA_PATH = Path(__file__).with_name("document.schema.json")


def json_schema() -> dict:
    """The JSON Schema of one output line, as generated from the models."""
    schema = DocumentResult.model_json_schema()
    schema["$id"] = f"urn:vngov:schema:document:{SCHEMA_VERSION}"
    schema["title"] = "vngov document result"
    return schema


def render_json_schema() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


__all__ = [
    "SCHEMA_PATH",
    "SCHEMA_VERSION",
    "Agency",
    "DateMention",
    "DocumentResult",
    "ExtractionWarning",
    "LegalRef",
    "Metadata",
    "Metric",
    "Person",
    "Place",
    "ProcessingError",
    "SelfReference",
    "Task",
    "json_schema",
    "render_json_schema",
]
