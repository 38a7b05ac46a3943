"""Find mentions of legal and administrative documents (spec §1).

Three shapes are found here, each a small function over the document's normalized view:
full citations with a number and symbol ("Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 của …"),
short forms with a number only ("Quyết định 1982", "Đề án 06"), and named documents without a
number ("Luật Công nghệ thông tin", Đề án “…”). Linking short forms to full citations and binding
issuers from context is `resolve.py`'s job.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache

from extractor.components.items import RefMention
from extractor.lexicon.citations import core_re, parse_core
from extractor.lexicon.names import issuer_canonical, match_issuer_phrase, walk_name
from extractor.lexicon.patterns import (
    DAY_DATE,
    UPPER,
    YEAR,
    alternation,
    day_date_value,
    load,
    symbol_key,
    tables,
    type_word_re,
    words_re,
)
from extractor.text.document import Document
from extractor.text.spans import SpanSet

# -- regular expressions -----------------------------------------------------------------------------






@cache
def _type_word_before_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?P<tw>{type_word_re()})\s*\(?\s*(?:số\s*(?:hiệu)?)?\s*:?\s*$", re.IGNORECASE)


@cache
def _named_type_before_re() -> re.Pattern[str]:
    """'Luật Đất đai số 31/2024/QH15': a law's name between its type word and its number."""
    words = [w for dt in tables().doc_types if dt.named for w in dt.words if w[:1].isupper()]
    return re.compile(
        rf"(?<![\w])(?P<tw>{alternation(words)})\s+(?P<name>[{UPPER}][^\n.;:()“”\"]{{1,90}}?)\s+số\s*:?\s*$"
    )


# "Số 84 QĐ/TWĐTN": the Party and Youth Union style written with a space for the hyphen.
_SPACED_PARTY_TYPES = frozenset({"QD", "NQ", "CT", "KL", "HD", "BC", "TB", "KH", "CTR", "TTR", "QDI", "DA"})
_SO_BEFORE = re.compile(r"(?:^|[^\w])(?:số|ký hiệu|Số)\s*:?\s*$", re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,|;|và|hoặc|,\s*và)?\s*(?:các\s+)?(?:số\s*)?:?\s*$", re.IGNORECASE)


@cache
def _tail_res() -> dict[str, re.Pattern[str]]:
    return {
        "date": re.compile(
            rf"\s*[,(]?\s*(?:(?:được\s+|đã\s+)?(?:ký(?:\s+ban hành)?|ban hành)\s+)?(?:vào\s+)?"
            rf"(?P<shared>cùng\s+)?ngày\s+(?P<date>{DAY_DATE})",
            re.IGNORECASE,
        ),
        "issuer": re.compile(r"\s*,?\s*(?:(?:được\s+)?ban hành bởi|của|do|giữa|được)\s+", re.IGNORECASE),
        "term": re.compile(r"\s*\((?:khóa|nhiệm kỳ)\s+[^)\n]{1,20}\)", re.IGNORECASE),
        "title": re.compile(r"\s*,?\s*(?:về việc|về|V/v|v/v)\s+", re.IGNORECASE),
        "title_verb": re.compile(r"\s*,?\s*(?=(?:phê duyệt|ban hành|quy định|hướng dẫn|sửa đổi)\s)", re.IGNORECASE),
        "quoted": re.compile(r"\s*[“\"«](?P<q>[^”\"»\n]{3,300})[”\"»]"),
    }


@cache
def _short_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w])(?P<tw>{type_word_re()})\s+(?P<so>số\s*:?\s*)?(?P<num>\d{{1,5}}[a-zđ]?)"
        rf"(?:/(?P<year>{YEAR}))?(?![\w/]|[-.,]\d)",
        re.IGNORECASE,
    )


@cache
def _backref_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?P<tw>{type_word_re()})\s+(?:nêu trên|nói trên|đã nêu|trên)(?![\w])")


@cache
def _quoted_re() -> re.Pattern[str]:
    """Đề án “Xác định …”, and a quoted name that opens with its type: “Chương trình Chuyển đổi số quốc gia …”."""
    return re.compile(
        rf"(?<![\w])(?P<tw>{type_word_re()})\s*[“\"«](?P<title>[^”\"»\n]{{3,300}})[”\"»]"
        rf"|(?<=[“\"«])(?P<tw2>{type_word_re()})\s+(?P<title2>[^”\"»\n]{{3,300}})(?=[”\"»])"
    )


