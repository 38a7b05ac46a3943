"""Documents named without a number: laws by name ("Luật Công nghệ thông tin"), the Constitution, quoted names (Đề
án “…”), plans and programmes by their type word and name ("Chương trình xóa nhà tạm, nhà dột nát"), and what a
citation issues or approves ("… về việc phê duyệt Chiến lược hạ tầng số đến năm 2025 …")."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache

from extractor.components.items import RefMention
from extractor.components.legal_refs.context import parse_tail, preceded_by, sentence_bounds
from extractor.lexicon.names import comma_in_name, document_name_end, walk_name
from extractor.lexicon.patterns import (
    UPPER,
    YEAR,
    alternation,
    load,
    tables,
    type_word_re,
    words_re,
)
from extractor.text.document import Document
from extractor.text.spans import SpanSet


@cache
def _quoted_re() -> re.Pattern[str]:
    """Đề án “Xác định …”, and a quoted name that opens with its type: “Chương trình Chuyển đổi số quốc gia …”."""
    return re.compile(
        rf"(?<![\w])(?P<tw>{type_word_re()})\s*[“\"«](?P<title>[^”\"»\n]{{3,300}})[”\"»]"
        rf"|(?<=[“\"«])(?P<tw2>{type_word_re()})\s+(?P<title2>[^”\"»\n]{{3,300}})(?=[”\"»])"
    )


@cache
def _named_re(flags: int = 0, titled: bool = False) -> re.Pattern[str]:
    """A type word that can name a document without a number, and the space after it (any case with
    re.IGNORECASE: "về việc quy hoạch hạ tầng …" in a citation's title); with `titled`, also the types named
    only as what a citation issues."""
    named_words = [w for dt in tables().doc_types if dt.named or (titled and dt.titled) for w in dt.words]
    return re.compile(rf"(?<![\w])(?P<tw>{alternation(named_words)})\s+", flags)  # "Chương \ntrình" too


def find_named(doc: Document, taken: SpanSet) -> list[RefMention]:
    text = doc.norm
    refs: list[RefMention] = []
    spans = taken
    for m in _quoted_re().finditer(text):
        tw, title = (m.group("tw"), m.group("title")) if m.group("tw") else (m.group("tw2"), m.group("title2"))
        if not tw[:1].isupper() or spans.overlaps(m.start(), m.end()):
            continue
        dt = tables().doc_type_for_word(tw)
        if dt is None or len(tw) < 3:
            continue
        title = " ".join(title.split())
        refs.append(
            RefMention(
                nstart=m.start(),
                nend=m.end(),
                form="named",
                doc_type=dt.name,
                canonical=f"{dt.name} {title}",
                title=title,
            )
        )
        spans.add(m.start(), m.end())
    lex = tables().lexicon
    amending_end = 0  # where the list of laws an amending law names ends: its tail is that law's
    for m in _named_re().finditer(text):
        tw = m.group("tw")
        if not tw[:1].isupper() or spans.overlaps(m.start(), m.end()):
            continue
        dt = tables().doc_type_for_word(tw)
        if dt is None:
            continue
        sent_start, sent_end = sentence_bounds(doc, m.start())
        name_start = m.end()
        first = re.match(r"\w+", text[name_start:])
        if not first:
            continue
        amending = _AMENDING.match(text, name_start) if dt.name in _LAW_TYPES else None
        if amending:
            # "Luật sửa đổi, bổ sung một số điều của Luật X và Luật Y": one law named by those it amends, which are
            # found on their own too (its span is not taken).
            end = _amended_laws_end(text, amending.end(), max(sent_end, name_start + 1))
            name, repaired = _repaired(_as_written(doc, name_start, end))
            law = RefMention(nstart=m.start(), nend=end, form="named", doc_type=dt.name,
                             canonical=f"{dt.name} {name}", repaired=repaired)
            parse_tail(doc, law, max(sent_end, end))
            refs.append(law)
            amending_end = end
            continue
        if dt.name in _LAW_TYPES:
            # A named law: "Luật Công nghệ thông tin" (capitalised first word, not "Luật sư").
            known = _law_names()[dt.name].match(text, name_start, max(sent_end, name_start + 1))
            if not known and (not first.group(0)[:1].isupper() or first.group(0).lower() in lex["law_non_names"]):
                continue
            if preceded_by(text, m.start(), "law_institutions"):
                continue
            end = _law_name_end(text, dt.name, name_start, max(sent_end, name_start + 1))
        else:
            organ = dt.name == "Nghị quyết" and _organ_re().match(text, name_start)
            joined = first.group(0) in ("và", "hoặc")  # "Nghị quyết và báo cáo …": two things, no name
            opens = _opens_name(text, name_start)
            if joined or (not organ and not opens and (not first.group(0)[:1].islower()
                                                          or first.group(0) in lex["name_stops"])):
                continue
            if not _cites_named(text[max(sent_start, m.start() - 40) : m.start()]):
                continue
            end = document_name_end(text, name_start, max(sent_end, name_start + 1))
            # A capitalised type word before a name of three words or more, or one with a period or a proper
            # noun, names one document; "Kế hoạch đề ra" does not.
            if len(text[name_start:end].split()) < 3 and not _specific(text[name_start:end]):
                continue
        name = _as_written(doc, name_start, end)
        if not name:
            continue
        if dt.name in _LAW_TYPES:
            name = name[:1].upper() + name[1:]  # "Luật xây dựng" names Luật Xây dựng
        name, repaired = _repaired(name)
        ref = RefMention(
            nstart=m.start(), nend=end, form="named", doc_type=dt.name, canonical=f"{dt.name} {name}",
            repaired=repaired,
        )
        if dt.name in _LAW_TYPES:
            passed = _LAW_YEAR.match(text, end)
            if passed:  # "Luật Đất đai năm 2003": the year the law was passed
                ref.issue_date = passed.group("year")
                ref.issue_date_span = (passed.start("span"), passed.end())
        # "Luật sửa đổi, bổ sung … Luật A, Luật B ngày …": the date is the amending law's, not Luật B's.
        parse_tail(doc, ref, end if m.start() < amending_end else max(sent_end, end))
        refs.append(ref)
        spans.add(m.start(), end)
    return refs


_NAME_OPENING = re.compile(rf"(?:năm\s+{YEAR}|về\s+(?!việc\b)\w)")


def _opens_name(text: str, pos: int) -> bool:
    """'năm 2025 …', 'về công tác …': words that stop an agency's name but open a document's ("Kế hoạch năm 2025
    của …", "Quy chế về công tác trực ban …")."""
    return bool(_NAME_OPENING.match(text, pos))


@cache
def _organ_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{words_re('named_doc_organs')})(?![\w])")


@cache
def _constitution_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{words_re('constitution_names')})(?:\s+năm\s+{YEAR})?(?![\w/])")


