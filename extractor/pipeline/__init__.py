"""text → Document → extractors → resolvers → DocumentResult (the contract in schemas/)."""

from __future__ import annotations

from dataclasses import dataclass

from extractor._version import __version__
from extractor.components.dates import reference_date
from extractor.components.items import (
    AgencyItem,
    DateItem,
    HeaderInfo,
    MetricItem,
    PersonItem,
    PlaceItem,
    RefMention,
    TaskItem,
)
from extractor.components.metrics import check
from extractor.lexicon.places import Province
from extractor.pipeline.contract import ambiguity_warning, structure_contract, to_contract
from extractor.pipeline.registry import run
from extractor.structure import Structure
from extractor.text.document import Document
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


def extract(text: str, source: str | None = None, published: str | None = None, *,
            use_model: bool = True) -> DocumentResult:
    """Extract every fact from one document's text.

    `published` (ISO date) is the document's date when the caller knows it (a feed's date field);
    a date the text itself gives wins. `use_model=False` leaves out the trained entity model's additions.
    """
    return extract_document(Document(text, source), published, use_model=use_model)


@dataclass
class Analysis:
    """Every component's findings on one document, in the normalized view's offsets."""

    structure: Structure
    header: HeaderInfo
    provinces: list[Province]
    refs: list[RefMention]
    ambiguous: list[RefMention]
    dates: list[DateItem]
    metrics: list[MetricItem]
    agencies: list[AgencyItem]
    persons: list[PersonItem]
    places: list[PlaceItem]
    tasks: list[TaskItem]


def analyse(doc: Document, published: str | None = None, use_model: bool = True) -> Analysis:
    """Run the registered components (pipeline/registry.py) in order over the document."""
    layers = run(doc, {"published": published, "use_model": use_model})
    return Analysis(layers["structure"], layers["header"], layers["provinces"], layers["refs"],
                    layers["ambiguous_refs"], layers["dates"],
                    layers["metrics"], layers["agencies"], layers["persons"], layers["places"], layers["tasks"])


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
        reference_date=_reference_iso(dates, header.speaks_from),
        document=SelfReference(**header.self_ref) if header.self_ref else None,
    )
    return DocumentResult(
        extractor_version=__version__,
        source=doc.source,
        metadata=metadata,
        legal_refs=[to_contract(doc, LegalRef, r) for r in found.refs],
        dates=[to_contract(doc, DateMention, d) for d in dates],
        metrics=[to_contract(doc, Metric, m) for m in found.metrics],
        agencies=[to_contract(doc, Agency, a) for a in found.agencies],
        persons=[to_contract(doc, Person, p) for p in found.persons],
        places=[to_contract(doc, Place, p) for p in found.places],
        tasks=[to_contract(doc, Task, t) for t in found.tasks],
        structure=structure_contract(doc, found.structure),
        warnings=[ambiguity_warning(doc, r) for r in found.ambiguous] + [
            ExtractionWarning(code=code, message=message, span=doc.span(m.nstart, m.nend))
            for m in found.metrics
            for code, message in check(m)
        ],
    )


def _reference_iso(dates: list[DateItem], published: str | None) -> str | None:
    ref = reference_date(dates, published)
    return ref.iso() if ref and ref.year else None