@cache
def _named_re(flags: int = 0) -> re.Pattern[str]:
    """A type word that can name a document without a number, and the space after it (any case with
    re.IGNORECASE: "về việc quy hoạch hạ tầng …" in a citation's title)."""
    named_words = {w for dt in tables().doc_types if dt.named for w in dt.words}
    alternatives = "|".join(map(re.escape, sorted(named_words, key=len, reverse=True)))
    return re.compile(rf"(?<![\w])(?P<tw>{alternatives})\s+", flags)


# -- full citations --------------------------------------------------------------------------------------








def _plausible(core: dict, m: re.Match[str], has_cue: bool) -> bool:
    """Reject number/letter pairs that are not document numbers ('19/AIDS')."""
    t = tables()
    symbol_text = m.group(0)[len(m.group("num")) :]
    if not any(c.isupper() for c in symbol_text):
        first = re.search(r"[A-Za-zĐđ&]+", symbol_text)
        return has_cue and first is not None and bool(
            t.doc_type_for_abbr(first.group(0)) or t.issuer(first.group(0))
        )
    if m.group("stype"):
        return has_cue and symbol_key(m.group("stype")) in _SPACED_PARTY_TYPES
    if m.group("ptype"):
        return has_cue or t.doc_type_for_abbr(m.group("ptype"), party=True) is not None
    if has_cue or (core["system"] == "normative" and core["type_abbr"]):
        return True
    if core["type_abbr"]:
        return True
    issuer = core["issuer_code"]
    return bool(issuer) and t.issuer(issuer) is not None and "-" in (m.group("asym") or m.group("nsym") or "")


def _doc_type(core: dict, type_word: str | None) -> str | None:
    t = tables()
    by_word = t.doc_type_for_word(type_word) if type_word else None
    by_abbr = None
    if core.get("type_abbr"):
        by_abbr = t.doc_type_for_abbr(core["type_abbr"], party=core["system"] == "party")
    # A type word wins, unless it is generic ("văn bản số 12/QĐ-UBND") or a lower-case verb reading
    # ("theo quy định số 16/2005/NĐ-CP") that the abbreviation contradicts.
    overruled = by_abbr is not None and (by_word is not None and by_word.name != by_abbr.name) and (
        by_word.name == "Công văn" or not (type_word or "")[:1].isupper()
    )
    if by_word and not overruled:
        return by_word.name
    if by_abbr:
        return by_abbr.name
    if core["system"] == "administrative" and core.get("issuer_code"):
        return "Công văn"
    if core["system"] == "normative" and symbol_key(core.get("issuer_code") or "").startswith("QH"):
        return None  # a law or a resolution of the National Assembly: the symbol does not say which
    return None


def _sentence_bounds(doc: Document, npos: int) -> tuple[int, int]:
    sent = doc.sentence_at(npos)
    return (sent.nstart, sent.nend) if sent else (0, len(doc.norm))


_TAIL_WINDOW = 500  # how far after a citation its date, issuer and title are looked for


def _parse_tail(doc: Document, ref: RefMention, limit: int) -> None:
    """Issue date, issuer phrase and title written after a citation."""
    text = doc.norm
    res = _tail_res()
    pos = ref.nend
    limit = min(limit, pos + _TAIL_WINDOW)
    for _ in range(4):
        m = res["date"].match(text, pos, limit)
        if m and ref.issue_date is None:
            value = day_date_value(m)
            if value:
                ref.issue_date = value
                ref.issue_date_span = (m.start("date"), m.end("date"))
                ref.extra["shared_date"] = bool(m.group("shared"))
                pos = m.end()
                continue
        m = res["issuer"].match(text, pos, limit)
        if m and "issuer_text" not in ref.extra:
            phrase = match_issuer_phrase(text, m.end(), limit)
            if phrase:
                ref.issuer = issuer_canonical(text[phrase[0] : phrase[1]])
                ref.issuer_basis = "context"
                ref.extra["issuer_text"] = text[phrase[0] : phrase[1]]
                pos = phrase[1]
                continue
        m = res["term"].match(text, pos, limit)
        if m:
            pos = m.end()
            continue
        break
    ref.tail_end = pos
    m = res["quoted"].match(text, pos, limit)
    if m:
        ref.title = m.group("q").strip()
        return
    m = res["title"].match(text, pos, limit) or res["title_verb"].match(text, pos, limit)
    if m:
        stop = re.compile(r"[.;:!?\n]|\s(?:thì|để|nhằm|trong tháng|trong năm)\s").search(text, m.end(), limit)
        end = stop.start() if stop else limit
        title = text[m.end() : end].strip(" ,")
        if 3 <= len(title) <= 300:
            ref.title = title


