"""Find dates and periods (spec §2) and give each an ISO 8601 value, a granularity and a role.

Matching is a grammar of Vietnamese date forms over the normalized view. A day or month written
without a year ("Sáng nay 28/6") takes its year from the document's reference date, biased to the
past of that date (deadlines excepted), and says so in `year_inferred`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache

from extractor.components.items import DateItem, Point
from extractor.lexicon.patterns import DAY, DAY_DATE, MONTH, YEAR, bounded, day_date_value, words_re
from extractor.text.document import Document
from extractor.text.spans import SpanSet

ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
NUMBER_WORDS = {"ba": 3, "sáu": 6, "chín": 9, "mười": 10}






@cache
def _date_re() -> re.Pattern[str]:
    number_words = "|".join(NUMBER_WORDS)
    return re.compile(
        rf"""
        (?P<period>(?P<pw>{words_re('period_words')})\s+(?:từ\s+)?(?:năm\s+)?(?P<py1>{YEAR})\s*(?:-|đến|tới)\s*(?:năm\s+)?(?P<py2>{YEAR})(?![\d/]))
      | (?P<nmonths>(?:(?P<nm>\d{{1,2}}|{number_words})\s+tháng|(?P<half>nửa))\s+
            (?:(?P<pos>đầu|cuối)\s+năm(?:\s+(?P<nmy>{YEAR})(?![\d/]))?|năm\s+(?P<nmy2>{YEAR})(?![\d/])))
      | (?P<quarter>quý\s+(?P<q>IV|III|II|I|[1-4])(?![\w])(?:(?:\s*[/-]\s*|\s+năm\s+|\s+)(?P<qy>{YEAR})(?![\d/]))?)
      | (?P<dayspan>ngày\s+(?P<sd1>{DAY})\s*(?P<slink>đến|-|và)\s*(?:ngày\s+)?(?P<sd2>{DAY})
            \s?(?P<ssep>[/.-])\s?(?P<smo>{MONTH})(?:\s?(?P=ssep)\s?(?P<syr>{YEAR}))?(?![\d/]|[.,]\d))
      | (?P<day>(?:ngày\s+)?(?:{DAY_DATE}))
      | (?P<iso>(?<![\d/.-])(?P<iy>{YEAR})-(?P<im>0[1-9]|1[0-2])(?:-(?P<id>0[1-9]|[12]\d|3[01]))?(?![\d/-]))
      | (?P<month>tháng\s+(?P<mm>{MONTH})\s*(?:[/.-]\s*|,?\s*năm\s+)(?P<my>{YEAR})(?![\d/]))
      | (?P<dm>(?:ngày\s+)?(?P<dd>{DAY})\s?(?P<dsep>[/.-])\s?(?P<dmm>{MONTH})(?![\d/]|\s?[/.-]\s?\d|[.,]\d))
      | (?P<dmw>ngày\s+(?P<dd2>{DAY})\s+tháng\s+(?P<dm2>{MONTH})(?![\d/]|\s*,?\s*năm\s+\d|\s*[/-]\s*\d))
      | (?P<monly>tháng\s+(?P<mo>{MONTH})(?![\d/]|\s*,?\s*(?:năm\s+\d|[/.-]\s*\d)))
      | (?P<year>năm\s+(?P<yy>{YEAR})(?:\s*-\s*(?P<yend>{YEAR}))?(?![\d/]|[.,]\d))
      | (?P<indexyear>(?<![\w])(?:{words_re('index_names')})\s+(?P<iyr>{YEAR})(?![\d/]))
      | (?P<yrange>(?<![\w/.-])(?P<ry1>{YEAR})\s*-\s*(?P<ry2>{YEAR})(?![\d/]))
        """,
        re.VERBOSE | re.IGNORECASE,
    )


@cache
def _cue_res() -> dict[str, re.Pattern[str]]:
    return {
        "day_month": re.compile(rf"(?<![\w])(?:{words_re('day_month_cues')})\s*[(,]?\s*$", re.IGNORECASE),
        "dm_blocker_after": re.compile(rf"\s*(?:{words_re('day_month_blockers_after')})(?![\w])", re.IGNORECASE),
        "blocker_after": re.compile(rf"\s*(?:{words_re('month_blockers_after')})", re.IGNORECASE),
        "blocker_before": re.compile(rf"(?<![\w])(?:{words_re('month_blockers_before')})\s+$", re.IGNORECASE),
        "number_before": re.compile(r"\d\s*$"),
    }


_LIST_YEAR = re.compile(rf"\s*(?:,|và|hoặc|;)\s*(?:năm\s+)?(?P<y>{YEAR})(?![\d/]|[.,]\d)", re.IGNORECASE)
_RANGE_YEAR = re.compile(rf"\s*(?:-|đến|tới)(?:\s+hết)?\s*(?P<y>{YEAR})(?![\d/]|[.,]\d)", re.IGNORECASE)
_RANGE_LINK = re.compile(r"\s*(?:-|đến|tới)(?:\s+hết)?\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:từ|trong thời gian từ)\s+$", re.IGNORECASE)


def _item_from_match(doc: Document, m: re.Match[str]) -> DateItem | None:
    text = doc.norm
    kind = m.lastgroup
    g = m.group
    if kind == "period":
        y1, y2 = int(g("py1")), int(g("py2"))
        if not 0 < y2 - y1 <= 50:
            return None
        return DateItem(m.start(), m.end(), Point(y1), Point(y2), "year", is_range=True, kind=kind)
    if kind == "nmonths":
        n = 6 if g("half") else int(NUMBER_WORDS.get(g("nm").lower(), 0) or g("nm"))
        if not 1 <= n <= 11:
            return None
        written = g("nmy") or g("nmy2")
        year = int(written) if written else None
        first = (g("pos") or "đầu").lower() == "đầu"
        start, end = (1, n) if first else (13 - n, 12)
        return DateItem(m.start(), m.end(), Point(year, start), Point(year, end), "months", is_range=True, kind=kind)
    if kind == "quarter":
        q = ROMAN_QUARTERS[g("q").upper()]
        year = int(g("qy")) if g("qy") else None
        return DateItem(m.start(), m.end(), Point(year, 3 * q - 2), Point(year, 3 * q), "quarter", is_range=True,
                        kind=kind)
    if kind == "dayspan":
        year = int(g("syr")) if g("syr") else None
        month, d1, d2 = int(g("smo")), int(g("sd1")), int(g("sd2"))
        if d1 >= d2 or (g("ssep") == "." and not g(0).lower().startswith("ngày")):
            return None
        if g("slink").lower() == "và":
            second = DateItem(m.start("sd2"), m.end(), Point(year, month, d2), Point(year, month, d2), "day", kind=kind)
            first = DateItem(m.start(), m.end("sd1"), Point(year, month, d1), Point(year, month, d1), "day",
                             kind=kind, extra={"pair": second})
            return first
        return DateItem(m.start(), m.end(), Point(year, month, d1), Point(year, month, d2), "day", is_range=True,
                        kind=kind)
    if kind == "day":
        value = day_date_value(m)
        if value is None:
            return None
        y, mo, d = map(int, value.split("-"))
        return DateItem(m.start(), m.end(), Point(y, mo, d), Point(y, mo, d), "day", kind=kind)
    if kind == "iso":
        y, mo = int(g("iy")), int(g("im"))
        d = int(g("id")) if g("id") else None
        return DateItem(m.start(), m.end(), Point(y, mo, d), Point(y, mo, d), "day" if d else "month", kind=kind)
    if kind == "month":
        y, mo = int(g("my")), int(g("mm"))
        return DateItem(m.start(), m.end(), Point(y, mo), Point(y, mo), "month", kind=kind)
    if kind in ("dm", "dmw"):
        d, mo = (int(g("dd")), int(g("dmm"))) if kind == "dm" else (int(g("dd2")), int(g("dm2")))
        if kind == "dm" and g("dsep") == "." and not g(0).lower().startswith("ngày"):
            return None  # "1.5" is a number; "ngày 31.7" a date
        if kind == "dm" and not g(0).lower().startswith("ngày"):
            window = max(0, m.start() - 30)
            left = text[max(window, text.rfind("\n", window, m.start()) + 1) : m.start()]
            if not _cue_res()["day_month"].search(left) or _cue_res()["dm_blocker_after"].match(text, m.end()):
                return None
        try:
            dt.date(2000, mo, d)  # a leap year accepts 29/2
        except ValueError:
            return None
        return DateItem(m.start(), m.end(), Point(None, mo, d), Point(None, mo, d), "day", kind=kind)
    if kind == "monly":
        cues = _cue_res()
        left = text[max(0, m.start() - 12) : m.start()]
        if cues["blocker_before"].search(left) or cues["number_before"].search(left):
            return None
        if cues["blocker_after"].match(text, m.end()):
            return None
        mo = int(g("mo"))
        return DateItem(m.start(), m.end(), Point(None, mo), Point(None, mo), "month", kind=kind)
    if kind == "year":
        y = int(g("yy"))
        if g("yend"):
            y2 = int(g("yend"))
            if 0 < y2 - y <= 50:
                return DateItem(m.start(), m.end(), Point(y), Point(y2), "year", is_range=True, kind=kind)
            return None
        return DateItem(m.start(), m.end(), Point(y), Point(y), "year", kind=kind)
    if kind == "indexyear":
        y = int(g("iyr"))
        return DateItem(m.start(), m.end(), Point(y), Point(y), "year", kind=kind)
    if kind == "yrange":
        y1, y2 = int(g("ry1")), int(g("ry2"))
        if not 0 < y2 - y1 <= 50:
            return None
        return DateItem(m.start(), m.end(), Point(y1), Point(y2), "year", is_range=True, kind=kind)
    return None


def _list_years(doc: Document, items: list[DateItem], taken: SpanSet) -> list[DateItem]:
    """Bare years continuing a list after a year: 'năm 2020, 2021' → two dates."""
    out = []
    for item in items:
        if item.granularity != "year" or item.is_range:
            continue
        pos = item.nend
        # "từ năm 1976 đến 2004": the second year closes a range (merged below).
        opened = _RANGE_OPEN.search(doc.norm[max(0, item.nstart - 25) : item.nstart])
        closing = _RANGE_YEAR.match(doc.norm, pos) if opened else None
        if closing and not taken.overlaps(closing.start("y"), closing.end("y")):
            y = int(closing.group("y"))
            out.append(DateItem(closing.start("y"), closing.end("y"), Point(y), Point(y), "year", kind="listyear"))
            continue
        while True:
            m = _LIST_YEAR.match(doc.norm, pos)
            if not m or taken.overlaps(m.start("y"), m.end("y")):
                break
            y = int(m.group("y"))
            new = DateItem(m.start("y"), m.end("y"), Point(y), Point(y), "year", kind="listyear")
            out.append(new)
            taken.add(new.nstart, new.nend)
            pos = m.end()
    return out


def _merge_ranges(doc: Document, items: list[DateItem]) -> list[DateItem]:
    """'từ ngày 1/7/2025 đến ngày 31/12/2025' is one range."""
    merged: list[DateItem] = []
    for item in items:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and not prev.is_range
            and not item.is_range
            and prev.granularity == item.granularity
            and _RANGE_LINK.search(doc.norm[prev.nend : item.nstart])
            and len(doc.norm[prev.nend : item.nstart]) <= 12
            and _RANGE_OPEN.search(doc.norm[max(0, prev.nstart - 25) : prev.nstart])
        ):
            start, end = _complete_range(prev.start, item.end)
            merged[-1] = DateItem(prev.nstart, item.nend, start, end, item.granularity, is_range=True, kind="range")
            continue
        if prev is not None and prev.kind == "monly" and item.kind == "month" and _RANGE_LINK.search(
            doc.norm[prev.nend : item.nstart]
        ) and _RANGE_OPEN.search(doc.norm[max(0, prev.nstart - 25) : prev.nstart]):
            start, end = _complete_range(prev.start, item.end)
            merged[-1] = DateItem(prev.nstart, item.nend, start, end, "month", is_range=True, kind="range")
            continue
        merged.append(item)
    return merged


def _key(p: Point) -> tuple[int, int]:
    return (p.month or 0, p.day or 0)


def _complete_range(start: Point, end: Point) -> tuple[Point, Point]:
    """A range written with one year ('28/12/2004 đến 5/1', 'tháng 8 đến tháng 12-1974') gets the other."""
    if start.year is None and end.year is not None:
        year = end.year - 1 if _key(start) > _key(end) else end.year
        start = Point(year, start.month, start.day)
    elif end.year is None and start.year is not None:
        year = start.year + 1 if _key(end) < _key(start) else start.year
        end = Point(year, end.month, end.day)
    return start, end


_YEAR_CELL = re.compile(rf"\s*(?:[Nn]ăm\s+)?(?P<y>{YEAR})\s*")


def find_cell_years(doc: Document, cells: list[tuple[int, int]], found: list[DateItem]) -> list[DateItem]:
    """A task table's time cell that holds a year alone ("2025") is a date, though a bare year in prose is not."""
    taken = SpanSet([(d.nstart, d.nend) for d in found])
    items = []
    for start, end in cells:
        m = _YEAR_CELL.fullmatch(doc.norm, start, end)
        if m and not taken.overlaps(start, end):
            year = int(m["y"])
            items.append(DateItem(m.start("y"), m.end("y"), Point(year), Point(year), "year", kind="table"))
    return items


