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
from .encodings import is_syllable
from .names import expand_abbreviations
from .patterns import LOWER, UPPER, alternation, fold, load
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
    source: str = "rule"


@cache
def _data() -> dict:
    return load("agencies")


# Between the words of a known name a writer may put "và", a dash, a comma, "&" or nothing:
# "Lao động - Thương binh và Xã hội", "Lao động, Thương binh & Xã hội", "Kế hoạch Đầu tư" are one name.
_JOINER_RE = r"(?:\s*[-–,&]\s*|\s+và\s+|\s+)"
_JOINER = re.compile(_JOINER_RE)


def known_key(name: str) -> str:
    """Key of a known body's name, blind to case, diacritics and the joiners between its words."""
    return fold(" ".join(w for w in _JOINER.split(name) if w))


def _known_name_re(names: list[str]) -> str:
    """An alternation of known names, longest first, any joiner between their words. The first letter keeps
    its case ("thường trực Tỉnh ủy" is a position's words, "Thường trực Tỉnh ủy" the body)."""
    words = sorted({tuple(w for w in _JOINER.split(n) if w) for n in names}, key=lambda ws: (len(ws), len("".join(ws))),
                   reverse=True)
    return "|".join(_JOINER_RE.join([f"(?-i:{re.escape(ws[0][:1])}){re.escape(ws[0][1:])}", *map(re.escape, ws[1:])])
                    for ws in words if ws)


@cache
def _known() -> tuple[re.Pattern[str], dict[str, dict]]:
    """Every body known by name: central bodies, fixed party and provincial bodies, ministries, departments."""
    rows: dict[str, dict] = {}
    for row in _data()["central"]:
        for name in [row["name"], *(row.get("aliases") or [])]:
            rows[known_key(name)] = {"name": row["name"], "id": row["id"], "level": row.get("level", "central"),
                                "position": row.get("position", False)}
    for row in _data()["fixed"]:
        rows.setdefault(known_key(row["name"]), {"name": row["name"], "level": row["level"]})
    issuers = load("issuers")["issuers"]
    by_code = {r["code"]: r for r in issuers}
    for row in issuers:
        if row["name"].startswith("Bộ ") and row["level"] == "central":
            today = row
            while today.get("merged_into") and today["merged_into"] in by_code:
                today = by_code[today["merged_into"]]
            rows.setdefault(known_key(row["name"]), {
                "name": row["name"], "id": f"vn.{fold(row['code'])}", "level": "central",
                "today": today["name"] if today is not row else None,
            })
    for dept in _data()["departments"]:
        rows.setdefault(known_key(f"Sở {dept}"), {"name": f"Sở {dept}", "level": "province"})
    aliases = {a for row in _data()["central"] for a in row.get("aliases") or []}
    either = _known_name_re([r["name"] for r in rows.values()] + sorted(aliases))
    # Not inside a longer head: "Tổng cục Thuế" and "Chi cục Thuế" are not "Cục Thuế".
    return re.compile(rf"(?<![\w])(?<!Tổng )(?<!Chi )(?:{either})(?![\w])", re.IGNORECASE), rows


def known_agency_re() -> re.Pattern[str]:
    """Every body known by name, as one pattern."""
    return _known()[0]


@cache
def _heads() -> tuple[re.Pattern[str], dict[str, str]]:
    heads = {row["head"]: row["level"] for row in _data()["heads"]}
    return re.compile(rf"(?<![\w])(?P<head>{alternation(list(heads))})(?![\w])"), heads


@cache
def _named_heads() -> frozenset[str]:
    """Heads that open a body only when a capitalised name follows ("Bệnh viện Chợ Rẫy", not "bệnh viện")."""
    return frozenset(row["head"] for row in _data()["heads"] if row.get("named"))


_PRIVATE = re.compile(r"(?:TNHH|CP|[Cc]ổ phần|[Tt]rách nhiệm hữu hạn)(?![\w])")


