"""Agencies (spec §4): specific bodies of the state and the Party, by gazetteer and head-word rules.

Known bodies (data/agencies.yaml, the ministries of data/issuers.yaml) are matched whole; other names
open with a head word ("Sở", "Ban Chỉ đạo", "Trung tâm", "UBND") and run on while their words belong to
the name. Abbreviations expand ("UBND tỉnh" → "Ủy ban nhân dân tỉnh", "Sở TT&TT" → "Sở Thông tin và
Truyền thông"); an abbreviation a text defines ("Ban Chỉ đạo (BCĐ) Chuyển đổi số (CĐS) tỉnh") then
stands for that body. Collective phrases ("các sở, ban, ngành") are not agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .document import Document
from .names import expand_abbreviations
from .patterns import UPPER, alternation, fold, load
from .places import Province, province_names
from .spans import SpanSet


@dataclass
class AgencyItem:
    nstart: int
    nend: int
    canonical: str
    level: str | None = None
    id: str | None = None
    province: str | None = None
    canonical_today: str | None = None


@cache
def _data() -> dict:
    return load("agencies")


@cache
def _known() -> tuple[re.Pattern[str], dict[str, dict]]:
    """Every body known by name: central bodies, fixed party and provincial bodies, ministries, departments."""
    rows: dict[str, dict] = {}
    for row in _data()["central"]:
        for name in [row["name"], *(row.get("aliases") or [])]:
            rows[fold(name)] = {"name": row["name"], "id": row["id"], "level": row.get("level", "central")}
    for row in _data()["fixed"]:
        rows.setdefault(fold(row["name"]), {"name": row["name"], "level": row["level"]})
    issuers = load("issuers")["issuers"]
    by_code = {r["code"]: r for r in issuers}
    for row in issuers:
        if row["name"].startswith("Bộ ") and row["level"] == "central":
            today = row
            while today.get("merged_into") and today["merged_into"] in by_code:
                today = by_code[today["merged_into"]]
            rows.setdefault(fold(row["name"]), {
                "name": row["name"], "id": f"vn.{fold(row['code'])}", "level": "central",
                "today": today["name"] if today is not row else None,
            })
    for dept in _data()["departments"]:
        rows.setdefault(fold(f"Sở {dept}"), {"name": f"Sở {dept}", "level": "province"})
    aliases = {a for row in _data()["central"] for a in row.get("aliases") or []}
    names = sorted({r["name"] for r in rows.values()} | aliases, key=len, reverse=True)
    return re.compile(rf"(?<![\w])(?:{alternation(names)})(?![\w])", re.IGNORECASE), rows


@cache
def _heads() -> tuple[re.Pattern[str], dict[str, str]]:
    heads = {row["head"]: row["level"] for row in _data()["heads"]}
    return re.compile(rf"(?<![\w])(?P<head>{alternation(list(heads))})(?![\w])"), heads


@cache
def _collective_re() -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{alternation(_data()['collective'])})(?![\w])", re.IGNORECASE)


@cache
def _place_tail() -> re.Pattern[str]:
    """' tỉnh Nghệ An', ' huyện Nghi Lộc', ' tỉnh': the place an agency's name may end with."""
    provinces = alternation(province_names())
    local = rf"[{UPPER}]\w*(?:\s+[{UPPER}]\w*){{0,2}}"
    return re.compile(
        rf"\s+(?:(?P<pkind>tỉnh|thành phố|TP\.?)(?:\s*(?P<province>{provinces})(?![\w]))?"
        rf"|(?P<lkind>huyện|thị xã|quận|xã|phường|Q\.|H\.)\s*(?P<local>{local}))"
    )


@cache
def _verb_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(_data()['verbs'])})(?![\w])", re.IGNORECASE)


_WORD = re.compile(r"[^\s,;.:()\[\]“”\"'!?…]+")
_ABBREVIATION_IN_NAME = re.compile(r"\s*\(\s*(?P<abbr>[A-ZĐ][A-ZĐ&-]{1,9})\s*\)")
_BARE_HEADS = frozenset({"UBND", "HĐND", "Ủy ban nhân dân", "Hội đồng nhân dân"})


def _walk_agency(text: str, start: int, limit: int, bare: bool) -> tuple[int, list[str]]:
    """End of an agency name whose words start at `start`: up to a verb, punctuation or a place.

    A place ends the name ("Trung tâm … tỉnh Bình Thuận"); '(BCĐ)' abbreviations it defines are skipped
    and returned. A head such as UBND takes only its place ("UBND tỉnh Nghệ An")."""
    abbreviations: list[str] = []
    end = pos = start
    for count in range(14):
        if pos >= limit:
            break
        place = _place_tail().match(text, pos - 1) if pos > 0 and text[pos - 1] == " " else None
        if place and (place.group("province") or place.group("local") or place.group("pkind")):
            return place.end(), abbreviations
        if bare:
            break
        abbr = _ABBREVIATION_IN_NAME.match(text, pos)
        if abbr:
            abbreviations.append(abbr.group("abbr"))
            pos = abbr.end()
            while pos < limit and text[pos] == " ":
                pos += 1
            continue
        m = _WORD.match(text, pos)
        if m is None or _verb_re().match(text, pos) or re.match(r"số\s*:?\s*\d", text[pos : pos + 8]):
            break
        word = m.group(0)
        if "-" in word[1:] and word.split("-", 1)[1][:1].isupper() and count > 0:
            end = pos + word.index("-")  # "Truyền thông-Phó Trưởng ban"
            break
        if word.lower() in ("và", "hoặc"):
            nxt = _WORD.match(text, m.end() + 1)
            if nxt is None or not nxt.group(0)[:1].isupper():
                break
        end = m.end()
        pos = end
        while pos < limit and text[pos] == " ":
            pos += 1
        if pos == end or "\n\n" in text[end:pos]:
            break
    return end, abbreviations


