"""Vietnamese numbers, read once and right, for every extractor.

Vietnamese writes "." between thousands and "," before decimals ("53.596" = 53596, "0,3048",
"44,6%"). Text in the English convention is read as written where it cannot be Vietnamese
("0.8002", "4.0", "1,234,567"). Multipliers in words scale the value ("53.596 triệu" = 53 596 000 000,
"2,5 nghìn tỷ" = 2.5e12). A zero-padded count ("03 trụ cột") is the number 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A number as written: digit groups with "." or ",", not glued to letters or to a date/number symbol.
NUMBER = r"(?<![\w/.,-])(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w/]|[.,]\d)"
NUMBER_RE = re.compile(NUMBER)

MULTIPLIERS = {
    "nghìn tỷ": 1e12,
    "ngàn tỷ": 1e12,
    "nghìn tỉ": 1e12,
    "ngàn tỉ": 1e12,
    "tỷ": 1e9,
    "tỉ": 1e9,
    "triệu": 1e6,
    "nghìn": 1e3,
    "ngàn": 1e3,
    "vạn": 1e4,
}


def multiplier_pattern(at_least: float = 0) -> str:
    """An alternation of the multiplier words worth at least `at_least`, longest first, any space inside."""
    words = sorted((w for w, value in MULTIPLIERS.items() if value >= at_least), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)


MULTIPLIER = multiplier_pattern()
_MULTIPLIER_RE = re.compile(rf"\s*(?P<mult>{MULTIPLIER})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    value: float
    start: int
    end: int
    decimals: int  # digits after the decimal mark as written (0 for an integer)
    multiplier: float = 1.0

    @property
    def scaled(self) -> float:
        return self.value * self.multiplier


def parse_number(written: str) -> tuple[float, int] | None:
    """(value, decimals written) of a number in Vietnamese or unambiguous English notation."""
    s = written.strip()
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        # Both marks: the last one is the decimal mark ("1.234,56" VN, "1,234.56" EN).
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        integer, _, fraction = s.rpartition(decimal)
        if not re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})*", integer):
            return None
        return float(integer.replace(thousands, "") + "." + fraction), len(fraction)
    if commas > 1:
        # "1,234,567": only English thousands can repeat the comma.
        return (float(s.replace(",", "")), 0) if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s) else None
    if commas == 1:
        integer, fraction = s.split(",")
        return float(f"{integer}.{fraction}"), len(fraction)  # Vietnamese decimal comma
    if dots > 1:
        return (float(s.replace(".", "")), 0) if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s) else None
    if dots == 1:
        integer, fraction = s.split(".")
        if len(fraction) == 3 and integer != "0":
            return float(integer + fraction), 0  # Vietnamese thousands: "53.596", "11.000"
        return float(s), len(fraction)  # cannot be thousands: "0.8002", "4.0", "1.5"
    return float(s), 0


def multiplier(word: str) -> float:
    """The factor of a multiplier word as written ("Tỷ", "nghìn  tỷ")."""
    return MULTIPLIERS[" ".join(word.lower().split())]


def numbers_in(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every number in text[start:end], with a multiplier word after it applied ("2,5 nghìn tỷ")."""
    out = []
    for m in NUMBER_RE.finditer(text, start, len(text) if end is None else end):
        parsed = parse_number(m.group(0))
        if parsed is None:
            continue
        value, decimals = parsed
        mult = _MULTIPLIER_RE.match(text, m.end())
        if mult:
            out.append(Number(value, m.start(), mult.end(), decimals, multiplier(mult.group("mult"))))
        else:
            out.append(Number(value, m.start(), m.end(), decimals))
    return out
