"""The data tables under extractor/lexicon/data: every listed example is matched, the registries are whole."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.lexicon.patterns import load, tables
from extractor.lexicon.places import province_today, registry

EXAMPLES = [
    pytest.param(dt.name, ex["text"], ex["canonical"], id=f"{dt.name}:{ex['text']}")
    for dt in tables().doc_types
    for ex in dt.examples
]


@pytest.mark.parametrize(("doc_type", "text", "canonical"), EXAMPLES)
def test_every_doc_type_example_is_extracted(doc_type: str, text: str, canonical: str) -> None:
    refs = extract(text).legal_refs
    assert [(r.canonical, r.doc_type) for r in refs] == [(canonical, doc_type)]


def test_every_abbreviation_names_one_type() -> None:
    seen: dict[str, str] = {}
    for dt in tables().doc_types:
        if dt.party_only_abbr:
            continue
        for abbr in dt.abbrs:
            assert seen.setdefault(abbr.upper(), dt.name) == dt.name, abbr


@pytest.mark.parametrize(
    ("code", "name"),
    [("BTTTT", "Bộ Thông tin và Truyền thông"), ("TTg", "Thủ tướng Chính phủ"), ("QH15", "Quốc hội"),
     ("UBTVQH15", "Ủy ban Thường vụ Quốc hội"), ("BCĐCĐS", "Ban Chỉ đạo"), ("TU", "Tỉnh ủy"),
     ("BKHĐT", "Bộ Kế hoạch và Đầu tư"), ("BNNMT", "Bộ Nông nghiệp và Môi trường")],
)
def test_issuer_codes(code: str, name: str) -> None:
    issuer = tables().issuer(code)
    assert issuer is not None and issuer.name == name


def test_ministries_merged_on_1_march_2025() -> None:
    issuers = {row["code"]: row for row in load("issuers")["issuers"]}
    assert issuers["BTTTT"]["merged_into"] == "BKHCN"
    assert issuers["BKHĐT"]["merged_into"] == "BTC"
    assert {issuers["BNNPTNT"]["merged_into"], issuers["BTNMT"]["merged_into"]} == {"BNNMT"}


def test_province_registry_before_and_after_2025() -> None:
    units = registry().values()
    assert len(units) == 86
    assert sum(u.valid_on("2025-06-30") for u in units) == 63
    assert sum(u.valid_on("2025-07-01") for u in units) == 34
    assert len({u.code for u in units if u.valid_on("2025-07-01")}) == 34


@pytest.mark.parametrize(
    ("old", "today"),
    [("ninh-thuan", "Khánh Hòa"), ("binh-thuan", "Lâm Đồng"), ("quang-binh", "Quảng Trị"),
     ("nghe-an", "Nghệ An"), ("ha-giang", "Tuyên Quang"), ("ba-ria-vung-tau", "Hồ Chí Minh")],
)
def test_merger_mapping(old: str, today: str) -> None:
    assert province_today(old).name == today


def _issuer_rows() -> list:
    return [pytest.param(row, id=row["code"]) for row in load("issuers")["issuers"]]


@pytest.mark.parametrize("row", _issuer_rows())
def test_every_issuer_code_expands_to_its_full_name(row: dict) -> None:
    """Each code of data/issuers.yaml, cited in a symbol, comes out as the issuer's full name."""
    symbol = f"{row['code']}15" if row.get("term") else row["code"]
    form = f"Nghị quyết số 7/2024/{symbol}" if row.get("term") else f"Quyết định số 7/QĐ-{symbol}"
    (ref,) = extract(f"Theo {form}, các đơn vị triển khai.").legal_refs
    assert ref.issuer_code is not None and ref.issuer_code.upper() == symbol.upper()
    assert ref.issuer == row["name"]
    assert ref.issuer_basis == ("unknown" if row.get("local") else "symbol")
