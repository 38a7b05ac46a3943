"""The SQLite store of extracted facts (sqlite-utils): documents, one table per fact kind, registries, search.

Tables follow the output contract generically: every list of `DocumentResult` whose items are models gets a
table, with one column per item field (span → start/end, sentence → sentence_start/sentence_end plus the
sentence's text, lists and objects as JSON). A field added to the contract becomes a column the next time a
store is opened. docs/store.md describes the layout, the views and the versioning.

A document's id is its content hash, so the same text stored twice is one row; writing a document replaces
its facts in one transaction, so an interrupted batch leaves whole documents only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlite_utils import Database, Migrations

from extractor._version import __version__
from extractor.inputs.reader import Record
from extractor.lexicon.citations import cited_document_key
from extractor.lexicon.patterns import fold
from extractor.store.graph import (
    NUMBERS_COLUMNS,
    NUMBERS_TABLE,
    number_rows,
    relink,
    relink_all,
    stored_number_rows,
)
from schemas import SCHEMA_VERSION, DocumentResult

# The store's own layout evolves by sqlite-utils migrations (recorded in _sqlite_migrations); the tables that
# mirror the contract follow the models on every open. STORE_VERSION counts the migrations below and is
# stamped in meta, so an older vngov can refuse a store that a newer one has migrated further.
STORE_VERSION = 2
MIGRATIONS = Migrations("vngov-store")

# The only columns in which two runs over the same input differ: when each row was written.
TIMESTAMP_COLUMNS = {"documents": "processed_at", "errors": "at", "_sqlite_migrations": "applied_at"}
_OWN_COLUMNS = ("id", "document_id", "ordinal")  # a contract field of the same name is stored as item_<name>
_LINKS = {  # fact kind → (its link column, the registry it points to)
    "legal_refs": ("work_id", "cited_works"),
    "agencies": ("registry_id", "agency_registry"),
    "places": ("registry_id", "place_registry"),
}
_REGISTRIES: dict[str, dict[str, type]] = {
    "cited_works": {
        "id": str, "canonical": str, "doc_type": str, "system": str, "number": str, "year": int,
        "symbol": str, "issuer": str, "issue_year": int,
    },
    "agency_registry": {"id": str, "canonical": str, "level": str, "province": str, "canonical_today": str},
    "place_registry": {"id": str, "name": str, "type": str, "province": str, "province_today": str},
}
_FTS = {"documents": "text_folded", "tasks": "text_folded"}

_VIEWS = {
    "metric_facts": """
SELECT m.indicator, m.subject, m.year, m.value, m.unit, m.total, m.direction, m.compared_to, m.noun,
       m.text, m.sentence, m.id AS metric_id, m.document_id, d.title, d.published, d.source
FROM metrics m JOIN documents d ON d.id = m.document_id""",
    "task_assignments": """
SELECT ta.agency, ta.role, t.action, t.deadline, t.status, t.assigner, t.text, t.sentence,
       t.id AS task_id, t.document_id, d.title, d.published, d.source
FROM task_agencies ta JOIN tasks t ON t.id = ta.task_id JOIN documents d ON d.id = t.document_id""",
    "most_cited_documents": """
SELECT c.id, c.canonical, c.doc_type, c.issuer, c.issue_year,
       count(*) AS mentions, count(DISTINCT l.document_id) AS documents,
       max(l.cited_document_id) AS cited_document_id
FROM cited_works c JOIN legal_refs l ON l.work_id = c.id
GROUP BY c.id ORDER BY documents DESC, mentions DESC, c.id""",
    "citing_documents": """
SELECT c.id AS work_id, c.canonical, l.cited_document_id, l.relation, l.document_id, d.title, d.published,
       d.source, l.text, l.sentence, l.id AS legal_ref_id
FROM legal_refs l JOIN cited_works c ON c.id = l.work_id JOIN documents d ON d.id = l.document_id""",
    "citation_graph": """
SELECT l.document_id AS citing_document_id, d.title AS citing_title, l.cited_document_id, t.title AS cited_title,
       l.canonical, l.relation, l.pinpoints, l.text, l.sentence, l.id AS legal_ref_id