def find_dates(doc: Document, exclude: list[tuple[int, int]] | None = None) -> list[DateItem]:
    """Every date mention in text order; years still missing are filled by `fill_years`."""
    masked = SpanSet(exclude or [])
    items = []
    for m in _date_re().finditer(doc.norm):
        if masked.overlaps(m.start(), m.end()):
            continue
        item = _item_from_match(doc, m)
        if item is not None:
            items.append(item)
            if "pair" in item.extra:
                items.append(item.extra.pop("pair"))
    for item in items:
        masked.add(item.nstart, item.nend)
    items += _list_years(doc, items, masked)
    items.sort(key=lambda i: i.nstart)
    return _merge_ranges(doc, items)


def reference_date(items: list[DateItem], published: str | None) -> Point | None:
    """The date the document speaks from: its publication date, else the latest date or period it states."""
    if published:
        parts = [int(p) for p in published.split("/")[0].split("-")]
        return Point(*parts)
    # Without a publication date only the year is known: that of the latest date or period the text
    # reports, leaving out what looks ahead: targets ("đến năm 2030"), deadlines, multi-year periods
    # ("giai đoạn 2021-2025") and dates after a future cue ("sẽ kết thúc vào ngày 31-12-2006").
    stated = [i for i in items if i.start.year is not None]
    reported = [
        i for i in stated
        if i.role not in ("target", "deadline")
        and not (i.granularity == "year" and i.is_range)
        and not i.extra.get("ahead")
    ]
    if reported:
        # The latest year reported; within it, the latest day written in full, if any ("31-12" read in a text
        # that also says "ngày 1-1-2006" is 2005-12-31).
        year = max(i.start.year for i in reported)  # type: ignore[type-var]
        days = [i.start for i in reported if i.start.year == year and i.granularity == "day" and not i.is_range]
        return max(days, key=lambda p: (p.month or 0, p.day or 0)) if days else Point(year)
    # Everything stated lies ahead: the text speaks from before the earliest of it.
    return Point(min(i.start.year for i in stated)) if stated else None  # type: ignore[type-var]


