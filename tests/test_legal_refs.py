"""Document references on real citation shapes, one case a line in tests/cases/legal_refs.tsv."""

from __future__ import annotations

import pytest

from extractor import extract

from .conftest import read_cases


def _expected(column: str) -> list[tuple[str, str, str | None]]:
    if column.strip() == "-":
        return []
    out = []
    for entry in column.split(" ;; "):
        canonical, doc_type, issue_date = (part.strip() for part in [*entry.split("|"), "", ""][:3])
        out.append((canonical, doc_type, issue_date or None))
    return out


def _found(text: str) -> list[tuple[str, str | None, str | None]]:
    seen: dict[str, tuple[str, str | None, str | None]] = {}
    for ref in extract(text).legal_refs:
        seen.setdefault(ref.canonical.upper(), (ref.canonical.upper(), ref.doc_type, ref.issue_date))
    return list(seen.values())


@pytest.mark.parametrize(("text", "expected"), read_cases("legal_refs.tsv"))
def test_legal_refs(text: str, expected: str) -> None:
    want = [(c.upper(), t, d) for c, t, d in _expected(expected)]
    assert _found(text) == want


def test_spans_ground_in_the_text() -> None:
    text = "Theo Quyết định số 1982/QĐ-UBND ngày 29/7/2022 của UBND tỉnh (Quyết định 1982), các sở triển khai."
    result = extract(text)
    assert [r.text for r in result.legal_refs] == ["Quyết định số 1982/QĐ-UBND", "Quyết định 1982"]
    for ref in result.legal_refs:
        assert text[ref.span[0] : ref.span[1]] == ref.text


def test_short_form_resolves_to_the_full_citation_before_or_after_it() -> None:
    text = ("Chỉ số chưa đạt mục tiêu theo Nghị quyết số 09 của Tỉnh ủy. Các cấp thực hiện các nhiệm vụ tại "
            "Nghị quyết số 09-NQ/TU và Kế hoạch số 586/KH-UBND.")
    short, full, plan = extract(text).legal_refs
    assert (short.canonical, short.resolution, short.resolved_span) == ("09-NQ/TU", "resolved", full.span)
    assert (full.canonical, plan.canonical) == ("09-NQ/TU", "586/KH-UBND")


def test_unresolvable_short_form_says_why() -> None:
    ref = extract("Các địa phương triển khai Kế hoạch 125 của UBND tỉnh.").legal_refs[0]
    assert (ref.canonical, ref.resolution) == ("Kế hoạch 125", "unresolved")
    assert "no full citation" in (ref.reason or "")


def test_ambiguous_short_form_is_a_warning_not_a_guess() -> None:
    text = "Quyết định số 12/QĐ-UBND và Quyết định số 12/QĐ-BTC đã ban hành. Quyết định 12 có hiệu lực ngay."
    result = extract(text)
    assert [r.canonical for r in result.legal_refs] == ["12/QĐ-UBND", "12/QĐ-BTC"]
    (warning,) = result.warnings
    assert warning.code == "ambiguous_reference"
    assert text[warning.span[0] : warning.span[1]] == "Quyết định 12"
    assert "12/QĐ-BTC, 12/QĐ-UBND" in warning.message


def test_issuer_is_bound_from_the_document_province() -> None:
    text = ("Chỉ số DTI tỉnh Ninh Thuận tăng. Các sở triển khai Quyết định số 852/QĐ-UBND ngày 08/7/2022 "
            "của UBND tỉnh về Bộ Chỉ số đánh giá chuyển đổi số tỉnh Ninh Thuận.")
    ref = extract(text).legal_refs[0]
    assert (ref.issuer, ref.issuer_basis) == ("Ủy ban nhân dân tỉnh Ninh Thuận", "document_place")
    assert ref.title == "Bộ Chỉ số đánh giá chuyển đổi số tỉnh Ninh Thuận"


def test_issuer_unknown_when_the_text_does_not_say() -> None:
    ref = extract("Các đơn vị thực hiện Quyết định số 205/QĐ-UBND.").legal_refs[0]
    assert (ref.issuer, ref.issuer_basis) == ("Ủy ban nhân dân", "unknown")


def test_central_issuer_comes_from_the_symbol() -> None:
    ref = extract("Thông tư số 01/2021/TT-BTTTT hướng dẫn thi hành.").legal_refs[0]
    assert (ref.issuer, ref.issuer_basis, ref.system, ref.year) == (
        "Bộ Thông tin và Truyền thông", "symbol", "normative", 2021)


def test_noise_is_repaired_and_flagged() -> None:
    ref = extract("Theo Quyết định số 12/QĐUBND của UBND tỉnh.").legal_refs[0]
    assert (ref.canonical, ref.repaired) == ("12/QĐ-UBND", True)


def test_quoted_title_is_kept() -> None:
    text = "Quyết định số 922/QĐ-BTTTT phê duyệt Đề án “Xác định Bộ chỉ số đánh giá chuyển đổi số”."
    refs = extract(text).legal_refs
    assert [r.canonical for r in refs] == ["922/QĐ-BTTTT", "Đề án Xác định Bộ chỉ số đánh giá chuyển đổi số"]
    assert refs[1].title == "Xác định Bộ chỉ số đánh giá chuyển đổi số"


def test_the_documents_own_number_is_a_self_reference_and_metadata() -> None:
    text = ("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nSố: 123/QĐ-UBND\nPhan Thiết, ngày 05 tháng 01 năm 2020\n\n"
            "QUYẾT ĐỊNH\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n")
    result = extract(text)
    assert result.metadata.document is not None
    assert (result.metadata.document.canonical, result.metadata.document.issue_date,
            result.metadata.document.place) == ("123/QĐ-UBND", "2020-01-05", "Phan Thiết")
    assert [(r.canonical, r.self) for r in result.legal_refs] == [
        ("123/QĐ-UBND", True), ("Luật Tổ chức chính quyền địa phương", False)]
    assert [r.issue_date for r in result.legal_refs] == ["2020-01-05", "2015-06-19"]


def test_a_normative_own_number_is_read_from_the_header() -> None:
    text = "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nSố: 12/2020/QĐ-UBND\nPhan Thiết, ngày 05 tháng 01 năm 2020\n"
    document = extract(text).metadata.document
    assert document is not None and (document.canonical, document.issue_date) == ("12/2020/QĐ-UBND", "2020-01-05")
