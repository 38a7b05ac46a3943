"""Agency names: the known bodies (data/agencies.yaml, the ministries of data/issuers.yaml), head words, and the
checks that tell a public body from a collective phrase, a person, a foreign unit or a private firm."""

from __future__ import annotations

import re
from functools import cache

from extractor.lexicon.names import expand_abbreviations
from extractor.lexicon.patterns import UPPER, alternation, bounded, fold, load
from extractor.lexicon.persons import person_shaped, surnames
from extractor.lexicon.places import PLACE_KINDS, place_of_name
from extractor.lexicon.syllables import is_syllable


@cache
def agency_data() -> dict:
    return load("agencies")


# Between the words of a known name a writer may put "và", a dash, a comma, "&" or nothing:
# "Lao động - Thương binh và Xã hội", "Lao động, Thương binh & Xã hội", "Kế hoạch Đầu tư" are one name.
_JOINER_RE = r"(?:\s*[-–,&]\s*|\s+và\s+|\s+)"


_JOINER = re.compile(_JOINER_RE, re.IGNORECASE)  # "VÀ" in a header in capitals joins too


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
def known_bodies() -> tuple[re.Pattern[str], dict[str, dict]]:
    """Every body known by name: central bodies, fixed party and provincial bodies, ministries, departments."""
    rows: dict[str, dict] = {}
    for row in agency_data()["central"]:
        for name in [row["name"], *(row.get("aliases") or [])]:
            rows[known_key(name)] = {"name": row["name"], "id": row["id"], "level": row.get("level", "central"),
                                "position": row.get("position", False)}
    for row in agency_data()["fixed"]:
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
    for dept in agency_data()["departments"]:
        rows.setdefault(known_key(f"Sở {dept}"), {"name": f"Sở {dept}", "level": "province"})
    aliases = {a for row in agency_data()["central"] for a in row.get("aliases") or []}
    either = _known_name_re([r["name"] for r in rows.values()] + sorted(aliases))
    # Not inside a longer head: "Tổng cục Thuế" and "Chi cục Thuế" are not "Cục Thuế".
    return re.compile(rf"(?<![\w])(?<!Tổng )(?<!Chi )(?:{either})(?![\w])", re.IGNORECASE), rows


def known_agency_re() -> re.Pattern[str]:
    """Every body known by name, as one pattern."""
    return known_bodies()[0]


@cache
def head_words() -> tuple[re.Pattern[str], dict[str, str]]:
    heads = {row["head"]: row["level"] for row in agency_data()["heads"]}
    return re.compile(bounded(rf"(?P<head>{alternation(list(heads))})")), heads


@cache
def named_heads() -> frozenset[str]:
    """Heads that open a body only when a capitalised name follows ("Bệnh viện Chợ Rẫy", not "bệnh viện")."""
    return frozenset(row["head"] for row in agency_data()["heads"] if row.get("named"))


PRIVATE_FIRM = re.compile(r"(?:TNHH|CP|[Cc]ổ phần|[Tt]rách nhiệm hữu hạn)(?![\w])")


@cache
def collective_re() -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{alternation(agency_data()['collective'])})(?![\w])", re.IGNORECASE)


@cache
def verb_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(agency_data()['verbs'])})(?![\w])")


def _foreign(word: str) -> bool:
    """A word of another language: unaccented, not an acronym, no Vietnamese syllable, no state brand."""
    return (len(word) >= 5 and word.isascii() and word.isalpha() and not word.isupper() and not is_syllable(word)
            and word not in agency_data()["state_brands"])


def foreign_name(name: str) -> bool:
    """A name holding a word of another language ("Y khoa Harvard", "Zuellig Pharma"): no Vietnamese body."""
    return any(map(_foreign, name.split()))


def private_firm(name: str) -> bool:
    """A limited or joint-stock company ("Công ty TNHH …", "Công ty CP …"): no public body."""
    return bool(PRIVATE_FIRM.search(name))


def full_name(written: str, info: dict | None) -> str:
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
    heads_re, heads = head_words()
    m = heads_re.match(written)
    return heads[m.group("head")] if m else "other"


def canonical_name(written: str) -> str:
    """A body's full name: the gazetteer's spelling when it knows the body, else the name expanded."""
    known_re, known = known_bodies()
    m = known_re.fullmatch(" ".join(written.split()))
    return full_name(written, known[known_key(m.group(0))] if m else None)


def is_collective(written: str) -> bool:
    """'các sở, ban, ngành', 'Các Bộ, ngành': many bodies, none named."""
    return bool(re.match(rf"(?:các|những|mọi)\s|\S+(?:{collective_re().pattern})", written, re.IGNORECASE))








@cache
def organisation_head() -> re.Pattern[str]:
    """The longest organisation noun (a rule head or a model head, agencies.yaml) opening a name."""
    data = load("agencies")
    return re.compile(rf"(?:{alternation([row['head'] for row in data['heads']] + data['model_heads'])})(?![\w])")


_PLACE_KIND = alternation(list(PLACE_KINDS))


_NAME_AFTER_HEAD = re.compile(rf"\s+(?:(?:{_PLACE_KIND})\s+)?[{UPPER}]")


# One body, not a kind of body: a proper name, a number or a place after the name's first word.
_SPECIFIC = re.compile(rf"\s(?:[{UPPER}]|\d|(?:{_PLACE_KIND})\s)")


def agency_end(written: str) -> int:
    """Where an agency the model found ends: before the first verb or function word after its head's name
    ("Tổ Công nghệ số cộng đồng | có nhiệm vụ"); 0 when it does not open with an organisation noun and a name."""
    head = organisation_head().match(written)
    if head is None or not _NAME_AFTER_HEAD.match(written, head.end()):
        return 0
    for verb in verb_pattern().finditer(written, head.end()):
        if written[verb.start() - 1] == " ":
            return verb.start() - 1
    return len(written)


def agency_shaped(written: str) -> bool:
    """An organisation noun followed by its name, not a collective phrase, a bare place or a person."""
    words = written.split()
    head = organisation_head().match(written)
    if len(written) > 120 or "\n" in written or person_shaped(written) \
            or (words[0] in surnames() and all(w[:1].isupper() for w in words[:3])):
        return False  # "Đoàn Văn Việt" is a person, "Đoàn Thanh niên" a body
    if head is None or len(written[head.end() :].split()) < 2 or foreign_name(written) or private_firm(written):
        return False  # "Tổ Giúp": a name cut short; "Quỹ Bill Clinton", "Công ty TNHH …": no public body
    if not _SPECIFIC.search(written, head.end() + 2):
        return False  # "Tổ Công nghệ số cộng đồng" names a kind of team; "… phường Phú Thủy" one team
    return not is_collective(written) and place_of_name(written, []) is None
