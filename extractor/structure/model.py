"""The structure of a formal document, in the normalized view's offsets (nstart, nend): header, outline blocks,
tables, the recipients' list and the signature. Components read it; pipeline/contract.py publishes it."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass
class HeaderBlock:
    """The block above the body: issuer lines, motto, "Số: …", "V/v …", the dateline, type and title, recipients."""

    nstart: int
    nend: int
    issuer_lines: list[Span] = field(default_factory=list)  # the superior body first, the issuer last
    motto: Span | None = None
    number: Span | None = None  # the number-and-symbol after "Số:"
    abstract: Span | None = None  # "V/v …" of an official letter, without "V/v"
    dateline: Span | None = None
    place: str | None = None
    date: str | None = None  # ISO
    type_line: Span | None = None  # "QUYẾT ĐỊNH", "KẾ HOẠCH"
    doc_type: str | None = None
    title: Span | None = None
    recipients: list[Span] = field(default_factory=list)  # "Kính gửi: …", one span per addressee


@dataclass
class Block:
    """One block of the outline: a heading, a list item or a paragraph, with its wrapped lines joined."""

    index: int
    kind: str  # heading | item | paragraph
    marker: str | None  # the marker's kind (roman, arabic, decimal, letter, paren, dash, plus, article …)
    label: str | None  # "II", "1.2", "a", "2" (of "Điều 2")
    level: int  # 1 at the top of the outline
    parent: int | None
    nstart: int
    nend: int
    body: int  # where the text after the marker starts
    role: str | None = None  # basis | goals | tasks | report | appendix | funding, inherited from the section


@dataclass
class Cell:
    nstart: int
    nend: int


@dataclass
class Row:
    nstart: int
    nend: int
    cells: list[Cell]
    kind: str = "data"  # header | group | data


@dataclass
class Table:
    index: int
    nstart: int
    nend: int
    columns: list[str]  # what each column holds: ordinal, content, lead, coordinating, time, product …
    rows: list[Row]
    block: int | None = None  # the outline block the table sits under
    header: Span | None = None  # header cells written as lines above the first row

    def column(self, role: str) -> int | None:
        return self.columns.index(role) if role in self.columns else None

    @property
    def assigns_tasks(self) -> bool:
        """A task table: a content column and a column of who leads or by when."""
        return "content" in self.columns and ("lead" in self.columns or "time" in self.columns)


@dataclass
class Signature:
    nstart: int
    nend: int
    acting: list[str] = field(default_factory=list)  # "TM.", "KT.", "TL.", "TUQ.", "Q."
    on_behalf: str | None = None  # the body after "TM.": "ỦY BAN NHÂN DÂN"
    position: str | None = None  # the signer's own title, as a position: "Phó Chủ tịch"
    position_span: Span | None = None
    name: str | None = None
    name_span: Span | None = None


@dataclass
class Structure:
    formal: bool = False
    header: HeaderBlock | None = None
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    closing: Span | None = None  # "Nơi nhận: …"
    signature: Signature | None = None

    def block_at(self, offset: int) -> Block | None:
        """The innermost block holding a view offset: of those holding it, the one that starts last."""
        starts = [block.nstart for block in self.blocks]
        for block in reversed(self.blocks[: bisect_right(starts, offset)]):
            if block.nstart <= offset < block.nend:
                return block
        return None

    def ancestors(self, block: Block) -> list[Block]:
        out, parent = [], block.parent
        while parent is not None:
            out.append(self.blocks[parent])
            parent = self.blocks[parent].parent
        return out
