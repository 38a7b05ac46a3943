"""vngov's Datasette plugin (registered as the `vngov` entry point of the `datasette` group).

Routes: POST /-/vngov/extract (text in, the contract JSON out), GET /-/vngov/schema (the JSON Schema),
GET /-/vngov/document/{id} (the document view of extractor/web/view.py, one fact highlighted with ?kind=&ordinal=
or ?start=&end=). Every fact row's mention links to that view; SQL functions vngov_fold, vngov_index and
vngov_fts serve the canned queries; on a vngov store Datasette's search box folds diacritics like the index.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import escape_fts
from datasette.utils.asgi import Request, Response
from markupsafe import Markup, escape

from extractor.lexicon.patterns import fold
from extractor.pipeline import extract
from extractor.store.graph import citations_of
from extractor.store.readback import find_document_id, read_document
from extractor.store.sql import register_functions
from extractor.store.writer import fact_kinds
from extractor.web.endpoint import DEFAULT_MAX_BYTES, ApiError, parse, too_large
from extractor.web.view import CSP, Focus, render
from schemas import render_json_schema

# One extraction at a time, off the event loop: extraction is CPU-bound, and pages and the JSON API stay
# responsive while it runs; concurrent requests queue instead of competing for two cores.
_EXTRACTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vngov-extract")
_FACT_ID_COLUMNS = {"metric_id": "metrics", "task_id": "tasks", "legal_ref_id": "legal_refs"}
_VIEW_FACTS = {"metric_facts": "metric_id", "task_assignments": "task_id", "citing_documents": "legal_ref_id"}
_JSON = "application/json; charset=utf-8"


def max_bytes(datasette: Any) -> int:
    return int((datasette.plugin_config("vngov") or {}).get("max_bytes", DEFAULT_MAX_BYTES))


def _error(error: ApiError, headers: dict[str, str] | None = None) -> Response:
    return Response.json(error.body(), status=error.status, headers=headers)


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes the limit rather than after holding it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(f"{int(declared):,}", limit)
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await request.receive()
        if message["type"] != "http.request":
            break  # the client went away
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_large(f"over {limit:,}", limit)
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


async def extract_view(datasette: Any, request: Request) -> Response:
    if request.method != "POST":
        return _error(ApiError(405, "method_not_allowed", "POST the text to extract"), {"Allow": "POST"})
    limit = max_bytes(datasette)
    try:
        body = await _read_body(request, limit)
        req = parse(body, request.headers.get("content-type"), limit,
                    request.args.get("source"), request.args.get("published"))
    except ApiError as e:
        return _error(e)
    loop = asyncio.get_running_loop()
    try:
        result = await loop.run_in_executor(_EXTRACTOR, partial(extract, req.text, req.source, req.published))
    except Exception as e:  # the extractor's bug, reported as the batch reports it
        return _error(ApiError(500, "internal", f"{type(e).__name__}: {e}"))
    return Response(result.model_dump_json(), content_type=_JSON)


async def schema_view(request: Request) -> Response:
    return Response(render_json_schema(), content_type=_JSON)


def _int(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ApiError(400, "invalid_parameter", f"{name} must be an integer") from None


async def document_view(datasette: Any, request: Request) -> Response:
    key = request.url_vars["document_id"]
    try:
        focus = Focus(request.args.get("kind"), _int(request.args.get("ordinal"), "ordinal"),
                      _int(request.args.get("start"), "start"), _int(request.args.get("end"), "end"))
    except ApiError as e:
        return Response.text(e.message, status=400)
    for name, db in datasette.databases.items():
        if name == "_internal":
            continue
        try:
            stored = await db.execute_fn(partial(_lookup, key))
        except sqlite3.OperationalError:
            continue  # not a vngov store
        if stored is None:
            continue
        links = [("Văn bản trong kho · in the store", datasette.urls.row(name, "documents", stored.id)),
                 ("Kho · database", datasette.urls.database(name))]
        citations = await db.execute_fn(partial(citations_of, doc_id=stored.id))
        page = render(stored.text, stored.result, document_id=stored.id, focus=focus, links=links,
                      citations=citations, document_url=datasette.urls.path("/-/vngov/document/"))
        return Response.html(page, headers={"Content-Security-Policy": CSP})
    return Response.text(f"no document {key!r} in the served store", status=404)


def _lookup(key: str, conn: sqlite3.Connection) -> Any:
    doc_id = find_document_id(conn, key)
    return read_document(conn, doc_id) if doc_id else None


@hookimpl
def register_routes() -> list[tuple[str, Callable]]:
    return [
        (r"^/-/vngov/extract$", extract_view),
        (r"^/-/vngov/schema$", schema_view),
        (r"^/-/vngov/document/(?P<document_id>[^/]+)$", document_view),
    ]


@hookimpl
def skip_csrf(scope: dict) -> bool | None:
    # An API for apps: no cookies, no forms; the CSRF token would only stand in a client's way.
    return True if scope.get("path", "").endswith("/-/vngov/extract") else None


@hookimpl
def startup(datasette: Any) -> None:
    # Load the tables and the entity model before the first request needs them, without holding up start-up.
    asyncio.get_running_loop().run_in_executor(_EXTRACTOR, partial(extract, "Quyết định số 1/QĐ-UBND ngày 1/1/2020"))


@hookimpl(trylast=True)  # after Datasette's own functions, so that escape_fts below replaces its own
def prepare_connection(conn: sqlite3.Connection) -> None:
    register_functions(conn)
    is_store = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents_fts'").fetchone()
    if is_store:
        # A vngov store indexes folded text (docs/store.md): the search box's query is folded the same way,
        # so "chuyen doi so" and "chuyển đổi số" find the same documents.
        conn.create_function("escape_fts", 1, lambda q: escape_fts(fold(q or "")))


def _get(row: Any, name: str) -> Any:
    try:
        return row[name]
    except (IndexError, KeyError):
        return None


def fact_url(datasette: Any, kind: str, fact_id: str) -> str | None:
    """The document view of one fact (`<document_id>:<ordinal>`), its sentence and span highlighted."""
    doc_id, _, ordinal = fact_id.rpartition(":")
    if not doc_id or not ordinal.isdigit():
        return None
    query = urlencode({"kind": kind, "ordinal": ordinal})
    return datasette.urls.path(f"/-/vngov/document/{doc_id}?{query}#t-{kind}-{ordinal}")


def _link(url: str | None, label: Any) -> Markup | None:
    return Markup(f'<a href="{escape(url)}">{escape(label)}</a>') if url else None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if not isinstance(value, str) or value == "":
        return None  # numbers, NULLs and expanded foreign keys keep Datasette's rendering
    if column in _FACT_ID_COLUMNS:
        return _link(fact_url(datasette, _FACT_ID_COLUMNS[column], value), value)
    if column == "text" and table in fact_kinds() and table != "warnings":
        fact_id = _get(row, "id")
        return _link(fact_url(datasette, table, fact_id), value) if fact_id else None
    if column == "text" and table in _VIEW_FACTS:
        fact_id = _get(row, _VIEW_FACTS[table])
        kind = _FACT_ID_COLUMNS[_VIEW_FACTS[table]]
        return _link(fact_url(datasette, kind, fact_id), value) if fact_id else None
    if column in ("title", "source") and table == "documents":  # a document may have no title, never no source
        return _link(datasette.urls.path(f"/-/vngov/document/{_get(row, 'id')}"), value)
    if column == "document_id":
        return _link(datasette.urls.path(f"/-/vngov/document/{value}"), value)
    if column == "work_id" or (column == "id" and table in ("most_cited_documents", "cited_works")):
        url = datasette.urls.table(database, "citing_documents") + "?" + urlencode({"work_id": value})
        return _link(url, value)
    if column in ("cited_document_id", "citing_document_id"):  # a stored document: its page
        return _link(datasette.urls.path(f"/-/vngov/document/{value}"), value)
    return None