def _person_at(text: str, word: re.Match[str]) -> bool:
    """A Vietnamese surname followed by a capitalised syllable: a person's name begins here."""
    after = text[word.end() : word.end() + 3]
    return word.group(0) in load("persons")["surnames"] and bool(re.match(rf" [{UPPER}][{LOWER}]", after))


_COUNTRY_AFTER = re.compile(rf" ([{UPPER}][{LOWER}]+)(?: [{UPPER}][{LOWER}]+)?(?![\w])")
_NAME_AFTER = re.compile(rf"\s+[{UPPER}][{LOWER}]+\s+[{UPPER}][{LOWER}]+")
_ACRONYM = re.compile(r"[A-ZĐ][A-ZĐ&]*(?:\s?-\s?[A-ZĐ&]+)+(?![\w])|[A-ZĐ][A-ZĐ&]+(?![\w-])")
_NAMED_NEXT = re.compile(rf"[{UPPER}0-9]")
_DIRECTING = re.compile(
    r"(?<![\w])(?<!Phó )Thủ tướng(?= (?:yêu cầu|giao|đề nghị|đồng ý|lưu ý|chỉ đạo|có ý kiến|kết luận|quyết định"
    r"|phê duyệt|chỉ thị|nhấn mạnh|cho phép|đã|cũng|vừa)(?![\w]))"
)


@cache
def _collective_re() -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{alternation(_data()['collective'])})(?![\w])", re.IGNORECASE)


@cache
def _place_tail() -> re.Pattern[str]:
    """' tỉnh Nghệ An', ' huyện Nghi Lộc', ' tỉnh': the place an agency's name may end with."""
    provinces = alternation(province_names())
    local = rf"[{UPPER}]\w*(?:\s+[{UPPER}]\w*){{0,2}}|\d{{1,2}}(?![\w/])"
    return re.compile(
        rf"\s+(?:(?P<pkind>tỉnh|thành phố|TP\.?)(?:\s*(?P<province>{provinces})(?![\w]))?|(?P<bare>{provinces})(?![\w])"
        rf"|(?P<lkind>huyện|thị xã|quận|xã|phường|Q\.|H\.)\s*(?P<local>{local}))"
    )


@cache
def verb_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(_data()['verbs'])})(?![\w])")


_WORD = re.compile(r"[^\s,;.:()\[\]“”\"'!?…]+")
_ABBREVIATION_IN_NAME = re.compile(r"\s*\(\s*(?P<abbr>[A-ZĐ][A-ZĐ&-]{1,9})\s*\)")
_BARE_HEADS = frozenset({"UBND", "HĐND", "Ủy ban nhân dân", "Hội đồng nhân dân"})
_LOCAL_COMMITTEES = frozenset({"Huyện ủy", "Quận ủy", "Thị ủy"})
_LOCAL_NAME = re.compile(rf"(?: [{UPPER}][{LOWER}]*){{1,3}}(?![\w])")
_POSITION_AFTER_HEAD = re.compile(r" (?:trưởng|phó)(?![\w])")  # "Cục trưởng", "Vụ phó": a position


