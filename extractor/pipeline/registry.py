"""The components the pipeline runs, in order, each declaring the layers it reads and the layers it writes.

As in spaCy's factories (`requires` / `assigns`): a component is a function of the document and the layers it
requires, returning exactly the layers it assigns. A layer it assigns again (the citations after short forms are
resolved) is a new list: a step works on its own copy and never changes what an earlier step handed on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from extractor.components.agencies import find_agencies
from extractor.components.dates import assign_roles, fill_years, find_cell_years, find_dates, reference_date
from extractor.components.entities import add_model_entities
from extractor.components.header import own_reference, read_header
from extractor.components.items import (
    AgencyItem,
    DateItem,
    HeaderInfo,
    MetricItem,
    PersonItem,
    PlaceItem,
    RefMention,
    TaskItem,
    copied,
)
from extractor.components.legal_refs import find_legal_refs
from extractor.components.metrics import find_metrics
from extractor.components.persons import find_persons
from extractor.components.places import find_places
from extractor.components.provinces import document_provinces, find_province_mentions, main_province, province_evidence
from extractor.components.tasks import find_tasks
from extractor.lexicon.places import Province, ProvinceMention, registry
from extractor.link.citing import find_pinpoints, relate
from extractor.link.dates import mark_issue_dates, mark_line
from extractor.link.references import (
    bind_issuers,
    bind_preceding_issue_dates,
    propagate,
    resolve_short_forms,
    set_aside_short_forms,
)
from extractor.structure import Structure, cell_for, read_structure
from extractor.text.document import Document
from extractor.text.spans import SpanSet

# Every layer a component may read or write, with its type. `published` and `use_model` are the caller's.
LAYERS: dict[str, Any] = {
    "published": str | None,
    "use_model": bool,
    "structure": Structure,
    "header": HeaderInfo,
    "province_mentions": list[ProvinceMention],
    "province_counts": Counter[str],
    "provinces": list[Province],
    "refs": list[RefMention],
    "ambiguous_refs": list[RefMention],
    "dates": list[DateItem],
    "metrics": list[MetricItem],
    "agencies": list[AgencyItem],
    "persons": list[PersonItem],
    "places": list[PlaceItem],
    "tasks": list[TaskItem],
}
INPUTS = ("published", "use_model")


@dataclass(frozen=True)
class Component:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[..., dict[str, Any]]  # run(doc, **required layers) → {assigned layer: value}


def _own_number(header: HeaderInfo) -> list[tuple[int, int]]:
    """The document's own number in its header: no citation, no date, no metric."""
    return [header.self_core] if header.self_core else []


def _cited(refs: list[RefMention], header: HeaderInfo) -> SpanSet:
    return SpanSet([(r.nstart, r.nend) for r in refs] + _own_number(header))


def structure(doc: Document) -> dict[str, Any]:
    return {"structure": read_structure(doc)}


def header(doc: Document, published: str | None, structure: Structure) -> dict[str, Any]:
    info = read_header(doc, structure)
    if info.published is None and published:
        info.published = published  # a date the text itself gives wins over the feed's
    return {"header": info}


def provinces(doc: Document) -> dict[str, Any]:
    mentions = find_province_mentions(doc)
    counts, typed = province_evidence(doc, mentions)
    return {"province_mentions": mentions, "province_counts": counts,
            "provinces": [registry()[pid] for pid in document_provinces(counts, typed)]}


def legal_refs(doc: Document, header: HeaderInfo) -> dict[str, Any]:
    refs = find_legal_refs(doc, _own_number(header))
    own = own_reference(header)
    if own is None:
        return {"refs": refs}
    for ref in refs:
        ref.is_self = ref.canonical == own.canonical  # "(Kèm theo Kế hoạch số 980/KH-UBND …)" is the document
    return {"refs": [own, *refs]}


def short_forms(doc: Document, refs: list[RefMention]) -> dict[str, Any]:
    refs = copied(refs)
    resolve_short_forms(refs)
    kept, ambiguous = set_aside_short_forms(refs)
    return {"refs": kept, "ambiguous_refs": ambiguous}


def dates(doc: Document, header: HeaderInfo, refs: list[RefMention], structure: Structure) -> dict[str, Any]:
    # Years inside document numbers are not dates.
    cores = [r.core_span for r in refs if r.core_span] + _own_number(header)
    found = find_dates(doc, cores)
    cells = [(cell.nstart, cell.nend) for table in structure.tables if table.assigns_tasks for row in table.rows
             if row.kind == "data" and (cell := cell_for(doc.norm, table, row, "time")) is not None]
    return {"dates": sorted(found + find_cell_years(doc, cells, found), key=lambda d: d.nstart)}


def date_roles(doc: Document, header: HeaderInfo, refs: list[RefMention], dates: list[DateItem]) -> dict[str, Any]:
    """Issue dates and the header's lines first, then the words around each date; then the missing years."""
    dates = copied(dates)
    mark_issue_dates(refs, dates)
    mark_line(header.published_line, dates, "published")
    mark_line(header.dateline, dates, "issued")
    assign_roles(doc, dates)
    return {"dates": fill_years(dates, reference_date(dates, header.speaks_from))}


