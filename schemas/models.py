"""The output contract: one `DocumentResult` per input document.

Every extracted item is grounded: `span` indexes the document text exactly as read
(`text[span[0]:span[1]] == item.text`). Fields follow ../shared/spec/EXTRACTION_SPEC.md;
what the spec does not name is documented on the field. See docs/contract.md for the
versioning policy of `SCHEMA_VERSION`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.3.0"

IsoDate = Annotated[
    str,
    Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$",
        description="ISO 8601 date at the granularity written (2022, 2022-09, 2022-09-17); a range is start/end.",
    ),
]
Span = Annotated[
    tuple[int, int],
    Field(description="[start, end) code-point offsets into the original text."),
]
ItemSource = Literal["rule", "model"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Grounded(Strict):
    span: Span
    text: str = Field(description="The mention exactly as written: text[span[0]:span[1]].")
    sentence: Span | None = Field(None, description="Span of the sentence holding the mention.")
    source: ItemSource = Field("rule", description="Which extractor produced the item.")


class Pinpoint(Strict):
    """The part of a cited document a citation points at: "điểm a khoản 1 Điều 3" → article 3, clause 1, point a."""

    article: str = Field(description="The article (Điều) as numbered: '7', '198a'.")
    clause: str | None = Field(None, description="The clause (khoản) of the article: '2'.")
    point: str | None = Field(None, description="The point (điểm) of the clause: 'a', 'đ'.")


RefRelation = Literal["basis", "implements", "amends", "replaces", "repeals", "cites"]
LinkRelation = Literal["basis", "basis_of", "implements", "implemented_by", "amends", "amended_by", "replaces",
                       "replaced_by", "repeals", "repealed_by", "cites", "cited_by"]


class RefLink(Strict):
    """Another citation of the same text this one is linked to ("Luật số 64/2025/QH15 được sửa đổi, bổ sung bởi
    Luật số 87/2025/QH15": 64/2025/QH15 amended_by 87/2025/QH15, and 87/2025/QH15 amends 64/2025/QH15)."""

    relation: LinkRelation = Field(description="What this citation's document is to the other: amended_by, amends …")
    canonical: str = Field(description="The other citation's canonical.")
    span: Span = Field(description="The other citation's span.")


class LegalRef(Grounded):
    """A mention of a specific legal or administrative document (spec §1)."""

    canonical: str = Field(description="Number and symbol in standard form, e.g. 922/QĐ-BTTTT; "
                           "without symbol '<doc_type> <number>'; without number the type and its name.")
    doc_type: str | None = Field(None, description="Type name: Quyết định, Nghị định, Kế hoạch …")
    form: Literal["full", "short", "named"] = Field(
        description="full: number with symbol; short: type and number only (a back-reference); "
        "named: no number (Luật Công nghệ thông tin, Đề án “…”)."
    )
    system: Literal["administrative", "normative", "party", "consolidated", "none"] = Field(
        "none",
        description="Numbering system: administrative số/ký hiệu, normative số/năm/ký hiệu, "
        "Party số-loại/cơ quan, consolidated VBHN, none (no symbol).",
    )
    number: str | None = Field(None, description="The sequence number as written: '922', '36a', '09'.")
    year: int | None = Field(None, description="Year inside a normative number (64/2007/NĐ-CP → 2007).")
    symbol: str | None = Field(None, description="The symbol in standard form: QĐ-BTTTT, NQ/TU.")
    type_abbr: str | None = Field(None, description="Type abbreviation in the symbol (QĐ, NQ …).")
    issuer_code: str | None = Field(None, description="Issuer abbreviation in the symbol (BTTTT, UBND, TU).")
    issuer: str | None = Field(None, description="Issuer's full name, as far as symbol and context tell.")
    issuer_basis: Literal["symbol", "context", "document_place", "unknown"] = Field(
        "unknown",
        description="Where the issuer comes from: the symbol alone, a phrase after the citation "
        "('của UBND tỉnh X'), the place the document is about, or unknown.",
    )
    issue_date: IsoDate | None = Field(None, description="Issue date written in the text for this document.")
    title: str | None = Field(None, description="Quoted title or trích yếu ('về …') where written.")
    resolution: Literal["self", "resolved", "unresolved"] = Field(
        "self",
        description="self: the mention carries its own identity; resolved: a short form linked to a "
        "full citation in the same text; unresolved: a short form with no unique antecedent.",
    )
    resolved_span: Span | None = Field(None, description="Span of the full citation a short form resolves to.")
    reason: str | None = Field(None, description="Why a short form stays unresolved.")
    repaired: bool = Field(False, description="True when noise (missing hyphen, stray spaces) was repaired.")
    self: bool = Field(False, description="True for the document's own number (its header's 'Số: …', or an "
                       "appendix's 'Kèm theo Kế hoạch số …'), not a document it cites.")
    pinpoint: Pinpoint | None = Field(None, description="The article, clause and point cited "
                                      "('khoản 2 Điều 7 Nghị định số 61/2018/NĐ-CP'); the first when several are.")
    pinpoints: list[Pinpoint] = Field(default_factory=list, description="Every part cited: 'khoản 1, 2 Điều 3' is "
                                      "two, 'Điều 4, Điều 5' two; empty when the whole document is cited.")
    pinpoint_span: Span | None = Field(None, description="Where the pinpoints are written.")
    relation: RefRelation | None = Field(None, description="What the citing text does with the document: basis "
                                         "(Căn cứ), implements (Thực hiện, triển khai), amends (sửa đổi, bổ sung), "
                                         "replaces (thay thế), repeals (bãi bỏ), cites (anything else); null for "
                                         "the document's own number.")
    links: list[RefLink] = Field(default_factory=list, description="Other citations of the same clause this one is "
                                 "linked to, with what it is to each.")


class DateMention(Grounded):
    """An explicit calendar reference (spec §2)."""

    value: IsoDate
    granularity: Literal["day", "month", "quarter", "half", "year", "months"] = Field(
        description="Granularity of the endpoints; 'months' is a span of months such as '9 tháng đầu năm'."
    )
    is_range: bool = False
    role: Literal["issued", "deadline", "event", "period", "target", "published", "other"] = "other"
    year_inferred: bool = Field(False, description="True when the year was not written and came from context.")


class Metric(Grounded):
    """A number that measures something (spec §3)."""

    value: float
    unit: Literal["index", "percent", "rank", "rank_change", "score", "count", "vnd", "usd", "ratio", "other"]
    indicator: str | None = None
    subject: str | None = None
    year: int | None = None
    total: float | None = None
    direction: Literal["up", "down"] | None = None
    compared_to: int | None = Field(None, description="Baseline year of a change ('so với năm 2020').")
    noun: str | None = Field(None, description="What a count counts ('mục tiêu', 'thành viên').")


class Agency(Grounded):
    """A specific state, Party or public body (spec §4)."""

    canonical: str
    id: str | None = Field(None, description="Stable registry id where the registry knows the body.")
    level: Literal["central", "province", "district", "commune", "party", "other"] | None = None
    province: str | None = Field(None, description="Province the body belongs to, when the document makes it clear.")
    canonical_today: str | None = Field(None, description="Name of the body (or its successor) today.")


class Person(Grounded):
    """A named person with the position as written (spec §5)."""

    name: str
    position: str | None = None
    role: Literal["official", "author", "photographer", "other"] = "official"


class Place(Grounded):
    """A province, city, district or commune mentioned."""

    name: str
    type: Literal["province", "city", "district", "town", "commune", "ward", "special_zone", "other"]
    level: Literal["province", "district", "commune"] | None = Field(
        None, description="Administrative tier: 'thành phố Vinh' is a city of district level.")
    province: str | None = Field(None, description="Province (as of the document's date) holding the place.")
    province_today: str | None = Field(None, description="Provincial unit holding it after the 2025 merger.")


class Task(Grounded):
    """Work the text assigns or plans (spec §6)."""

    lead: list[str] = Field(default_factory=list, description="Canonical agencies that lead (chủ trì).")
    coordinating: list[str] = Field(default_factory=list, description="Agencies named as 'phối hợp'.")
    assigner: str | None = Field(None, description="Authority that assigns ('Chủ tịch UBND tỉnh yêu cầu').")
    assignee_text: str | None = Field(None, description="A collective assignee as written ('các sở, ngành').")
    deadline: IsoDate | None = None
    deadline_text: str | None = None
    status: Literal["assigned", "in_progress", "done"] | None = None
    action: str | None = Field(None, description="Leading verb phrase: tham mưu, triển khai, rà soát …")
    block: int | None = Field(None, description="Index of the structure block holding the task (formal texts).")
    table_row: tuple[int, int] | None = Field(None, description="[table, row] of a task-table row's task.")


class Signer(Strict):
    """Who signs a formal document, from its signature block ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")."""

    name: str
    position: str | None = Field(None, description="The signer's own title: 'Phó Chủ tịch', 'Thứ trưởng'.")
    acting: list[Literal["TM.", "KT.", "TL.", "TUQ.", "Q."]] = Field(
        default_factory=list, description="Acting forms, outermost first: TM. (on behalf of a collective), KT. "
        "(deputy signing for the head), TL./TUQ. (by delegation), Q. (acting head).")
    on_behalf: str | None = Field(None, description="The body after 'TM.', as written: 'ỦY BAN NHÂN DÂN'.")
    span: Span


class SelfReference(Strict):
    """The document's own identity, read from its header: number, type, issuer, date, title, recipients, signer."""

    span: Span | None = Field(None, description="Span of the own number ('617/KH-UBND' after 'Số:').")
    text: str | None = None
    canonical: str | None = Field(None, description="The own number in standard form, as in legal_refs.")
    doc_type: str | None = Field(None, description="From the type heading ('KẾ HOẠCH'); an official letter with "
                                 "'V/v' and no type heading is a Công văn.")
    issue_date: IsoDate | None = Field(None, description="The dateline's date ('Đồng Tháp, ngày 01 tháng 12 …').")
    place: str | None = Field(None, description="Place of the dateline ('Phan Thiết, ngày …').")
    issuer: str | None = Field(None, description="The issuing body's header line, as written: 'CỤC THUẾ'.")
    superior: str | None = Field(None, description="The line above the issuer's, as written: 'BỘ TÀI CHÍNH'.")
    title: str | None = Field(None, description="The title under the type heading, lines joined.")
    abstract: str | None = Field(None, description="An official letter's 'V/v …' (trích yếu), without 'V/v'.")
    recipients: list[str] = Field(default_factory=list, description="'Kính gửi: …' addressees, one each.")
    signer: Signer | None = None


class Metadata(Strict):
    title: str | None = None
    published: IsoDate | None = None
    source: str | None = Field(None, description="Outlet named in 'Nguồn: …'.")
    author: str | None = None
    url: str | None = None
    provinces: list[str] = Field(default_factory=list, description="Provinces the document is about.")
    reference_date: IsoDate | None = Field(
        None, description="The date the document speaks from, used to give a year to '28/6'."
    )
    document: SelfReference | None = None


class ExtractionWarning(Strict):
    code: str
    message: str
    span: Span | None = None


class ProcessingError(Strict):
    code: Literal["unreadable", "decode", "empty", "binary", "too_large", "internal"]
    message: str


class Block(Strict):
    """One block of a formal document's outline (a heading, a list item or a paragraph), wrapped lines joined."""

    index: int
    kind: Literal["heading", "item", "paragraph"]
    marker: str | None = Field(None, description="The list marker's kind: part, chapter, section, article, roman, "
                               "upper, decimal, decimal3, arabic, letter, paren, dash, plus; None when unmarked.")
    label: str | None = Field(None, description="The marker's label: 'II', '1.2', 'a', '2' (of 'Điều 2').")
    level: int = Field(description="Depth in the outline, 1 at the top.")
    parent: int | None = Field(None, description="Index of the block this one sits under.")
    role: Literal["basis", "goals", "tasks", "report", "appendix", "funding"] | None = Field(
        None, description="What the section holds, from its heading's words (inherited by its items).")
    span: Span
    text: str


class TableCell(Strict):
    column: int
    span: Span
    text: str


class TableRow(Strict):
    kind: Literal["header", "group", "data"]
    span: Span
    cells: list[TableCell]


class Table(Strict):
    """A table written as text (cells joined by ' | ' or tabs)."""

    index: int
    columns: list[str] = Field(description="What each column holds: ordinal, content, lead, coordinating, time, "
                               "product, person, note, cost, other.")
    block: int | None = Field(None, description="Index of the outline block the table sits under.")
    span: Span
    rows: list[TableRow]


class Structure(Strict):
    """A formal document's layout: its outline and tables (empty for a text with no formal structure)."""

    formal: bool = Field(False, description="True when the text has a formal header or closing signature.")
    header: Span | None = Field(None, description="Span of the header block.")
    closing: Span | None = Field(None, description="Span of 'Nơi nhận: …'.")
    signature: Span | None = Field(None, description="Span of the signature block.")
    blocks: list[Block] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)


class DocumentResult(Strict):
    schema_version: str = SCHEMA_VERSION
    extractor_version: str
    source: str | None = Field(None, description="The input path as given, or the record id.")
    metadata: Metadata = Field(default_factory=Metadata)
    legal_refs: list[LegalRef] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    persons: list[Person] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    structure: Structure = Field(default_factory=Structure)
    warnings: list[ExtractionWarning] = Field(default_factory=list)
    error: ProcessingError | None = Field(None, description="Set when the document could not be processed.")
