"""Pydantic models of vngov's output and the JSON Schema generated from them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .models import (
    SCHEMA_VERSION,
    Agency,
    Block,
    DateMention,
    DocumentResult,
    ExtractionWarning,
    LegalRef,
    Metadata,
    Metric,
    Person,
    Pinpoint,
    Place,
    ProcessingError,
    RefLink,
    SelfReference,
    Signer,
    Structure,
    Table,
    TableCell,
    TableRow,
    Task,
)

SCHEMA_PATH = Path(__file__).with_name("document.schema.json")
VERSIONS_PATH = Path(__file__).with_name("versions.tsv")


def json_schema() -> dict:
    """The JSON Schema of one output line, as generated from the models."""
    schema = DocumentResult.model_json_schema()
    schema["$id"] = f"urn:vngov:schema:document:{SCHEMA_VERSION}"
    schema["title"] = "vngov document result"
    return schema


def render_json_schema() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_fingerprint(schema: dict | None = None) -> str:
    """SHA-256 of a JSON Schema without its $id (which names the version): equal schemas, equal fingerprints."""
    body = {key: value for key, value in (schema or json_schema()).items() if key != "$id"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def published_versions() -> dict[str, str]:
    """schemas/versions.tsv: every published contract version → its schema's fingerprint."""
    rows = (line.split("\t") for line in VERSIONS_PATH.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {row[0]: row[1] for row in rows}


__all__ = [
    "SCHEMA_PATH",
    "SCHEMA_VERSION",
    "VERSIONS_PATH",
    "Agency",
    "Block",
    "DateMention",
    "DocumentResult",
    "ExtractionWarning",
    "LegalRef",
    "Metadata",
    "Metric",
    "Person",
    "Pinpoint",
    "Place",
    "ProcessingError",
    "RefLink",
    "SelfReference",
    "Signer",
    "Structure",
    "Table",
    "TableCell",
    "TableRow",
    "Task",
    "json_schema",
    "published_versions",
    "render_json_schema",
    "schema_fingerprint",
]
