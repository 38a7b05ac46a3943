"""Agencies (spec §4): specific bodies of the state and the Party, by gazetteer and head-word rules.

Known bodies (data/agencies.yaml, the ministries of data/issuers.yaml) are matched whole; other names
open with a head word ("Sở", "Ban Chỉ đạo", "Trung tâm", "UBND") and run on while their words belong to
the name. Abbreviations expand ("UBND tỉnh" → "Ủy ban nhân dân tỉnh", "Sở TT&TT" → "Sở Thông tin và
Truyền thông"); an abbreviation a text defines ("Ban Chỉ đạo (BCĐ) Chuyển đổi số (CĐS) tỉnh") then
stands for that body. Collective phrases ("các sở, ban, ngành") are not agencies.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.components.items import AgencyItem
from extractor.lexicon.agencies import (
    PRIVATE_FIRM,
    agency_data,
    collective_re,
    foreign_name,
    full_name,
    head_words,
    known_bodies,
    known_key,
    named_heads,
    province_of,
    verb_pattern,
)
from extractor.lexicon.names import named_by_number
from extractor.lexicon.patterns import LOWER, UPPER, alternation, bounded, load
from extractor.lexicon.places import Province, province_names
from extractor.text.document import Document
from extractor.text.spans import SpanSet


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
def _place_tail() -> re.Pattern[str]:
    """' tỉnh Nghệ An', ' huyện Nghi Lộc', ' tỉnh': the place an agency's name may end with."""
    provinces = alternation(province_names())
    local = rf"[{UPPER}]\w*(?:\s+[{UPPER}]\w*){{0,2}}|\d{{1,2}}(?![\w/])"
    return re.compile(
        rf"\s+(?:(?P<pkind>tỉnh|thành phố|TP\.?)(?:\s*(?P<province>{provinces})(?![\w]))?|(?P<bare>{provinces})(?![\w])"
        rf"|(?P<lkind>huyện|thị xã|quận|xã|phường|Q\.|H\.)\s*(?P<local>{local}))"
    )




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
        acronym = _ACRONYM.match(text, pos) if count == 0 and not PRIVATE_FIRM.match(text, pos) else None
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
        if count > 0 and ((word[0].isdigit() and not named_by_number(text, pos)) or _person_at(text, m)):
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
            if nxt is None or head_words()[0].match(text, nxt.start()) or _and_stop_re().match(text, nxt.start()):
                break  # "Tổng cục Thuế và Chi cục Thuế", "Sở Tài chính và các đơn vị": another party
        end = m.end()
        pos = end
        while pos < limit and text[pos] == " ":
            pos += 1
        if pos == end or "\n\n" in text[end:pos]:
            break
    return end, abbreviations








@cache
def _compound_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(agency_data()['compounds'])})(?![\w])")


@cache
def _and_stop_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(agency_data()['and_stops'])})(?![\w])", re.IGNORECASE)


def _ends_compound(text: str, pos: int) -> bool:
    """The word at `pos` ends a compound that the word before opens ("thiết bị")."""
    return bool(_compound_re().match(text, text.rfind(" ", 0, max(pos - 1, 0)) + 1))


def find_agencies(doc: Document, masked: SpanSet, provinces: list[Province]) -> list[AgencyItem]:
    text = doc.norm
    known_re, known = known_bodies()
    heads_re, heads = head_words()
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
        canonical = full_name(written, info)
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
        if collective_re().match(text, m.end()) or _POSITION_AFTER_HEAD.match(text, m.end()) \
                or taken.overlaps(m.start(), m.end()):
            continue
        sent = doc.sentence_at(m.start())
        limit = sent.nend if sent else len(text)
        name_start = m.end() + 1 if text[m.end() : m.end() + 1] == " " else m.end()
        if head in ("Bộ", "Sở") and not re.match(r"[A-ZĐ][A-ZĐ&-]+(?![\w])", text[name_start : name_start + 12]):
            continue  # ministries and departments by name come from the gazetteer; "Bộ chỉ số" is no body
        if head in named_heads() and (not _NAMED_NEXT.match(text, name_start) or PRIVATE_FIRM.match(text, name_start)):
            continue  # "bệnh viện", "Phòng chống …": no name follows; "Công ty TNHH …" is a private firm
        end, abbreviations = _walk_agency(text, name_start, limit, bare=head in _BARE_HEADS,
                                          named=head in named_heads())
        if end <= name_start:
            continue  # "Bộ", "Sở" or "UBND" alone
        if head in named_heads() and foreign_name(text[name_start:end]):
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
        for m in re.finditer(bounded(re.escape(abbr)), text):
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