def find_constitution(doc: Document, taken: SpanSet) -> list[RefMention]:
    """"Hiến pháp năm 2013": the Constitution, named with its year where written."""
    refs = []
    for m in _constitution_re().finditer(doc.norm):
        if not taken.overlaps(m.start(), m.end()):
            refs.append(RefMention(nstart=m.start(), nend=m.end(), form="named", doc_type="Hiến pháp",
                                   canonical=_as_written(doc, m.start(), m.end())))
            taken.add(m.start(), m.end())
    return refs


_LAW_YEAR = re.compile(rf"\s+(?P<span>năm\s+(?P<year>{YEAR}))(?![\d/])", re.IGNORECASE)
_LAW_TYPES = {"Luật": "laws", "Bộ luật": "codes", "Pháp lệnh": "ordinances"}


@cache
def _law_names() -> dict[str, re.Pattern[str]]:
    """Per law type, the known names (data/laws.yaml) as one case-insensitive pattern, longest first."""
    table = load("laws")
    return {
        doc_type: re.compile(rf"(?:{alternation(table[key])})(?![\w])", re.IGNORECASE)
        for doc_type, key in _LAW_TYPES.items()
    }


_AMENDING = re.compile(r"sửa đổi,?\s*bổ sung(?:\s+một số điều)?(?:\s+của)?\s+(?=(?:Luật|Bộ luật|Pháp lệnh)\s)")
_AMENDED = re.compile(r"(?P<type>Luật|Bộ luật|Pháp lệnh)\s+")
_NEXT_LAW = re.compile(r"\s*(?:,|và|,\s*và)\s+(?=(?:Luật|Bộ luật|Pháp lệnh)\s)")


def _amended_laws_end(text: str, pos: int, limit: int) -> int:
    """Where the list of laws an amending law names ends: "Luật A, Luật B và Luật C"."""
    while True:
        law = _AMENDED.match(text, pos, limit)
        if law is None:
            return pos
        end = _law_name_end(text, law.group("type"), law.end(), limit)
        more = _NEXT_LAW.match(text, end, limit)
        if more is None:
            return end
        pos = more.end()


# What a law's name ends with: its year written bare ("Luật Năng lượng nguyên tử 2025", the one of 2025 and not of
# 2008) or a draft's "(sửa đổi)".
_LAW_SUFFIX = re.compile(rf"\s*\((?:sửa đổi|sửa đổi, bổ sung)\)|\s+{YEAR}(?![\d/])")


