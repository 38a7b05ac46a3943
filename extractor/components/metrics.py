"""Metrics (spec §3): every number that measures something, with its indicator, subject, year and change.

`find_metric_candidates` reads the numbers of one sentence (value, unit, total, direction);
`attribute` ties each to what it measures following Vietnamese reporting style: an indicator named
once governs the values after it in its clause ("Chính quyền số đạt 0,3512, tăng 52,2%, xếp thứ
47/63 …"), a ranking written as prose gives one subject per value ("Sở Tư pháp xếp thứ 2 với 81,46
điểm"), a value in brackets after "so với năm 2020" belongs to 2020. `check` flags values that
cannot be right (a rank above its total, an index outside its scale).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from extractor.components.items import DateItem, MetricItem
from extractor.lexicon.indices import indices
from extractor.lexicon.names import walk_name
from extractor.lexicon.patterns import UPPER, alternation, bounded, load
from extractor.lexicon.places import PLACE_KINDS, ProvinceMention, registry
from extractor.text.document import Document, Segment
from extractor.text.numbers import MULTIPLIER, NUMBER, multiplier, multiplier_pattern, numbers_in, parse_number
from extractor.text.spans import ByStart, SpanSet

# -- data -------------------------------------------------------------------------------------------------


@cache
def words() -> dict:
    return load("metric_words")




_PLAIN = r"\d+(?:[.,]\d+)*"  # the second number of a range, glued to the dash


def _alt(key: str) -> str:
    return alternation(words()[key])


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    num = NUMBER
    flags = re.IGNORECASE
    return {
        "rank": re.compile(
            rf"(?<![\w])(?P<cue>{_alt('rank_cues')})\s+(?:thứ\s+)?(?P<n>\d{{1,3}})(?:\s*/\s*(?P<total>\d{{1,3}}))?"
            rf"(?![\w/]|[.,]\d)", flags),
        "rank_change": re.compile(
            rf"(?<![\w])(?P<dir>{_alt('rank_change_up')}|{_alt('rank_change_down')})\s+(?P<n>\d{{1,3}})\s+"
            rf"(?:{_alt('rank_change_nouns')})(?![\w])", flags),
        # A range gives its first number: "31-32%", "16,1 - 18,5%", "20-25 triệu USD".
        "percent": re.compile(rf"(?P<n>{num})(?:\s*%)?(?:\s*-\s*{_PLAIN})?\s*(?:%|phần trăm(?![\w]))", flags),
        "money": re.compile(
            rf"(?P<n>{num})(?:\s*-\s*{_PLAIN})?(?:\s*(?P<mult>{MULTIPLIER}))?\s*"
            rf"(?:(?P<vnd>{_alt('vnd')})|(?P<usd>{_alt('usd')}))(?![\w])", flags),
        # "211.000 tỉ", "trên 3.000 tỉ": billions with no noun after them are đồng in Vietnamese reporting.
        "bare_money": re.compile(
            rf"(?P<n>{num})(?:\s*-\s*{_PLAIN})?\s*(?P<mult>{multiplier_pattern(1e9)})(?![\w])",
            flags),
        "score": re.compile(rf"(?P<n>{num})\s*điểm(?![\w])", flags),
        "fraction": re.compile(r"(?<![\w/.,-])(?P<n>\d{1,4})\s*/\s*(?P<total>\d{1,4})(?![\w/]|[.,]\d)"),
        "count": re.compile(rf"(?P<n>{num})(?:\s*-\s*(?P<upper>\d{{1,6}}))?\s+(?P<noun>[^\W\d_][\w-]*)", flags),
        "value": re.compile(rf"(?<![\w])(?:đạt|là|ở mức|mức)\s+(?P<n>{num})(?![\w%])", flags),
    }


@cache
def _word_res() -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE
    return {
        "up": re.compile(rf"(?<![\w])(?:{_alt('direction_up')})\s*(?:thêm\s+|khoảng\s+|gần\s+|hơn\s+)?$", flags),
        "down": re.compile(rf"(?<![\w])(?:{_alt('direction_down')})\s*(?:khoảng\s+|gần\s+|hơn\s+)?$", flags),
        "label": re.compile(rf"(?<![\w])(?:{_alt('label_words')})\s*$"),
        "not_count": re.compile(rf"(?:{_alt('not_count_nouns')})(?![\w])", flags),
        "measure": re.compile(rf"(?:{_alt('measure_units')})(?![\w])"),
        "stop": re.compile(rf"(?:{_alt('phrase_stops')})(?![\w])", flags),
        "result": re.compile(bounded(_alt('result_verbs')), flags),
        "money_head": re.compile(bounded(_alt('money_heads')), flags),
        "subject_head": re.compile(bounded(alternation(words()['subject_heads']))),
        "compared": re.compile(r"\s*(?:,\s*)?so\s+(?:với\s+)?(?:cùng\s+kỳ\s+)?(?:năm\s+)?(?P<y>(?:19|20)\d{2})(?!\d)",
                               flags),
        "compared_before": re.compile(r"so\s+(?:với\s+)?(?:cùng\s+kỳ\s+)?(?:năm\s+)?$", flags),
        "marker": re.compile(r"(?:^|[\n.;:]\s*)\(?$"),
    }


# -- candidates --------------------------------------------------------------------------------------------


def _value(written: str) -> float | None:
    parsed = parse_number(written)
    return parsed[0] if parsed else None


def _direction_before(text: str, start: int) -> str | None:
    left = text[max(0, start - 20) : start]
    res = _word_res()
    if res["up"].search(left):
        return "up"
    if res["down"].search(left):
        return "down"
    return None


def _is_list_marker(text: str, m: re.Match[str], sent_start: int) -> bool:
    """'(1).', '2.' opening a list item, 'Thứ 7,' of a weekday."""
    after = text[m.end("n") : m.end("n") + 2]
    before = text[max(sent_start, m.start() - 3) : m.start()]
    return (after[:1] in (")", ".") and (m.start() == sent_start or bool(_word_res()["marker"].search(before))))


def find_metric_candidates(doc: Document, sent: Segment, masked: SpanSet) -> list[MetricItem]:
    text = doc.norm
    a, b = sent.nstart, sent.nend
    pats = _patterns()
    res = _word_res()
    found: list[MetricItem] = []
    taken = SpanSet()

    def free(start: int, end: int) -> bool:
        return not masked.overlaps(start, end) and not taken.overlaps(start, end)

    def add(item: MetricItem) -> None:
        found.append(item)
        taken.add(item.nstart, item.nend)

    for m in pats["rank_change"].finditer(text, a, b):
        if _followed_by_noun(text, m.end(), b):
            continue  # "đi xuống 40 bậc đá": steps, not ranks
        if free(m.start(), m.end()):
            up = re.match(rf"(?:{_alt('rank_change_up')})$", m.group("dir"), re.IGNORECASE)
            add(MetricItem(m.start(), m.end(), float(m.group("n")), "rank_change", direction="up" if up else "down"))
    for m in pats["rank"].finditer(text, a, b):
        if not free(m.start(), m.end()):
            continue
        bare = m.group("cue").lower() in ("đứng", "xếp", "hạng")
        if bare and not m.group("total"):
            continue  # "đứng 3 người": a rank needs "thứ" or a total
        total = float(m.group("total")) if m.group("total") else None
        add(MetricItem(m.start(), m.end(), float(m.group("n")), "rank", total=total))
    for rank in [f for f in found if f.unit == "rank"]:
        _rank_continuations(text, rank, b, free, add)
    for m in pats["money"].finditer(text, a, b):
        value = _value(m.group("n"))
        if value is None or not free(m.start(), m.end()):
            continue
        if m.group("mult"):
            value *= multiplier(m.group("mult"))
        add(MetricItem(m.start(), m.end(), value, "usd" if m.group("usd") else "vnd",
                       direction=_direction_before(text, m.start())))
    for m in pats["bare_money"].finditer(text, a, b):
        value = _value(m.group("n"))
        if value is None or not free(m.start(), m.end()) or _followed_by_noun(text, m.end(), b):
            continue
        if re.match(r"\s*(?:đồng|USD|VNĐ|VND|đô)", text[m.end() : m.end() + 6], re.IGNORECASE):
            continue  # the currency pattern above reads it
        value *= multiplier(m.group("mult"))
        add(MetricItem(m.start(), m.end(), value, "vnd", direction=_direction_before(text, m.start())))
    for m in pats["percent"].finditer(text, a, b):
        value = _value(m.group("n"))
        if value is None or not free(m.start(), m.end()):
            continue
        add(MetricItem(m.start(), m.end(), value, "percent", direction=_direction_before(text, m.start())))
    for m in pats["score"].finditer(text, a, b):
        value = _value(m.group("n"))
        if value is None or not free(m.start(), m.end()) or _followed_by_noun(text, m.end(), b):
            continue  # "4 điểm cầu", "44 điểm cụ thể" are places and items, counted below
        add(MetricItem(m.start(), m.end(), value, "score", direction=_direction_before(text, m.start()),
                       extra={"decimals": len(m.group("n").replace(".", ",").partition(",")[2])}))
    for m in pats["fraction"].finditer(text, a, b):
        if not free(m.start(), m.end()):
            continue
        noun = _noun_phrase(text, _skip(text, m.end()), b)
        if noun is None:
            continue  # "8/11" alone may be a date or a score: only "8/11 mục tiêu" counts
        add(MetricItem(m.start(), noun[1], float(m.group("n")), "count", total=float(m.group("total")),
                       noun=text[noun[0] : noun[1]]))
    for number in numbers_in(text, a, b):
        if not free(number.start, number.end):
            continue
        if number.multiplier != 1.0:
            _add_scaled_count(text, number, b, add, res)
            continue
        m = pats["count"].match(text, number.start, b)
        if m is None or m.end("n") != number.end:
            continue
        measure = res["measure"].match(text, m.start("noun"))
        if number.decimals and not measure:
            continue
        if _is_list_marker(text, m, a) or res["label"].search(text[max(a, m.start() - 12) : m.start()]):
            continue
        noun_start = m.start("noun")
        if res["not_count"].match(text, noun_start):
            continue
        if measure:
            add(MetricItem(m.start(), measure.end(), number.value, "other", noun=measure.group(0)))
            continue
        noun = _noun_phrase(text, noun_start, b)
        if noun is None:
            continue
        add(MetricItem(m.start(), noun[1], number.value, "count", noun=text[noun[0] : noun[1]]))
    for m in pats["value"].finditer(text, a, b):
        parsed = parse_number(m.group("n"))
        if parsed is None or not free(m.start("n"), m.end("n")):
            continue
        value, decimals = parsed
        if decimals < 2 or (value > 1 and decimals < 3) or _followed_by_noun(text, m.end("n"), b):
            continue  # "đạt 0,3048" is an index value (a 1,3048 is flagged later); "là 0,39 mét" a length
        add(MetricItem(m.start("n"), m.end("n"), value, "index", direction=_direction_before(text, m.start())))
    # An index value in brackets: "so với năm 2020 (0,3026)".
    for m in re.finditer(r"\((?P<n>0[.,]\d{2,})\)", text[a:b]):
        start, end = a + m.start("n"), a + m.end("n")
        value = _value(m.group("n"))
        if value is not None and free(start, end):
            add(MetricItem(start, end, value, "index"))
    return sorted(found, key=lambda item: item.nstart)


_RANK_SCOPE = r"(?:khu vực|châu Á|thế giới|cả nước|toàn quốc|Đông Nam Á|ASEAN|trong nước|toàn cầu)"
_RANK_NEXT = re.compile(rf"\s*(?:,|và)\s*(?:thứ\s+)?(?P<n>\d{{1,3}})\s+(?={_RANK_SCOPE})", re.IGNORECASE)
_RANK_TOTAL = re.compile(r"\s+(?:trong|trên)\s+(?:số\s+|tổng số\s+)?(?P<total>\d{1,4})\s+(?=[^\W\d_])")


def _rank_continuations(text: str, rank: MetricItem, limit: int, free, add) -> None:
    """'đứng thứ 3 khu vực, thứ 9 châu Á, 137 thế giới'; 'đứng thứ 108 trong 177 nước'."""
    total = _RANK_TOTAL.match(text, rank.nend, limit)
    if total and rank.total is None:
        rank.total = float(total.group("total"))
        rank.nend = total.end("total")
    pos = rank.nend
    scope = re.match(rf"\s+{_RANK_SCOPE}", text[pos:limit], re.IGNORECASE)
    if scope:
        pos += scope.end()
    while True:
        m = _RANK_NEXT.match(text, pos, limit)
        if m is None or not free(m.start("n"), m.end("n")):
            return
        scope = re.match(rf"{_RANK_SCOPE}", text[m.end() : limit], re.IGNORECASE)
        end = m.end() + (scope.end() if scope else 0)
        add(MetricItem(m.start("n"), m.end("n"), float(m.group("n")), "rank"))
        pos = end


def _add_scaled_count(text: str, number, limit: int, add, res: dict[str, re.Pattern[str]]) -> None:
    """'4,6 triệu hộ nghèo', '14 vạn lao động', '329 nghìn km2': a count or a measure in thousands or millions."""
    noun_start = _skip(text, number.end)
    if res["not_count"].match(text, noun_start):
        return
    measure = res["measure"].match(text, noun_start)
    if measure:
        add(MetricItem(number.start, measure.end(), number.scaled, "other", noun=measure.group(0)))
        return
    noun = _noun_phrase(text, noun_start, limit)
    if noun is not None:
        add(MetricItem(number.start, noun[1], number.scaled, "count", noun=text[noun[0] : noun[1]]))


_AFTER_VALUE = re.compile(
    r"\s*(?:[,;.)!?:]|$|trở lên|trở xuống|so\s|và\s|trên\s|trong\s|của\s|nhưng\s|(?=\n))", re.IGNORECASE
)


def _followed_by_noun(text: str, pos: int, limit: int) -> bool:
    """True when a word that is not a function word follows: "điểm cầu", "bậc đá"."""
    if pos >= limit or _AFTER_VALUE.match(text, pos):
        return False
    nxt = _NP_WORD.match(text, _skip(text, pos))
    return nxt is not None and not nxt.group(0)[0].isdigit() and not _word_res()["stop"].match(text, nxt.start())


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


_NP_WORD = re.compile(r"[^\W\d_][\w&-]*|\d+(?:[.,]\d+)?")


def _noun_phrase(text: str, start: int, limit: int, max_words: int = 5) -> tuple[int, int] | None:
    """The noun phrase at `start`: words up to punctuation, a stop word or `max_words`.

    ('mục tiêu về chính quyền số')"""
    res = _word_res()
    pos, end, count = start, start, 0
    while count < max_words and pos < limit:
        m = _NP_WORD.match(text, pos)
        if m is None:
            break
        if count == 0 and (res["stop"].match(text, pos) or m.group(0)[0].isdigit()):
            return None
        if count > 0 and (res["stop"].match(text, pos) or m.group(0)[0].isdigit()):
            break
        end = m.end()
        count += 1
        nxt = end
        if nxt >= limit or text[nxt] != " ":
            break
        pos = _skip(text, nxt)
    return (start, end) if count else None


# -- attribution --------------------------------------------------------------------------------------------


@dataclass
class Context:
    """What earlier sentences said: the subject, the index in discussion and the year being reported."""

    provinces: list[str]
    local_abbreviations: dict[str, str]
    province_mentions: ByStart[ProvinceMention]
    dates: ByStart[DateItem]
    subject: str | None = None
    paragraph: int = -1
    topic: str | None = None
    year: int | None = None


def _local_abbreviations(text: str) -> dict[str, str]:
    """'Chỉ số chuyển đổi số (DTT)': DTT names DTI in this text, whatever its spelling."""
    by_alias, alias_re, _ = indices()
    out = {}
    for m in alias_re.finditer(text):
        abbr = re.match(r"\s*\(\s*(?P<abbr>[A-ZĐ][A-ZĐ0-9&-]{1,9})\s*\)", text[m.end() : m.end() + 16])
        if abbr:
            out[abbr.group("abbr")] = by_alias[" ".join(m.group(0).lower().split())].name
    return out


_WINDOW = 300  # how far back from a value its clause, indicator and subject are looked for


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    floor = max(sent_start, pos - _WINDOW)
    cut = max(text.rfind(";", floor, pos), text.rfind(":", floor, pos), text.rfind("(", floor, pos))
    return cut + 1 if cut >= 0 else floor


def _indicator_in(text: str, start: int, end: int, ctx: Context) -> str | None:
    """The last index, pillar or 'Xếp hạng …' named in text[start:end]."""
    by_alias, alias_re, part_re = indices()
    best: tuple[int, str] | None = None
    for m in alias_re.finditer(text, start, end):
        alias = " ".join(m.group(0).split())
        index = by_alias[alias.lower()]
        # Written as an abbreviation it is the index's name; in words it is kept as written.
        name = index.name if alias.isupper() else re.sub(r"^(?:Bộ\s+)?[Cc]hỉ số\s+", "", alias)
        best = (m.start(), name)
    for abbr, name in ctx.local_abbreviations.items():
        for m in re.finditer(bounded(re.escape(abbr)), text[start:end]):
            if best is None or start + m.start() > best[0]:
                best = (start + m.start(), name)
    for m in part_re.finditer(text, start, end):
        if best is None or m.start() > best[0]:
            best = (m.start(), " ".join(m.group(0).split()))
    for m in re.finditer(r"(?<![\w])(?:Bảng xếp hạng|[Xx]ếp hạng)\s+", text[start:end]):
        np = _noun_phrase(text, start + m.end(), end, max_words=4)
        if np and not re.match(r"(?:năm|của|tỉnh|thứ)\b", text[np[0] : np[1]]):
            phrase = re.split(r"\s+(?:năm|của|tỉnh|thành phố|khối|cấp)\b", text[np[0] : np[1]])[0]
            if best is None or start + m.start() > best[0]:
                best = (start + m.start(), _canonical_indicator(phrase))
    return best[1] if best else None


def _index_in(text: str, start: int, end: int, ctx: Context) -> str | None:
    """The last national or provincial index named in text[start:end] (not a pillar): the topic of a table."""
    by_alias, alias_re, _ = indices()
    best = None
    for m in alias_re.finditer(text, start, end):
        best = by_alias[" ".join(m.group(0).split()).lower()].name
    for abbr, name in ctx.local_abbreviations.items():
        if re.search(bounded(re.escape(abbr)), text[start:end]):
            best = best or name
    return best


def _canonical_indicator(phrase: str) -> str:
    by_alias, _, _ = indices()
    index = by_alias.get(phrase.lower())
    return index.name if index and phrase.isupper() else phrase


def _subject_in(text: str, start: int, end: int, ctx: Context) -> str | None:
    """The last body, place or group named before a value in its clause ('Sở Tư pháp xếp thứ 2 …')."""
    res = _word_res()
    best: tuple[int, str, int] | None = None
    for m in res["subject_head"].finditer(text, start, end):
        head = m.group(0)
        rest = text[m.end() : end]
        if head.lower() in ("nhóm",) and not re.match(r"\s+[A-ZĐ0-9]\b", rest):
            continue
        if head.lower() == "cấp" and not re.match(r"\s+(?:tỉnh|huyện|xã|bộ|sở)\b", rest):
            continue
        if head.lower() in _PLACE_HEADS and not re.match(rf"\s+[{UPPER}]", rest):
            continue  # "xã hội", "các tỉnh, thành phố": not a named place
        stop = _subject_end(text, m.end(), end)
        phrase = text[m.start() : stop].strip(" ,")
        if len(phrase) > len(head):
            best = (m.start(), phrase, stop)
    for pstart, pend, pid, _typed in ctx.province_mentions.within(start, end):
        if pend <= end and (best is None or pstart >= best[2]):
            best = (pstart, registry()[pid].name, pend)
    return best[1] if best else None


_PLACE_HEADS = frozenset(PLACE_KINDS)  # "tỉnh", "huyện", "xã" … alone: a level, not a subject
_SUBJECT_VERBS = re.compile(
    r"\s(?:xếp|dẫn đầu|đứng|đạt|với|có|là|tăng|giảm|chiếm|gồm|chia|được|đã|thuộc|chỉ|lần lượt|tụt|vẫn|về|"
    r"cung cấp|ban hành|hoàn thành|triển khai|trên)(?![\w])"
)


def _subject_end(text: str, pos: int, end: int) -> int:
    """Where a subject phrase ends: a verb, a comma, or where an agency-name walk stops."""
    stop = _SUBJECT_VERBS.search(text, pos, end)
    comma = text.find(",", pos, end)
    cut = min(x for x in (stop.start() if stop else end, comma if comma >= 0 else end, end))
    return min(cut, max(walk_name(text, _skip(text, pos), cut, max_words=7), pos))


def _years_in(dates: ByStart[DateItem], start: int, end: int, text: str) -> list[tuple[int, int, bool]]:
    """(position, year, compared) of the dated mentions in text[start:end] that a value can refer to.

    'so với năm 2020' is compared; issue and publication dates and targets ('đến năm 2025') are left out."""
    res = _word_res()
    out = []
    for d in dates.within(start, end):
        if d.start.year is None or d.role in ("issued", "published", "target"):
            continue
        if d.granularity == "year" and d.is_range:
            continue
        compared = bool(res["compared_before"].search(text[max(0, d.nstart - 16) : d.nstart]))
        out.append((d.nstart, d.start.year, compared))
    return out


_BRACKETED_BASELINE = re.compile(r"so\s+(?:với\s+)?(?:năm\s+)?(?P<y>(?:19|20)\d{2})\s*\(\s*$")


def attribute(doc: Document, sent: Segment, items: list[MetricItem], ctx: Context, paragraph: int) -> None:
    text = doc.norm
    a, b = sent.nstart, sent.nend
    res = _word_res()
    if paragraph != ctx.paragraph:
        ctx.paragraph = paragraph
        ctx.subject = None
    years = _years_in(ctx.dates, a, b, text)
    reported = [y for pos, y, compared in years if not compared]
    reported_at = [pos for pos, y, compared in years if not compared]
    result_sentence = bool(res["result"].search(text, a, b))
    sentence_index = _indicator_in(text, a, b, ctx)
    previous: MetricItem | None = None
    for item in items:
        clause = _clause_start(text, a, item.nstart)
        # indicator
        own = None
        if item.unit == "count" or (item.unit == "other" and item.noun):
            own = item.noun
        elif item.unit == "percent":
            np = _noun_phrase(text, _skip(text, item.nend), b)
            if np and not text[np[0] : np[1]].lower().startswith(("so ", "so")):
                own = text[np[0] : np[1]]
        elif item.unit in ("vnd", "usd"):
            head = None
            for m in res["money_head"].finditer(text, clause, item.nstart):
                head = m
            if head is not None:
                end = _subject_end(text, head.end(), item.nstart)
                own = text[head.start() : end].strip(" ,")
        clause_index = _indicator_in(text, clause, item.nstart, ctx)
        inherited = previous.indicator if previous is not None and previous.unit != "count" else None
        item.indicator = own or clause_index or inherited or _phrase_before_verb(text, clause, item.nstart) or (
            sentence_index or (ctx.topic if item.unit != "count" else None))
        # subject
        paren = text.rfind("(", max(a, item.nstart - 20), item.nstart)
        if item.unit == "count" and paren >= 0 and ")" not in text[paren : item.nstart]:
            item.subject = _tail_phrase(text, max(a, paren - _WINDOW), paren)
        else:
            item.subject = _subject_in(text, clause, item.nstart, ctx) or (
                previous.subject if previous is not None else None) or _subject_in(
                text, max(a, item.nstart - _WINDOW), item.nstart, ctx)
        item.subject = item.subject or ctx.subject or (ctx.provinces[0] if ctx.provinces else None)
        # year
        compared = res["compared"].match(text, item.nend)
        if compared:
            item.compared_to = int(compared.group("y"))
        bracket = _BRACKETED_BASELINE.search(text[max(a, item.nstart - 30) : item.nstart])
        before = bisect.bisect_left(reported_at, item.nstart)
        if bracket:
            item.year = int(bracket.group("y"))
        elif before:
            item.year = reported[before - 1]
        elif reported:
            item.year = reported[0]
        elif item.unit != "count" or result_sentence:
            item.year = ctx.year
        previous = item
    if items:
        ctx.subject = items[-1].subject if items[-1].subject not in ctx.provinces else ctx.subject
    if reported:
        ctx.year = reported[-1]
    named = _index_in(text, a, b, ctx)
    if named:
        ctx.topic = named


_VALUE_VERB = re.compile(
    r"(?<![\w])(?:đạt|tăng|giảm|chiếm|là|ở mức|lên|xuống|còn|khoảng|vào khoảng|ước|ước đạt|dự kiến|gần|hơn|trên|"
    r"tổng cộng|tới|đến)(?:\s+(?:khoảng|gần|hơn|trên|thêm|tới|lên|xuống|còn))*\s*$",
    re.IGNORECASE,
)
_LEADING_DISCOURSE = re.compile(
    r"^(?:trong đó|riêng|còn|ngoài ra|bên cạnh đó|đồng thời|theo đó|cụ thể|như vậy|tuy nhiên|năm \d{4}|"
    r"năm nay|năm qua)\s*,?\s*", re.IGNORECASE,
)


def _phrase_before_verb(text: str, clause: int, pos: int) -> str | None:
    """'Giá trị sản xuất công nghiệp tăng khoảng 14,4%': the noun phrase the verb before a value speaks of."""
    verb = _VALUE_VERB.search(text[max(clause, pos - 40) : pos])
    if verb is None:
        return None
    end = max(clause, pos - 40) + verb.start()
    start = max(clause, text.rfind(",", clause, end) + 1)
    phrase = _LEADING_DISCOURSE.sub("", text[start:end].strip())
    words_ = phrase.split()
    if not words_ or len(words_) > 8 or not words_[0][:1].isalpha():
        return None
    return " ".join(words_)


def _tail_phrase(text: str, start: int, end: int) -> str | None:
    """The noun phrase right before a bracket: 'nhóm giúp việc chỉ số DTI (khoảng 5-7 thành viên)'."""
    res = _word_res()
    head = None
    for m in res["subject_head"].finditer(text, start, end):
        head = m
    if head is not None:
        return text[head.start() : end].strip(" ,")
    words_before = text[start:end].split()
    return " ".join(words_before[-4:]) if words_before else None


# -- checks ---------------------------------------------------------------------------------------------


def check(item: MetricItem) -> list[tuple[str, str]]:
    """(code, message) for values that cannot be right; they are kept and flagged, not dropped."""
    problems = []
    if item.unit == "rank" and item.total is not None and item.value > item.total:
        problems.append(("rank_above_total", f"rank {item.value:g} is above its total {item.total:g}"))
    if item.unit == "count" and item.total is not None and item.value > item.total:
        problems.append(("count_above_total", f"count {item.value:g} is above its total {item.total:g}"))
    if item.unit == "percent" and item.value > 100 and item.direction is None:
        problems.append(("percent_above_100", f"{item.value:g}% of a whole cannot exceed 100"))
    by_alias, _, _ = indices()
    index = by_alias.get((item.indicator or "").lower())
    if index and item.unit in ("index", "score") and item.direction is None:
        low, high = index.scale
        if not low <= item.value <= high:
            message = f"{index.name} is on a {low:g}–{high:g} scale; {item.value:g} is outside"
            problems.append(("outside_scale", message))
    return problems


def find_metrics(doc: Document, masked: SpanSet, dates: list[DateItem], provinces: list[str],
                 province_mentions: list[ProvinceMention]) -> list[MetricItem]:
    ctx = Context(provinces=provinces, local_abbreviations=_local_abbreviations(doc.norm),
                  province_mentions=ByStart(province_mentions, lambda m: m[0]),
                  dates=ByStart(dates, lambda d: d.nstart))
    out: list[MetricItem] = []
    paragraph_starts = [p.nstart for p in doc.paragraphs]
    for sent in doc.sentences:
        items = find_metric_candidates(doc, sent, masked)
        paragraph = bisect.bisect_right(paragraph_starts, sent.nstart) - 1
        attribute(doc, sent, items, ctx, paragraph)
        for item in items:
            by_alias, _, _ = indices()
            index = by_alias.get((item.indicator or "").lower())
            # "tăng 0,1783 điểm" of a 0–1 index is a change of the index, not a score.
            if item.unit == "score" and index and index.value_unit == "index" and item.value < 1:
                item.unit = "index"
        out += items
    return out
