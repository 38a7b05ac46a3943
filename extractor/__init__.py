"""vngov: structured, checkable facts from Vietnamese government text.

    >>> from extractor import extract
    >>> doc = extract("Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 của Bộ Thông tin và Truyền thông")
    >>> doc.legal_refs[0].canonical, doc.legal_refs[0].issue_date
    ('922/QĐ-BTTTT', '2012-05-20')
"""

from __future__ import annotations

__version__ = "0.1.0"

from extractor.pipeline import extract, extract_document

__all__ = ["__version__", "extract", "extract_document"]
