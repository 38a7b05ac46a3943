"""The header block of a formal document (Nghị định 30/2020/NĐ-CP, Phụ lục I): issuer lines, national motto,
"Số: …", "V/v …", the dateline, the type and title, and "Kính gửi: …".

As a web page gives it the two columns of the header are one line joined by " | ", and a summary paragraph
may come first ("## …"): the header is found by its motto or its "Số:" line, wherever it starts.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from extractor.lexicon.citations import core_pattern
from extractor.lexicon.patterns import LOWER, UPPER, YEAR, alternation, fold, iso_day, load, tables
from extractor.structure.model import HeaderBlock, Span
from extractor.structure.tables import column_role
from extractor.text.document import Document, Segment, all_capitals

_SEARCH_CHARS = 12_000  # a header sits near the top, after at most a page's summary
_HEADER_LINES = 40


@cache
def _res() -> dict[str, re.Pattern[str]]:
    d = load("structure")
    return {
        "motto": re.compile("|".join(d["motto"])),
        # "Số: …" opens a line or a header cell; "Quyết định Số 84 …" in a sentence is a citation.
        "number": re.compile(rf"(?m:^|\|)[ \t]*Số[ \t]*:?\s*(?P<core>{core_pattern()})", re.VERBOSE),
        "dateline": re.compile(
            rf"(?<![\w/.-])(?P<place>(?:TP\.\s*)?[{UPPER}][{LOWER}]*(?:\s+[{UPPER}][{LOWER}]*){{0,4}})\s*,\s*ngày\s+"
            rf"(?P<d>\d{{1,2}})\s+tháng\s*(?P<m>\d{{1,2}})\s+năm\s*(?P<y>{YEAR})"),
        "recipients": re.compile(d["recipients_label"]),
        "abstract": re.compile(d["abstract_label"]),
        "issuer_head": re.compile(rf"(?<!CHI)(?<!TỔNG)\s(?=(?:{alternation(d['issuer_heads'])})\s)"),
        "authority": re.compile(alternation(d["authority_lines"])),
        "rule": re.compile(r"\s*[-_=]{3,}\s*"),
        "body_start": re.compile(rf"(?:{alternation(d['basis_openings'])})\s|(?:[IVXL]+|\d{{1,2}})\.\s|Điều\s+\d"),
    }


def _strip(doc: Document, start: int, end: int) -> Span | None:
    while start < end and doc.norm[start] in " |-_=":
        start += 1
    while end > start and doc.norm[end - 1] in " |-_=":
        end -= 1
    return (start, end) if start < end else None


def _type_of(line: str) -> tuple[str, int] | None:
    """The document type a heading in capitals opens with, and the length of its words."""
    words = line.split()
    for n in (4, 3, 2, 1):
        if len(words) >= n:
            dt = tables().doc_type_for_word(" ".join(words[:n]))
            if dt is not None and fold(words[0]) not in ("qd", "nq"):
                return dt.name, len(" ".join(words[:n]))
    return None


_GREETING_CHARS = 600  # how far into a text without a header "Kính gửi:" may open it


def read_header_block(doc: Document) -> HeaderBlock | None:
    """The header, or None when the text has none (a news article). A letter that opens with "Kính gửi" has
    one of its addressees alone."""
    res = _res()
    text = doc.norm
    limit = min(len(text), _SEARCH_CHARS)
    motto = res["motto"].search(text, 0, limit)
    number = res["number"].search(doc.layout, 0, limit)
    if motto is None and number is None:
        # A page may give a letter from its "Kính gửi:" on: the addressees are still its header.
        greeting = res["recipients"].search(text, 0, min(limit, _GREETING_CHARS))
        if greeting is None or text[: greeting.start()].rstrip(" ")[-1:] not in ("", "\n"):
            return None
        anchor = greeting.start()
    else:
        anchor = min(m.start() for m in (motto, number) if m is not None)
    lines = [ln for ln in doc.lines if ln.nend > anchor or (motto and ln.nstart <= motto.start() < ln.nend)]
    first = _first_line(doc, lines, anchor)
    header = HeaderBlock(first.nstart, first.nend)
    if motto is not None and motto.start() < anchor + 400:
        header.motto = (motto.start(), motto.end())
        _issuer_lines(doc, header, first, motto.start())
    window = lines[: _HEADER_LINES]
    if number is not None and (motto is None or number.start() - motto.start() < 1500):
        header.number = (number.start("core"), number.end("core"))
    after = header.number[1] if header.number else (header.motto[1] if header.motto else first.nend)
    dateline = res["dateline"].search(text, max(0, after - 60), min(len(text), after + 800))
    if dateline and (date := iso_day(dateline["y"], dateline["m"], dateline["d"])):
        header.date = date
        header.place = " ".join(dateline["place"].split())
        header.dateline = (dateline.start("place"), dateline.end())
    abstract = res["abstract"].search(text, after, min(len(text), after + 400))
    if abstract and abstract.start() < (header.dateline[0] if header.dateline else after + 400) + 400:
        header.abstract = _abstract(doc, abstract.end(), header)
    _type_and_title(doc, header, window)
    _recipients(doc, header, window)
    header.nend = max(s[1] for s in [
        (header.nstart, first.nend), header.number, header.dateline, header.title, header.type_line,
        header.abstract, header.motto, *header.recipients] if s)
    return header


def _first_line(doc: Document, lines: list[Segment], anchor: int) -> Segment:
    """The line the header starts on: the issuer cell before the motto, past a page's summary and its " | "."""
    line = next(ln for ln in lines if ln.nend > anchor)
    cells = [m for m in re.finditer(r"[^|]+", doc.norm[line.nstart : line.nend])]
    for m in reversed(cells):
        start = line.nstart + m.start()
        if start <= anchor and all_capitals(m.group(0)) and not _res()["motto"].match(m.group(0).strip()):
            return Segment(start, line.nend, *doc.span(start, line.nend))
    return line


