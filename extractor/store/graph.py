"""The citation graph of a store: which stored document a citation names.

Every stored document registers its own numbers (its `self` references) in `document_numbers`. A citation whose
canonical is one of them links to that document (`legal_refs.cited_document_id`) when its type, its issue date
and, for a code every province shares ("QĐ-UBND", "UBND-ĐT"), its issuer or exact date agree; when the number is
stored but the link cannot be made, `legal_refs.link_reason` says why. A link depends only on which documents the
store holds, never on the order they were written in: writing or deleting a document recomputes every citation
of the numbers it touches.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from extractor.lexicon.names import expand_abbreviations
from extractor.lexicon.patterns import fold, tables
from extractor.lexicon.places import provinces_named

NUMBERS_TABLE = "document_numbers"
NUMBERS_COLUMNS: dict[str, type] = {
    "id": str, "document_id": str, "canonical": str, "doc_type": str, "issue_date": str, "issuer": str,
    "issuer_code": str,
}


def number_rows(doc_id: str, refs: list[dict[str, Any]], header: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The numbers a document is known by: its own references (`self`, as legal_refs rows), one row per canonical;
    the issuer its header names ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", metadata.document) where the code alone does not
    say."""
    header = header or {}
    rows: dict[str, dict[str, Any]] = {}
    for ref in refs:
        if ref["self"] and ref["form"] == "full" and ref["canonical"] not in rows:
            issuer = (header.get("issuer") if header.get("canonical") == ref["canonical"] else None) or ref["issuer"]
            rows[ref["canonical"]] = {"id": f"{doc_id}:{ref['canonical']}", "document_id": doc_id,
                                      "canonical": ref["canonical"], "doc_type": ref["doc_type"],
                                      "issue_date": ref["issue_date"], "issuer": issuer,
                                      "issuer_code": ref["issuer_code"]}
    return list(rows.values())


def stored_number_rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The rows of `document_numbers` for every document already stored (a store written before version 2)."""
    headers = {row[0]: (json.loads(row[1]) if row[1] else {}).get("document")
               for row in conn.execute("SELECT id, metadata FROM documents")}
    refs = _rows(conn, "SELECT * FROM legal_refs WHERE [self] ORDER BY document_id, ordinal", [])
    by_document: dict[str, list[dict[str, Any]]] = {}
    for ref in refs:
        by_document.setdefault(ref["document_id"], []).append(ref)
    return [row for doc_id, own in by_document.items() for row in number_rows(doc_id, own, headers.get(doc_id))]


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def relink(conn: sqlite3.Connection, canonicals: Iterable[str]) -> None:
    """Recompute the link of every citation of these numbers."""
    for canonical in sorted(set(canonicals)):
        stored = _rows(conn, f"""
            SELECT n.document_id, n.doc_type, n.issue_date, n.issuer, d.provinces
            FROM {NUMBERS_TABLE} n JOIN documents d ON d.id = n.document_id WHERE n.canonical = ?""", [canonical])
        citations = _rows(conn, """
            SELECT l.id, l.document_id, l.canonical, l.doc_type, l.issue_date, l.issuer, l.issuer_basis, l.issuer_code,
                   d.provinces
            FROM legal_refs l JOIN documents d ON d.id = l.document_id
            WHERE l.canonical = ? AND NOT l.[self] AND (l.form = 'full' OR l.resolution = 'resolved')""", [canonical])
        conn.executemany("UPDATE legal_refs SET cited_document_id = ?, link_reason = ? WHERE id = ?",
                         [(*choose(citation, stored), citation["id"]) for citation in citations])


def relink_all(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE legal_refs SET cited_document_id = NULL, link_reason = NULL")
    relink(conn, [row[0] for row in conn.execute(f"SELECT DISTINCT canonical FROM {NUMBERS_TABLE}")])


def choose(citation: dict[str, Any], stored: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The stored document a citation names, or None with the reason (None too when the number is not stored)."""
    candidates = [s for s in stored if s["document_id"] != citation["document_id"]]
    if not candidates:
        return None, None
    number = citation["canonical"]
    fits = [s for s in candidates if _types_agree(citation, s)]
    if not fits:
        return None, f"the stored document numbered {number} is of another type ({candidates[0]['doc_type']})"
    dated = [s for s in fits if _dates_agree(citation, s)]
    if not dated:
        return None, (f"the stored document numbered {number} was issued on {fits[0]['issue_date']}, not on the "
                      f"{citation['issue_date']} cited")
    fits = dated
    if _local_code(citation):
        if not _issuer_given(citation) and not _full_date(citation["issue_date"]):
            return None, (f"{number}: its code is used by every province, and the citation names neither its "
                          "issuer nor its issue date")
        fits = [s for s in fits if _same_day(citation, s) or _issuers_agree(citation, s)]
        if not fits:
            return None, f"{number}: no stored document of that number has the issuer or the date the citation gives"
    if len(fits) > 1:
        here = _province_ids(citation["provinces"])
        nearby = [s for s in fits if here & _province_ids(s["provinces"])]
        fits = nearby if len(nearby) == 1 else fits
    if len(fits) > 1:
        return None, f"{len(fits)} stored documents are numbered {number}"
    return fits[0]["document_id"], None


