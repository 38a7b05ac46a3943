"""Document metadata: publication stamps (through dateparser), source, author, own number."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.components.header import parse_timestamp


@pytest.mark.parametrize(
    ("stamp", "value"),
    [
        ("12/04/2024  20:26", "2024-04-12"),
        ("Thứ 7, Ngày 25/05/2024 -", "2024-05-25"),
        ("10:30 25/5/2024", "2024-05-25"),
        ("May 25, 2024", "2024-05-25"),
        ("ngày 5 tháng 10 năm 2023", "2023-10-05"),
        ("không có ngày", None),
    ],
)
def test_timestamps(stamp: str, value: str | None) -> None:
    assert parse_timestamp(stamp) == value


def test_published_source_author_url() -> None:
    text = ("Thứ 7, Ngày 25/05/2024 -\n\nKết quả chuyển đổi số\nNgày đăng: 12/04/2024 20:26\n"
            "Sáng 11/4, UBND tỉnh họp.\n\nThanh Trúc\nNguồn: https://baoquangtri.vn/bai-viet.htm")
    result = extract(text)
    meta = result.metadata
    assert meta.published == "2024-05-25"
    assert meta.url == "https://baoquangtri.vn/bai-viet.htm"
    assert meta.author == "Thanh Trúc"
    assert meta.provinces == ["Quảng Trị"]
    assert [d.value for d in result.dates if d.text == "11/4"] == ["2024-04-11"]


def test_author_line_and_outlet() -> None:
    meta = extract("Các sở triển khai nhiệm vụ.\n\nTác giả: Quang Hợp\n\nNguồn tin: Báo Xây dựng").metadata
    assert (meta.author, meta.source) == ("Quang Hợp", "Báo Xây dựng")


def test_caller_date_resolves_day_month_when_the_text_has_none() -> None:
    result = extract("Chiều 30/12, hội nghị tổng kết diễn ra.", published="2025-01-03")
    assert result.metadata.published == "2025-01-03"
    assert result.dates[0].value == "2024-12-30"
