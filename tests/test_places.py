"""Places, one case a line in tests/cases/places.tsv, and the province a document is about."""

from __future__ import annotations

import pytest

from extractor import extract

from .conftest import read_cases


def _row(place: str) -> tuple[str | None, ...]:
    return tuple(None if v.strip() == "-" else v.strip() for v in place.split("|"))


@pytest.mark.parametrize(("text", "expected"), read_cases("places.tsv"))
def test_places(text: str, expected: str) -> None:
    want = [] if expected.strip() == "-" else [_row(p) for p in expected.split(" ;; ")]
    found = [(p.name, p.type, p.level, p.province, p.province_today) for p in extract(text, use_model=False).places]
    assert found == want


def test_every_place_is_grounded_and_the_document_names_its_province() -> None:
    text = "UBND tỉnh Bình Thuận chỉ đạo huyện Hàm Tân và thị xã La Gi triển khai; tỉnh Bình Thuận dẫn đầu."
    result = extract(text, use_model=False)
    assert result.metadata.provinces == ["Bình Thuận"]
    assert [p.name for p in result.places] == ["Bình Thuận", "Hàm Tân", "La Gi", "Bình Thuận"]
    for place in result.places:
        assert text[place.span[0] : place.span[1]] == place.text
        assert place.source == "rule"
