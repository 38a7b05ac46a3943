"""Document metadata: title, publication date, source, author, web address, and the document's own number.

The publication stamp of a web page comes in many shapes ("Ngày đăng: 12/04/2024 20:26",
"Thứ 7, Ngày 25/05/2024", "Cập nhật lúc 10:30 25/5/2024", "May 25, 2024"); dateparser reads
them, in Vietnamese and English, day first. Every other date is read by the grammar in dates.py.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from extractor.components.items import HeaderInfo
from extractor.lexicon.citations import core_pattern, parse_core
from extractor.lexicon.patterns import LOWER, UPPER, YEAR, tables
from extractor.text.document import Document

_HEADER_LINES = 12

_PUBLISHED_LABEL = re.compile(
    r"^[ \t]*(?:ngày đăng|đăng ngày|ngày cập nhật|cập nhật(?: lúc)?|thời gian đăng|ngày xuất bản"
    r"|date|published|updated)"
    r"\s*:?\s*(?P<value>.{4,60})$",
    re.IGNORECASE,
)
_DATE_ONLY_LINE = re.compile(
    r"^[ \t]*(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|\d)|chủ nhật)\s*,?\s*)?(?:ngày\s+)?"
    r"(?P<value>\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}(?:-\d{2})?)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[-|]?\s*$",
    re.IGNORECASE,
)
_SOURCE = re.compile(r"^[ \t]*(?:nguồn tin|nguồn)\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_AUTHOR = re.compile(r"^[ \t]*(?:tác giả|bài và ảnh|bài, ảnh|bài)\s*:\s*(?P<value>[^\n]{2,60}?)\s*$",
                     re.IGNORECASE | re.MULTILINE)
_URL = re.compile(r"https?://[^\s)\]>\"”]+")
_SIGNATURE = re.compile(rf"^(?:[{UPPER}][{LOWER}]*)(?:\s+[{UPPER}][{LOWER}]*){{1,3}}$")
# The document's own number opens a header line: "Số: 123/QĐ-UBND" (the grammar of legal_refs).
_SELF_NUMBER = re.compile(rf"^[ \t]*Số[ \t]*:?[ \t]*(?P<core>{core_pattern()})", re.MULTILINE | re.VERBOSE)
_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>[{UPPER}][^\n,]{{1,40}}),\s*ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})"
    rf"\s+năm\s+(?P<y>{YEAR})",
    re.MULTILINE,
)




@cache
def _dateparser():
    import dateparser

    return dateparser


def parse_timestamp(value: str) -> str | None:
    """ISO date of a publication stamp, day first, Vietnamese or English; None when it is not one."""
    value = re.sub(r"(?i)\bngày\b", " ", value).strip(" -|,")
    if not re.search(r"\d", value):
        return None
    parsed = _dateparser().parse(
        value,
        languages=["vi", "en"],
        settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date().isoformat() if parsed else None


def read_header(doc: Document) -> HeaderInfo:
    info = HeaderInfo()
    text = doc.norm
    lines = list(itertools.islice(re.finditer(r"[^\n]+", text), _HEADER_LINES + 3))
    for line in lines:
        raw = line.group(0)
        m = _PUBLISHED_LABEL.match(raw) or _DATE_ONLY_LINE.match(raw)
        if m and info.published is None:
            value = parse_timestamp(m.group("value"))
            if value:
                info.published = value
                info.published_line = (line.start(), line.end())
    info.title = _official_title(lines) or _first_line_title(lines)
    m = _SOURCE.search(text)
    if m:
        value = m.group("value")
        url = _URL.search(value)
        info.source = None if url and url.start() == 0 else value
        if url:
            info.url = url.group(0)
    if info.url is None:
        url = _URL.search(text)
        info.url = url.group(0) if url else None
    m = _AUTHOR.search(text)
    if m:
        info.author = m.group("value").strip()
    else:
        signature = _closing_signature(doc)
        if signature is not None:
            info.author, info.author_span = signature
    _read_self_reference(doc, info)
    return info


_NATIONAL_MOTTO = re.compile(
    r"^(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\W+Tự do\W+Hạnh phúc)", re.IGNORECASE
)


def _official_title(lines: list[re.Match[str]]) -> str | None:
    """An official text: the type heading ("QUYẾT ĐỊNH") and the summary line under it ("Về việc …")."""
    for i, line in enumerate(lines[:-1]):
        raw = line.group(0).strip()
        dt = tables().doc_type_for_word(raw) if raw.isupper() else None
        if dt is not None:
            summary = lines[i + 1].group(0).strip()
            if summary and not summary.isupper():
                return f"{dt.name} {summary[:1].lower()}{summary[1:]}".rstrip(" .")
            return dt.name
    return None


def _first_line_title(lines: list[re.Match[str]]) -> str | None:
    """The first line of a page, past its date and motto lines; a long first paragraph is no title."""
    for line in lines[:4]:
        raw = line.group(0).strip()
        if not raw or _DATE_ONLY_LINE.match(raw) or _PUBLISHED_LABEL.match(raw) or _NATIONAL_MOTTO.match(raw):
            continue
        if len(raw) > 250:
            return None
        if raw.endswith(":"):
            continue
        return raw.rstrip(" .")
    return None


def _closing_signature(doc: Document) -> tuple[str, tuple[int, int]] | None:
    """A last short line of two to four capitalised words ('Thanh Trúc'), before a 'Nguồn:' line if any."""
    paragraphs = list(doc.paragraphs)
    while paragraphs and _SOURCE.match(doc.norm[paragraphs[-1].nstart : paragraphs[-1].nend]):
        paragraphs.pop()
    if len(paragraphs) < 2:
        return None
    last = paragraphs[-1]
    line = doc.norm[last.nstart : last.nend]
    if _SIGNATURE.match(line.strip()):
        return line.strip(), (last.nstart, last.nend)
    return None


def _read_self_reference(doc: Document, info: HeaderInfo) -> None:
    head_end = 0
    for i, m in enumerate(re.finditer(r"[^\n]*\n?", doc.norm)):
        head_end = m.end()
        if i >= _HEADER_LINES:
            break
    m = _SELF_NUMBER.search(doc.norm, 0, head_end)
    if not m:
        return
    core = parse_core(m)
    dt = tables().doc_type_for_abbr(core["type_abbr"] or "", party=core["system"] == "party")
    ref = {"canonical": core["canonical"], "doc_type": dt.name if dt else None, "issue_date": None, "place": None}
    line = _DATELINE.search(doc.norm, 0, head_end + 200)
    if line:
        import datetime as _dt

        try:
            ref["issue_date"] = _dt.date(int(line["y"]), int(line["m"]), int(line["d"])).isoformat()
            ref["place"] = line["place"].strip()
        except ValueError:
            pass
    if line:
        info.dateline = (line.start(), line.end())
    ref["span"] = doc.span(m.start("core"), m.end("core"))
    ref["text"] = doc.original(m.start("core"), m.end("core"))
    info.self_ref = ref
    info.self_core = (m.start("core"), m.end("core"))