def find_full(doc: Document, exclude: list[tuple[int, int]]) -> list[RefMention]:
    text = doc.norm
    refs: list[RefMention] = []
    tw_re = _type_word_before_re()
    for m in core_re().finditer(text):
        if any(a <= m.start() < b for a, b in exclude):
            continue
        sent_start, sent_end = _sentence_bounds(doc, m.start())
        left = text[max(sent_start, m.start() - 120) : m.start()]
        tw = tw_re.search(left)
        named = _named_type_before_re().search(left)
        if named and (tw is None or not tw.group("tw")[:1].isupper()):
            tw = named
        start = m.start() - (len(left) - tw.start()) if tw else m.start()
        type_word = tw.group("tw") if tw else None
        listed = False
        if type_word is None and refs:
            prev = refs[-1]
            gap = text[prev.tail_end : m.start()] if prev.tail_end <= m.start() else None
            if gap is not None and len(gap) <= 25 and _LIST_GAP.match(gap) and prev.extra.get("type_word"):
                type_word = prev.extra["type_word"]
                listed = True
        core = parse_core(m)
        has_cue = bool(type_word) or bool(_SO_BEFORE.search(left))
        if not _plausible(core, m, has_cue):
            continue
        ref = RefMention(
            nstart=start,
            nend=m.end(),
            form="full",
            doc_type=_doc_type(core, type_word),
            canonical=core["canonical"],
            system=core["system"],
            number=core["number"],
            year=core["year"],
            symbol=core["symbol"],
            type_abbr=core["type_abbr"],
            issuer_code=core["issuer_code"],
            repaired=core["repaired"],
            core_span=(m.start(), m.end()),
        )
        ref.extra["type_word"] = type_word
        ref.extra["listed"] = listed
        if tw is not None and "name" in tw.groupdict() and tw.group("name"):
            ref.title = " ".join(tw.group("name").split())
            ref.extra["named_as"] = f"{ref.doc_type} {ref.title}"  # "Luật Đất đai số 31/2024/QH15"
        _bind_symbol_issuer(ref)
        _parse_tail(doc, ref, max(sent_end, m.end()))
        if ref.extra.get("shared_date"):
            _share_date_with_list(refs, ref)
        refs.append(ref)
    return refs


def _share_date_with_list(refs: list[RefMention], last: RefMention) -> None:
    """'Quyết định số 113/2004/QĐ-UB và số 114/2004/QĐ-UB cùng ngày 23-4-2004': one date for the list."""
    current = last
    for ref in reversed(refs):
        if not current.extra.get("listed") or ref.issue_date is not None:
            break
        ref.issue_date = last.issue_date
        current = ref


def _bind_symbol_issuer(ref: RefMention) -> None:
    if not ref.issuer_code:
        return
    issuer = tables().issuer(ref.issuer_code)
    if issuer is None:
        return
    ref.issuer = issuer.name
    ref.issuer_local = issuer.local
    ref.issuer_basis = "unknown" if issuer.local else "symbol"


# -- short forms, back-references and named documents ------------------------------------------------------


