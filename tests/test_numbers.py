"""Vietnamese numbers, one case a line in tests/cases/numbers.tsv."""

from __future__ import annotations

import pytest

from extractor.text.numbers import numbers_in, parse_number

from .conftest import read_cases


@pytest.mark.parametrize(("written", "value", "decimals"), read_cases("numbers.tsv"))
def test_parse_number(written: str, value: str, decimals: str) -> None:
    parsed = parse_number(written)
    if value == "-":
        assert parsed is None
    else:
        assert parsed == (pytest.approx(float(value)), int(decimals))


@pytest.mark.parametrize(
    ("text", "scaled"),
    [
        ("53.596 triệu đồng", 53_596_000_000),
        ("2,5 nghìn tỷ đồng", 2_500_000_000_000),
        ("1,2 tỷ USD", 1_200_000_000),
        ("300 ngàn người", 300_000),
        ("12 tỉ", 12_000_000_000),
    ],
)
def test_multipliers(text: str, scaled: float) -> None:
    (number,) = numbers_in(text)
    assert number.scaled == pytest.approx(scaled)


@pytest.mark.parametrize("text", ["922/QĐ-BTTTT", "20/5/2012", "COVID-19", "X1", "09-NQ/TU"])
def test_numbers_inside_symbols_are_not_numbers(text: str) -> None:
    assert [n for n in numbers_in(text) if text[n.start : n.end] == text] == []
