"""The items the components find, in the normalized view's offsets (nstart, nend): what one component hands
another through the pipeline, and what pipeline/contract.py maps onto the published models of schemas/."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any


@dataclass
class HeaderInfo:
    title: str | None = None
    published: str | None = None
    published_line: tuple[int, int] | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    self_ref: dict | None = None  # the fields of metadata.document (schemas.SelfReference)
    self_core: tuple[int, int] | None = None  # the own number's view offsets
    self_core_fields: dict | None = None  # the own number parsed (lexicon.citations.parse_core)
    signer_span: tuple[int, int] | None = None  # the signer's name, in view offsets
    dateline: tuple[int, int] | None = None
    author_span: tuple[int, int] | None = None  # a closing signature line, in view offsets

    @property
    def speaks_from(self) -> str | None:
        """The date the text speaks from: its publication date, else a formal document's own date."""
        return self.published or (self.self_ref or {}).get("issue_date")


@dataclass
class RefMention:
    """A document mention in view offsets, before resolution."""

    nstart: int
    nend: int
    form: str  # full | short | named
    doc_type: str | None = None
    canonical: str | None = None
    system: str = "none"
    number: str | None = None
    year: int | None = None
    symbol: str | None = None
    type_abbr: str | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    issuer_basis: str = "unknown"
    issuer_local: bool = False
    issue_date: str | None = None
    issue_date_span: tuple[int, int] | None = None
    title: str | None = None
    repaired: bool = False
    tail_end: int = 0
    core_span: tuple[int, int] | None = None  # the number-and-symbol part, where years are not dates
    issuer_hint: str | None = None  # "của Tỉnh ủy" after a short form
    backref: bool = False  # "Quyết định nêu trên"
    is_self: bool = False  # the document's own number
    resolution: str = "self"
    resolved_to: RefMention | None = None
    reason: str | None = None
    pinpoints: list[dict[str, str | None]] = field(default_factory=list)  # {"article", "clause", "point"}
    pinpoint_at: tuple[int, int] | None = None  # where the pinpoints are written
    relation: str | None = None  # basis | implements | amends | replaces | repeals | cites (None: the document itself)
    links: list[tuple[str, RefMention]] = field(default_factory=list)  # ("amended_by", the citation that amends it)
    extra: dict = field(default_factory=dict)


@dataclass
class Point:
    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.year is None:
            raise ValueError("a date point needs its year before it is written")
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out


@dataclass
class DateItem:
    nstart: int
    nend: int
    start: Point
    end: Point
    granularity: str
    is_range: bool = False
    role: str = "other"
    year_inferred: bool = False
    kind: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def value(self) -> str:
        a, b = self.start.iso(), self.end.iso()
        return a if a == b and not self.is_range else f"{a}/{b}"


@dataclass
class MetricItem:
    nstart: int
    nend: int
    value: float
    unit: str
    total: float | None = None
    direction: str | None = None
    noun: str | None = None
    indicator: str | None = None
    subject: str | None = None
    year: int | None = None
    compared_to: int | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class AgencyItem:
    nstart: int
    nend: int
    canonical: str
    level: str | None = None
    id: str | None = None
    province: str | None = None
    canonical_today: str | None = None
    source: str = "rule"


@dataclass
class PersonItem:
    nstart: int
    nend: int
    name: str
    position: str | None
    role: str
    source: str = "rule"


@dataclass
class PlaceItem:
    nstart: int
    nend: int
    name: str
    type: str
    level: str
    province: str | None = None
    province_today: str | None = None
    source: str = "rule"


@dataclass
class TaskItem:
    nstart: int
    nend: int
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    assigner: str | None = None
    assignee_text: str | None = None
    deadline: str | None = None
    deadline_text: str | None = None
    status: str | None = "assigned"
    action: str | None = None
    block: int | None = None  # the structure block holding the task
    table_row: tuple[int, int] | None = None  # (table, row) of a task-table row


def copied(items: list) -> list:
    """Items a step may change without touching the list it was handed: each item copied with its `extra`, and a
    short form's `resolved_to` and a citation's links pointed at the copies of their targets. Date points are
    replaced, never changed."""
    copies: dict[int, Any] = {}
    for item in items:
        if id(item) not in copies:
            copies[id(item)] = copy.copy(item)
            copies[id(item)].extra = dict(item.extra)
    for twin in copies.values():
        target = getattr(twin, "resolved_to", None)
        if target is not None:
            twin.resolved_to = copies.get(id(target), target)
        if hasattr(twin, "links"):
            twin.links = [(relation, copies.get(id(other), other)) for relation, other in twin.links]
    return [copies[id(item)] for item in items]