def _walk_agency(text: str, start: int, limit: int, bare: bool, named: bool = False) -> tuple[int, list[str]]:
    """End of an agency name whose words start at `start`: up to a verb, punctuation or a place.

    A place ends the name ("Trung tâm … tỉnh Bình Thuận"); '(BCĐ)' abbreviations it defines are skipped
    and returned. A head such as UBND takes only its place ("UBND tỉnh Nghệ An")."""
    abbreviations: list[str] = []
    end = pos = start
    acronym_done = False
    for count in range(14):
        if pos >= limit:
            break
        place = _place_tail().match(text, pos - 1) if pos > 0 and text[pos - 1] == " " else None
        if place and (place.group("province") or place.group("local") or place.group("pkind")
                      or (place.group("bare") and (acronym_done or named))):
            return place.end(), abbreviations  # a province's bare name only after an abbreviated name
        if bare or acronym_done:
            break
        acronym = _ACRONYM.match(text, pos) if count == 0 and not _PRIVATE.match(text, pos) else None
        if acronym:
            end = pos = acronym.end()  # "Sở GD- ĐT Nghệ An": an abbreviated name is whole; a place may follow
            acronym_done = True
            while pos < limit and text[pos] == " ":
                pos += 1
            continue
        abbr = _ABBREVIATION_IN_NAME.match(text, pos)
        if abbr:
            abbreviations.append(abbr.group("abbr"))
            pos = abbr.end()
            while pos < limit and text[pos] == " ":
                pos += 1
            continue
        compound = _compound_re().match(text, pos)
        m = compound or _WORD.match(text, pos)
        if m is None or (verb_pattern().match(text, pos) and not compound and not _ends_compound(text, pos)) \
                or re.match(r"số\s*:?\s*\d", text[pos : pos + 8]):
            break
        word = m.group(0)
        if count > 0 and (word[0].isdigit() or _person_at(text, m)):
            break  # "Nhà máy Xi măng Hoàng Thạch 20 MW", "Ủy ban … Trần Thị Tâm Đan"
        if word.startswith("-") and count > 0:
            following = _WORD.match(text, m.end() + 1) if word == "-" else m
            if following is None or not following.group(0).lstrip("-")[:1].isupper():
                break  # "Sở GD-ĐT Nghệ An - đồng tình …": a dash before lower case leaves the name
        if "-" in word[1:] and word.split("-", 1)[1][:1].isupper() and count > 0:
            end = pos + word.index("-")  # "Truyền thông-Phó Trưởng ban"
            break
        if word.lower() in ("và", "hoặc"):
            nxt = _WORD.match(text, m.end() + 1)
            if nxt is None or _heads()[0].match(text, nxt.start()) or _and_stop_re().match(text, nxt.start()):
                break  # "Tổng cục Thuế và Chi cục Thuế", "Sở Tài chính và các đơn vị": another party
        end = m.end()
        pos = end
        while pos < limit and text[pos] == " ":
            pos += 1
        if pos == end or "\n\n" in text[end:pos]:
            break
    return end, abbreviations


def _foreign(word: str) -> bool:
    """A word of another language: unaccented, not an acronym, no Vietnamese syllable, no state brand."""
    return (len(word) >= 5 and word.isascii() and word.isalpha() and not word.isupper() and not is_syllable(word)
            and word not in _data()["state_brands"])


def foreign_name(name: str) -> bool:
    """A name holding a word of another language ("Y khoa Harvard", "Zuellig Pharma"): no Vietnamese body."""
    return any(map(_foreign, name.split()))


def private_firm(name: str) -> bool:
    """A limited or joint-stock company ("Công ty TNHH …", "Công ty CP …"): no public body."""
    return bool(_PRIVATE.search(name))


@cache
def _compound_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(_data()['compounds'])})(?![\w])")


@cache
def _and_stop_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(_data()['and_stops'])})(?![\w])", re.IGNORECASE)