def fill_years(items: list[DateItem], ref: Point | None) -> list[DateItem]:
    """Give a year to the days and months written without one; drop those no context can date."""
    kept = []
    for item in items:
        if item.start.year is not None and item.end.year is not None:
            kept.append(item)
            continue
        if ref is None:
            continue
        year = _year_for(item, ref)
        item.start = Point(item.start.year or year, item.start.month, item.start.day)
        item.end = Point(item.end.year or year, item.end.month, item.end.day)
        item.year_inferred = True
        kept.append(item)
    return kept


def _year_for(item: DateItem, ref: Point) -> int:
    """The year that puts the date nearest the reference date, a date ahead of it counting double
    (news reports the past), a date behind it counting double for a deadline (deadlines lie ahead)."""
    assert ref.year is not None
    if ref.month is None or item.start.month is None:
        return ref.year
    ref_day = dt.date(ref.year, ref.month, ref.day or calendar.monthrange(ref.year, ref.month)[1])

    def bounds(year: int) -> tuple[dt.date, dt.date]:
        end_year = year + (1 if _key(item.end) < _key(item.start) else 0)
        first = dt.date(year, item.start.month or 1, min(item.start.day or 1, _last_day(year, item.start.month or 1)))
        end_month = item.end.month or 12
        last = dt.date(end_year, end_month, min(item.end.day or 31, _last_day(end_year, end_month)))
        return first, last

    def cost(year: int) -> float:
        first, last = bounds(year)
        if first <= ref_day <= last:
            return 0.0
        if last < ref_day:
            return (ref_day - last).days * (2.0 if item.role == "deadline" else 1.0)
        return (first - ref_day).days * (1.0 if item.role == "deadline" else 2.0)

    return min((ref.year - 1, ref.year, ref.year + 1), key=cost)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@cache
