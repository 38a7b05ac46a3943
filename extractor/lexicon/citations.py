"""Document numbers: the core "number/symbol" pattern of the three numbering systems (normative, administrative,
Party) and its parse into number, year, type, issuer and canonical form."""

from __future__ import annotations

import re
from functools import cache

from extractor.lexicon.patterns import GLUED_WORD, SEG, SYMBOL, YEAR, symbol_key, tables


@cache
def core_pattern() -> str:
    """A document number with its symbol, in the three systems and their noisy forms (verbose syntax)."""
    return rf"""
        (?P<num>\d{{1,5}}[a-zA-Zđ]?)(?!\d)
        (?:
            \s?(?P<ysep>[/-])\s?(?P<year>{YEAR})(?:\s?/\s?|[ ](?={SEG}-)|(?=[A-ZĐ]{{2}}))(?P<nsym>{SYMBOL})
          | \s?-\s?(?P<ptype>{SEG})\s?/\s?(?P<pissuer>{SYMBOL})
          | \s?/\s?(?P<asym>{SYMBOL})
          | [ ](?P<stype>{SEG})/(?P<sissuer>{SYMBOL})
        )
        (?:(?![\w/])|(?={GLUED_WORD}))"""


@cache
def core_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/.-]){core_pattern()}", re.VERBOSE)


def _split_fused(segment: str) -> list[str]:
    """'QĐUBND' → ['QĐ', 'UBND'], 'NĐCP' → ['NĐ', 'CP'] when the parts are a known type and issuer."""
    t = tables()
    if t.issuer(segment) or t.doc_type_for_abbr(segment):
        return [segment]
    for cut in range(1, len(segment)):
        head, rest = segment[:cut], segment[cut:]
        if t.doc_type_for_abbr(head) and t.issuer(rest):
            return [head, rest]
    return [segment]


def _segments(symbol: str) -> list[str]:
    return [re.sub(r"\s+", "", s) for s in re.split(r"\s*-\s*", symbol.strip()) if s]


def parse_core(m: re.Match[str]) -> dict:
    """Number, system, type abbreviation, issuer code and canonical of a core match."""
    t = tables()
    num = m.group("num")
    written = m.group(0)
    out: dict = {"number": num, "year": None, "type_abbr": None, "issuer_code": None}
    if m.group("nsym"):
        segs = _segments(m.group("nsym"))
        segs = _split_fused(segs[0]) + segs[1:]
        year = m.group("year")
        out.update(system="normative", year=int(year))
        if t.doc_type_for_abbr(segs[0]) and len(segs) > 1:
            out.update(type_abbr=segs[0], issuer_code=segs[1])
        else:
            out["issuer_code"] = segs[0]
        symbol = "-".join(s.upper() for s in segs)
        canonical = f"{num}{m.group('ysep')}{year}/{symbol}"
    elif m.group("ptype") or m.group("stype"):
        ptype = m.group("ptype") or m.group("stype")
        segs = _segments(m.group("pissuer") or m.group("sissuer"))
        out.update(system="party", type_abbr=ptype, issuer_code=segs[0])
        symbol = f"{ptype.upper()}/" + "-".join(s.upper() for s in segs)
        canonical = f"{num}-{symbol}"
    else:
        segs = _segments(m.group("asym"))
        segs = _split_fused(segs[0]) + segs[1:]
        head = symbol_key(segs[0])
        if head == "VBHN":
            out.update(system="consolidated", type_abbr=segs[0], issuer_code=segs[1] if len(segs) > 1 else None)
        elif t.doc_type_for_abbr(segs[0]) and len(segs) > 1:
            out.update(system="administrative", type_abbr=segs[0], issuer_code=segs[1])
        else:
            out.update(system="administrative", issuer_code=segs[0])
        symbol = "-".join(s.upper() for s in segs)
        canonical = f"{num}/{symbol}"
    out["symbol"] = symbol
    out["canonical"] = canonical
    # Stray spaces dropped, a hyphen restored, or a word glued after it cut off.
    glued = m.end() < len(m.string) and m.string[m.end()].isalpha()
    out["repaired"] = glued or written.upper() != canonical.upper()
    return out


def cited_document_key(canonical: str, system: str | None, form: str, issue_year: int | None,
                       issuer_code: str | None, issuer: str | None) -> str:
    """The key of the document a citation names.

    The canonical number alone does not identify a document: administrative and Party numbers restart every
    year, and a local issuer code (QĐ-UBND) is shared by every province, so the key adds the issue year for
    those systems and the issuer's name where the code is local or unknown (data/issuers.yaml).
    """
    parts = [canonical]
    if system in ("administrative", "party") and issue_year:
        parts.append(str(issue_year))
    known = tables().issuer(issuer_code) if issuer_code else None
    if form != "named" and issuer and (known is None or known.local):
        parts.append(issuer)
    return " | ".join(parts)