def _issuer_lines(doc: Document, header: HeaderBlock, first: Segment, motto_at: int) -> None:
    """ "BỘ TÀI CHÍNH CỤC THUẾ" → the superior "BỘ TÀI CHÍNH" and the issuer "CỤC THUẾ"."""
    span = _strip(doc, header.nstart, motto_at)
    if span is None or not all_capitals(doc.norm[span[0] : span[1]]):
        return
    cut = _res()["rule"].search(doc.norm, span[0], span[1])
    start, end = span[0], cut.start() if cut else span[1]
    pieces = [start] + [m.end() for m in _res()["issuer_head"].finditer(doc.norm, start + 2, end)] + [end]
    for a, b in itertools.pairwise(pieces):
        piece = _strip(doc, a, b)
        if piece:
            header.issuer_lines.append(piece)


def _abstract(doc: Document, start: int, header: HeaderBlock) -> Span | None:
    """ "V/v tăng cường …" up to the dateline, "Kính gửi", a " | " or the first line that is not its wrap."""
    text = doc.norm
    end = start
    for line in doc.lines:
        if line.nend <= start:
            continue
        piece = text[max(line.nstart, start) : line.nend]
        stop = re.search(r"\s\|\s|Kính\s+gửi", piece)
        if header.dateline and header.dateline[0] >= max(line.nstart, start) and header.dateline[0] < line.nend:
            end = max(end, header.dateline[0])
            break
        if stop:
            end = max(line.nstart, start) + stop.start()
            break
        if line.nstart > start and not doc.wrapped_into(line):
            break
        end = line.nend
    return _strip(doc, start, end)


def _type_and_title(doc: Document, header: HeaderBlock, window: list[Segment]) -> None:
    """The type heading in capitals ("KẾ HOẠCH", "QUYẾT\nĐỊNH", "THÔNG BÁO KẾT LUẬN") and the title under it, to the
    body, the issuing authority's line ("ỦY BAN NHÂN DÂN TỈNH …") or a rule."""
    text = doc.norm
    after = max(s[1] for s in (header.number, header.dateline, header.motto, (header.nstart, header.nstart)) if s)
    lines = [ln for ln in window if ln.nstart >= after - 1]
    for i, line in enumerate(lines):
        if not all_capitals(text[line.nstart : line.nend]):
            continue
        run = [line]  # the heading's lines: capitals joined by hard wraps
        for nxt in lines[i + 1 :]:
            if not doc.wrapped_into(nxt) or not all_capitals(text[nxt.nstart : nxt.nend]):
                break
            run.append(nxt)
        found = _type_of(" ".join(text[ln.nstart : ln.nend] for ln in run[:3]))
        if found is None:
            continue
        header.doc_type, length = found
        type_end = line.nstart
        for _ in range(len(" ".join(text[ln.nstart : ln.nend] for ln in run[:3])[:length].split())):
            m = re.compile(r"\s*\S+").match(text, type_end)  # the type's words, across the hard wrap
            type_end = m.end() if m else type_end
        header.type_line = (line.nstart, type_end)
        title_start, title_end = type_end, type_end
        for nxt in lines[i:]:
            if nxt.nend <= type_end:
                continue
            piece = text[max(nxt.nstart, type_end) : nxt.nend]
            if nxt.nstart > type_end and (_res()["body_start"].match(piece) or _res()["rule"].fullmatch(piece)
                                          or _authority(piece) or _res()["recipients"].match(piece)
                                          or piece.upper().startswith("PHỤ LỤC") or column_role(piece)):
                break
            if not all_capitals(piece) and not (doc.wrapped_into(nxt) or piece.lower().startswith("về")):
                break
            title_end = nxt.nend
        header.title = _strip(doc, title_start, title_end)
        return


def _authority(line: str) -> bool:
    """The body that issues a decision, in capitals above its basis ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH")."""
    return all_capitals(line) and bool(_res()["authority"].match(line))


_RECIPIENT_END = re.compile(r"\s\|\s|\.\s+(?=[A-ZĐ])|\)\s+(?=[A-ZĐ])")


def _recipients(doc: Document, header: HeaderBlock, window: list[Segment]) -> None:
    """ "Kính gửi: X" to a " | " or the end of its sentence, then the "- Y;" lines of a list of addressees."""
    text = doc.norm
    for i, line in enumerate(window):
        m = _res()["recipients"].search(text, line.nstart, line.nend)
        if m is None:
            continue
        end = _RECIPIENT_END.search(text, m.end(), line.nend)
        rest = _strip(doc, m.end(), end.start() + (1 if end and text[end.start()] == ")" else 0) if end else line.nend)
        if rest and len(text[rest[0] : rest[1]].split()) <= 40:
            header.recipients.append(rest)
        listed = rest is None or text[rest[1] - 1] in ";,:"
        for nxt in window[i + 1 :] if listed and end is None else []:
            piece = text[nxt.nstart : nxt.nend]
            if not piece.startswith(("-", "+", "•")):
                if doc.wrapped_into(nxt) and header.recipients:
                    header.recipients[-1] = (header.recipients[-1][0], nxt.nend)
                    continue
                break
            span = _strip(doc, nxt.nstart + 1, nxt.nend)
            if span:
                header.recipients.append(span)
        header.recipients = [(a, b - 1) if text[b - 1] in ";.," and b - 1 > a else (a, b)
                             for a, b in header.recipients]
        return
