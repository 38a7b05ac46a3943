"""Tasks (spec §6): the work a text assigns, with who leads it and by when.

A formal document (a header or a signature block: structure.formal) is read through its structure
(formal.py); any other text, news above all, as prose (prose.py), and so is a news summary that a page puts
above a formal document's header.
"""

from __future__ import annotations

from extractor.components.items import AgencyItem, DateItem, TaskItem
from extractor.components.tasks.formal import find_formal_tasks
from extractor.components.tasks.prose import find_tasks as find_prose_tasks
from extractor.structure import Structure
from extractor.text.document import Document

__all__ = ["find_tasks"]


def find_tasks(doc: Document, structure: Structure, agencies: list[AgencyItem], dates: list[DateItem],
               doc_type: str | None = None) -> list[TaskItem]:
    if structure.formal:
        summary = find_prose_tasks(doc, agencies, dates, end=structure.header.nstart) \
            if structure.header and structure.header.nstart > 0 else []
        return summary + find_formal_tasks(doc, structure, agencies, dates, doc_type)
    return find_prose_tasks(doc, agencies, dates)
