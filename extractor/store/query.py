"""Questions to a store from the terminal or from Python: `vngov query`, `vngov export`, `query()`.

The kinds (metrics, tasks, references, agencies, documents) and their filters are data,
extractor/lexicon/data/queries.yaml: each filter is a SQL condition on a named parameter, so a user's value is only
ever bound, never formatted into SQL. Stores are opened read-only.

    >>> query("facts.db", "metrics", indicator="DTI", province="ninh thuan", year=2021)  # doctest: +SKIP
    [{'id': '717d03add6f6e170:12', 'indicator': 'DTI', 'subject': 'tỉnh Ninh Thuận', 'year': 2021, ...}]
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from extractor.lexicon.names import expand_abbreviations
from extractor.lexicon.patterns import fold, load
from extractor.lexicon.places import provinces_called
from extractor.store.sql import register_functions
from extractor.store.writer import fts_query


def _fts(value: Any) -> str:
    phrase = fts_query(str(value))
    if not phrase.strip('" '):
        raise ValueError("empty")
    return phrase


def _provinces(value: Any, today: bool = False) -> str:
    ids = provinces_called(str(value), today)
    if not ids:  # a misspelt province would otherwise match nothing, silently
        raise ValueError("no province " + ("is called so today" if today else "was called so before 1/7/2025"))
    return json.dumps(ids)


# How each filter's value is turned into its parameter (queries.yaml names them).
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "text": str,
    "int": int,
    "fold": lambda v: fold(str(v)),
    "agency": lambda v: fold(expand_abbreviations(str(v))),
    "provinces": _provinces,
    "provinces_today": lambda v: _provinces(v, today=True),
    "fts": _fts,  # as `vngov search` reads a query
}


@dataclass(frozen=True)
class Filter:
    name: str
    value: str  # a key of CONVERTERS
    sql: str


@dataclass(frozen=True)
class Kind:
    name: str
    help: str
    sql: str
    order: str
    table: tuple[str, ...]
    json: tuple[str, ...]
    group: str | None
    filters: dict[str, Filter]


@cache
def kinds() -> dict[str, Kind]:
    """The kinds of query, read from extractor/lexicon/data/queries.yaml."""
    out = {}
    for name, spec in load("queries")["kinds"].items():
        filters = {key: Filter(key, f["value"], f["sql"]) for key, f in spec["filters"].items()}
        for f in filters.values():
            if f.value not in CONVERTERS:
                raise ValueError(f"queries.yaml: {name}.{f.name}: unknown value kind {f.value!r}")
        out[name] = Kind(name, spec["help"], spec["sql"].strip(), spec["order"], tuple(spec["table"]),
                         tuple(spec.get("json") or ()), spec.get("group"), filters)
    return out


def filter_names() -> list[str]:
    """Every filter some kind accepts, in first-seen order (the CLI's options)."""
    return list(dict.fromkeys(name for kind in kinds().values() for name in kind.filters))


def connect(db: str | Path) -> sqlite3.Connection:
    """A read-only connection to a store, with the SQL functions the queries use.

    mode=ro makes SQLite itself refuse any write; the functions are pure, so marked deterministic.
    """
    path = Path(db)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such store")
    return register_functions(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))