def find_short(doc: Document, taken: SpanSet) -> list[RefMention]:
    text = doc.norm
    refs = []
    for m in _short_re().finditer(text):
        if taken.overlaps(m.start(), m.end()) or _preceded_by(text, m.start(), "short_ref_not_after"):
            continue  # "Ban Quản lý Dự án 85": a project's management board, not a document
        tw = m.group("tw")
        loose = not (tw[:1].isupper() or m.group("so") or m.group("year"))
        dt = tables().doc_type_for_word(tw)
        ref = RefMention(
            nstart=m.start(),
            nend=m.end(),
            form="short",
            doc_type=dt.name if dt else None,
            number=m.group("num"),
            year=int(m.group("year")) if m.group("year") else None,
            core_span=(m.start("num"), m.end()),
        )
        ref.extra["numbered_with_so"] = bool(m.group("so"))
        _parse_tail(doc, ref, max(_sentence_bounds(doc, m.start())[1], m.end()))
        if loose and ref.issue_date is None:
            continue  # "quyết định 3 vấn đề" is a verb; "quyết định 130 ngày 20/6/1975" a document
        # What the tail says of the issuer only helps to pick the antecedent.
        ref.issuer_hint, ref.issuer, ref.issuer_basis = ref.issuer, None, "unknown"
        refs.append(ref)
    for m in _backref_re().finditer(text):
        if taken.overlaps(m.start(), m.end()):
            continue
        dt = tables().doc_type_for_word(m.group("tw"))
        refs.append(
            RefMention(nstart=m.start(), nend=m.end(), form="short", doc_type=dt.name if dt else None, backref=True)
        )
    return refs


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
    for m in _named_re().finditer(text):
        tw = m.group("tw")
        if not tw[:1].isupper() or spans.overlaps(m.start(), m.end()):
            continue
        dt = tables().doc_type_for_word(tw)
        if dt is None:
            continue
        sent_start, sent_end = _sentence_bounds(doc, m.start())
        name_start = m.end()
        first = re.match(r"\w+", text[name_start:])
        if not first:
            continue
        if dt.name in _LAW_TYPES:
            # A named law: "Luật Công nghệ thông tin" (capitalised first word, not "Luật sư").
            known = _law_names()[dt.name].match(text, name_start, max(sent_end, name_start + 1))
            if not known and (not first.group(0)[:1].isupper() or first.group(0).lower() in lex["law_non_names"]):
                continue
            if _preceded_by(text, m.start(), "law_institutions"):
                continue
            end = _law_name_end(text, dt.name, name_start, max(sent_end, name_start + 1))
        else:
            if not first.group(0)[:1].islower() or first.group(0) in lex["name_stops"]:
                continue
            if not _cites_named(text[max(sent_start, m.start() - 40) : m.start()]):
                continue
            end = walk_name(text, name_start, max(sent_end, name_start + 1), max_words=14)
            end = _extend_with_period(text, _extend_with_owner(text, name_start, end, sent_end), sent_end)
            if not _specific(text[name_start:end]):
                continue
        name = _as_written(doc, name_start, end)
        if not name:
            continue
        name = name[:1].upper() + name[1:]  # "Luật xây dựng" names Luật Xây dựng
        ref = RefMention(
            nstart=m.start(), nend=end, form="named", doc_type=dt.name, canonical=f"{dt.name} {name}"
        )
        if dt.name in _LAW_TYPES:
            passed = _LAW_YEAR.match(text, end)
            if passed:  # "Luật Đất đai năm 2003": the year the law was passed
                ref.issue_date = passed.group("year")
                ref.issue_date_span = (passed.start("span"), passed.end())
        _parse_tail(doc, ref, max(sent_end, end))
        refs.append(ref)
        spans.add(m.start(), end)
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


def _law_name_end(text: str, doc_type: str, start: int, limit: int) -> int:
    known = _law_names()[doc_type].match(text, start, limit)
    if known:
        return known.end()
    end = walk_name(text, start, limit, max_words=6)
    # "Luật Phòng, chống tham nhũng": the comma belongs to the name.
    more = re.match(r",\s*chống\s+", text[end:limit])
    if more:
        end = walk_name(text, end + more.end(), limit, max_words=6)
    return end


@cache
def _words_before(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{words_re(key)})\s*$")  # case counts: "Hội " opens a name, "Quốc hội " not


def _preceded_by(text: str, pos: int, key: str) -> bool:
    """One of the lexicon's `key` words right before `pos`: "Trường Đại học " before "Luật", "Bộ " before
    "Kế hoạch", "Ban Quản lý " before "Dự án 85"."""
    return bool(_words_before(key).search(text, max(0, pos - 30), pos))


@cache
def _cite_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(rf"(?:{words_re('named_doc_cites')})\s*$", re.IGNORECASE),
        re.compile(rf"(?:{words_re('named_doc_drafts')})(?:\s+\S+){{0,3}}\s*$", re.IGNORECASE),
    )


def _cites_named(left: str) -> bool:
    cites, drafts = _cite_re()
    return bool(cites.search(left)) and not drafts.search(left)


