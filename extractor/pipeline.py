"""text → Document → extractors → resolvers → DocumentResult (the contract in schemas/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from schemas import (
    Agency,
    DateMention,
    DocumentResult,
    ExtractionWarning,
    LegalRef,
    Metadata,
    Metric,
    Person,
    Place,
    SelfReference,
    Task,
)

from . import __version__
from .agencies import AgencyItem, find_agencies
from .dates import assign_roles, fill_years, find_dates, reference_date
from .document import Document
from .entity_model import add_model_entities
from .legal_refs import RefMention, find_legal_refs
from .metadata import HeaderInfo, read_header
from .metrics import check, find_metrics
from .persons import PersonItem, find_persons
from .places import (
    PlaceItem,
    Province,
    document_provinces,
    find_places,
    find_province_mentions,
    main_province,
    province_evidence,
    registry,
)
from .resolve import (
    bind_issuers,
    bind_preceding_issue_dates,
    propagate,
    resolve_short_forms,
    set_aside_short_forms,
)
from .spans import SpanSet
from .tasks import find_tasks


def extract(text: str, source: str | None = None, published: str | None = None, *,
            use_model: bool = True) -> DocumentResult:
    """Extract every fact from one document's text.

    `published` (ISO date) is the document's date when the caller knows it (a feed's date field);
    a date the text itself gives wins. `use_model=False` leaves out the trained entity model's additions.
    """
    return extract_document(Document(text, source), published, use_model=use_model)


@dataclass
class Analysis:
    """Every extractor's findings on one document, in the normalized view's offsets."""

    header: HeaderInfo
    provinces: list[Province]
    refs: list[RefMention]
    ambiguous: list[RefMention]
    dates: list
    metrics: list
    agencies: list[AgencyItem]
    persons: list[PersonItem]
    places: list[PlaceItem]
    tasks: list


def analyse(doc: Document, published: str | None = None, use_model: bool = True) -> Analysis:
    header = read_header(doc)
    if header.published is None and published:
        header.published = published
    mentions = find_province_mentions(doc)
    counts, typed = province_evidence(doc, mentions)
    provinces = [registry()[pid] for pid in document_provinces(counts, typed)]

    exclude = [header.self_core] if header.self_core else []
    refs = find_legal_refs(doc, exclude)
    resolve_short_forms(refs)
    refs, ambiguous = set_aside_short_forms(refs)

    # Years inside document numbers are not dates; the issue date after a number is.
    cores = [r.core_span for r in refs if r.core_span] + exclude
    dates = find_dates(doc, cores)
    _mark_issue_dates(refs, dates)
    _mark_role(header.published_line, dates, "published")
    _mark_role(header.dateline, dates, "issued")
    assign_roles(doc, dates)
    dates = fill_years(dates, reference_date(dates, header.published))

    bind_preceding_issue_dates(doc, refs, dates)
    _mark_issue_dates(refs, dates)
    bind_issuers(refs, provinces)
    propagate(refs)

    # Numbers inside citations and dates are not metrics.
    masked = SpanSet([(r.nstart, r.nend) for r in refs] + [(d.nstart, d.nend) for d in dates] + exclude)
    main = main_province(counts)
    metrics = find_metrics(doc, masked, dates, [registry()[main].name] if main else [], mentions)
    cited = SpanSet([(r.nstart, r.nend) for r in refs] + exclude)
    agencies = find_agencies(doc, cited, provinces)
    persons = find_persons(doc, mentions, header.author_span)
    places = find_places(doc, mentions, provinces)
    if use_model:
        add_model_entities(doc, cited, provinces, agencies, persons, places)
    tasks = find_tasks(doc, [a for a in agencies if a.source == "rule"], dates)
    return Analysis(header, provinces, refs, ambiguous, dates, metrics, agencies, persons, places, tasks)


def extract_document(doc: Document, published: str | None = None, use_model: bool = True) -> DocumentResult:
    found = analyse(doc, published, use_model)
    header, dates = found.header, found.dates
    metadata = Metadata(
        title=header.title,
        published=header.published,
        source=header.source,
        author=header.author,
        url=header.url,
        provinces=[p.name for p in found.provinces],
        reference_date=_reference_iso(dates, header.published),
        document=SelfReference(**header.self_ref) if header.self_ref else None,
    )
    return DocumentResult(
        extractor_version=__version__,
        source=doc.source,
        metadata=metadata,
        legal_refs=[_legal_ref(doc, r) for r in found.refs],
        dates=[_item(doc, DateMention, d) for d in dates],
        metrics=[_item(doc, Metric, m) for m in found.metrics],
        agencies=[_item(doc, Agency, a, source=a.source) for a in found.agencies],
        persons=[_item(doc, Person, p, source=p.source) for p in found.persons],
        places=[_item(doc, Place, p, source=p.source) for p in found.places],
        tasks=[_item(doc, Task, t) for t in found.tasks],
        warnings=[_ambiguity(doc, r) for r in found.ambiguous] + [
            ExtractionWarning(code=code, message=message, span=doc.span(m.nstart, m.nend))
            for m in found.metrics
            for code, message in check(m)
        ],
    )


def _mark_issue_dates(refs: list[RefMention], dates: list) -> None:
    spans = SpanSet(r.issue_date_span for r in refs if r.issue_date_span)
    for d in dates:
        if spans.overlaps(d.nstart, d.nend):
            d.role = "issued"


def _mark_role(line: tuple[int, int] | None, dates: list, role: str) -> None:
    if line is None:
        return
    for d in dates:
        if line[0] <= d.nstart < line[1]:
            d.role = role


def _reference_iso(dates: list, published: str | None) -> str | None:
    ref = reference_date(dates, published)
    return ref.iso() if ref and ref.year else None


def _grounding(doc: Document, nstart: int, nend: int) -> dict:
    start, end = doc.span(nstart, nend)
    first, last = doc.sentence_at(nstart), doc.sentence_at(max(nstart, nend - 1))
    sentence = (min(first.start, start), max(last.end, end)) if first and last else None
    return {"span": (start, end), "text": doc.text[start:end], "sentence": sentence}


_GROUNDING = frozenset({"span", "text", "sentence", "source"})
Item = TypeVar("Item", bound=BaseModel)


def _item(doc: Document, model: type[Item], found: Any, **fields: object) -> Item:
    """The contract's item for an extractor's finding: its grounding, and every field the two share."""
    shared = {
        name: getattr(found, name) for name in model.model_fields if name not in _GROUNDING and hasattr(found, name)
    }
    return model(**_grounding(doc, found.nstart, found.nend), **{**shared, **fields})


def _legal_ref(doc: Document, r: RefMention) -> LegalRef:
    resolved = doc.span(r.resolved_to.nstart, r.resolved_to.nend) if r.resolved_to is not None else None
    return _item(doc, LegalRef, r, canonical=r.canonical or "", resolved_span=resolved)


def _ambiguity(doc: Document, r: RefMention) -> ExtractionWarning:
    return ExtractionWarning(
        code="ambiguous_reference",
        message=f"“{doc.original(r.nstart, r.nend)}” fits several citations ({r.reason}); it is not listed",
        span=doc.span(r.nstart, r.nend),
    )
