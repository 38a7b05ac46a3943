"""Legacy Vietnamese encodings: round trips through our own encoder, detection, damaged and hostile bytes."""

from __future__ import annotations

import unicodedata

import pytest

from extractor import extract
from extractor.inputs.encodings import decode_legacy, detect, encode_legacy, is_syllable, repair_text, score, tables
from extractor.inputs.reader import ReadError, decode_as

# Known sentences; TCVN3 has no capitals with tone marks (they were drawn by a separate font), so none here.
SENTENCES = [
    "Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 của Bộ trưởng Bộ Thông tin và Truyền thông về việc phê duyệt "
    "Đề án xác định Bộ chỉ số đánh giá chuyển đổi số.",
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành phối hợp triển khai kế hoạch trước ngày 30/6/2024.",
    "Năm 2023, tỉnh đứng thứ 12 trên cả nước về chỉ số cải cách hành chính, tăng 5 bậc so với năm 2022.",
    "Người dân được hướng dẫn sử dụng dịch vụ công trực tuyến mức độ 4 ở xã, phường, thị trấn.",
    "Thủ tướng Chính phủ giao Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với các bộ, ngành liên quan.",
]
TCVN3_SENTENCES = [s for s in SENTENCES if not s.startswith(("Ủy", "Năm"))] + [
    "Ăn quả nhớ kẻ trồng cây. Ơn nghĩa sinh thành, Ưu tiên phát triển Đảng viên mới.",
]


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Word wrote it: precomposed where the code page has the letter, else base + tone mark."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", c)
            (tone,) = [m for m in decomposed if m in TONE_MARKS]
            base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_every_letter_of_the_table_round_trips(encoding: str) -> None:
    t = tables()
    letters = t.tcvn3_encode if encoding == "tcvn3" else t.vni_encode
    assert len(letters) == (74 if encoding == "tcvn3" else 134)
    for letter in letters:
        assert decode_legacy(encode_legacy(letter, encoding), encoding) == letter, letter


def test_known_code_points_anchor_the_tables() -> None:
    # Independent of the data file: "Việt" and "đ" as the ABC and VNI fonts store them.
    assert encode_legacy("Việt", "tcvn3") == b"Vi\xd6t"
    assert encode_legacy("đ", "tcvn3") == b"\xae"
    assert encode_legacy("Việt", "vni") == b"Vie\xe4t"
    assert encode_legacy("đ", "vni") == b"\xf1"
    assert encode_legacy("ướ", "vni") == b"\xf6\xf4\xf9"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("index", range(len(SENTENCES) + 1))
def test_sentences_round_trip_and_are_detected(encoding: str, index: int) -> None:
    pool = TCVN3_SENTENCES if encoding == "tcvn3" else [*SENTENCES, TCVN3_SENTENCES[-1]]
    sentence = pool[index % len(pool)]
    data = encode_legacy(sentence, encoding)
    assert data.isascii() is False
    assert decode_legacy(data, encoding) == sentence
    found, scores = detect(data)
    assert found == encoding, scores
    decoded = decode_as(data, "auto")
    assert (decoded.text, decoded.encoding) == (sentence, encoding)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_windows_1258_is_detected(sentence: str) -> None:
    decoded = decode_as(cp1258_bytes(sentence), "auto")
    assert (decoded.text, decoded.encoding) == (sentence, "cp1258")


def test_utf_mode_refuses_legacy_bytes_and_names_the_option() -> None:
    with pytest.raises(ReadError) as e:
        decode_as(encode_legacy(SENTENCES[0], "vni"), "utf")
    assert e.value.code == "decode" and "--encoding auto" in e.value.message


def test_a_named_encoding_is_used_without_guessing() -> None:
    data = encode_legacy(SENTENCES[0], "tcvn3")
    assert decode_as(data, "tcvn3").text == SENTENCES[0]
    assert decode_as(data, "vni").text != SENTENCES[0]


def test_utf8_forms_are_labelled() -> None:
    assert decode_as("Hà Nội".encode(), "auto").encoding == "utf-8"
    bom = decode_as("\ufeffHà Nội".encode(), "auto")
    assert (bom.text, bom.encoding) == ("\ufeffHà Nội", "utf-8-bom")
    utf16 = decode_as("Hà Nội\r\n".encode("utf-16"), "auto")
    assert (utf16.text, utf16.encoding) == ("Hà Nội\n", "utf-16")


def test_truncated_utf8_is_an_error_not_a_legacy_guess() -> None:
    data = SENTENCES[0].encode()
    cut = data[: data.index("ế".encode()) + 1]  # the file ends one byte into a three-byte character
    for mode in ("utf", "auto"):
        with pytest.raises(ReadError) as e:
            decode_as(cut, mode)
        assert e.value.code == "decode" and "truncated" in e.value.message


def test_damaged_utf8_is_reported_not_reread() -> None:
    data = (SENTENCES[0] * 3).encode()
    damaged = data[:40] + b"\xff" + data[41:]
    with pytest.raises(ReadError) as e:
        decode_as(damaged, "auto")
    assert e.value.code == "decode" and "not valid UTF-8 at byte 40" in e.value.message


def test_bytes_that_read_as_no_vietnamese_are_undecodable() -> None:
    noise = bytes(range(0x80, 0x100)) * 8
    with pytest.raises(ReadError) as e:
        decode_as(noise, "auto")
    assert e.value.code == "decode" and "no legacy encoding" in e.value.message


def test_binary_and_empty() -> None:
    with pytest.raises(ReadError) as e:
        decode_as(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "auto")
    assert e.value.code == "binary"
    with pytest.raises(ReadError) as e:
        decode_as(encode_legacy("  \n", "vni"), "vni")
    assert e.value.code == "empty"


def test_legacy_text_shown_as_unicode_is_repaired_in_auto_mode() -> None:
    shown = encode_legacy(SENTENCES[3], "vni").decode("cp1252")  # "Ngöôøi daân …" saved as UTF-8
    decoded = decode_as(shown.encode(), "auto")
    assert (decoded.text, decoded.encoding) == (SENTENCES[3], "utf-8/vni")
    assert decode_as(shown.encode(), "utf").text == shown  # only auto repairs
    for text in (SENTENCES[3], "Un café crème à Paris, déjà très élégant."):
        assert repair_text(text) == (text, None)


def test_syllables() -> None:
    for word in ("Quyết", "định", "nghiệp", "người", "giữa", "gì", "khuya", "thuở", "Quỳnh", "trưởng"):
        assert is_syllable(word), word
    for word in ("QuyÕt", "Vieät", "®Þnh", "ngưòi", "caf\u00e9"):
        assert not is_syllable(word), word
    assert score(SENTENCES[0]) > 10 > score(encode_legacy(SENTENCES[0], "vni").decode("cp1258"))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_offsets_index_the_converted_text(encoding: str) -> None:
    text = TCVN3_SENTENCES[0]
    decoded = decode_as(encode_legacy(text, encoding), "auto")
    result = extract(decoded.text)
    # The decision and the Đề án it approves (spec §1: a document named without a number counts).
    approved = "Đề án xác định Bộ chỉ số đánh giá chuyển đổi số"
    assert [r.canonical for r in result.legal_refs] == ["922/QĐ-BTTTT", approved]
    for item in result.legal_refs + result.dates:
        assert decoded.text[item.span[0] : item.span[1]] == item.text