FROM legal_refs l JOIN documents d ON d.id = l.document_id JOIN documents t ON t.id = l.cited_document_id""",
    "section_tasks": """
SELECT t.document_id, b.path AS section, b.role, t.text, t.deadline, t.action, t.lead, t.id AS task_id,
       d.title, d.source
FROM tasks t JOIN blocks b ON b.document_id = t.document_id AND b.block = t.block
JOIN documents d ON d.id = t.document_id""",
    "agency_mentions": """
SELECT r.id, r.canonical, r.level, r.province, count(*) AS mentions, count(DISTINCT a.document_id) AS documents
FROM agency_registry r JOIN agencies a ON a.registry_id = r.id
GROUP BY r.id ORDER BY documents DESC, mentions DESC, r.id""",
}
_INDEXES: dict[str, list[tuple[str, ...]]] = {
    "documents": [("source",), ("published",)],
    "metrics": [("indicator", "subject", "year"), ("subject", "year"), ("year",)],
    "legal_refs": [("work_id",), ("cited_document_id",), ("canonical",)],
    NUMBERS_TABLE: [("canonical",), ("document_id",)],
    "agencies": [("registry_id",), ("canonical",)],
    "places": [("registry_id",)],
    "dates": [("value",)],
    "task_agencies": [("agency", "role"), ("task_id",), ("document_id",)],
}


@dataclass(frozen=True)
class Stored:
    current: bool  # extracted by this extractor version under this contract version
    processed_at: str


class StoreError(Exception):
    """A store that cannot be used: not a vngov store, or written by a newer vngov."""


Rows = dict[str, list[dict[str, Any]]]


def fact_kinds() -> dict[str, type[BaseModel]]:
    """Every list of the contract whose items are models: legal_refs, dates, … tasks, warnings."""
    kinds = {}
    for name, field in DocumentResult.model_fields.items():
        if typing.get_origin(field.annotation) is list:
            (item,) = typing.get_args(field.annotation)
            if isinstance(item, type) and issubclass(item, BaseModel):
                kinds[name] = item
    return kinds


def column_name(name: str) -> str:
    return f"item_{name}" if name in _OWN_COLUMNS else name


def _sql_type(annotation: Any) -> type:
    """The Python type sqlite-utils maps to a column type; anything structured is JSON text."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _sql_type(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _sql_type(args[0]) if len(args) == 1 else str
    if origin is typing.Literal:
        return type(typing.get_args(annotation)[0])
    if annotation in (int, float, bool, str):
        return annotation
    return str