def find_agencies(doc: Document, masked: SpanSet, provinces: list[Province]) -> list[AgencyItem]:
    text = doc.norm
    known_re, known = _known()
    heads_re, heads = _heads()
    found: list[AgencyItem] = []
    taken = SpanSet()
    local: dict[str, AgencyItem] = {}
    home = provinces[0].name if provinces else None

    def add(start: int, end: int, info: dict | None, level: str | None) -> AgencyItem | None:
        if taken.overlaps(start, end) or masked.overlaps(start, end):
            return None
        if info is not None:
            place = _place_tail().match(text, end)
            if place:
                end = place.end()
            elif re.match(r"\s+[A-ZĐ]", text[end : end + 2]) and info["name"] in ("Tỉnh ủy", "Thành ủy"):
                province = _province_after().match(text, end)
                end = province.end() if province else end  # "Tỉnh ủy Kiên Giang"
        written = text[start:end]
        canonical = _canonical(written, info)
        item = AgencyItem(start, end, canonical, level=(info or {}).get("level", level), id=(info or {}).get("id"),
                          canonical_today=(info or {}).get("today"))
        item.province = _province_of(canonical, item.level, home)
        found.append(item)
        taken.add(start, end)
        return item

    for m in known_re.finditer(text):
        info = known[fold(m.group(0))]
        if _concept_after(text, m.end()):
            continue  # "Chính phủ điện tử", "Chính phủ số": a concept, not the Government
        add(m.start(), m.end(), info, info.get("level"))
    for m in heads_re.finditer(text):
        head = m.group("head")
        if _collective_re().match(text, m.end()) or taken.overlaps(m.start(), m.end()):
            continue
        sent = doc.sentence_at(m.start())
        limit = sent.nend if sent else len(text)
        name_start = m.end() + 1 if text[m.end() : m.end() + 1] == " " else m.end()
        if head in ("Bộ", "Sở") and not re.match(r"[A-ZĐ][A-ZĐ&-]+(?![\w])", text[name_start : name_start + 12]):
            continue  # ministries and departments by name come from the gazetteer; "Bộ chỉ số" is no body
        end, abbreviations = _walk_agency(text, name_start, limit, bare=head in _BARE_HEADS)
        if end <= name_start:
            continue  # "Bộ", "Sở" or "UBND" alone
        item = add(m.start(), end, None, heads[head])
        if item is not None:
            for abbr in abbreviations:
                local[abbr] = item
    # "Trưởng ban Chỉ đạo Chuyển đổi số tỉnh": the body inside a position.
    for m in re.finditer(r"(?<=[Tt]rưởng )ban(?= [A-ZĐ])", text):
        sent = doc.sentence_at(m.start())
        end, _ = _walk_agency(text, m.end() + 1, sent.nend if sent else len(text), bare=False)
        if end > m.end() + 1:
            add(m.start(), end, None, "other")
    # Abbreviations the text defined stand for their body: "BCĐ rà soát lại …".
    for abbr, target in local.items():
        for m in re.finditer(rf"(?<![\w]){re.escape(abbr)}(?![\w])", text):
            if not taken.overlaps(m.start(), m.end()):
                found.append(AgencyItem(m.start(), m.end(), target.canonical, target.level, target.id, target.province))
                taken.add(m.start(), m.end())
    _name_the_place(found)
    return sorted(found, key=lambda a: a.nstart)


def _name_the_place(found: list[AgencyItem]) -> None:
    """'UBND tỉnh' in a text that also writes 'UBND tỉnh Nghệ An' is that body: one name for both."""
    placed: dict[str, AgencyItem] = {}
    for item in found:
        m = re.match(r"^(?P<base>.+) (?P<kind>tỉnh|thành phố)(?: (?P<place>[A-ZĐ].*))?$", item.canonical)
        if m and m.group("place"):
            placed.setdefault(f"{m.group('base')} {m.group('kind')}", item)
            placed.setdefault(m.group("base"), item)
        elif m:
            placed.setdefault(m.group("base"), item)  # "Ban Điều hành …" is "Ban Điều hành … tỉnh"
    for item in found:
        full = placed.get(item.canonical)
        if full is not None:
            item.canonical, item.province = full.canonical, full.province


@cache
def _province_after() -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{alternation(province_names())})(?![\w])")


def _concept_after(text: str, pos: int) -> bool:
    return bool(re.match(r"\s+(?:điện tử|số|kiến tạo)(?![\w])", text[pos : pos + 12]))


def _canonical(written: str, info: dict | None) -> str:
    """The full name: a known body's own spelling (plus a place written after it), else the name expanded."""
    written = " ".join(written.split())
    if info is not None:
        base = info["name"]
        return base + written[len(base) :] if fold(written).startswith(fold(base)) else base
    name = expand_abbreviations(written)
    name = re.sub(r"^(?:ban|trung tâm)\b", lambda m: m.group(0).capitalize(), name)
    return re.sub(r"^Ban quản lý\b", "Ban Quản lý", name)


def _province_of(canonical: str, level: str | None, home: str | None) -> str | None:
    m = re.search(rf"(?:tỉnh|thành phố)\s+([{UPPER}]\w*(?:\s+[{UPPER}]\w*){{0,3}})$", canonical)
    if m:
        return m.group(1)
    if level in ("province", "party", "other", "district", "commune") and home:
        return home
    return None
