"""The structure layer: a formal document's header, outline, tables, recipients and signature (model.py).

`read_structure(doc)` never raises on odd input: a text with no header (a news article) gets a Structure with
`formal=False` and an outline of its paragraphs and lists, which components read as prose.
"""

from __future__ import annotations

from extractor.structure.closing import find_closing, find_signature
from extractor.structure.header import read_header_block
from extractor.structure.model import Block, Cell, HeaderBlock, Row, Signature, Structure, Table
from extractor.structure.outline import read_outline
from extractor.structure.tables import cell_for, column_role, find_tables
from extractor.text.document import Document

__all__ = ["Block", "Cell", "HeaderBlock", "Row", "Signature", "Structure", "Table", "cell_for", "column_role",
           "read_structure"]


def read_structure(doc: Document) -> Structure:
    header = read_header_block(doc)
    body_start = header.nend if header else 0
    closing = find_closing(doc, body_start)
    signature = find_signature(doc, body_start, closing)
    formal = header is not None or (closing is not None and signature is not None)
    lines = [ln for ln in doc.lines if ln.nstart >= body_start]
    skip = [s for s in ((header.nstart, header.nend) if header else None, closing,
                        (signature.nstart, signature.nend) if signature else None) if s]
    tables = find_tables(doc, lines, skip) if formal else []
    table_spans = [((t.header or (t.nstart, t.nend))[0], t.nend) for t in tables]  # a table with its header lines
    ends = tuple(s for s in (closing, (signature.nstart, signature.nend) if signature else None) if s)
    blocks = read_outline(doc, lines, skip + table_spans, ends)
    if signature is not None:
        for block in blocks:
            if block.nstart >= signature.nend and block.role is None:
                block.role = "appendix"  # after the signature: a list of documents, an annex
    for table in tables:
        before = [b for b in blocks if b.nstart < table.nstart]
        headings = [b for b in before if b.kind == "heading"]
        holder = headings[-1] if headings else (before[-1] if before else None)
        table.block = holder.index if holder else None
    return Structure(formal, header, blocks, tables, closing, signature)
