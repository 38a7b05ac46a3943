"""The one mapping from the components' items onto the published models of schemas/ (the output contract).

Each model's fields are named here with the item field that fills them; a test checks that every contract field
is either grounding (span, text, sentence: from the item's offsets) or mapped, and that every mapped item field
exists, so renaming a field on either side fails the tests instead of silently emptying the output.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from extractor.components.items import (
    AgencyItem,
    DateItem,
    MetricItem,
    PersonItem,
    PlaceItem,
    RefMention,
    TaskItem,
)
from extractor.structure import Structure
from extractor.text.document import Document
from schemas import Agency, DateMention, ExtractionWarning, LegalRef, Metric, Person, Place, TableCell, TableRow, Task
from schemas import Block as BlockModel
from schemas import Structure as StructureModel
from schemas import Table as TableModel

GROUNDING = ("span", "text", "sentence")
# Contract fields the item does not carry; the model's default applies ("source": "rule").
DEFAULTED: dict[type[BaseModel], tuple[str, ...]] = {
    LegalRef: ("source",), DateMention: ("source",), Metric: ("source",), Task: ("source",),
}

# model → (item type, {contract field: item field})
FIELDS: dict[type[BaseModel], tuple[type, dict[str, str]]] = {
    LegalRef: (RefMention, {
        "canonical": "canonical", "doc_type": "doc_type", "form": "form", "system": "system", "number": "number",
        "year": "year", "symbol": "symbol", "type_abbr": "type_abbr", "issuer_code": "issuer_code",
        "issuer": "issuer", "issuer_basis": "issuer_basis", "issue_date": "issue_date", "title": "title",
        "resolution": "resolution", "reason": "reason", "repaired": "repaired", "self": "is_self",
        "resolved_span": "resolved_to",  # the antecedent's offsets, in the original text
        "pinpoint": "pinpoints", "pinpoints": "pinpoints", "pinpoint_span": "pinpoint_at", "relation": "relation",
        "links": "links",
    }),
    DateMention: (DateItem, {
        "value": "value", "granularity": "granularity", "is_range": "is_range", "role": "role",
        "year_inferred": "year_inferred",
    }),
    Metric: (MetricItem, {
        "value": "value", "unit": "unit", "indicator": "indicator", "subject": "subject", "year": "year",
        "total": "total", "direction": "direction", "compared_to": "compared_to", "noun": "noun",
    }),
    Agency: (AgencyItem, {
        "canonical": "canonical", "id": "id", "level": "level", "province": "province",
        "canonical_today": "canonical_today", "source": "source",
    }),
    Person: (PersonItem, {"name": "name", "position": "position", "role": "role", "source": "source"}),
    Place: (PlaceItem, {
        "name": "name", "type": "type", "level": "level", "province": "province",
        "province_today": "province_today", "source": "source",
    }),
    Task: (TaskItem, {
        "lead": "lead", "coordinating": "coordinating", "assigner": "assigner", "assignee_text": "assignee_text",
        "deadline": "deadline", "deadline_text": "deadline_text", "status": "status", "action": "action",
        "block": "block", "table_row": "table_row",
    }),
}


def grounding(doc: Document, nstart: int, nend: int) -> dict[str, Any]:
    """Span and text in the original, and the span of the sentence(s) holding it, for checking at the source."""
    start, end = doc.span(nstart, nend)
    first, last = doc.sentence_at(nstart), doc.sentence_at(max(nstart, nend - 1))
    sentence = (min(first.start, start), max(last.end, end)) if first and last else None
    return {"span": (start, end), "text": doc.text[start:end], "sentence": sentence}


def _value(doc: Document, model: type[BaseModel], name: str, value: Any) -> Any:
    if model is LegalRef and name == "resolved_span":
        return doc.span(value.nstart, value.nend) if value is not None else None
    if model is LegalRef and name == "canonical":
        return value or ""
    if model is LegalRef and name == "pinpoint":
        return value[0] if value else None
    if model is LegalRef and name == "pinpoint_span":
        return doc.span(*value) if value else None
    if model is LegalRef and name == "links":
        return [{"relation": relation, "canonical": other.canonical or "", "span": doc.span(other.nstart, other.nend)}
                for relation, other in value]
    return value


def to_contract(doc: Document, model: type[BaseModel], item: Any) -> BaseModel:
    """The contract's model of one item: its grounding, then every mapped field."""
    _, fields = FIELDS[model]
    values = {name: _value(doc, model, name, getattr(item, attr)) for name, attr in fields.items()}
    return model(**grounding(doc, item.nstart, item.nend), **values)


def ambiguity_warning(doc: Document, ref: RefMention) -> ExtractionWarning:
    return ExtractionWarning(
        code="ambiguous_reference",
        message=f"“{doc.original(ref.nstart, ref.nend)}” fits several citations ({ref.reason}); it is not listed",
        span=doc.span(ref.nstart, ref.nend),
    )


def structure_contract(doc: Document, found: Structure) -> StructureModel:
    """The outline and tables in the original text's offsets."""

    def grounded(nstart: int, nend: int) -> dict[str, Any]:
        start, end = doc.span(nstart, nend)
        return {"span": (start, end), "text": doc.text[start:end]}

    def span(pair: tuple[int, int] | None) -> tuple[int, int] | None:
        return doc.span(*pair) if pair else None

    return StructureModel(
        formal=found.formal,
        header=span((found.header.nstart, found.header.nend)) if found.header else None,
        closing=span(found.closing),
        signature=span((found.signature.nstart, found.signature.nend)) if found.signature else None,
        blocks=[BlockModel(index=b.index, kind=b.kind, marker=b.marker, label=b.label, level=b.level, parent=b.parent,
                           role=b.role, **grounded(b.nstart, b.nend)) for b in found.blocks],
        tables=[TableModel(index=t.index, columns=t.columns, block=t.block, span=doc.span(t.nstart, t.nend), rows=[
            TableRow(kind=r.kind, span=doc.span(r.nstart, r.nend),
                     cells=[TableCell(column=i, **grounded(c.nstart, c.nend)) for i, c in enumerate(r.cells)])
            for r in t.rows]) for t in found.tables],
    )
