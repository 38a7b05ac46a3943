"""Agencies and persons, one case a line in tests/cases/agencies.tsv and below."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.evaluation.score import same_agency

from .conftest import read_cases


@pytest.mark.parametrize(("text", "expected"), read_cases("agencies.tsv"))
def test_agencies(text: str, expected: str) -> None:
    want = [] if expected.strip() == "-" else [name.strip() for name in expected.split(" ;; ")]
    found = [a.canonical for a in extract(text, use_model=False).agencies]
    assert len(found) == len(want), found
    for got, name in zip(found, want, strict=True):
        assert same_agency(got, name), (got, name)


def test_agency_level_id_province_and_successor() -> None:
    text = "Sở Tài chính tỉnh Ninh Thuận phối hợp với Bộ Thông tin và Truyền thông."
    sở, bộ = extract(text).agencies
    assert (sở.level, sở.province) == ("province", "Ninh Thuận")
    assert (bộ.level, bộ.id, bộ.canonical_today) == ("central", "vn.btttt", "Bộ Khoa học và Công nghệ")


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        ("Chủ tịch UBND tỉnh Trần Quốc Nam chủ trì cuộc họp.", [("Trần Quốc Nam", "Chủ tịch UBND tỉnh", "official")]),
        ("Phó Chủ tịch UBND tỉnh Hoàng Nam đề nghị các ngành tập trung.",
         [("Hoàng Nam", "Phó Chủ tịch UBND tỉnh", "official")]),
        ("Cán bộ ứng dụng công nghệ số. Ảnh: Văn Nỷ\n\nNội dung tiếp theo.", [("Văn Nỷ", None, "photographer")]),
        ("Các ngành triển khai.\n\nTác giả: Quang Hợp", [("Quang Hợp", None, "author")]),
        ("Các ngành triển khai nhiệm vụ.\nThanh Trúc\nNguồn: https://baoquangtri.vn/a.htm",
         [("Thanh Trúc", None, "author")]),
        ("Ảnh: T.T", []),
        ("Chủ tịch UBND tỉnh Nghệ An cũng yêu cầu các sở tập trung.", []),
        ("Phó thủ tướng Nguyễn Tấn Dũng chỉ đạo các tỉnh.", [("Nguyễn Tấn Dũng", "Phó thủ tướng", "official")]),
        ("Bộ trưởng Bộ Nông nghiệp và phát triển nông thôn Cao Đức Phát báo cáo.",
         [("Cao Đức Phát", "Bộ trưởng Bộ Nông nghiệp và phát triển nông thôn", "official")]),
        ("Ông Uông Chu Lưu, Phó chủ tịch Quốc hội, phát biểu.", [("Uông Chu Lưu", "Ông", "official")]),
        ("Lan Anh gửi cho phóng viên Đỗ Trung Hiếu (báo Nhân Dân).", [("Đỗ Trung Hiếu", "phóng viên", "official")]),
    ],
)
def test_persons(text: str, persons: list[tuple[str, str | None, str]]) -> None:
    found = [(p.name, p.position, p.role) for p in extract(text, use_model=False).persons]
    assert found == persons
