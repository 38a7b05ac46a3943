"""A stored document read back as the contract: its text and the `DocumentResult` the store was written from.

The fact tables mirror the models field by field (extractor/store/writer.py), so the rows of one document rebuild
its result: span from start/end, sentence from sentence_start/sentence_end, lists and objects from their JSON.
`vngov show ID --db` and the server's document view render what this returns.
"""

from __future__ import annotations

import json
import sqlite3
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from extractor.store.writer import column_name, fact_kinds
from schemas import DocumentResult, Metadata, Structure


@dataclass(frozen=True)
class StoredDocument:
    id: str
    text: str
    result: DocumentResult


def _structured(annotation: Any) -> bool:
    """True for a field the store keeps as JSON text (lists, tuples, objects)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _structured(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_structured(a) for a in typing.get_args(annotation) if a is not type(None))
    if origin in (list, tuple, dict):
        return True
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _item(model: type[BaseModel], row: dict[str, Any]) -> BaseModel:
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name == "span":
            values["span"] = (row["start"], row["end"]) if row.get("start") is not None else None
        elif name == "sentence":
            start = row.get("sentence_start")
            values["sentence"] = (start, row["sentence_end"]) if start is not None else None
        else:
            column = column_name(name)
            if column not in row:
                continue  # a field added after this store was written: its default
            value = row[column]
            if value is not None and _structured(field.annotation) and isinstance(value, str):
                value = json.loads(value)
            values[name] = value
    return model.model_validate(values)


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def find_document_id(conn: sqlite3.Connection, key: str) -> str | None:
    """The id of the document a user names: its id, a unique prefix of it, or its source."""
    for sql in ("SELECT id FROM documents WHERE id = ?", "SELECT id FROM documents WHERE source = ?",
                "SELECT id FROM documents WHERE id LIKE ? || '%' ESCAPE '\\'"):
        arg = key.replace("%", "\\%").replace("_", "\\_") if "LIKE" in sql else key
        found = conn.execute(sql + " LIMIT 2", [arg]).fetchall()
        if len(found) == 1:
            return found[0][0]
    return None


def read_document(conn: sqlite3.Connection, doc_id: str) -> StoredDocument | None:
    """The stored document with this id, rebuilt as the contract; None when the store does not hold it."""
    docs = _rows(conn, "SELECT * FROM documents WHERE id = ?", [doc_id])
    if not docs:
        return None
    doc = docs[0]
    metadata = Metadata.model_validate_json(doc["metadata"]) if doc.get("metadata") else Metadata()
    if doc.get("title") and not metadata.title:
        metadata.title = doc["title"]
    lists = {
        kind: [_item(model, row) for row in
               _rows(conn, f"SELECT * FROM [{kind}] WHERE document_id = ? ORDER BY ordinal", [doc_id])]
        for kind, model in fact_kinds().items()
    }
    structure = Structure.model_validate_json(doc["structure"]) if doc.get("structure") else Structure()
    result = DocumentResult(schema_version=doc["schema_version"], extractor_version=doc["extractor_version"],
                            source=doc["source"], metadata=metadata, structure=structure, **lists)
    return StoredDocument(doc_id, doc["text"], result)
