"""The SQL functions of a vngov store, registered once for every reader: `vngov query`/`export`, the Python API
and `vngov serve` (Datasette's prepare_connection). Each is pure, so marked deterministic."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from extractor.lexicon.indices import index_name
from extractor.lexicon.patterns import fold, load
from extractor.lexicon.places import provinces_named
from extractor.store.writer import fts_query


def subject_provinces(subject: str | None, document_provinces: str | None) -> str:
    """The provinces a metric is about, as a JSON list of ids: those its subject names, none for a national
    scope ("cấp tỉnh"), else the document's (queries.yaml says why)."""
    named = provinces_named(subject) if subject else []
    if named:
        return json.dumps(named)
    if subject and fold(" ".join(subject.split())) in load("queries")["national_subjects"]:
        return "[]"
    return json.dumps(provinces_named(document_provinces) if document_provinces else [])


def _fold(value: Any) -> Any:
    return fold(value) if isinstance(value, str) else value


FUNCTIONS: dict[str, tuple[int, Any]] = {
    "vngov_fold": (1, _fold),  # lower case, no diacritics, đ → d: what the folded columns hold
    "vngov_index": (1, index_name),  # an index's canonical name from any alias
    "vngov_fts": (1, lambda q: fts_query(q or "")),  # a search box's words as an FTS5 query
    "vngov_provinces": (1, lambda s: json.dumps(provinces_named(s) if s else [])),
    "vngov_subject_provinces": (2, subject_provinces),
}


def register_functions(conn: sqlite3.Connection) -> sqlite3.Connection:
    for name, (arity, function) in FUNCTIONS.items():
        conn.create_function(name, arity, function, deterministic=True)
    return conn
