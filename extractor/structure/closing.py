"""The closing blocks of a formal document: "Nơi nhận: …" and the signature ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ
TỊCH / PHÓ CHỦ TỊCH / Bùi Xuân Cường"), with the acting forms of Nghị định 30/2020/NĐ-CP, Điều 8 khoản 5."""

from __future__ import annotations

import re
from functools import cache

from extractor.lexicon.patterns import LOWER, UPPER, fold, load
from extractor.lexicon.persons import SYLLABLE, surnames
from extractor.structure.model import Signature, Span
from extractor.text.document import Document

# A military rank before a signer's name ("Thượng tướng Võ Minh Lương").
RANKS = r"(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy))"


@cache
def _res() -> dict[str, re.Pattern[str]]:
    d = load("structure")
    acting = "|".join(f"(?P<f{i}>{row['written']})" for i, row in enumerate(d["acting_forms"]))
    return {
        "closing": re.compile(rf"(?m)(?:^|\|)[ \t]*{d['closing_label']}"),
        "acting": re.compile(rf"(?<![\w])(?:{acting})\s*"),
        # Capitals (no lower-case letter) then a name ending its line: the signature's last lines, as laid out.
        "signed": re.compile(
            rf"(?P<caps>[{UPPER}][^{LOWER}|]{{0,160}}?)\s+(?:{RANKS}\s+)?"
            rf"(?P<name>{SYLLABLE}(?:[ \n]{SYLLABLE}){{1,3}})[ ]*(?=\||\n(?![{LOWER}])|$)"),
    }


@cache
def _positions() -> dict[str, str]:
    """Folded capitals of a signer's title → the title as a position ("PHÓ CHỦ TỊCH" → "Phó Chủ tịch")."""
    return {fold(p): p for p in load("structure")["signer_positions"]}


def _forms() -> list[str]:
    return [row["form"] for row in load("structure")["acting_forms"]]


def find_closing(doc: Document, body_start: int) -> Span | None:
    """The "Nơi nhận:" list: its label to the last of its "- …" lines."""
    text = doc.norm
    found = list(_res()["closing"].finditer(doc.layout, body_start))
    m = found[-1] if found else None  # the last "Nơi nhận:" closes the main text
    if m is None:
        return None
    end = m.end()
    for line in doc.lines:
        if line.nstart < m.end():
            continue
        piece = text[line.nstart : line.nend]
        if piece.startswith(("-", "+", "•")) or doc.wrapped_into(line):
            end = line.nend
            continue
        break
    return (m.start(), end)


def find_signature(doc: Document, body_start: int, closing: Span | None) -> Signature | None:
    """The last block of capitals naming a signer's title and followed by a person's name."""
    text = doc.layout
    best: Signature | None = None
    for m in _res()["signed"].finditer(text, body_start):
        name = " ".join(m.group("name").split())
        caps = m.group("caps")
        position = _position_in(caps)
        if position is None:
            continue
        if name.split()[0] not in surnames() and (position[1] is None or len(name.split()) < 3):
            continue  # a rare surname ("Mạnh Thị Tuyết Mai") only under a signer's title
        if position[1] is None and len(m.group("caps").split()) > 8:
            continue
        signature = _signature(text, m, position)
        if closing and abs(signature.nstart - closing[1]) < 80:
            return signature  # the block right after "Nơi nhận"
        if best is None or (closing is None) or signature.nstart < closing[0]:
            best = signature
    return best


def _position_in(caps: str) -> tuple[int, str | None] | None:
    """Where the signer's own title starts in the block of capitals, and the title (the last one named); a
    block with an acting form and no title ("T/M BỘ CHÍNH TRỊ") signs too, with no position."""
    words = list(re.finditer(r"\S+", caps))
    longest = max(len(p.split()) for p in _positions())
    found: tuple[int, str | None] | None = None
    j = 0
    while j < len(words):
        for n in range(min(longest, len(words) - j), 0, -1):
            key = fold(" ".join(w.group(0) for w in words[j : j + n]))
            if key in _positions():
                found = (words[j].start(), _positions()[key])
                j += n - 1
                break
        j += 1
    if found is None and _res()["acting"].search(caps):
        return len(caps), None
    return found


def _signature(text: str, m: re.Match[str], position: tuple[int, str | None]) -> Signature:
    caps_start, caps = m.start("caps"), m.group("caps")
    at, title = position
    acting: list[str] = []
    on_behalf = None
    first = None
    for a in _res()["acting"].finditer(caps, 0, at):
        form = next(_forms()[int(k[1:])] for k, v in a.groupdict().items() if v)
        acting.append(form)
        first = a.start() if first is None else first
        if form == "TM.":
            nxt = _res()["acting"].search(caps, a.end(), at)
            on_behalf = " ".join(caps[a.end() : nxt.start() if nxt else at].split()) or None
    return Signature(
        nstart=caps_start + (first if first is not None else at),
        nend=m.end("name"),
        acting=acting,
        on_behalf=on_behalf,
        position=title,
        position_span=(caps_start + at, m.end("caps")),
        name=" ".join(m.group("name").split()),
        name_span=(m.start("name"), m.end("name")),
    )