_LETTERS = {"cong van", "van ban"}  # an official letter is cited as either


def _types_agree(citation: dict[str, Any], stored: dict[str, Any]) -> bool:
    a, b = citation["doc_type"], stored["doc_type"]
    return not a or not b or fold(a) == fold(b) or {fold(a), fold(b)} <= _LETTERS


def _dates_agree(citation: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Issue dates, at the coarser of the two granularities given ("2025" and "2025-11-25" agree)."""
    a, b = citation["issue_date"], stored["issue_date"]
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _full_date(value: str | None) -> bool:
    return bool(value) and len(value) == 10  # type: ignore[arg-type]


def _same_day(citation: dict[str, Any], stored: dict[str, Any]) -> bool:
    return _full_date(citation["issue_date"]) and citation["issue_date"] == stored["issue_date"]


def _local_code(citation: dict[str, Any]) -> bool:
    """A code that does not name one issuer: every province's UBND, any Sở, or one not in issuers.yaml."""
    code = citation["issuer_code"]
    issuer = tables().issuer(code) if code else None
    return issuer is None or issuer.local


def _issuer_given(citation: dict[str, Any]) -> bool:
    """The text names the issuer ("của UBND tỉnh Đồng Nai") or the document's province implies it; the code alone
    ("UBND") says only what kind of body."""
    return bool(citation["issuer"]) and citation["issuer_basis"] in ("context", "document_place")


def _issuers_agree(citation: dict[str, Any], stored: dict[str, Any]) -> bool:
    """"Ủy ban nhân dân Thành phố" fits "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"; a name without its province fits only a
    document of a province the citing document is about (or of any, when it is about none)."""
    cited, own = citation["issuer"], stored["issuer"]
    if not _issuer_given(citation) or not own:
        return False
    a, b = fold(expand_abbreviations(cited)), fold(expand_abbreviations(own))
    if not (a in b or b in a):
        return False
    if provinces_named(cited):
        return True
    here = _province_ids(citation["provinces"])
    return not here or bool(here & _province_ids(stored["provinces"]))


def _province_ids(provinces: str | None) -> set[str]:
    names = json.loads(provinces) if provinces else []
    return {pid for name in names for pid in provinces_named(name)}


@dataclass(frozen=True)
class CitationLink:
    """One edge of the graph seen from a document: the other document, the number cited, and the relation."""

    document_id: str
    title: str | None
    canonical: str
    relation: str | None
    legal_ref_id: str


@dataclass(frozen=True)
class Citations:
    cites: list[CitationLink]  # stored documents this one cites
    cited_by: list[CitationLink]  # stored documents citing this one


def citations_of(conn: sqlite3.Connection, doc_id: str) -> Citations:
    """The stored documents a document cites and those citing it, each with the citation's relation."""
    if not conn.execute("SELECT 1 FROM pragma_table_info('legal_refs') WHERE name = 'cited_document_id'").fetchone():
        return Citations([], [])  # a store of version 1, opened read-only before it was migrated

    def edges(sql: str) -> list[CitationLink]:
        return [CitationLink(**row) for row in _rows(conn, sql, [doc_id])]

    return Citations(
        cites=edges("""SELECT l.cited_document_id AS document_id, coalesce(d.title, d.source) AS title, l.canonical,
                              l.relation, l.id AS legal_ref_id
                       FROM legal_refs l JOIN documents d ON d.id = l.cited_document_id
                       WHERE l.document_id = ? ORDER BY l.ordinal"""),
        cited_by=edges("""SELECT l.document_id, coalesce(d.title, d.source) AS title, l.canonical, l.relation,
                                 l.id AS legal_ref_id
                          FROM legal_refs l JOIN documents d ON d.id = l.document_id
                          WHERE l.cited_document_id = ? ORDER BY d.source, l.ordinal"""),
    )
