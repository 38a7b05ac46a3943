"""The document model: the normalized view, its map to the original text, paragraphs and sentences."""

from __future__ import annotations

import unicodedata

import pytest

from extractor.text.document import Document, normalize

from .conftest import SEEDS


@pytest.mark.parametrize(
    ("original", "view"),
    [
        ("Thanh Hoá", "Thanh Hóa"),  # tone placement: new style to old
        ("hoà bình, thuỷ lợi, Khánh Hoà", "hòa bình, thủy lợi, Khánh Hòa"),
        ("quý, Quỳ Hợp, hoàn thành, đoàn, thuyết", "quý, Quỳ Hợp, hoàn thành, đoàn, thuyết"),  # no move
        ("2021–2025", "2021-2025"),  # en dash
        ("Số\u00a012", "Số 12"),  # no-break space
        ("\ufeffNgày 9", "Ngày 9"),  # BOM dropped
        ("Một.\r\nHai", "Một.\nHai"),
        ("QÐ-UBND", "QĐ-UBND"),  # Icelandic eth written for Đ
        ("BGD&amp;ĐT", "BGD&ĐT"),
        ("Kh\u00e1nh\u200b H\u00f2a", "Khánh Hòa"),
    ],
)
def test_view(original: str, view: str) -> None:
    assert normalize(original)[0] == view


def test_nfd_text_maps_to_nfc_view() -> None:
    text = unicodedata.normalize("NFD", "Quyết định số 922/QĐ-BTTTT")
    doc = Document(text)
    assert doc.norm == "Quyết định số 922/QĐ-BTTTT"
    start, end = doc.span(doc.norm.index("922"), len(doc.norm))
    assert unicodedata.normalize("NFC", text[start:end]) == "922/QĐ-BTTTT"
    assert doc.original(0, 5) == text[: len(unicodedata.normalize("NFD", "Quyết"))]


def test_hard_wrapped_lines_are_joined() -> None:
    doc = Document((SEEDS / "004_ba24918e14c15aff.txt").read_text(encoding="utf-8"))
    assert "Bên cạnh những mặt đạt được" in doc.norm
    assert "Chương trình chuyển đổi số tại huyện đảo Phú Quý" in doc.norm
    assert len(doc.norm) == len(doc.text)  # joining keeps offsets


def test_paragraphs_are_kept_in_unwrapped_text() -> None:
    doc = Document("Thanh Trúc\nNguồn: https://baoquangtri.vn/a.htm")
    assert [doc.norm[p.nstart : p.nend] for p in doc.paragraphs] == ["Thanh Trúc", "Nguồn: https://baoquangtri.vn/a.htm"]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Ông A đến. Bà B đi.", ["Ông A đến.", "Bà B đi."]),
        ("Tại TP. Hồ Chí Minh, chỉ số đạt 4.0 điểm.", ["Tại TP. Hồ Chí Minh, chỉ số đạt 4.0 điểm."]),
        ("hạn chế: (1). Các sở chưa làm. (2). Đa số dự án chậm.",
         ["hạn chế:", "(1). Các sở chưa làm.", "(2). Đa số dự án chậm."]),
        ("Ảnh: T.T Chủ tịch yêu cầu.", ["Ảnh: T.T Chủ tịch yêu cầu."]),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    doc = Document(text)
    assert [doc.norm[s.nstart : s.nend] for s in doc.sentences] == sentences


def test_tokens_are_underthesea_words_with_offsets() -> None:
    doc = Document("Chủ tịch UBND tỉnh Trần Quốc Nam kết luận.")
    words = [t.text for t in doc.tokens]
    assert "Chủ tịch" in words and "Trần Quốc Nam" in words
    for token in doc.tokens:
        assert doc.norm[token.nstart : token.nend] == token.text


def test_tokens_over_wrapped_nfd_text_ground_in_the_original() -> None:
    text = unicodedata.normalize("NFD", "Sở Thông tin\r\nvà Truyền thông tham mưu")
    doc = Document(text)
    for token in doc.tokens:
        start, end = doc.span(token.nstart, token.nend)
        assert unicodedata.normalize("NFC", text[start:end]).split() == token.text.split()
