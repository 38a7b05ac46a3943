"""The outline of a formal text: Phần / Chương / Mục / Điều, "I.", "1.", "1.1.", "a)", "(1)", "-", "+", each block
with its level, label, parent and span; headings told from items; wrapped lines joined into their block; and the
role of each section (basis, goals, tasks, report, appendix, funding) from the words of its heading.

Nesting is read from the order markers appear in, as a reader does: a marker of a kind already open closes
everything opened under it; a new kind opens one level down. A paragraph that ends with ":" ("Giao Sở Tài chính:")
holds the unmarked paragraphs after it.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.lexicon.patterns import alternation, fold, load
from extractor.structure.model import Block, Span
from extractor.text.document import Document, Segment, all_capitals

_TOP = ("part", "chapter", "section")
_HEADING_WORDS = 24


@cache
def _markers() -> list[tuple[str, re.Pattern[str]]]:
    return [(row["kind"], re.compile(rf"[ ]*(?:{row['pattern']})[ ]*")) for row in load("structure")["markers"]]


@cache
def _roles() -> list[tuple[str, re.Pattern[str]]]:
    return [(role, re.compile(rf"(?<![\w])(?:{alternation([fold(c) for c in cues])})(?![\w])"))
            for role, cues in load("structure")["section_roles"].items()]


@cache
def _basis() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(load('structure')['basis_openings'])})(?![\w])")


def marker_at(text: str, pos: int, end: int) -> tuple[str, str, int] | None:
    """(kind, label, end of the marker) of a list marker opening text[pos:end]."""
    for kind, pattern in _markers():
        m = pattern.match(text, pos, end)
        if m and (m.end() < end or kind not in ("dash", "plus")):
            return kind, m.group("label"), m.end()
    return None


def section_role(heading: str) -> str | None:
    key = fold(heading)
    for role, cue in _roles():
        if cue.search(key):
            return role
    return None


def read_outline(doc: Document, lines: list[Segment], skip: list[Span], ends: tuple[Span, ...] = ()) -> list[Block]:
    """The blocks of `lines`, skipping the lines inside `skip` (tables, header, closing, signature); a line inside
    `ends` (the closing, the signature) also closes every open section: what follows is an annex."""
    text = doc.norm
    blocks: list[Block] = []
    stack: list[tuple[str, int]] = []  # (marker kind | "intro" | "caps", block index)
    current: Block | None = None
    for line in lines:
        if any(a <= line.nstart < b for a, b in skip):
            current = None
            if any(a <= line.nstart < b for a, b in ends):
                stack.clear()
            continue
        if current is not None and (doc.wrapped_into(line) or current.body >= current.nend):
            current.nend = line.nend  # a hard wrap, or the text of a marker alone on its line ("Điều 1.")
            if current.body >= line.nstart - 1:
                current.body = line.nstart
            continue
        found = marker_at(text, line.nstart, line.nend)
        raw = text[line.nstart : line.nend]
        if found is not None:
            kind, label, body = found
            while stack and stack[-1][0] == "intro":
                stack.pop()
            kinds = [k for k, _ in stack]
            if kind in kinds:
                del stack[kinds.index(kind) :]
            elif kind in _TOP:
                stack.clear()
            parent = stack[-1][1] if stack else None
            current = Block(len(blocks), "item", kind, label, len(stack) + 1, parent, line.nstart, line.nend, body)
            blocks.append(current)
            stack.append((kind, current.index))
            continue
        if all_capitals(raw) and raw.lstrip().upper().startswith("PHỤ LỤC"):
            stack.clear()
        while stack and stack[-1][0] == "intro" and raw.rstrip().endswith(":"):
            stack.pop()
        parent = stack[-1][1] if stack else None
        current = Block(len(blocks), "paragraph", None, None, len(stack) + 1, parent, line.nstart, line.nend,
                        line.nstart)
        blocks.append(current)
        if all_capitals(raw) and raw.lstrip().upper().startswith("PHỤ LỤC"):
            stack.append(("caps", current.index))
    _intro_children(doc, blocks)
    _kinds(doc, blocks)
    _assign_roles(doc, blocks)
    return blocks


def _intro_children(doc: Document, blocks: list[Block]) -> None:
    """Unmarked paragraphs after one that ends with ":" are its children, down to the next marked block."""
    intro: Block | None = None
    for block in blocks:
        raw = doc.norm[block.nstart : block.nend].rstrip()
        if block.marker is not None or all_capitals(raw):
            intro = None
            continue
        if intro is not None and block.parent == intro.parent:
            block.parent, block.level = intro.index, intro.level + 1
            if raw.endswith(":"):
                intro = None
            continue
        if raw.endswith(":") and len(raw.split()) <= 30:
            intro = block


def _kinds(doc: Document, blocks: list[Block]) -> None:
    has_children = {b.parent for b in blocks if b.parent is not None}
    for block in blocks:
        body = doc.norm[block.body : block.nend].strip()
        short = len(body.split()) <= _HEADING_WORDS and not body.endswith((".", ";", "./."))
        parent_like = block.marker is not None or block.index in has_children
        heads = (block.index in has_children and short) or (short and body.endswith(":"))
        if (parent_like and (all_capitals(body) or heads)) or (block.marker is None and all_capitals(body)):
            block.kind = "heading"


def _assign_roles(doc: Document, blocks: list[Block]) -> None:
    """Each heading's role from its words; items and paragraphs take their section's."""
    seen_heading = False
    for block in blocks:
        body = doc.norm[block.body : block.nend]
        parent_role = blocks[block.parent].role if block.parent is not None else None
        if block.kind == "heading":
            seen_heading = seen_heading or block.marker is not None
            role = section_role(body[:160]) if block.marker != "article" else _article_role(body)
            block.role = role or parent_role
        elif block.marker == "article":
            seen_heading = True
            block.role = _article_role(body)
        elif block.parent is None and not seen_heading and _basis().match(body.lstrip()):
            block.role = "basis"
        else:
            block.role = parent_role


def _article_role(body: str) -> str | None:
    """An article of a decision assigns work when it names who carries it out."""
    key = fold(body[:600])
    if re.search(r"chiu trach nhiem (?:thi hanh|thuc hien|trien khai)|(?<![\w])giao |chu tri|to chuc thuc hien"
                 r"|co trach nhiem|trach nhiem", key):
        return "tasks"
    return None
