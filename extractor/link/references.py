"""Link items to each other: short citations to full ones, issuers to places, issue dates to documents.

Each step is a small function over the mentions, in the spirit of eyecite's pluggable resolvers.
A short form with no unique antecedent stays unresolved with a reason; nothing is guessed.
"""

from __future__ import annotations

import bisect
import re

from extractor.components.items import DateItem, RefMention
from extractor.lexicon.names import issuer_canonical
from extractor.lexicon.patterns import YEAR, fold, symbol_key, tables
from extractor.lexicon.places import Province
from extractor.text.document import Document


def _number_key(number: str | None) -> str:
    if not number:
        return ""
    m = re.fullmatch(r"0*(\d+)(\w?)", number)
    return f"{m.group(1)}{m.group(2).lower()}" if m else number


def _issuer_matches(hint: str, ref: RefMention) -> bool:
    """'của Tỉnh ủy' fits 09-NQ/TU; 'của UBND tỉnh' fits 1982/QĐ-UBND."""
    hint_key = fold(hint)
    names = [ref.issuer or ""]
    if ref.issuer_code:
        issuer = tables().issuer(ref.issuer_code)
        if issuer:
            names.append(issuer.name)
    return any(n and (fold(n) in hint_key or hint_key.startswith(fold(n))) for n in names)


def resolve_short_forms(refs: list[RefMention]) -> None:
    """Point each short form at the one document it can mean, preferring a citation before it.

    Full citations are antecedents; so is a number with its year ("Quyết định số 05/2006") once it
    has been resolved or named itself, for a later "Quyết định 05"."""
    antecedents: dict[str, list[RefMention]] = {}
    for r in refs:
        if r.form == "full":
            antecedents.setdefault(_number_key(r.number), []).append(r)
    with_year = [r for r in refs if r.form == "short" and not r.backref and r.year is not None]
    for ref in with_year:
        _resolve(ref, antecedents)
    for ref in with_year:
        antecedents.setdefault(_number_key(ref.number), []).append(ref)
    last_of_type: dict[str, RefMention] = {}
    for ref in refs:
        if ref.form == "full" and ref.doc_type:
            last_of_type[ref.doc_type] = ref
        if ref.form != "short" or ref.year is not None:
            continue
        if ref.backref:
            antecedent = last_of_type.get(ref.doc_type or "")
            if antecedent is None:
                ref.resolution, ref.reason = "unresolved", "no earlier citation of this type"
            else:
                _link(ref, antecedent)
            continue
        _resolve(ref, antecedents)
    resolve_named(refs)


def resolve_named(refs: list[RefMention]) -> None:
    """A document named without its number where the text cites it with both ("Luật Ban hành văn bản quy phạm
    pháp luật số 64/2025/QH15" … "Luật Ban hành văn bản quy phạm pháp luật"): the name takes the number."""
    numbered = {fold(r.extra["named_as"]): r for r in refs if r.form == "full" and r.extra.get("named_as")}
    for ref in refs:
        full = numbered.get(fold(ref.canonical or "")) if ref.form == "named" else None
        if full is not None:
            _link(ref, full)


def _resolve(ref: RefMention, antecedents: dict[str, list[RefMention]]) -> None:
    candidates = [
        r for r in antecedents.get(_number_key(ref.number), [])
        if r is not ref
        and (r.doc_type == ref.doc_type or r.doc_type is None)
        and (ref.year is None or r.year == ref.year)
    ]
    if ref.issuer_hint:
        fitting = [r for r in candidates if _issuer_matches(ref.issuer_hint, r)]
        candidates = fitting or candidates
    distinct = {r.canonical for r in candidates}
    if len(distinct) == 1:
        before = [r for r in candidates if r.nstart < ref.nstart]
        _link(ref, before[-1] if before else candidates[0])
        return
    number = f"{ref.number}/{ref.year}" if ref.year else ref.number
    ref.canonical = f"{ref.doc_type} {number}" if ref.doc_type else number
    ref.resolution = "unresolved"
    if distinct:
        ref.reason = "ambiguous: " + ", ".join(sorted(c for c in distinct if c))
        ref.extra["ambiguous"] = True
    else:
        ref.reason = f"no full citation of {ref.doc_type} {number} in the text"


def _link(short: RefMention, full: RefMention) -> None:
    short.canonical = full.canonical
    short.year = short.year or full.year
    short.resolution = "resolved"
    short.resolved_to = full


