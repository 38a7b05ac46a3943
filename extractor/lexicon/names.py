"""Agency names written as a phrase: where the phrase ends, and its canonical, expanded form."""

from __future__ import annotations

import re
from functools import cache

from extractor.lexicon.patterns import alternation, load, tables, type_word_re

_WORD = re.compile(r"[^\s,;.:()\[\]“”\"'!?|]+")  # a table cell's " | " ends a word and the name


@cache
def _abbreviation_re() -> tuple[re.Pattern[str], dict[str, str]]:
    expansions: dict[str, str] = {}
    for row in load("abbreviations")["abbreviations"]:
        for form in [row["abbr"], *(row.get("variants") or [])]:
            expansions[form] = row["expansion"]
    forms = sorted(expansions, key=len, reverse=True)
    # A form ending in a dot ("Q.") may touch the next word; any other must end where a word ends.
    pattern = r"(?<![\w&-])(?:" + "|".join(
        r"\s+".join(map(re.escape, f.split())) + ("" if f.endswith(".") else r"(?![\w&])") for f in forms) + ")"
    return re.compile(pattern), expansions


def expand_abbreviations(name: str, capitalize: bool = True) -> str:
    """'UBND tỉnh' → 'Ủy ban nhân dân tỉnh'; 'Sở TT&TT' → 'Sở Thông tin và Truyền thông'."""
    pattern, expansions = _abbreviation_re()
    # Parenthesised abbreviations that only repeat the name: "Ban Chỉ đạo (BCĐ) Chuyển đổi số (CĐS)".
    out = re.sub(r"\s*\(\s*[A-ZĐ&-]{2,}\s*\)", "", name)
    out = re.sub(r"(?<=[A-ZĐ])-\s+(?=[A-ZĐ])|(?<=[A-ZĐ])\s+-(?=[A-ZĐ])", "-", out)  # "GD- ĐT" is "GD-ĐT"
    out = pattern.sub(lambda m: expansions[" ".join(m.group(0).split())] + (" " if m.group(0).endswith(".") else ""),
                      out)
    out = " ".join(out.split())
    return _capitalize_head(out) if capitalize else out


def _capitalize_head(name: str) -> str:
    return name[:1].upper() + name[1:] if name else name


@cache
def _issuer_head_re() -> re.Pattern[str]:
    heads = sorted(tables().lexicon["issuer_heads"], key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(r"\s+".join(map(re.escape, h.split())) for h in heads) + r")(?![\w])")


@cache
def _stops() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    singles, multis = set(), []
    for stop in tables().lexicon["name_stops"]:
        words = tuple(stop.split())
        if len(words) == 1:
            singles.add(words[0])
        else:
            multis.append(words)
    return frozenset(singles), tuple(multis)


@cache
def _numbered_by() -> re.Pattern[str]:
    words = "|".join(map(re.escape, tables().lexicon["numbered_names"]))
    return re.compile(rf"(?<![\w])(?:{words})\s+$", re.IGNORECASE)


def named_by_number(text: str, pos: int) -> bool:
    """The number at `pos` is part of a body's name: "Ban Chỉ đạo 934", "Ban Quản lý dự án 85"."""
    return bool(re.match(r"(?!(?:19|20)\d\d)\d{2,4}(?![\w/.-])", text[pos : pos + 6])) \
        and bool(_numbered_by().search(text, max(0, pos - 16), pos))


def walk_name(text: str, pos: int, end: int, max_words: int = 12) -> int:
    """End of a name that starts at `pos`: words until punctuation, a stop word or a lower-case 'và …'."""
    singles, multis = _stops()
    last = pos
    count = 0
    cursor = pos
    while count < max_words:
        m = _WORD.match(text, cursor)
        if m is None or m.start() >= end:
            break
        word = m.group(0)
        lower = word.lower()
        if count > 0:
            if lower in singles and not (lower == "số" and not _followed_by_number(text, m.end())):
                break
            following = text[m.start() : m.start() + 40].lower().split()
            if any(tuple(following[: len(ws)]) == ws for ws in multis):
                break
            if lower in ("và", "hoặc"):
                nxt = _WORD.match(text, _skip_spaces(text, m.end()))
                if nxt is None or not nxt.group(0)[:1].isupper() or _starts_type_word(text, nxt.start()):
                    break
            if word[:1].isdigit() and not re.fullmatch(r"\d{1,2}", word) and not named_by_number(text, m.start()):
                break  # a number ends a name, but "Ban Chỉ đạo 934", "Ban Quản lý dự án 85" are named by theirs
        last = m.end()
        count += 1
        nxt_pos = _skip_spaces(text, m.end())
        if nxt_pos >= end or (nxt_pos == m.end() and nxt_pos < len(text) and text[nxt_pos] not in " \n"):
            break
        if "\n\n" in text[m.end() : nxt_pos]:
            break
        cursor = nxt_pos
    return last


