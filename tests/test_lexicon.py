"""Knowledge defined once in lexicon/ and text/, and the helpers every component builds on; one case a line."""

from __future__ import annotations

import re
import sqlite3

import pytest

from extractor.lexicon.citations import cited_document_key
from extractor.lexicon.indices import index_name
from extractor.lexicon.patterns import bounded
from extractor.lexicon.places import LOCAL_KINDS, PLACE_KINDS, place_kind, province_mentions_in, registry
from extractor.store.sql import FUNCTIONS, register_functions
from extractor.text.numbers import MULTIPLIERS, multiplier_pattern


@pytest.mark.parametrize(("pattern", "text", "found"), [
    ("xã", "xã Nghi Phong, huyện Nghi Lộc", "xã"),
    ("xã", "Hợp tác xãx", None),
    ("huyện|xã", "UBND huyện Nghi Lộc", "huyện"),
    ("Sở", "Sởi", None),
])
def test_bounded_matches_whole_words(pattern: str, text: str, found: str | None) -> None:
    m = re.search(bounded(pattern), text)
    assert (m.group(0) if m else None) == found


@pytest.mark.parametrize(("written", "kind"), [
    ("TP.", "thành phố"), ("Tp", "thành phố"), ("TX.", "thị xã"), ("Huyện", "huyện"), ("phường", "phường"),
])
def test_place_kinds_have_one_spelling(written: str, kind: str) -> None:
    assert place_kind(written) == kind and kind in PLACE_KINDS


def test_place_kinds_are_listed_once() -> None:
    assert len(PLACE_KINDS) == len(set(PLACE_KINDS)) and set(LOCAL_KINDS) < set(PLACE_KINDS)


@pytest.mark.parametrize(("indicator", "name"), [
    ("chuyển đổi số", "DTI"), ("DTI", "DTI"), ("Chỉ số  năng lực cạnh tranh cấp tỉnh", "PCI"),
    ("tốc độ tăng trưởng", "toc do tang truong"),
])
def test_index_name_from_any_alias(indicator: str, name: str) -> None:
    assert index_name(indicator) == name


@pytest.mark.parametrize(("at_least", "text", "found"), [
    (1e9, "211.000 tỉ đồng", "tỉ"), (1e9, "3 nghìn  tỷ", "nghìn  tỷ"), (1e9, "4,6 triệu hộ", None),
    (0, "14 vạn lao động", "vạn"),
])
def test_multiplier_words_come_from_numbers(at_least: float, text: str, found: str | None) -> None:
    m = re.search(rf"(?:{multiplier_pattern(at_least)})(?![\w])", text)
    assert (m.group(0) if m else None) == found
    assert all(MULTIPLIERS[" ".join(w.split())] >= at_least for w in re.findall(multiplier_pattern(at_least), text))


@pytest.mark.parametrize(("args", "key"), [
    (("1982/QĐ-UBND", "administrative", "full", 2022, "UBND", "Ủy ban nhân dân tỉnh Bình Thuận"),
     "1982/QĐ-UBND | 2022 | Ủy ban nhân dân tỉnh Bình Thuận"),
    (("922/QĐ-BTTTT", "administrative", "full", 2012, "BTTTT", "Bộ Thông tin và Truyền thông"), "922/QĐ-BTTTT | 2012"),
    (("61/2018/NĐ-CP", "normative", "full", 2018, "CP", "Chính phủ"), "61/2018/NĐ-CP"),
    (("09-NQ/TU", "party", "full", None, "TU", None), "09-NQ/TU"),
])
def test_a_cited_document_is_keyed_by_what_identifies_it(args: tuple, key: str) -> None:
    assert cited_document_key(*args) == key


def test_province_mentions_name_the_registry_province() -> None:
    mentions = province_mentions_in("Sở Tài chính tỉnh Nghệ An và thành phố Hà Nội")
    assert [registry()[pid].name for _, _, pid, _ in mentions] == ["Nghệ An", "Hà Nội"]


def test_every_reader_gets_the_same_sql_functions() -> None:
    conn = register_functions(sqlite3.connect(":memory:"))
    assert conn.execute("SELECT vngov_fold('Chuyển đổi số'), vngov_index('chuyển đổi số')").fetchone() == (
        "chuyen doi so", "DTI")
    assert {"vngov_fold", "vngov_index", "vngov_fts", "vngov_provinces", "vngov_subject_provinces"} == set(FUNCTIONS)


def test_a_table_is_read_once() -> None:
    # Every component asks for its tables per document: a table parsed again each time costs about a tenth
    # of the extraction time.
    from extractor.lexicon.patterns import load

    assert load("persons") is load("persons")


def test_abbreviation_entries_have_only_their_fields() -> None:
    """An unquoted comma in a YAML flow mapping splits a value ("expansion: Văn hóa, Thể thao …" becomes a key)."""
    from extractor.lexicon.patterns import load

    for entry in load("abbreviations")["abbreviations"]:
        assert set(entry) <= {"abbr", "expansion", "variants"}, entry
        assert all(len(v) >= 3 for v in entry.get("variants", [])), entry  # "VH" alone is no variant


def test_an_abbreviated_ministry_name_expands_whole() -> None:
    from extractor import extract

    text = "Giao Sở VHTTDL và Trung tâm Chuyển đổi số VHTTDL chủ trì triển khai."
    assert {a.canonical for a in extract(text).agencies} >= {"Sở Văn hóa, Thể thao và Du lịch",
                                                            "Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"}