def set_aside_short_forms(refs: list[RefMention]) -> tuple[list[RefMention], list[RefMention]]:
    """(references kept, ambiguous short forms for the warnings).

    An unresolved 'Kế hoạch 2023' is more likely a year, 'Phương án 2' an option, than a document:
    dropped. A short form that fits several citations names none of them for sure: set aside."""
    kept, ambiguous = [], []
    for ref in refs:
        if ref.form == "short" and ref.resolution == "unresolved":
            if ref.extra.get("ambiguous"):
                ambiguous.append(ref)
                continue
            loose = not ref.extra.get("numbered_with_so") and ref.year is None
            if ref.backref or (loose and (re.fullmatch(YEAR, ref.number or "") or len(ref.number or "") < 2)):
                continue
        kept.append(ref)
    return kept, ambiguous


_ISSUED_WINDOW = 200
_ISSUED_BEFORE = re.compile(
    r"(?<![\w])(?:ban hành|ký|ký ban hành|công bố|ra|có|gửi|phát hành|đưa ra)\s*(?:\(\s*)?$", re.IGNORECASE
)


def bind_preceding_issue_dates(doc: Document, refs: list[RefMention], dates: list[DateItem]) -> None:
    """'Ngày 11/4/2024, UBND tỉnh ban hành Quyết định số 205/QĐ-UBND': the date is the issue date.

    Only where the date is the one date written before the reference in its sentence, no other
    citation comes between, and 'ban hành' (ký, ra, có …) stands right before the reference."""
    date_starts = [d.nstart for d in dates]
    full_starts = [r.nstart for r in refs if r.form == "full"]
    for ref in refs:
        if ref.issue_date or ref.backref or ref.resolution == "resolved":
            continue
        sent = doc.sentence_at(ref.nstart)
        if sent is None or ref.nstart - sent.nstart > _ISSUED_WINDOW:
            continue
        if not _ISSUED_BEFORE.search(doc.norm[sent.nstart : ref.nstart]):
            continue
        lo, hi = bisect.bisect_left(date_starts, sent.nstart), bisect.bisect_left(date_starts, ref.nstart)
        others = bisect.bisect_left(full_starts, ref.nstart) - bisect.bisect_left(full_starts, sent.nstart)
        if hi - lo != 1 or others:
            continue
        date = dates[lo]
        if date.granularity == "day" and not date.is_range and date.start.year is not None:
            ref.issue_date = date.value
            ref.issue_date_span = (date.nstart, date.nend)


def bind_issuers(refs: list[RefMention], provinces: list[Province]) -> None:
    """Name the place of a local issuer ('UBND', 'TU') from the phrase after it or the document's province."""
    province = provinces[0] if len(provinces) >= 1 else None
    for ref in refs:
        if ref.form != "full":
            continue
        written = ref.extra.get("issuer_text")
        if written and _names_a_place(written):
            continue  # "của UBND tỉnh Nghệ An": already specific
        if not (ref.issuer_local or (written and re.search(r"(?:tỉnh|Tỉnh)\b|ủy$", written))):
            continue
        base = ref.issuer or ""
        if province is None:
            ref.issuer_basis = "unknown" if not written else ref.issuer_basis
            continue
        ref.issuer = _with_place(base, province)
        ref.issuer_basis = "document_place"


def _names_a_place(phrase: str) -> bool:
    return bool(re.search(r"(?:tỉnh|thành phố|huyện|xã|phường|TP\.?)\s+[A-ZĐ]", phrase))


def _with_place(name: str, province: Province) -> str:
    kind = "thành phố" if province.type == "thanh_pho" else "tỉnh"
    stripped = re.sub(r"\s+(?:tỉnh|thành phố)$", "", name)
    if symbol_key(stripped) in ("TỈNH ỦY", "THÀNH ỦY") or stripped in ("Tỉnh ủy", "Thành ủy"):
        return f"{'Thành ủy' if province.type == 'thanh_pho' else 'Tỉnh ủy'} {province.name}"
    return f"{stripped} {kind} {province.name}"


def propagate(refs: list[RefMention]) -> None:
    """Every mention of one document carries what any mention says of it (date, title, issuer)."""
    by_canonical: dict[str, list[RefMention]] = {}
    for ref in refs:
        if ref.canonical:
            by_canonical.setdefault(fold(ref.canonical), []).append(ref)
    for group in by_canonical.values():
        for attr in ("issue_date", "title", "doc_type", "issuer"):
            value = next((getattr(r, attr) for r in group if r.form == "full" and getattr(r, attr)), None)
            value = value or next((getattr(r, attr) for r in group if getattr(r, attr)), None)
            for r in group:
                if getattr(r, attr) is None and value is not None:
                    setattr(r, attr, value)
        basis = next((r.issuer_basis for r in group if r.form == "full"), None)
        for r in group:
            if r.form == "short" and basis:
                r.issuer_basis = basis
        if group[0].issuer_hint and not group[0].issuer:
            group[0].issuer = issuer_canonical(group[0].issuer_hint)