def _law_name_end(text: str, doc_type: str, start: int, limit: int) -> int:
    known = _law_names()[doc_type].match(text, start, limit)
    if known:
        end = known.end()
    else:
        end = walk_name(text, start, limit, max_words=6)
        # "Luật Phòng, chống tham nhũng": the comma belongs to the name.
        more = re.match(r",\s*chống\s+", text[end:limit])
        if more:
            end = walk_name(text, end + more.end(), limit, max_words=6)
    suffix = _LAW_SUFFIX.match(text, end, limit)
    return suffix.end() if suffix else end


@cache
def _cite_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(rf"(?<![\w])(?:{words_re('named_doc_cites')})\s*$", re.IGNORECASE),
        re.compile(rf"(?<![\w])(?:{words_re('named_doc_drafts')})(?:\s+\S+){{0,3}}\s*$", re.IGNORECASE),
    )


def _cites_named(left: str) -> bool:
    """A text cites a named plan ("Thực hiện Chương trình …"); one it is still to draft or issue is no citation."""
    cites, drafts = _cite_re()
    return bool(cites.search(left)) and not drafts.search(left)


_PERIOD_TAIL = re.compile(rf"\s+(?:năm\s+{YEAR}|giai đoạn\s+{YEAR}\s*-\s*{YEAR})(?!\d)", re.IGNORECASE)


def _extend_with_period(text: str, end: int, limit: int) -> int:
    m = _PERIOD_TAIL.match(text, end, max(limit, end))
    return m.end() if m else end


def _specific(name: str) -> bool:
    """A plan's name names one document when it has a year, a period or a proper noun."""
    if re.search(rf"(?:năm|giai đoạn|thời kỳ|đến)\s+{YEAR}", name):
        return True
    words = name.split()
    return any(w[:1].isupper() for w in words[1:]) and len(words) >= 3


def _as_written(doc: Document, start: int, end: int) -> str:
    """A name as the text writes it ("Văn hoá" stays), composed (NFC), its line breaks and spaces joined (§1)."""
    return " ".join(unicodedata.normalize("NFC", doc.original(start, end)).split())


# Two years a PDF glued together: "giai đoạn 20112020" is 2011-2020.
_GLUED_YEARS = re.compile(rf"(?<!\d)({YEAR})({YEAR})(?!\d)")


def _repaired(name: str) -> tuple[str, bool]:
    """A name with PDF damage repaired (spec §1), and whether any was."""
    fixed = _GLUED_YEARS.sub(lambda m: f"{m.group(1)}-{m.group(2)}" if m.group(2) > m.group(1) else m.group(0), name)
    return fixed, fixed != name


_TITLED_MAX = 320  # characters a named document's name may run to its clause's end