def _role_res() -> dict[str, re.Pattern[str]]:
    from extractor.lexicon.patterns import alternation, tables

    roles = tables().lexicon["date_roles"]
    res = {
        role: re.compile(rf"(?<![\w])(?:{alternation(words)})\s*:?\s*(?:ngày\s+)?$", re.IGNORECASE)
        for role, words in roles.items()
    }
    ahead = alternation(tables().lexicon["future_cues"])
    res["ahead"] = re.compile(bounded(ahead) + r"[^.;:!?]*$", re.IGNORECASE)
    return res


def assign_roles(doc: Document, items: list[DateItem]) -> None:
    """Deadline, target, published, period or event from the words around each date."""
    res = _role_res()
    for item in items:
        if item.role != "other":
            continue
        window = max(0, item.nstart - 40)
        left = doc.norm[max(window, doc.norm.rfind("\n", window, item.nstart) + 1) : item.nstart]
        if res["ahead"].search(left):
            item.extra["ahead"] = True
        if res["published"].search(left):
            item.role = "published"
        elif res["deadline"].search(left) or (
            item.granularity in ("month", "quarter") and re.search(r"(?<![\w])trong\s*$", left, re.IGNORECASE)
        ):
            item.role = "deadline"  # "trước ngày 17/9", "trong tháng 9/2022", "trong quý III"
        elif item.granularity == "year" and not item.is_range and res["target"].search(left):
            item.role = "target"
        elif item.is_range or item.granularity in ("quarter", "months"):
            item.role = "period"
        elif item.granularity == "day":
            sent = doc.sentence_at(item.nstart)
            if (item.nstart - sent.nstart if sent else len(left)) <= 20:
                item.role = "event"