def fact_columns(model: type[BaseModel]) -> dict[str, type]:
    """Columns of a fact table, in order: the store's own, then one or more per item field."""
    columns: dict[str, type] = {"id": str, "document_id": str, "ordinal": int}
    for name, field in model.model_fields.items():
        if name == "span":
            columns |= {"start": int, "end": int}
        elif name == "sentence":
            columns |= {"sentence_start": int, "sentence_end": int, "sentence": str}
        else:
            columns[column_name(name)] = _sql_type(field.annotation)
    return columns


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(text: str) -> str:
    """A document's id: the first 16 hex digits of the SHA-256 of its text (content_hash keeps all 64)."""
    return content_hash(text)[:16]


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _json(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def document_rows(result: DocumentResult, record: Record) -> Rows:
    """Every row one document puts in the store, keyed by table; pure, so a worker process can build it."""
    text = record.text or ""
    digest = content_hash(text)
    doc_id = digest[:16]
    rows: Rows = {
        "documents": [{
            "id": doc_id,
            "source": record.source,
            "content_hash": digest,
            "title": record.title or result.metadata.title,
            "published": result.metadata.published,
            "provinces": _json(result.metadata.provinces),
            "metadata": result.metadata.model_dump_json(),
            "structure": result.structure.model_dump_json(),
            "text": text,
            "text_folded": fold(text),
            "encoding": record.encoding,
            "extractor_version": result.extractor_version,
            "schema_version": result.schema_version,
            "processed_at": None,  # stamped when written
        }],
        "task_agencies": [],
        **structure_rows(doc_id, result),
        **{name: [] for name in _REGISTRIES},
    }
    for kind in fact_kinds():
        items = getattr(result, kind)
        rows[kind] = [_fact_row(doc_id, n, item, text) for n, item in enumerate(items)]
        if kind == "legal_refs":
            header = result.metadata.document.model_dump() if result.metadata.document else None
            rows[NUMBERS_TABLE] = number_rows(doc_id, rows[kind], header)
        if kind in _LINKS:
            column, registry = _LINKS[kind]
            entries = _registry_entries(kind, items)
            for row, entry in zip(rows[kind], entries, strict=True):
                row[column] = entry["id"] if entry else None
                if entry:
                    rows[registry].append(entry)
    if "tasks" in rows:
        for row, task in zip(rows["tasks"], result.tasks, strict=True):
            row["text_folded"] = fold(row.get("sentence") or task.text)
            rows["task_agencies"] += [
                {"task_id": row["id"], "document_id": doc_id, "agency": agency, "role": role}
                for role, agencies in (("lead", task.lead), ("coordinating", task.coordinating))
                for agency in agencies
            ]
    return rows


def structure_rows(doc_id: str, result: DocumentResult) -> Rows:
    """One row per outline block (with its section path, "IV.2") and one per table cell, so a query can ask for
    the tasks of section III or the task-table rows a body leads."""
    structure = result.structure
    paths: dict[int, str] = {}
    blocks = []
    for b in structure.blocks:
        parent_path = paths.get(b.parent, "") if b.parent is not None else ""
        numbered = b.label and b.marker not in ("dash", "plus")  # a bullet has no number in the path
        path = f"{parent_path}.{b.label}".strip(".") if numbered else parent_path
        paths[b.index] = path
        blocks.append({"id": f"{doc_id}:{b.index}", "document_id": doc_id, "block": b.index, "kind": b.kind,
                       "marker": b.marker, "label": b.label, "level": b.level, "parent": b.parent, "role": b.role,
                       "path": path, "start": b.span[0], "end": b.span[1], "text": b.text})
    cells = [{"id": f"{doc_id}:{t.index}:{r}:{c.column}", "document_id": doc_id, "table_index": t.index, "row": r,
              "column_index": c.column, "column_role": t.columns[c.column] if c.column < len(t.columns) else None,
              "row_kind": row.kind, "block": t.block, "start": c.span[0], "end": c.span[1], "text": c.text}
             for t in structure.tables for r, row in enumerate(t.rows) for c in row.cells]
    return {"blocks": blocks, "table_cells": cells}


_STRUCTURE_TABLES: dict[str, dict[str, type]] = {
    "blocks": {"id": str, "document_id": str, "block": int, "kind": str, "marker": str, "label": str, "level": int,
               "parent": int, "role": str, "path": str, "start": int, "end": int, "text": str},
    "table_cells": {"id": str, "document_id": str, "table_index": int, "row": int, "column_index": int,
                    "column_role": str, "row_kind": str, "block": int, "start": int, "end": int, "text": str},
}


def _fact_row(doc_id: str, ordinal: int, item: BaseModel, text: str) -> dict[str, Any]:
    row: dict[str, Any] = {"id": f"{doc_id}:{ordinal}", "document_id": doc_id, "ordinal": ordinal}
    for name, value in item.model_dump(mode="json").items():
        if name == "span":
            row["start"], row["end"] = value or (None, None)
        elif name == "sentence":
            start, end = value or (None, None)
            row |= {"sentence_start": start, "sentence_end": end,
                    "sentence": text[start:end] if value else None}
        else:
            row[column_name(name)] = _json(value)
    return row


def _registry_entries(kind: str, items: list[Any]) -> list[dict[str, Any] | None]:
    """The registry entry each fact points to, or None."""
    if kind == "legal_refs":
        cited = [None if ref.form == "short" else _cited_document(ref) for ref in items]
        by_span = {tuple(ref.span): entry for ref, entry in zip(items, cited, strict=True) if entry}
        # A resolved short form ("Quyết định 1982") is the document its full citation names.
        return [
            by_span.get(tuple(ref.resolved_span)) if ref.form == "short" and ref.resolved_span else entry
            for ref, entry in zip(items, cited, strict=True)
        ]
    if kind == "agencies":
        return [{"id": a.id or a.canonical, "canonical": a.canonical, "level": a.level, "province": a.province,
                 "canonical_today": a.canonical_today} for a in items]
    return [{"id": f"{p.type}:{p.name}" + (f" | {p.province}" if p.type != "province" and p.province else ""),
             "name": p.name, "type": p.type, "province": p.province, "province_today": p.province_today}
            for p in items]


def _cited_document(ref: Any) -> dict[str, Any]:
    """The registry entry of a full or named citation, keyed by the document it names (lexicon/citations.py)."""
    issue_year = int(ref.issue_date[:4]) if ref.issue_date else None
    key = cited_document_key(ref.canonical, ref.system, ref.form, issue_year, ref.issuer_code, ref.issuer)
    return {"id": key, "canonical": ref.canonical, "doc_type": ref.doc_type, "system": ref.system,
            "number": ref.number, "year": ref.year, "symbol": ref.symbol, "issuer": ref.issuer,
            "issue_year": issue_year}


@MIGRATIONS()
def m001_documents_registries_errors(db: Database) -> None:
    """Store version 1: the tables that do not mirror a contract list."""
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["documents"].create({
        "id": str, "source": str, "content_hash": str, "title": str, "published": str, "provinces": str,
        "metadata": str, "text": str, "text_folded": str, "encoding": str, "extractor_version": str,
        "schema_version": str, "processed_at": str,
    }, pk="id")
    db["documents"].create_index(["content_hash"], unique=True)
    db["documents"].enable_fts(["text_folded"], create_triggers=True)
    for registry, columns in _REGISTRIES.items():
        db[registry].create(columns, pk="id")
    db["errors"].create({"source": str, "code": str, "message": str, "at": str}, pk="source")


@MIGRATIONS()
def m002_citation_graph(db: Database) -> None:
    """Store version 2: `legal_refs.cited_document_id` is the stored document cited; the registry of cited works it
    named before is `cited_works`, linked by `work_id`."""
    if not db["cited_documents"].exists():
        return  # a new store: m001 made cited_works
    for view in db.view_names():
        db[view].drop()
    db.execute("ALTER TABLE cited_documents RENAME TO cited_works")
    if "cited_document_id" in db["legal_refs"].columns_dict:
        db.execute("DROP INDEX IF EXISTS idx_legal_refs_cited_document_id")  # made again on the new column
        db.execute("ALTER TABLE legal_refs RENAME COLUMN cited_document_id TO work_id")


class Store:
    """One SQLite file of facts. Open it, write documents one transaction each, close it."""

    def __init__(self, path: str | Path, migrations: Migrations = MIGRATIONS) -> None:
        self.path = Path(path)
        try:
            self.db = Database(self.path)
            self._check_version()
            self.db.enable_wal()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a SQLite database ({e})") from None
        migrations.apply(self.db)
        # In WAL mode NORMAL loses no committed transaction when the process dies, only on power loss.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.kinds = fact_kinds()
        self._ensure_schema()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # Layout and versions

    def _check_version(self) -> None:
        tables = set(self.db.table_names())
        if "meta" not in tables:
            if tables - {"sqlite_sequence"}:
                raise StoreError(f"{self.path} holds tables but is not a vngov store (no meta table)")
            return
        row = self.db.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
        found = int(row[0]) if row else 0  # 0: the first migration ran, the stamp did not
        if found > STORE_VERSION:
            raise StoreError(
                f"{self.path} is a vngov store of version {found}, written by a newer vngov "
                f"(this one reads version {STORE_VERSION} and older): upgrade vngov, or choose another --db"
            )

    def _ensure_schema(self) -> None:
        """Tables, columns, indexes, views and search for every contract list; idempotent, so a field added
        to the contract becomes a column of stores written before it."""
        db = self.db
        with db.atomic():
            for kind, model in self.kinds.items():
                columns = fact_columns(model)
                foreign_keys = [("document_id", "documents", "id")]
                if kind in _LINKS:
                    column, registry = _LINKS[kind]
                    columns[column] = str
                    foreign_keys.append((column, registry, "id"))
                if kind == "legal_refs":  # the citation graph (store/graph.py)
                    columns |= {"cited_document_id": str, "link_reason": str}
                    foreign_keys.append(("cited_document_id", "documents", "id"))
                if kind in _FTS:
                    columns[_FTS[kind]] = str
                self._table(kind, columns, pk="id", foreign_keys=foreign_keys)
                db[kind].create_index(["document_id"], if_not_exists=True)
            self._table("task_agencies", {"task_id": str, "document_id": str, "agency": str, "role": str},
                        pk=("task_id", "role", "agency"),
                        foreign_keys=[("task_id", "tasks", "id"), ("document_id", "documents", "id")])
            self._table("documents", {"structure": str})  # a column stores written before 1.2.0 lack
            new_graph = not db[NUMBERS_TABLE].exists()
            self._table(NUMBERS_TABLE, NUMBERS_COLUMNS, pk="id", foreign_keys=[("document_id", "documents", "id")])
            if new_graph and db["documents"].count:  # a store written before version 2: its own numbers, linked
                db[NUMBERS_TABLE].insert_all(stored_number_rows(db.conn), ignore=True)
                relink_all(db.conn)
            for name, columns in _STRUCTURE_TABLES.items():
                self._table(name, columns, pk="id", foreign_keys=[("document_id", "documents", "id")])
                db[name].create_index(["document_id"], if_not_exists=True)
            for table, indexes in _INDEXES.items():
                for columns_ in indexes:
                    db[table].create_index(list(columns_), if_not_exists=True)
            for name, sql in _VIEWS.items():
                db.create_view(name, sql.strip(), replace=True)
            if not db["tasks"].detect_fts():
                db["tasks"].enable_fts([_FTS["tasks"]], create_triggers=True)
            db["meta"].upsert_all([
                {"key": "store_version", "value": str(STORE_VERSION)},
                {"key": "schema_version", "value": SCHEMA_VERSION},
            ], pk="key")

    def _table(self, name: str, columns: dict[str, type], **options: Any) -> None:
        table = self.db[name]
        if not table.exists():
            table.create(columns, **options)
            return
        present = set(table.columns_dict)
        for column, kind in columns.items():
            if column not in present:
                table.add_column(column, kind)

    # Writing

    def stored(self, doc_id: str) -> Stored | None:
        """When and by which extractor a document was stored; None when it is not."""
        row = self.db.execute(
            "SELECT extractor_version, schema_version, processed_at FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        if row is None:
            return None
        return Stored(current=(row[0], row[1]) == (__version__, SCHEMA_VERSION), processed_at=row[2])

    def write(self, rows: Rows) -> int:
        """Store one document's rows in place of what it had, in one transaction; returns the facts written."""
        document = {**rows["documents"][0], "processed_at": now()}
        with self.db.atomic():
            stale, numbered = self._delete(document["id"])
            self.db["documents"].insert(document)
            facts = 0
            for kind in self.kinds:
                facts += len(rows.get(kind, ()))
                self.db[kind].insert_all(rows.get(kind, ()))
            for registry in _REGISTRIES:
                self.db[registry].insert_all(rows[registry], ignore=True)  # the first document to name it wins
            self.db["task_agencies"].insert_all(rows["task_agencies"], ignore=True)
            for name in _STRUCTURE_TABLES:
                self.db[name].insert_all(rows.get(name, ()))
            numbers = rows.get(NUMBERS_TABLE, [])
            self.db[NUMBERS_TABLE].insert_all(numbers, ignore=True)
            cited = {row["canonical"] for row in rows.get("legal_refs", ()) if row.get("canonical")}
            relink(self.db.conn, cited | {n["canonical"] for n in numbers} | numbered)
            self._prune(stale)
            self.db.execute("DELETE FROM errors WHERE source = ?", [document["source"]])
        return facts

    def _delete(self, doc_id: str) -> tuple[dict[str, set[str]], set[str]]:
        """Remove a document and its facts; returns the registry ids its facts pointed to and the numbers it had
        (what cites them is linked again once it is gone or rewritten)."""
        stale: dict[str, set[str]] = {}
        for kind, (column, registry) in _LINKS.items():
            if kind in self.kinds:
                stale[registry] = {
                    row[0] for row in self.db.execute(
                        f"SELECT DISTINCT {column} FROM {kind} WHERE document_id = ? AND {column} IS NOT NULL",
                        [doc_id],
                    )
                }
        numbered = {row[0] for row in self.db.execute(
            f"SELECT canonical FROM {NUMBERS_TABLE} WHERE document_id = ?", [doc_id])}
        self.db.execute(f"DELETE FROM {NUMBERS_TABLE} WHERE document_id = ?", [doc_id])
        self.db.execute("DELETE FROM task_agencies WHERE document_id = ?", [doc_id])
        for name in _STRUCTURE_TABLES:
            self.db.execute(f"DELETE FROM [{name}] WHERE document_id = ?", [doc_id])
        for kind in self.kinds:
            self.db.execute(f"DELETE FROM [{kind}] WHERE document_id = ?", [doc_id])
        self.db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        return stale, numbered

    def _prune(self, stale: dict[str, set[str]]) -> None:
        # A registry entry that no fact points to any more goes, so re-extraction leaves no orphans.
        for kind, (column, registry) in _LINKS.items():
            for key in stale.get(registry, ()):
                if self.db.execute(f"SELECT 1 FROM {kind} WHERE {column} = ? LIMIT 1", [key]).fetchone() is None:
                    self.db.execute(f"DELETE FROM {registry} WHERE id = ?", [key])

    def record_error(self, source: str, code: str, message: str) -> None:
        with self.db.atomic():
            self.db["errors"].upsert({"source": source, "code": code, "message": message, "at": now()}, pk="source")

    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries and tests."""
        names = ["documents", *self.kinds, "task_agencies", *_REGISTRIES, "errors"]
        return {name: self.db[name].count for name in names}


def fts_query(query: str) -> str:
    """The FTS5 query for a user's query: folded like the indexed columns, quoted so that nothing in it is FTS
    syntax; without double quotes the whole query is one phrase. An empty query gives '""', which matches nothing.
    """
    folded = fold(query)
    # quote_fts reads no database state, so it is called without one.
    return Database.quote_fts(None, folded if '"' in folded else f'"{folded}"') or '""'  # type: ignore[arg-type]


def search(db: Database | Store | str | Path, query: str, table: str = "documents", limit: int = 20) -> list[dict]:
    """Documents (or tasks) matching query, best first, insensitive to case and diacritics ("chuyen doi so").

    The query is folded like the indexed column and quoted: without double quotes it is one phrase
    ("chuyen doi so", "922/QĐ-BTTTT"); with them, each quoted part is a phrase and each other word a term,
    all required. Punctuation is never FTS syntax, so no query raises.
    """
    if table not in _FTS:
        raise ValueError(f"search covers {', '.join(_FTS)}, not {table!r}")
    if isinstance(db, Store):
        return search(db.db, query, table, limit)
    if not isinstance(db, Database):
        with Database(db) as opened:
            return search(opened, query, table, limit)
    phrase = fts_query(query)
    if not phrase.strip('" '):
        return []
    fts = f"{table}_fts"
    if table == "documents":
        select = "t.id, t.source, t.title, t.published"
    else:
        select = "t.id, t.document_id, t.action, t.deadline, t.text"
    sql = (
        f"SELECT {select}, snippet({fts}, 0, '[', ']', '…', 12) AS snippet "
        f"FROM {fts} JOIN {table} t ON t.rowid = {fts}.rowid WHERE {fts} MATCH ? ORDER BY rank LIMIT ?"
    )
    cursor = db.execute(sql, [phrase, limit])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