@cache
def _titled_gaps() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What lies between a citation and a document it names: its title ("… của Thủ tướng Chính phủ về việc
    phê duyệt ") or a coordination ("… của Chính phủ và ")."""
    # "của Thủ tướng Chính phủ", "của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch": the issuer, not its title.
    body = rf"(?:(?!\s(?:về|phê duyệt|ban hành)\s)(?:[^;,.()\n\t|]|,\s(?=[{UPPER}]))){{1,90}}?"
    tail = rf"(?:\s+ngày\s+\d[\d/.\-]*(?:\s+tháng\s+\d{{1,2}}\s*,?\s+năm\s+\d{{4}})?|\s+của\s+{body})*"
    return (
        # A verb (or "về việc") is needed: "về Chiến lược …" is what the citation is about, "phê duyệt Chiến lược …"
        # what it issues.
        re.compile(rf"^{tail}\s+(?:(?:về\s+(?:việc\s+)?)?(?:{words_re('named_doc_titles')})|về\s+việc)\s+$",
                   re.IGNORECASE),
        re.compile(rf"^{tail}\s*(?:,\s*|\s+và\s+)$", re.IGNORECASE),
    )



def find_titled(doc: Document, full: list[RefMention], taken: SpanSet) -> list[RefMention]:
    """Documents a citation names as its object ("Quyết định số 1132/QĐ-TTg … về việc phê duyệt Chiến lược hạ
    tầng số đến năm 2025 và định hướng đến năm 2030") or beside it ("Nghị quyết số 71/NQ-CP … và Kế hoạch hành
    động của …"). They exist whatever their case, and the name runs to the end of its clause."""
    text = doc.norm
    cited = sorted(full, key=lambda r: r.nend)
    ends = [r.nend for r in cited]
    starts = sorted(r.nstart for r in full)
    title_gap, sibling_gap = _titled_gaps()
    stops = tables().lexicon["name_stops"]
    refs: list[RefMention] = []
    for m in _named_re(re.IGNORECASE, titled=True).finditer(text):
        if taken.overlaps(m.start(), m.end()) or m.group("tw").isupper():
            continue  # a type word in capitals heads a title line, the document's own
        before = bisect_right(ends, m.start()) - 1
        if before < 0 or m.start() - ends[before] > 200:
            continue
        gap = text[ends[before] : m.start()]
        titled = title_gap.match(gap)
        if not titled and not (sibling_gap.match(gap) and m.group("tw")[:1].isupper()):
            continue
        dt = tables().doc_type_for_word(m.group("tw"))
        if dt is not None and not dt.named and m.group("tw")[:1].islower():
            continue  # "… quy định chức năng": the verb
        if dt is None or dt.name in _LAW_TYPES or preceded_by(text, m.start(), "named_doc_not_after"):
            continue  # a law's name is read by find_named; "Bộ Kế hoạch và Đầu tư" is a ministry
        if _names_a_draft(text, m.end()):
            continue  # "dự án Luật …": the draft of another document
        # "Chương trình hành động của …": a longer type word is part of the name.
        head = re.match(alternation([dt.name]), m.group("tw"), re.IGNORECASE)
        name_start = m.start() + head.end() if head and head.end() < len(m.group("tw")) else m.end()
        first = re.compile(r"\s*(\w+)").match(text, name_start)
        word = first.group(1).lower() if first else ""
        if not word or word in ("và", "hoặc") or (word in stops and not _opens_name(text, first.start(1))):
            continue
        end = _clause_end(doc, m.end(), starts)
        if end - m.end() > _TITLED_MAX:
            end = _extend_with_period(text, walk_name(text, m.end(), end, max_words=14), end)
        name = _as_written(doc, name_start, end)
        if len(name.split()) < 2 or (m.group("tw")[:1].islower() and not _specific(name)):
            continue  # "ban hành quy chế làm việc": a lower-case type word needs a year, a period or a proper noun
        name, repaired = _repaired(name)
        refs.append(RefMention(nstart=m.start(), nend=end, form="named", doc_type=dt.name,
                               canonical=f"{dt.name} {name}", repaired=repaired))
        taken.add(m.start(), end)
    return refs


@cache
def _appositive() -> re.Pattern[str]:
    return re.compile(rf"(?:{words_re('appositive_heads')})(?![\w])")


_COMMA_CAPITAL = re.compile(rf",\s+(?=[{UPPER}])")
_CLAUSE_END = re.compile(r"[;()\n\t|]|\s(?=[^\W\d_a-zà-ỹđ]{2,}\s+[^\W\d_a-zà-ỹđ]{2,}\s)")  # a heading in capitals


@cache
def _clause_opener() -> re.Pattern[str]:
    """A comma that starts the sentence's next clause: ", các đơn vị thực hiện" (one before a capital may be
    inside a name: "Bộ Văn hóa, Thể thao và Du lịch", "Tổng Bí thư Tô Lâm, Trưởng Ban Chỉ đạo …")."""
    return re.compile(rf",\s+(?:{words_re('clause_openers')})(?![\w])")




@cache
def _type_word_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{type_word_re()})(?![\w])", re.IGNORECASE)


def _names_a_draft(text: str, start: int) -> bool:
    return bool(_type_word_re().match(text, start, start + 30))
_SIBLING_BEFORE = re.compile(r"(?:,|\svà|\shoặc)\s*(?:các\s+)?(?:số\s*)?$", re.IGNORECASE)


def _clause_end(doc: Document, start: int, citation_starts: list[int]) -> int:
    """Where a name that runs to its clause's end stops: at ';', '(', a cell, a heading in capitals, the line's or
    sentence's end, or a citation joined by 'và' or ',' (one nested in the name, "thực hiện Nghị quyết số
    57-NQ/TW …", stays)."""
    text = doc.norm
    limit = sentence_bounds(doc, start)[1]
    stop = _CLAUSE_END.search(text, start, limit)
    end = stop.start() if stop else limit
    opener = _clause_opener().search(text, start, end)
    end = opener.start() if opener else end
    # ", Sở triển khai": a comma before a capital opens the sentence's next clause, unless it is inside a body's name
    # or a person's further title follows it.
    for comma in _COMMA_CAPITAL.finditer(text, start, end):
        if not comma_in_name(text, comma.start(), start) and not _appositive().match(text, comma.end()):
            end = comma.start()
            break
    for cited in citation_starts[bisect_right(citation_starts, start) :]:
        if cited >= end:
            break
        joint = _SIBLING_BEFORE.search(text, max(start, cited - 12), cited)
        if joint:
            end = joint.start()
            break
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.:"):
        end -= 1
    return end

