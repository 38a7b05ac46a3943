"""Find mentions of legal and administrative documents (spec §1).

Three shapes are found, each by a small function over the document's normalized view:
full citations with a number and symbol ("Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 của …"),
short forms with a number only ("Quyết định 1982", "Đề án 06"), and named documents without a
number ("Luật Công nghệ thông tin", Đề án “…”). Linking short forms to full citations and binding
issuers from context is extractor/link/references.py's job.
"""

from __future__ import annotations

from extractor.components.items import RefMention
from extractor.components.legal_refs.full import find_full, find_short
from extractor.components.legal_refs.named import find_constitution, find_named, find_titled
from extractor.text.document import Document
from extractor.text.spans import SpanSet


def find_legal_refs(doc: Document, exclude: list[tuple[int, int]] | None = None) -> list[RefMention]:
    """Every document mention in text order (short forms and named ones not yet resolved)."""
    exclude = exclude or []
    full = find_full(doc, exclude)
    taken = SpanSet([(r.nstart, r.nend) for r in full] + exclude)
    short = find_short(doc, taken)
    for r in short:
        taken.add(r.nstart, r.nend)
    named = find_titled(doc, full, taken) + find_constitution(doc, taken) + find_named(doc, taken)
    return sorted(full + short + named, key=lambda r: r.nstart)
