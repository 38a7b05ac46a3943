"""vngov: structured, checkable facts from Vietnamese government text.

    >>> from extractor import extract
    >>> doc = extract("Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 của Bộ Thông tin và Truyền thông")
    >>> doc.legal_refs[0].canonical, doc.legal_refs[0].issue_date
    ('922/QĐ-BTTTT', '2012-05-20')

The calls that mirror the `vngov` command (extract_to_store, extract_to_jsonl, evaluate, query) are in
extractor/api.py; docs/architecture.md describes the layers.
"""

from __future__ import annotations

from extractor._version import __version__
from extractor.api import evaluate, extract, extract_document, extract_to_jsonl, extract_to_store, query

__all__ = ["__version__", "evaluate", "extract", "extract_document", "extract_to_jsonl", "extract_to_store", "query"]