def _ends_compound(text: str, pos: int) -> bool:
    """The word at `pos` ends a compound that the word before opens ("thiết bị")."""
    return bool(_compound_re().match(text, text.rfind(" ", 0, max(pos - 1, 0)) + 1))


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
            if place and not place.group("bare"):
                end = place.end()
            elif re.match(r"\s+[A-ZĐ]", text[end : end + 2]) and info["name"] in ("Tỉnh ủy", "Thành ủy"):
                province = _province_after().match(text, end)
                end = province.end() if province else end  # "Tỉnh ủy Kiên Giang"
            elif info["name"] in _LOCAL_COMMITTEES and (local := _LOCAL_NAME.match(text, end)) \
                    and not _person_at(text, _WORD.match(text, local.start() + 1)):  # type: ignore[arg-type]
                end = local.end()  # "Huyện ủy Mang Thít"
        written = text[start:end]
        canonical = _canonical(written, info)
        item = AgencyItem(start, end, canonical, level=(info or {}).get("level", level), id=(info or {}).get("id"),
                          canonical_today=(info or {}).get("today"))
        item.province = province_of(canonical, item.level, home)
        found.append(item)
        taken.add(start, end)
        return item

    for m in known_re.finditer(text):
        info = known[known_key(m.group(0))]
        if _concept_after(text, m.end()):
            continue  # "Chính phủ điện tử", "Chính phủ số": a concept, not the Government
        if info.get("position") and _NAME_AFTER.match(text, m.end()):
            continue  # "Chủ tịch nước Trần Đức Lương" is a position before a person
        end = m.end()
        country = _COUNTRY_AFTER.match(text, end) if info["name"] == "Chính phủ" else None
        if country and country.group(1) not in load("persons")["surnames"]:
            end = country.end()  # "Chính phủ Thái Lan": another state's government
        add(m.start(), end, info, info.get("level"))
    for m in _DIRECTING.finditer(text):  # "Thủ tướng giao …": the office acts
        add(m.start(), m.end(), known[known_key("Thủ tướng Chính phủ")], "central")
    for m in heads_re.finditer(text):
        head = m.group("head")
        if _collective_re().match(text, m.end()) or _POSITION_AFTER_HEAD.match(text, m.end()) \
                or taken.overlaps(m.start(), m.end()):
            continue
        sent = doc.sentence_at(m.start())
        limit = sent.nend if sent else len(text)
        name_start = m.end() + 1 if text[m.end() : m.end() + 1] == " " else m.end()
        if head in ("Bộ", "Sở") and not re.match(r"[A-ZĐ][A-ZĐ&-]+(?![\w])", text[name_start : name_start + 12]):
            continue  # ministries and departments by name come from the gazetteer; "Bộ chỉ số" is no body
        if head in _named_heads() and (not _NAMED_NEXT.match(text, name_start) or _PRIVATE.match(text, name_start)):
            continue  # "bệnh viện", "Phòng chống …": no name follows; "Công ty TNHH …" is a private firm
        end, abbreviations = _walk_agency(text, name_start, limit, bare=head in _BARE_HEADS,
                                          named=head in _named_heads())
        if end <= name_start:
            continue  # "Bộ", "Sở" or "UBND" alone
        if head in _named_heads() and foreign_name(text[name_start:end]):
            continue  # "Trường ĐH Y khoa Harvard", "Công ty Zuellig Pharma"
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
        if not fold(written).startswith(fold(base)):
            return base
        tail = written[len(base) :]  # a place written after the name: "… TP HCM" → "… thành phố Hồ Chí Minh"
        return base + tail[: len(tail) - len(tail.lstrip())] + expand_abbreviations(tail.lstrip(), capitalize=False)
    name = expand_abbreviations(written)
    name = re.sub(r"^(?:ban|trung tâm)\b", lambda m: m.group(0).capitalize(), name)
    return re.sub(r"^Ban quản lý\b", "Ban Quản lý", name)


def province_of(canonical: str, level: str | None, home: str | None) -> str | None:
    m = re.search(rf"(?:tỉnh|thành phố)\s+([{UPPER}]\w*(?:\s+[{UPPER}]\w*){{0,3}})$", canonical)
    if m:
        return m.group(1)
    if level in ("province", "party", "other", "district", "commune") and home:
        return home
    return None


def agency_level(written: str) -> str:
    """The level a name's head word implies ("Sở …" → province), for a body the gazetteer does not know."""
    heads_re, heads = _heads()
    m = heads_re.match(written)
    return heads[m.group("head")] if m else "other"


def canonical_name(written: str) -> str:
    """A body's full name: the gazetteer's spelling when it knows the body, else the name expanded."""
    known_re, known = _known()
    m = known_re.fullmatch(" ".join(written.split()))
    return _canonical(written, known[known_key(m.group(0))] if m else None)


def is_collective(written: str) -> bool:
    """'các sở, ban, ngành', 'Các Bộ, ngành': many bodies, none named."""
    return bool(re.match(rf"(?:các|những|mọi)\s|\S+(?:{_collective_re().pattern})", written, re.IGNORECASE))
