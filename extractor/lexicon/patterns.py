"""Data tables under extractor/lexicon/data and the regular expressions built from them.

Patterns are data (as in eyecite's reporters-db): adding a document type, an issuer code or a
cue word is an edit to a YAML file, and tests/test_patterns.py checks every listed example.
Every pattern here is written to run in linear time: no nested unbounded quantifiers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def bounded(pattern: str) -> str:
    """`pattern` as whole words: no word character right before or after it ("xã" in "xã Nghi Phong", not in
    "xãx"). The one boundary wrapper: components build on it rather than writing the lookarounds again."""
    return rf"(?<![\w])(?:{pattern})(?![\w])"


@cache
def load(name: str) -> Any:
    """One YAML table from extractor/lexicon/data."""
    with resources.files("extractor.lexicon").joinpath("data", f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


def fold(s: str) -> str:
    """Case-fold and strip diacritics, đ → d: the key for loose comparisons."""
    s = unicodedata.normalize("NFD", s).casefold()
    return "".join(c for c in s if not unicodedata.combining(c)).replace("đ", "d")


def symbol_key(s: str) -> str:
    """Key of a symbol segment: upper-case with Đ folded to D ("QĐi" → "QDI")."""
    return s.upper().replace("Đ", "D")


def alternation(words: list[str]) -> str:
    """A regex alternation, longest first, with any run of spaces between words."""
    parts = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts)


# -- document types --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocType:
    name: str
    words: tuple[str, ...]
    abbrs: tuple[str, ...]
    named: bool = False
    titled: bool = False  # named only as what a citation issues ("… ban hành Quy định chế độ báo cáo …")
    party_only_abbr: bool = False
    examples: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Issuer:
    code: str
    name: str
    level: str
    local: bool = False
    term: bool = False
    valid_to: str | None = None
    merged_into: str | None = None


@dataclass
class Tables:
    doc_types: list[DocType]
    type_by_word: dict[str, DocType]
    type_by_abbr: dict[str, DocType]
    party_type_by_abbr: dict[str, DocType]
    issuers: dict[str, Issuer]
    issuer_prefixes: list[tuple[str, str, str]]
    lexicon: dict[str, Any] = field(default_factory=dict)

    def doc_type_for_word(self, word: str) -> DocType | None:
        return self.type_by_word.get(fold(" ".join(word.split())))

    def doc_type_for_abbr(self, abbr: str, party: bool = False) -> DocType | None:
        """Exact abbreviation first (ĐA is Đề án, DA is Dự án), then with Đ written as D."""
        for key in (abbr.upper(), symbol_key(abbr)):
            if party and key in self.party_type_by_abbr:
                return self.party_type_by_abbr[key]
            if key in self.type_by_abbr:
                return self.type_by_abbr[key]
        return None

    def issuer(self, code: str) -> Issuer | None:
        """The issuer of a symbol segment: exact code, code with a term number, or a known prefix."""
        key = symbol_key(code)
        if key in self.issuers:
            return self.issuers[key]
        m = re.fullmatch(r"([A-Z]+?)(\d{1,2})", key)
        if m and m.group(1) in self.issuers and self.issuers[m.group(1)].term:
            return self.issuers[m.group(1)]
        for prefix, name, level in self.issuer_prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                return Issuer(code=code, name=name, level=level)
        return None


@cache
def tables() -> Tables:
    raw_types = load("doc_types")["types"]
    doc_types = [
        DocType(
            name=t["name"],
            words=tuple(t.get("words") or [t["name"]]),
            abbrs=tuple(t.get("abbr") or ()),
            named=bool(t.get("named")),
            titled=bool(t.get("titled")),
            party_only_abbr=bool(t.get("party_only_abbr")),
            examples=tuple(t.get("examples") or ()),
        )
        for t in raw_types
    ]
    type_by_word: dict[str, DocType] = {}
    type_by_abbr: dict[str, DocType] = {}
    party_type_by_abbr: dict[str, DocType] = {}
    for dt in doc_types:
        for w in dt.words:
            type_by_word.setdefault(fold(w), dt)
        for a in dt.abbrs:
            target = party_type_by_abbr if dt.party_only_abbr else type_by_abbr
            target.setdefault(a.upper(), dt)
            target.setdefault(symbol_key(a), dt)
    raw_issuers = load("issuers")
    issuers: dict[str, Issuer] = {}
    for row in raw_issuers["issuers"]:
        issuer = Issuer(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            local=bool(row.get("local")),
            term=bool(row.get("term")),
            valid_to=str(row["valid_to"]) if row.get("valid_to") else None,
            merged_into=row.get("merged_into"),
        )
        for code in [row["code"], *(row.get("aliases") or [])]:
            issuers.setdefault(symbol_key(code), issuer)
    prefixes = [(symbol_key(p["prefix"]), p["name"], p["level"]) for p in raw_issuers.get("prefixes", [])]
    return Tables(doc_types, type_by_word, type_by_abbr, party_type_by_abbr, issuers, prefixes, load("lexicon"))


# -- shared regex fragments ------------------------------------------------------------------------

def _vietnamese_letters() -> tuple[str, str]:
    """Every upper-case and lower-case Vietnamese letter, precomposed (a range such as À-Ỹ mixes cases)."""
    import itertools

    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    lower = {unicodedata.normalize("NFC", v + t) for v, t in itertools.product(vowels, tones)}
    lower |= set("bcdđfghjklmnpqrstvwxz")
    return "".join(sorted(c.upper() for c in lower)), "".join(sorted(lower))


VN_UPPER, VN_LOWER = _vietnamese_letters()
UPPER = f"A-Z{VN_UPPER}"  # a character class body: [{UPPER}]
LOWER = f"a-z{VN_LOWER}"
# A symbol segment; mixed case for official forms (TTg, QĐi, TTr, CTr). An all-lower-case symbol ("15/qđ-ubnd")
# is accepted only after a type word and when it names a known type or issuer (legal_refs._plausible).
# A word glued to the symbol by PDF extraction ends it: "75/2024/TT-BTCQuy định", "…/TT-BTCquy định".
# A Vietnamese word's second letter after a capital is a vowel or h, g, r (Qu, Th, Ng, Tr): "Cquy" is no word.
GLUED_WORD = r"(?:[A-ZĐ][aeiouyhgr][a-zđ]|(?<=[A-ZĐ]{2})[a-zđ]{3})"
SEG = rf"[A-ZĐa-zđ](?:(?!{GLUED_WORD})[A-Za-zĐđ0-9&])*"
SEG_UP = r"[A-ZĐ][A-ZĐ0-9&]*"
# Segments joined by hyphens; a hyphen with spaces around it only before an all-capitals segment, and so a
# space after "&" ("15972/SXD-QLN& TTBĐS").
SYMBOL = rf"{SEG}(?:-{SEG}|\s+-\s*{SEG_UP}(?![\w])|\s*-\s+{SEG_UP}(?![\w])|(?<=&)\s+{SEG_UP}(?![\w]))*"
YEAR = r"(?:19|20)\d{2}"
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTH = r"(?:0?[1-9]|1[0-2])"

# A calendar day: 20/5/2012, 9-9-2022, 25.05.2024, ngày 5 tháng 10 năm 2023.
DAY_DATE = (
    rf"(?P<d>{DAY})\s?(?P<sep>[/.-])\s?(?P<m>{MONTH})\s?(?P=sep)\s?(?P<y>{YEAR})(?![\d/])"
    rf"|(?P<d2>{DAY})\s+tháng\s+(?P<m2>{MONTH})\s*,?\s+năm\s+(?P<y2>{YEAR})(?!\d)"
)
DAY_DATE_RE = re.compile(DAY_DATE, re.IGNORECASE)


def iso_day(year: int | str, month: int | str, day: int | str) -> str | None:
    """ISO value of a calendar day, or None when the day does not exist (31/2)."""
    import datetime as _dt

    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def day_date_value(m: re.Match[str]) -> str | None:
    """ISO value of a DAY_DATE match, or None when the day does not exist."""
    suffix = "" if m.group("d") else "2"
    d, mo, y = (m.group(f"{part}{suffix}") for part in ("d", "m", "y"))
    return iso_day(y, mo, d)


@cache
def type_word_re() -> str:
    """Alternation of every document type word (Quyết định, Nghị định, Thông tư liên tịch …)."""
    return alternation([w for dt in tables().doc_types for w in dt.words])


@cache
def words_re(key: str) -> str:
    """Alternation of a word list in lexicon.yaml."""
    return alternation(tables().lexicon[key])
