"""Provinces: the date-aware registry in data/provinces.yaml and the provinces a document is about."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from extractor.lexicon.patterns import LOWER, UPPER, fold, load


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
def province_forms() -> dict[str, str]:
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
def province_mention_re() -> re.Pattern[str]:
    forms = sorted(province_forms(), key=len, reverse=True)
    names = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    kinds = r"tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ|TP\.?|Tp\.?"
    return re.compile(rf"(?:(?P<kind>{kinds})\s+)?(?<![\w])(?P<name>{names})(?![\w])")


def province_names() -> list[str]:
    """Every written form of a province's name (names and aliases, also in capitals)."""
    return list(province_forms())


def provinces_named(text: str) -> list[str]:
    """Ids of the provinces a string names, in order, once each: "tỉnh Ninh Thuận", "Sở Xây dựng Nghệ An",
    '["Bình Thuận"]'. Pre-2025 units, as in find_province_mentions."""
    names = province_forms()
    matches = province_mention_re().finditer(unicodedata.normalize("NFC", text))
    found = (names[" ".join(m.group("name").split())] for m in matches)
    return list(dict.fromkeys(found))


_TYPE_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")


def provinces_called(name: str, today: bool = False) -> list[str]:
    """Ids of the pre-2025 units a user's name for a province means, matched without case or diacritics
    ("nghe an", "tỉnh Nghệ An", "TP.HCM"). With today, the name is the unit after the 1/7/2025 merger and
    every old unit merged into it counts ("Khánh Hòa" → khanh-hoa, ninh-thuan)."""
    key = _TYPE_PREFIX.sub("", fold(" ".join(name.split())))
    units = registry()
    named = {row["id"] for row in load("provinces")["units"]
             if key in {fold(form) for form in [row["name"], *(row.get("aliases") or [])]}}
    if not today:
        return sorted(pid for pid in named if units[pid].valid_from is None)
    current = {pid for pid in named if units[pid].valid_to is None}
    return sorted(pid for pid, unit in units.items() if unit.valid_from is None and province_today(pid).id in current)


ProvinceMention = tuple[int, int, str, bool]  # view start, end, province id, written with its type word














# -- places: provinces, districts and communes mentioned ------------------------------------------------

# Districts and communes come from the administrative-unit database that ships inside the maintained
# package vietnamadminunits (MIT): the 63-province, district and commune units before 1/7/2025 and the
# 34-province, commune units after. It is read in place, without importing the package (its import pulls
# in geocoding libraries we do not need).
_UNITS_DB = ("vietnamadminunits", "data", "dataset.db")

# Type words, as written, → (place type, level). Longest first in the pattern.
LOCAL_KINDS = {
    "huyện đảo": ("district", "district"),
    "huyện": ("district", "district"),
    "quận": ("district", "district"),
    "thị xã": ("town", "district"),
    "thành phố": ("city", "district"),
    "thị trấn": ("town", "commune"),
    "xã": ("commune", "commune"),
    "phường": ("ward", "commune"),
    "đặc khu": ("special_zone", "commune"),
}
PLACE_KINDS = ("tỉnh", *LOCAL_KINDS)  # every type word a place's name may follow
_KIND_ABBREVIATIONS = {"tp": "thành phố", "tx": "thị xã"}


def place_kind(written: str) -> str:
    """The type word as LOCAL_KINDS spells it: "TP." → "thành phố", "TX" → "thị xã", "Huyện" → "huyện"."""
    kind = written.lower().rstrip(".")
    return _KIND_ABBREVIATIONS.get(kind, kind)




def _units_db_path() -> str | None:
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(_UNITS_DB[0])
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_UNITS_DB[1:])
    return str(path) if path.exists() else None


def _unit_key(name: str) -> str:
    """Folded name with i and y as one letter: the database writes "Phú Quí" where texts write "Phú Quý"."""
    return fold(" ".join(name.split())).replace("y", "i")