@cache
def _type_word_start_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{type_word_re()})(?![\w])")


def _starts_type_word(text: str, pos: int) -> bool:
    """'Luật Giao dịch điện tử và Luật Công nghệ thông tin': 'và' before a new document ends the name."""
    return bool(_type_word_start_re().match(text, pos))


def _followed_by_number(text: str, pos: int) -> bool:
    """'số 09', 'số: 12' is a number; 'chuyển đổi số' is a word."""
    return bool(re.match(r"\s*:?\s*\d", text[pos : pos + 6]))


@cache
def _name_grammar() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lex = tables().lexicon
    return (
        re.compile(rf"(?:{alternation(lex['name_predicates'])})(?![\w])"),  # lower case: "Đạt" is a name
        re.compile(rf"(?:{alternation(lex['clause_openers'])})(?![\w])"),
        re.compile(rf"(?:{alternation(lex['names_with_commas'])})(?![\w])"),
    )


_SEGMENT_END = re.compile(r"[,;.:()!?\n|“”\"]")


def document_name_end(text: str, start: int, limit: int, max_words: int = 40) -> int:
    """End of a document's name starting at `start` ("xóa nhà tạm, nhà dột nát" of "Chương trình …"): words until its
    predicate starts, a clause's punctuation, a comma that opens the next clause, or another document ("và Đề án
    …", "tại Tờ trình số …"). A comma inside a body's name ("của Bộ Văn hóa, Thể thao và Du lịch") goes on."""
    predicate, opener, _ = _name_grammar()
    end = pos = start
    words = 0
    while pos < limit and words < max_words:
        while pos < limit and text[pos] == " ":
            pos += 1
        if pos >= limit:
            break
        if text[pos] == ",":
            if comma_in_name(text, pos, start):
                pos += 1
                continue
            nxt = _skip_spaces(text, pos + 1)
            word = _WORD.match(text, nxt)
            if word is None or opener.match(text, nxt) or not word.group(0)[:1].islower():
                break  # ", Sở Tư pháp báo cáo": the sentence goes on
            stop = _SEGMENT_END.search(text, nxt, limit)
            segment_end = stop.start() if stop else limit
            if any(predicate.match(text, w.start()) for w in list(_WORD.finditer(text, nxt, segment_end))[:3]):
                break  # ", tỉnh đã …": a subject and its verb
            pos = nxt
            continue
        word = _WORD.match(text, pos)
        if word is None or predicate.match(text, pos) or (words and _cites_another(text, word)):
            break
        if word.group(0) == "của":
            following = _WORD.match(text, _skip_spaces(text, word.end()))
            if following is None or not following.group(0)[:1].isupper():
                break  # "… của tỉnh": whose, not a name's part
        end = pos = word.end()
        words += 1
    return end


def comma_in_name(text: str, pos: int, floor: int = 0) -> bool:
    """The comma at pos is inside a body's name ("Bộ Văn hóa, Thể thao và Du lịch"), not between clauses."""
    comma_name = _name_grammar()[2]
    return any(m.start() < pos < m.end() for m in comma_name.finditer(text, max(floor, pos - 40), pos + 40))


@cache
def _citation_start_re() -> re.Pattern[str]:
    types = type_word_re()
    return re.compile(rf"(?:(?:tại|theo)\s+)?(?:{types})\s+số(?![\w])|(?:và|hoặc|của)\s+(?:{types})(?![\w])")


def _cites_another(text: str, word: re.Match[str]) -> bool:
    """'tại Tờ trình số …', 'và Đề án …', 'của Luật …': another document, which ends the name before it."""
    return bool(_citation_start_re().match(text, word.start()))


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \n":
        pos += 1
    return pos


def match_issuer_phrase(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """Span of an agency phrase starting at `pos` ('Bộ trưởng Bộ Thông tin và Truyền thông'), if any."""
    m = _issuer_head_re().match(text, pos)
    if m is None:
        return None
    stop = walk_name(text, pos, end)
    return (pos, max(stop, m.end()))


_SIGNER = re.compile(
    r"^(?:Bộ trưởng|Thứ trưởng|Chủ tịch|Phó Chủ tịch|Giám đốc|Phó Giám đốc|Trưởng ban|Phó Trưởng ban|Bí thư|"
    r"Phó Bí thư|Tổng Bí thư)\s+(?=[A-ZĐỦU])"
)


def issuer_canonical(phrase: str) -> str:
    """The issuing body of a phrase: 'Bộ trưởng Bộ TT&TT' → 'Bộ Thông tin và Truyền thông'."""
    phrase = " ".join(phrase.split())
    if re.fullmatch(r"Thủ tướng(?: Chính phủ)?", phrase):
        return "Thủ tướng Chính phủ"
    body = _SIGNER.sub("", phrase)
    return expand_abbreviations(body)
