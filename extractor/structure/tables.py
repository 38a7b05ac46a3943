"""Tables written as text: rows of cells joined by " | " (or tabs), the header row, and what each column holds.

A web page gives a task table's header cells as lines of their own above the first row ("TT / Nội dung thực
hiện / Cơ quan chủ trì / …"), or as a first row of cells; a row of fewer cells is a group heading
("I | KIỆN TOÀN …").
"""

from __future__ import annotations

import re
from functools import cache

from extractor.lexicon.patterns import fold, load
from extractor.structure.model import Cell, Row, Span, Table
from extractor.text.document import Document, Segment

_CELL = re.compile(r"[^|\t]+")
_HEADER_LINE_WORDS = 8  # a header cell above the rows is a short line


@cache
def _column_cues() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for role, cues in load("structure")["column_roles"].items():
        words = [c if c.startswith("^") else rf"(?<![\w]){re.escape(fold(c))}(?![\w])" for c in cues]
        out.append((role, re.compile("|".join(words))))
    return out


def column_role(cell: str) -> str | None:
    """What a header cell's column holds ("Cơ quan chủ trì" → lead), or None for a cell that is no header."""
    key = fold(" ".join(cell.split())).strip(" .:")
    for role, cue in _column_cues():
        if cue.search(key):
            return role
    return None


def is_row(line: str) -> bool:
    return " | " in line or "\t" in line


def _cells(doc: Document, line: Segment) -> list[Cell]:
    out = []
    for m in _CELL.finditer(doc.norm, line.nstart, line.nend):
        a, b = m.start(), m.end()
        while a < b and doc.norm[a] == " ":
            a += 1
        while b > a and doc.norm[b - 1] == " ":
            b -= 1
        out.append(Cell(a, b))
    return out


def find_tables(doc: Document, lines: list[Segment], skip: list[Span]) -> list[Table]:
    """Every run of rows among `lines` (a line inside a `skip` span, the header's " | " line, is none)."""
    tables: list[Table] = []
    run: list[Segment] = []
    for line in [*lines, None]:
        if line is not None and is_row(doc.norm[line.nstart : line.nend]) \
                and not any(a <= line.nstart < b for a, b in skip):
            run.append(line)
            continue
        if run:
            tables.append(_table(doc, len(tables), run, lines))
            run = []
    return tables


def _header_above(doc: Document, first: Segment, lines: list[Segment]) -> tuple[list[str], Span | None]:
    """Header cells written as lines above the first row, joined where a cell wraps ("Thời gian hoàn / thành")."""
    i = lines.index(first)
    above: list[Segment] = []
    for line in reversed(lines[max(0, i - 14) : i]):
        piece = doc.norm[line.nstart : line.nend]
        if len(piece.split()) > _HEADER_LINE_WORDS or is_row(piece) or piece.rstrip().endswith((".", ";", ")")):
            break
        above.insert(0, line)
    # A header cell starts with a capital: a line in lower case goes on with the cell above ("Cơ quan / chủ trì").
    merged: list[tuple[int, int]] = []
    for line in above:
        if merged and doc.norm[line.nstart : line.nstart + 1].islower():
            merged[-1] = (merged[-1][0], line.nend)
        else:
            merged.append((line.nstart, line.nend))
    roles: list[str] = []
    start = None
    pending = ""
    for cell_start, cell_end in merged:
        piece = " ".join(doc.norm[cell_start:cell_end].split())
        role = column_role(f"{pending} {piece}".strip()) if pending else None
        role = role or column_role(piece)
        if role is not None:
            roles.append(role)
            start = cell_start if start is None else start
            pending = ""
        else:
            pending = piece  # a cell wrapped over two lines: "Cơ quan" / "chủ trì"
    span = (start, above[-1].nend) if roles and start is not None else None
    return roles, span


def _table(doc: Document, index: int, run: list[Segment], lines: list[Segment]) -> Table:
    rows = [Row(ln.nstart, ln.nend, _cells(doc, ln)) for ln in run]
    width = max(len(r.cells) for r in rows)
    columns: list[str] = []
    header: Span | None = None
    head_roles = [column_role(doc.norm[c.nstart : c.nend]) for c in rows[0].cells]
    if sum(r is not None for r in head_roles) >= max(2, len(head_roles) // 2):
        rows[0].kind = "header"
        columns = [r or "other" for r in head_roles]
    else:
        above, header = _header_above(doc, run[0], lines)
        if len(above) >= 2:
            columns = above
    columns += ["other"] * (width - len(columns))
    for row in rows:
        if row.kind != "header" and len(row.cells) <= 2 < width:
            row.kind = "group"  # "I | KIỆN TOÀN …": a heading inside the table
    return Table(index, run[0].nstart, run[-1].nend, columns, rows, header=header)


def cell_for(text: str, table: Table, row: Row, role: str) -> Cell | None:
    """The row's cell of the column that holds `role`; a row one cell short with no ordinal has none."""
    col = table.column(role)
    if col is None:
        return None
    cells = row.cells
    if len(cells) == len(table.columns) - 1 and table.columns[0] == "ordinal" and cells \
            and not re.fullmatch(r"[\dIVXL.]+", text[cells[0].nstart : cells[0].nend]):
        col -= 1
    return cells[col] if 0 <= col < len(cells) else None