_PERIOD_TAIL = re.compile(rf"\s+(?:năm\s+{YEAR}|giai đoạn\s+{YEAR}\s*-\s*{YEAR})(?!\d)", re.IGNORECASE)


def _extend_with_period(text: str, end: int, limit: int) -> int:
    m = _PERIOD_TAIL.match(text, end, max(limit, end))
    return m.end() if m else end


_OWNER = re.compile(rf"\s+của\s+(?=[{UPPER}])")


def _extend_with_owner(text: str, start: int, end: int, limit: int) -> int:
    """'Chương trình chuyển đổi số của Thành phố': the body whose plan it is belongs to the name."""
    m = _OWNER.match(text, end, max(limit, end))
    if not m or len(text[start:end].split()) < 2:
        return end
    return walk_name(text, m.end(), max(limit, m.end() + 1), max_words=8)


def _specific(name: str) -> bool:
    """A plan's name names one document when it has a year, a period or a proper noun."""
    if re.search(rf"(?:năm|giai đoạn|thời kỳ|đến)\s+{YEAR}", name):
        return True
    words = name.split()
    return any(w[:1].isupper() for w in words[1:]) and len(words) >= 3


def _as_written(doc: Document, start: int, end: int) -> str:
    """A name as the text writes it ("Văn hoá" stays), composed (NFC), its line breaks and spaces joined (§1)."""
    return " ".join(unicodedata.normalize("NFC", doc.original(start, end)).split())


_TITLED_MAX = 320  # characters a named document's name may run to its clause's end


@cache
def _titled_gaps() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What lies between a citation and a document it names: its title ("… của Thủ tướng Chính phủ về việc
    phê duyệt ") or a coordination ("… của Chính phủ và ")."""
    # "của Thủ tướng Chính phủ", "của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch": the issuer, not its title.
    body = rf"(?:(?!\s(?:về|phê duyệt|ban hành)\s)(?:[^;,.()\n\t|]|,\s(?=[{UPPER}]))){{1,90}}?"
    tail = rf"(?:\s+ngày\s+\d[\d/.\-]*|\s+của\s+{body})*"
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
    for m in _named_re(re.IGNORECASE).finditer(text):
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
        if dt is None or dt.name in _LAW_TYPES or _preceded_by(text, m.start(), "named_doc_not_after"):
            continue  # a law's name is read by find_named; "Bộ Kế hoạch và Đầu tư" is a ministry
        if _names_a_draft(text, m.end()):
            continue  # "dự án Luật …": the draft of another document
        # "Chương trình hành động của …": a longer type word is part of the name.
        name_start = m.start() + len(dt.name) if m.group("tw").lower().startswith(dt.name.lower()) else m.end()
        first = re.match(r"\s*(\w+)", text[name_start:])
        if not first or first.group(1).lower() in stops or first.group(1).lower() in ("và", "hoặc"):
            continue
        end = _clause_end(doc, m.end(), starts)
        if end - m.end() > _TITLED_MAX:
            end = _extend_with_period(text, walk_name(text, m.end(), end, max_words=14), end)
        name = _as_written(doc, name_start, end)
        if len(name.split()) < 2 or (m.group("tw")[:1].islower() and not _specific(name)):
            continue  # "ban hành quy chế làm việc": a lower-case type word needs a year, a period or a proper noun
        refs.append(RefMention(nstart=m.start(), nend=end, form="named", doc_type=dt.name,
                               canonical=f"{dt.name} {name}"))
        taken.add(m.start(), end)
    return refs


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
    limit = _sentence_bounds(doc, start)[1]
    stop = _CLAUSE_END.search(text, start, limit)
    end = stop.start() if stop else limit
    opener = _clause_opener().search(text, start, end)
    end = opener.start() if opener else end
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


def find_legal_refs(doc: Document, exclude: list[tuple[int, int]] | None = None) -> list[RefMention]:
    """Every document mention in text order (short forms and named ones not yet resolved)."""
    exclude = exclude or []
    full = find_full(doc, exclude)
    taken = SpanSet([(r.nstart, r.nend) for r in full] + exclude)
    short = find_short(doc, taken)
    for r in short:
        taken.add(r.nstart, r.nend)
    named = find_titled(doc, full, taken) + find_named(doc, taken)
    return sorted(full + short + named, key=lambda r: r.nstart)
