"""Citations with a number: full ones with their symbol ("Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 của …"), short
forms ("Quyết định 1982", "Đề án 06") and back-references ("Quyết định nêu trên")."""

from __future__ import annotations

import re
from functools import cache

from extractor.components.items import RefMention
from extractor.components.legal_refs.context import parse_tail, preceded_by, sentence_bounds
from extractor.lexicon.citations import core_re, parse_core
from extractor.lexicon.patterns import (
    UPPER,
    YEAR,
    alternation,
    symbol_key,
    tables,
    type_word_re,
)
from extractor.text.document import Document
from extractor.text.spans import SpanSet


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
def _short_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w])(?P<tw>{type_word_re()})\s+(?P<so>số\s*:?\s*)?(?P<num>\d{{1,5}}[a-zđ]?)"
        rf"(?:/(?P<year>{YEAR}))?(?![\w/]|[-.,]\d)",
        re.IGNORECASE,
    )


@cache
def _backref_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?P<tw>{type_word_re()})\s+(?:nêu trên|nói trên|đã nêu|trên)(?![\w])")


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


def find_full(doc: Document, exclude: list[tuple[int, int]]) -> list[RefMention]:
    text = doc.norm
    refs: list[RefMention] = []
    tw_re = _type_word_before_re()
    for m in core_re().finditer(text):
        if any(a <= m.start() < b for a, b in exclude):
            continue
        sent_start, sent_end = sentence_bounds(doc, m.start())
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
        parse_tail(doc, ref, max(sent_end, m.end()))
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
        if taken.overlaps(m.start(), m.end()) or preceded_by(text, m.start(), "short_ref_not_after"):
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
        parse_tail(doc, ref, max(sentence_bounds(doc, m.start())[1], m.end()))
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

