"""Document metadata: title, publication date, source, author, web address, and the document's own number.

The publication stamp of a web page comes in many shapes ("Ngày đăng: 12/04/2024 20:26",
"Thứ 7, Ngày 25/05/2024", "Cập nhật lúc 10:30 25/5/2024", "May 25, 2024"); dateparser reads
them, in Vietnamese and English, day first. Every other date is read by the grammar in dates.py.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from extractor.components.items import HeaderInfo, RefMention
from extractor.lexicon.citations import core_pattern, core_re, parse_core
from extractor.lexicon.patterns import DAY_DATE, LOWER, UPPER, day_date_value, tables
from extractor.structure import Structure
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


def read_header(doc: Document, structure: Structure) -> HeaderInfo:
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
        signature = None if structure.signature else _closing_signature(doc)  # a signer is no author
        if signature is not None:
            info.author, info.author_span = signature
    _read_self_reference(doc, structure, info)
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


_ACCOMPANIES = re.compile(
    rf"\(\s*Kèm\s+theo\s+(?P<type>[{UPPER}][{LOWER}]+(?:\s+[{LOWER}]+)?)\s+số\s+(?P<core>{core_pattern()})",
    re.VERBOSE)
_ACCOMPANIES_DATE = re.compile(rf"\s*ngày\s+(?:{DAY_DATE})", re.IGNORECASE)


def _read_self_reference(doc: Document, structure: Structure, info: HeaderInfo) -> None:
    """The document's own identity: the header's number, type, dateline, title, recipients and the signer; for a
    letter whose page drops the header, the number an appendix gives ("(Kèm theo Công văn số 5435/CT-NVT …)")."""
    head = structure.header
    ref: dict = {}
    core_span = head.number if head else None
    date, place = (head.date, head.place) if head else (None, None)
    if core_span is None and structure.formal:
        m = _ACCOMPANIES.search(doc.norm)
        dt = tables().doc_type_for_word(m["type"]) if m else None
        if m and dt is not None:
            core_span = (m.start("core"), m.end("core"))
            ref["doc_type"] = dt.name
            when = _ACCOMPANIES_DATE.match(doc.norm, m.end("core"))
            if when and date is None:
                date = day_date_value(when)
    if core_span is not None:
        core = parse_core(core_re().match(doc.norm, *core_span))  # type: ignore[arg-type]
        info.self_core, info.self_core_fields = core_span, core
        ref.update(span=doc.span(*core_span), text=doc.original(*core_span), canonical=core["canonical"])
        if "doc_type" not in ref:
            ref["doc_type"] = _own_type(doc, structure, core)
    elif head is not None:
        ref["doc_type"] = _own_type(doc, structure, None)
    if head is None and not ref:
        if structure.formal and structure.signature is not None:
            ref["doc_type"] = _own_type(doc, structure, None)
        else:
            return
    text = doc.norm
    if head is not None:
        if head.dateline:
            info.dateline = head.dateline
        lines = [" ".join(text[a:b].split()) for a, b in head.issuer_lines]
        ref.update(
            issuer=lines[-1] if lines else None,
            superior=lines[-2] if len(lines) > 1 else None,
            title=" ".join(text[slice(*head.title)].split()) if head.title else None,
            abstract=" ".join(text[slice(*head.abstract)].split()) if head.abstract else None,
            recipients=[" ".join(text[a:b].split()) for a, b in head.recipients],
        )
    ref.update(issue_date=date, place=place)
    sig = structure.signature
    if sig is not None and sig.name and sig.name_span:
        ref["signer"] = {"name": sig.name, "position": sig.position, "acting": sig.acting,
                         "on_behalf": sig.on_behalf, "span": doc.span(sig.nstart, sig.nend)}
        info.signer_span = sig.name_span
    info.self_ref = ref


def _own_type(doc: Document, structure: Structure, core: dict | None) -> str | None:
    """The type heading wins; then an official letter's marks (V/v, Kính gửi, no heading); then the symbol."""
    head = structure.header
    if core is not None and core.get("system") == "consolidated":
        return "Văn bản hợp nhất"  # a VBHN repeats the type heading of the text it consolidates
    if head is not None and head.doc_type:
        return head.doc_type
    if head is not None and head.abstract:
        return "Công văn"  # "5330/CT-CS V/v …": a letter's symbol names the issuing unit, not a type
    if core is not None and core["type_abbr"]:
        dt = tables().doc_type_for_abbr(core["type_abbr"], party=core["system"] == "party")
        if dt is not None:
            return dt.name
    if (head is not None and (head.abstract or head.recipients)) or _LETTER.search(doc.norm, 0, 3000):
        return "Công văn"
    return None


_LETTER = re.compile(r"Kính\s+gửi\s*:")


def own_reference(info: HeaderInfo) -> RefMention | None:
    """The document's own number as a citation item (spec §1: listed in legal_refs, marked as the document)."""
    core, ref = info.self_core_fields, info.self_ref
    if core is None or info.self_core is None or ref is None:
        return None
    return RefMention(
        *info.self_core, form="full", doc_type=ref.get("doc_type"), canonical=core["canonical"],
        system=core.get("system", "none"), number=core.get("number"), year=core.get("year"),
        symbol=core.get("symbol"), type_abbr=core.get("type_abbr"), issuer_code=core.get("issuer_code"),
        issue_date=ref.get("issue_date"), issue_date_span=info.dateline, core_span=info.self_core, is_self=True,
        tail_end=info.self_core[1],
    )
