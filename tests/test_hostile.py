"""Hostile text runs through every extractor and comes out grounded; time is measured in benchmarks/."""

from __future__ import annotations

import pytest

from extractor import extract

HOSTILE = {
    "digits": "1" * 200_000,
    "slashes": "/" * 200_000,
    "digit-slash": "12/" * 60_000,
    "dashes": "12-QĐ-" * 30_000,
    "almost-symbols": "Quyết định số 1/QĐ-" * 10_000,
    "nested-dates": "ngày 1/1/2020 đến " * 10_000,
    "letters": "QĐ-UBND-" * 30_000,
    "no-spaces": "Quyếtđịnhsố" * 20_000,
    "combining": "a" + "\u0301" * 100_000,
    "newlines": "\n" * 100_000 + "Ngày 9-9-2022",
    "one-long-line": ("chuyển đổi số " * 40_000).strip(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_processed(name: str) -> None:
    text = HOSTILE[name]
    result = extract(text)
    for item in result.legal_refs + result.dates:
        assert text[item.span[0] : item.span[1]] == item.text