def issue_dates(doc: Document, refs: list[RefMention], dates: list[DateItem]) -> dict[str, Any]:
    """A date written before a citation ("ngày 5/3, UBND tỉnh ban hành Kế hoạch số 12/KH-UBND") is its issue date."""
    refs, dates = copied(refs), copied(dates)
    bind_preceding_issue_dates(doc, refs, dates)
    mark_issue_dates(refs, dates)
    return {"refs": refs, "dates": dates}


def issuers(doc: Document, refs: list[RefMention], provinces: list[Province]) -> dict[str, Any]:
    refs = copied(refs)
    bind_issuers(refs, provinces)
    propagate(refs)
    return {"refs": refs}


def citing(doc: Document, refs: list[RefMention], structure: Structure) -> dict[str, Any]:
    """The article each citation points at, what the text does with it, and the links between citations."""
    refs = copied(refs)
    find_pinpoints(doc, refs)
    relate(doc, refs, structure)
    return {"refs": refs}


def metrics(doc: Document, header: HeaderInfo, refs: list[RefMention], dates: list[DateItem],
            province_counts: Counter[str], province_mentions: list[ProvinceMention]) -> dict[str, Any]:
    # Numbers inside citations and dates are not metrics.
    masked = SpanSet([(r.nstart, r.nend) for r in refs] + [(d.nstart, d.nend) for d in dates] + _own_number(header))
    main = main_province(province_counts)
    return {"metrics": find_metrics(doc, masked, dates, [registry()[main].name] if main else [], province_mentions)}


def agencies(doc: Document, header: HeaderInfo, refs: list[RefMention], provinces: list[Province]) -> dict[str, Any]:
    return {"agencies": find_agencies(doc, _cited(refs, header), provinces)}


def persons(doc: Document, header: HeaderInfo, province_mentions: list[ProvinceMention]) -> dict[str, Any]:
    signer = header.self_ref.get("signer") if header.self_ref else None
    signature = (header.signer_span, signer["position"]) if signer and header.signer_span else None
    return {"persons": find_persons(doc, province_mentions, header.author_span, signature)}


def places(doc: Document, province_mentions: list[ProvinceMention], provinces: list[Province]) -> dict[str, Any]:
    return {"places": find_places(doc, province_mentions, provinces)}


def entity_model(doc: Document, use_model: bool, header: HeaderInfo, refs: list[RefMention],
                 provinces: list[Province], agencies: list[AgencyItem], persons: list[PersonItem],
                 places: list[PlaceItem]) -> dict[str, Any]:
    """The trained model's agencies, persons and places that no rule found, added to the rules' (rules win)."""
    if use_model:
        agencies, persons, places = add_model_entities(doc, _cited(refs, header), provinces, agencies, persons, places)
    return {"agencies": agencies, "persons": persons, "places": places}


def tasks(doc: Document, structure: Structure, header: HeaderInfo, agencies: list[AgencyItem],
          dates: list[DateItem]) -> dict[str, Any]:
    # A model agency is not trusted to lead a task.
    doc_type = header.self_ref.get("doc_type") if header.self_ref else None
    return {"tasks": find_tasks(doc, structure, [a for a in agencies if a.source == "rule"], dates, doc_type)}


COMPONENTS: tuple[Component, ...] = (
    Component("structure", (), ("structure",), structure),
    Component("header", ("published", "structure"), ("header",), header),
    Component("provinces", (), ("province_mentions", "province_counts", "provinces"), provinces),
    Component("legal_refs", ("header",), ("refs",), legal_refs),
    Component("short_forms", ("refs",), ("refs", "ambiguous_refs"), short_forms),
    Component("dates", ("header", "refs", "structure"), ("dates",), dates),
    Component("date_roles", ("header", "refs", "dates"), ("dates",), date_roles),
    Component("issue_dates", ("refs", "dates"), ("refs", "dates"), issue_dates),
    Component("issuers", ("refs", "provinces"), ("refs",), issuers),
    Component("citing", ("refs", "structure"), ("refs",), citing),
    Component("metrics", ("header", "refs", "dates", "province_counts", "province_mentions"), ("metrics",), metrics),
    Component("agencies", ("header", "refs", "provinces"), ("agencies",), agencies),
    Component("persons", ("header", "province_mentions"), ("persons",), persons),
    Component("places", ("province_mentions", "provinces"), ("places",), places),
    Component("entity_model", ("use_model", "header", "refs", "provinces", "agencies", "persons", "places"),
              ("agencies", "persons", "places"), entity_model),
    Component("tasks", ("structure", "header", "agencies", "dates"), ("tasks",), tasks),
)


class PipelineError(RuntimeError):
    """A component that returned other layers than it declared: a bug in the component, not in the input."""


def run(doc: Document, inputs: dict[str, Any], components: tuple[Component, ...] = COMPONENTS) -> dict[str, Any]:
    """Every layer after running the components in order over the document."""
    layers = dict(inputs)
    for component in components:
        out = component.run(doc, **{name: layers[name] for name in component.requires})
        if set(out) != set(component.assigns):
            raise PipelineError(f"component {component.name} assigned {sorted(out)}, "
                                f"not the declared {sorted(component.assigns)}")
        layers.update(out)
    return layers