@cache
def local_units() -> dict[tuple[str, str], frozenset[str]]:
    """(type word, key of the name) → ids of the provinces holding such a district or commune.

    Each unit is also listed under the level's catch-all ("district" or "commune"), for texts that
    call a town a district."""
    import sqlite3

    path = _units_db_path()
    if path is None:
        return {}
    by_fold = {fold(p.name): p.id for p in registry().values() if not p.valid_from}
    by_fold |= {fold(p.name): p.id for p in registry().values() if p.valid_from and fold(p.name) not in by_fold}
    units: dict[tuple[str, str], set[str]] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = [("district", *row) for row in db.execute(
            "SELECT DISTINCT districtType, districtShort, provinceShort FROM admin_units_legacy")]
        rows += [("commune", *row) for row in db.execute(
            "SELECT DISTINCT wardType, wardShort, provinceShort FROM admin_units_legacy "
            "UNION SELECT DISTINCT wardType, wardShort, provinceShort FROM admin_units")]
    for level, kind, name, province in rows:
        pid = by_fold.get(fold(province))
        if pid and name:
            for key in {fold(kind or level), level}:
                units.setdefault((key, _unit_key(name)), set()).add(pid)
    return {key: frozenset(ids) for key, ids in units.items()}


@cache
def local_place_re() -> re.Pattern[str]:
    kinds = sorted(LOCAL_KINDS, key=len, reverse=True)
    kind = "|".join(rf"{re.escape(k)}|{re.escape(k.capitalize())}" for k in kinds)
    syllable = rf"[{UPPER}][{LOWER}]*"
    return re.compile(
        rf"(?<![\w])(?<![Hh]ợp tác )(?P<kind>{kind}|TP\.?|Tp\.?|TX\.?)[ ]?(?<=[ .])"  # "Hợp tác xã" is no commune
        rf"(?P<name>{syllable}(?:[ ]{syllable}){{0,3}}"
        rf"|\d{{1,2}}(?![\w/]))(?![\w])"
    )




def known_prefix(written: str, kind: str, level: str) -> tuple[str | None, frozenset[str]]:
    """The longest leading run of the written syllables that names a known unit of that type (or level)."""
    words = written.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        pids = local_units().get((fold(kind), _unit_key(candidate))) or local_units().get((level, _unit_key(candidate)))
        if pids:
            return candidate, pids
    return None, frozenset()


def holding_province(pids: frozenset[str], home: list[str], mentions: list[ProvinceMention], pos: int) -> str | None:
    if len(pids) == 1:
        return next(iter(pids))
    following = [pid for start, _, pid, _ in mentions if pos < start < pos + 80 and pid in pids]
    if following:
        return following[0]  # "xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An"
    for pid in home:
        if pid in pids:
            return pid
    return None


def province_mentions_in(text: str) -> list[ProvinceMention]:
    """(start, end, province id, written with its type word) for every province the text names."""
    forms = province_forms()
    return [(m.start(), m.end(), forms[" ".join(m.group("name").split())], bool(m.group("kind")))
            for m in province_mention_re().finditer(text)]


def place_of_name(written: str, home: list[str]) -> tuple[str, str, str, str | None, str | None] | None:
    """(name, type, level, province, province today) of a place written with or without its type word,
    or None when the text is not a place the registry or the unit database knows."""
    mentions = province_mentions_in(written)
    if len(mentions) == 1 and mentions[0][:2] == (0, len(written)):
        unit = registry()[mentions[0][2]]
        return (unit.name, "city" if unit.type == "thanh_pho" else "province", "province", unit.name,
                province_today(unit.id).name)
    m = local_place_re().fullmatch(written)
    kind = None
    if m:
        kind = place_kind(m.group("kind"))
        written = m.group("name")
    for level in ("district", "commune"):
        pids = local_units().get((fold(kind) if kind else level, _unit_key(written)))
        if pids and (kind is None or LOCAL_KINDS[kind][1] == level):
            place_type = LOCAL_KINDS[kind][0] if kind else level
            province = holding_province(pids, home, [], 0)
            if province is None:
                return written, place_type, level, None, None
            return written, place_type, level, registry()[province].name, province_today(province).name
    return None