def build(kind: str, filters: dict[str, Any], limit: int | None = None) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of a query; filters whose value is None are left out."""
    if kind not in kinds():
        raise ValueError(f"unknown kind {kind!r}: choose one of {', '.join(kinds())}")
    spec = kinds()[kind]
    conditions, params = [], {}
    for name, value in filters.items():
        if value is None:
            continue
        if name not in spec.filters:
            raise ValueError(f"{kind} cannot be filtered by {name}: use {', '.join(spec.filters)}")
        f = spec.filters[name]
        try:
            params[f"f_{name}"] = CONVERTERS[f.value](value)
        except ValueError as e:
            raise ValueError(f"{name} {value!r}: {e}") from None
        # Each filter's parameter gets its own name, so two filters never share one.
        conditions.append(re.sub(r":value\b", f":f_{name}", f.sql))
    sql = spec.sql
    if conditions:
        sql += "\nWHERE " + "\n  AND ".join(conditions)
    if spec.group:
        sql += f"\nGROUP BY {spec.group}"
    sql += f"\nORDER BY {spec.order}"
    if limit is not None:
        sql += "\nLIMIT :limit"
        params["limit"] = int(limit)
    return sql, params


def iter_query(db: str | Path | sqlite3.Connection, kind: str, limit: int | None = None,
               **filters: Any) -> Iterator[dict[str, Any]]:
    """The rows of a query one by one, as dicts (JSON columns decoded)."""
    sql, params = build(kind, filters, limit)
    decode = kinds()[kind].json
    conn = register_functions(db) if isinstance(db, sqlite3.Connection) else connect(db)
    try:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            for column in decode:
                if isinstance(row.get(column), str):
                    row[column] = json.loads(row[column])
            yield row
    finally:
        if conn is not db:
            conn.close()


def query(db: str | Path | sqlite3.Connection, kind: str, limit: int | None = None, **filters: Any) -> list[dict]:
    """Rows of one kind (metrics, tasks, references, agencies, documents) matching every filter given.

    Filters (queries.yaml says which kind takes which): indicator, unit, year, province, province_today,
    agency, lead, cited, type, status, level, document, text. Names match without case or diacritics.
    """
    return list(iter_query(db, kind, limit, **filters))


# Reading with caller-given SQL: only reads of tables and views, pure functions and CTEs get through,
# on top of the read-only connection (ATTACH, PRAGMA and writes are denied before they run).
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}


def _authorize(action: int, *_: object) -> int:
    return sqlite3.SQLITE_OK if action in _ALLOWED else sqlite3.SQLITE_DENY


def iter_sql(db: str | Path, sql: str, params: dict[str, Any] | list[Any] | None = None) -> Iterator[dict]:
    """The rows of one read-only SQL statement; anything that is not a read raises sqlite3.DatabaseError."""
    conn = connect(db)
    conn.set_authorizer(_authorize)
    try:
        try:
            cursor = conn.execute(sql, params or [])
        except sqlite3.DatabaseError as e:
            raise sqlite3.DatabaseError(f"{e} (one SELECT statement is run, read-only)") from None
        if cursor.description is None:
            raise sqlite3.DatabaseError("not a query: only SELECT statements are read")
        names = [d[0] for d in cursor.description]
        for values in cursor:
            yield dict(zip(names, values, strict=True))
    finally:
        conn.close()


def iter_table(db: str | Path, table: str) -> Iterator[dict]:
    """Every row of one table or view, in rowid order where there is one."""
    if table not in store_tables(db, views=True):
        raise ValueError(f"{db}: no table or view {table!r}")
    # The name is checked against the store's own list above, then quoted: it is never a user's SQL.
    yield from iter_sql(db, f'SELECT * FROM "{table}"')


def columns_of(db: str | Path, table: str) -> list[str]:
    """The columns of one table or view of the store, for the header of an empty CSV."""
    if table not in store_tables(db, views=True):
        raise ValueError(f"{db}: no table or view {table!r}")
    conn = connect(db)
    try:
        return [d[0] for d in conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
    finally:
        conn.close()


def store_tables(db: str | Path, views: bool = False) -> list[str]:
    """The store's tables that hold data, in creation order: search-index internals left out."""
    conn = connect(db)
    try:
        types = ("table", "view") if views else ("table",)
        names = [row[0] for row in conn.execute(
            f"SELECT name FROM sqlite_master WHERE type IN ({', '.join('?' * len(types))}) ORDER BY rowid", types)]
        fts = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING FTS%'")}
    finally:
        conn.close()
    return [n for n in names
            if n not in fts and not any(n.startswith(f"{f}_") for f in fts) and not n.startswith("sqlite_")]
