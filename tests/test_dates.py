"""Dates and periods on real shapes, one case a line in tests/cases/dates.tsv."""

from __future__ import annotations

import pytest

from extractor import extract

from .conftest import read_cases


@pytest.mark.parametrize(("text", "expected", "context"), read_cases("dates.tsv"))
def test_dates(text: str, expected: str, context: str) -> None:
    want = [] if expected.strip() == "-" else [v.strip() for v in expected.split(" ; ")]
    found = [d.value for d in extract(text, published=context.strip() or None).dates]
    assert found == want


def test_year_of_a_day_month_comes_from_the_report_period() -> None:
    text = "Sáng nay 28/6, UBND tỉnh họp đánh giá kết quả 6 tháng đầu năm 2024."
    first = extract(text).dates[0]
    assert (first.text, first.value, first.year_inferred) == ("28/6", "2024-06-28", True)


def test_day_month_is_biased_to_the_past_of_the_document_date() -> None:
    dec, = extract("Chiều 30/12, hội nghị tổng kết diễn ra.", published="2025-01-03").dates
    assert dec.value == "2024-12-30"


def test_deadline_lies_ahead_of_the_document_date() -> None:
    (deadline,) = extract("Các sở báo cáo trước ngày 15/1.", published="2024-12-20").dates
    assert (deadline.value, deadline.role) == ("2025-01-15", "deadline")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Ngày 9-9-2022, Văn phòng UBND tỉnh ban hành Thông báo số 281/TB-VPUB.", "issued"),
        ("Quyết định số 1082/QĐ-UBND ngày 19/4/2023 của UBND tỉnh.", "issued"),
        ("trình UBND tỉnh trước ngày 17/9/2022.", "deadline"),
        ("chuyển đổi số đến năm 2025.", "target"),
        ("giai đoạn 2021-2025", "period"),
        ("Ngày đăng: 12/04/2024 20:26", "published"),
    ],
)
def test_roles(text: str, role: str) -> None:
    assert extract(text).dates[0].role == role


def test_a_bare_ngay_is_no_date() -> None:
    assert extract("Ngày chuyển đổi số của tỉnh được tổ chức hằng năm.").dates == []
