"""Provinces: the date-aware registry in data/provinces.yaml and the provinces a document is about."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .document import Document
from .patterns import fold, load


@dataclass(frozen=True)
class Province:
    id: str
    code: str
    name: str
    type: str  # tinh | thanh_pho
    valid_from: str | None
    valid_to: str | None
    merged_into: str | None

    def valid_on(self, day: str) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@cache
def registry() -> dict[str, Province]:
    units = {}
    for row in load("provinces")["units"]:
        units[row["id"]] = Province(
            id=row["id"],
            code=str(row["code"]),
            name=row["name"],
            type=row["type"],
            valid_from=str(row["valid_from"]) if row.get("valid_from") else None,
            valid_to=str(row["valid_to"]) if row.get("valid_to") else None,
            merged_into=row.get("merged_into"),
        )
    return units


def province_today(province_id: str) -> Province:
    """The unit a province belongs to now (after the 2025 merger)."""
    units = registry()
    unit = units[province_id]
    while unit.merged_into:
        unit = units[unit.merged_into]
    return unit


@cache
def _names() -> dict[str, str]:
    """Written form → id of the pre-2025 unit (names are shared with the merged unit that kept them)."""
    forms: dict[str, str] = {}
    for row in load("provinces")["units"]:
        if row.get("valid_from"):
            continue  # post-2025 units reuse an old name; mentions are keyed to the old unit first
        for form in [row["name"], *(row.get("aliases") or [])]:
            forms.setdefault(form, row["id"])
            forms.setdefault(form.upper(), row["id"])  # headers: "TỈNH BÌNH THUẬN"
    return forms


@cache
def _mention_re() -> re.Pattern[str]:
    forms = sorted(_names(), key=len, reverse=True)
    names = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    kinds = r"tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ|TP\.?|Tp\.?"
    return re.compile(rf"(?:(?P<kind>{kinds})\s+)?(?<![\w])(?P<name>{names})(?![\w])")


def province_names() -> list[str]:
    """Every written form of a province's name (names and aliases, also in capitals)."""
    return list(_names())


ProvinceMention = tuple[int, int, str, bool]  # view start, end, province id, written with its type word


def find_province_mentions(doc: Document) -> list[ProvinceMention]:
    """(nstart, nend, province id, written with its type word) for every province named."""
    out = []
    for m in _mention_re().finditer(doc.norm):
        out.append((m.start(), m.end(), _names()[" ".join(m.group("name").split())], bool(m.group("kind"))))
    return out


_HOST = re.compile(r"(?<![\w.-])(?:https?://)?(?:www\.)?([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,4}\.(?:vn|com|net|org))(?![\w])")


@cache
def _domain_keys() -> dict[str, str]:
    return {fold(name).replace(" ", ""): pid for name, pid in _names().items() if len(name) > 4}


def province_evidence(doc: Document, mentions: list[ProvinceMention]) -> tuple[Counter[str], set[str]]:
    """How often each province is named, and which are written with their type word ("tỉnh Ninh Thuận")
    or carried by a web address in the text ("baoquangtri.vn"), which counts twice."""
    counts: Counter[str] = Counter()
    typed: set[str] = set()
    for _, _, pid, with_kind in mentions:
        counts[pid] += 1
        if with_kind:
            typed.add(pid)
    for url in _HOST.findall(doc.norm):
        host = url.replace("-", "").replace(".", "")
        for key, pid in _domain_keys().items():
            if key in host:
                counts[pid] += 2
                typed.add(pid)
    return counts, typed


def main_province(counts: Counter[str]) -> str | None:
    """The one province a text is about, when it dominates: named at least twice and more than all others."""
    if not counts:
        return None
    pid, n = counts.most_common(1)[0]
    return pid if n >= 2 and n * 2 > sum(counts.values()) else None


def document_provinces(counts: Counter[str], typed: set[str]) -> list[str]:
    """Ids of the provinces the document is about, most named first: typed ones, and those named twice."""
    return [pid for pid, n in counts.most_common() if pid in typed or n >= 2]
