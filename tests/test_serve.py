"""vngov serve without a browser: the extraction endpoint, the schema and document routes, the canned queries,
diacritic-insensitive search and the links from facts to their sources, through Datasette's in-process client."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from click.testing import CliRunner

from extractor import extract
from extractor.cli import main
from extractor.inputs.reader import Record
from extractor.store.writer import Store, document_id, document_rows, search
from extractor.web.serve import is_live, make_datasette
from schemas import SCHEMA_PATH, render_json_schema

from .conftest import SEEDS

LIMIT = 20_000
NINH_THUAN = (SEEDS / "000_a07c08e6ef04dd97.txt").read_text(encoding="utf-8")
EXCERPT = ("Chỉ số DTI năm 2021 của tỉnh Ninh Thuận đạt 0,3048, tăng 44,6% so với năm 2020, xếp thứ 53/63 "
           "tỉnh, thành phố. Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành tham mưu "
           "UBND tỉnh trước ngày 30/9/2022.")
Call = Callable[..., httpx.Response]


@pytest.fixture(scope="module")
def call(seeds_db: Path) -> Iterator[Call]:
    """request(method, path, **httpx options) against the server of the seeds' store, on one event loop."""
    datasette = make_datasette(seeds_db, max_bytes=LIMIT)
    loop = asyncio.new_event_loop()

    def request(method: str, path: str, **options: Any) -> httpx.Response:
        return loop.run_until_complete(datasette.client.request(method, path, **options))

    yield request
    loop.close()


def error_of(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"} and body["error"]["message"]
    return body["error"]["code"]


def test_text_in_the_contract_out(call: Call) -> None:
    response = call("POST", "/-/vngov/extract?published=2022-09-20", content=EXCERPT.encode(),
                    headers={"content-type": "text/plain; charset=utf-8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    body = response.json()
    jsonschema.validate(body, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert response.text == extract(EXCERPT, published="2022-09-20").model_dump_json()  # as `vngov extract` writes
    (rank,) = [m for m in body["metrics"] if m["unit"] == "rank"]
    assert (rank["value"], rank["total"], rank["indicator"], rank["subject"]) == (53, 63, "DTI", "tỉnh Ninh Thuận")
    (task,) = body["tasks"]
    assert task["lead"] == ["Sở Thông tin và Truyền thông"] and task["deadline"] == "2022-09-30"


def test_json_in_with_source_and_date(call: Call) -> None:
    text = NINH_THUAN[:3000]
    response = call("POST", "/-/vngov/extract",
                    json={"text": text, "source": "bai-ninh-thuan", "published": "2022-09-20"})
    assert response.status_code == 200
    assert response.text == extract(text, source="bai-ninh-thuan", published="2022-09-20").model_dump_json()
    assert response.json()["source"] == "bai-ninh-thuan"


@pytest.mark.parametrize(("content", "content_type", "status", "code"), [
    (b"x" * (LIMIT + 1), "text/plain", 413, "too_large"),
    (json.dumps({"text": "x" * LIMIT}).encode(), "application/json", 413, "too_large"),
    (b"", "text/plain", 400, "empty"),
    (b" \n\t ", "text/plain", 400, "empty"),
    (b"Quy\xe1\xba\xbft \xff\xfe \xc3", "text/plain", 400, "decode"),
    (b"PK\x03\x04\x00\x00\x08\x00", "text/plain", 400, "binary"),
    (b'{"text": "a\\u0000b"}', "application/json", 400, "binary"),
    (b'{"text": "Quy\xe1\xba\xbft \xff"}', "application/json", 400, "decode"),
    ('{"text": "Quyết định'.encode(), "application/json", 400, "invalid_json"),
    ('["Quyết định số 1/QĐ-UBND"]'.encode(), "application/json", 400, "invalid_json"),
    (b'{"source": "a"}', "application/json", 400, "invalid_field"),
    (b'{"text": 12}', "application/json", 400, "invalid_field"),
    ('{"text": "Quyết định", "publshed": "2022-01-01"}'.encode(), "application/json", 400, "invalid_field"),
    ('{"text": "Quyết định", "published": "20/9/2022"}'.encode(), "application/json", 400, "invalid_field"),
    (b'{"text": "   "}', "application/json", 400, "empty"),
    (b"text=Quyet+dinh", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    (b"Quy\xeat \xf0\xfdnh", "text/plain; charset=windows-1258", 415, "unsupported_charset"),
    ("<p>Quyết định</p>".encode(), "text/html", 415, "unsupported_media_type"),
])
def test_bad_requests_get_a_clear_error(call: Call, content: bytes, content_type: str, status: int,
                                        code: str) -> None:
    response = call("POST", "/-/vngov/extract", content=content, headers={"content-type": content_type})
    assert (response.status_code, error_of(response)) == (status, code)


def test_no_content_type_and_wrong_method(call: Call) -> None:
    response = call("POST", "/-/vngov/extract", content=EXCERPT.encode())
    assert (response.status_code, error_of(response)) == (415, "unsupported_media_type")
    response = call("GET", "/-/vngov/extract")
    assert (response.status_code, error_of(response)) == (405, "method_not_allowed")
    assert response.headers["allow"] == "POST"
    response = call("POST", "/-/vngov/extract?published=hôm-nay", content=EXCERPT.encode(),
                    headers={"content-type": "text/plain"})
    assert (response.status_code, error_of(response)) == (400, "invalid_field")


def test_the_schema_route_serves_the_contract(call: Call) -> None:
    response = call("GET", "/-/vngov/schema")
    assert response.status_code == 200 and response.text == render_json_schema()


def test_the_document_view_highlights_the_fact_of_a_link(call: Call) -> None:
    doc_id = document_id(NINH_THUAN)
    rows = call("GET", "/facts/metrics.json", params={"document_id": doc_id, "text": "0,3048",
                                                      "_shape": "array"}).json()
    (row,) = rows
    page = call("GET", f"/-/vngov/document/{doc_id}", params={"kind": "metrics", "ordinal": row["ordinal"]})
    assert page.status_code == 200 and "script-src" not in page.headers["content-security-policy"]
    assert f'id="i-metrics-{row["ordinal"]}" class="item k-metrics focus"' in page.text
    assert row["sentence"] in page.text
    assert call("GET", "/-/vngov/document/ffffffffffffffff").status_code == 404
    assert call("GET", f"/-/vngov/document/{doc_id}?ordinal=three").status_code == 400


def test_every_fact_row_links_to_its_sentence_in_its_document(call: Call) -> None:
    for table in ("metrics", "legal_refs", "tasks", "agencies", "dates", "places", "persons"):
        page = call("GET", f"/facts/{table}", params={"_size": 5}).text
        assert page.count(f'?kind={table}&amp;ordinal=') >= 3, table
    for view, kind in (("metric_facts", "metrics"), ("task_assignments", "tasks"), ("citing_documents", "legal_refs")):
        assert f"?kind={kind}&amp;ordinal=" in call("GET", f"/facts/{view}", params={"_size": 5}).text, view
    documents = call("GET", "/facts/documents").text
    assert len(set(re.findall(r'<a href="/-/vngov/document/([0-9a-f]{16})">', documents))) == 4


def query(call: Call, name: str, **params: str) -> list[dict]:
    response = call("GET", f"/facts/{name}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


def test_canned_queries_answer_the_journalists_questions(call: Call) -> None:
    ranks = query(call, "xep_hang_dti")
    assert {"subject": "tỉnh Ninh Thuận", "year": 2021, "rank": 53, "of_total": 63, "index_value": 0.3048,
            "indicator": "DTI"}.items() <= next(r for r in ranks if r["subject"] == "tỉnh Ninh Thuận").items()
    assert query(call, "xep_hang_dti", index="Chỉ số chuyển đổi số") == ranks  # an alias names the same index
    assert all(r["rank"] is not None for r in ranks)
    tasks = query(call, "nhiem_vu_cua_co_quan", agency="so thong tin va truyen thong")
    assert tasks and all(r["agency"] == "Sở Thông tin và Truyền thông" for r in tasks)
    assert {r["role"] for r in tasks} == {"lead"}
    cited = query(call, "van_ban_trich_dan_nhieu_nhat")
    counts = [(r["documents"], r["mentions"]) for r in cited]
    assert counts == sorted(counts, reverse=True) and counts[0][1] >= 2
    decisions = query(call, "van_ban_trich_dan_nhieu_nhat", doc_type="quyet dinh")
    assert decisions and {r["doc_type"] for r in decisions} == {"Quyết định"}
    province = query(call, "chi_so_cua_tinh", province="Ninh Thuan")
    assert {"DTI", "Chính quyền số", "Kinh tế số", "Xã hội số"} <= {r["indicator"] for r in province}
    assert all("Ninh Thuận" in r["subject"] for r in province)
    assert query(call, "chi_so_cua_tinh") == []


def test_search_ignores_diacritics_in_the_table_search_and_the_canned_query(call: Call, seeds_db: Path) -> None:
    def found(q: str) -> set[str]:
        rows = call("GET", "/facts/documents.json", params={"_search": q, "_shape": "array", "_col": "title"}).json()
        return {r["id"] for r in rows}

    plain = found("chuyen doi so")
    assert plain and plain == found("chuyển đổi số") == found("CHUYỂN ĐỔI SỐ")
    assert plain >= {hit["id"] for hit in search(seeds_db, "chuyển đổi số")}
    assert found("Đồng Nai thủ đô zzz") == set()
    hits = query(call, "tim_kiem", q="chuyen doi so")
    assert {h["document_id"] for h in hits} == {hit["id"] for hit in search(seeds_db, "chuyen doi so")}
    assert hits and all("[chuyen" in h["snippet"] for h in hits)
    assert query(call, "tim_kiem", q="") == [] and query(call, "tim_kiem", q='NOT "') == []


def test_metadata_titles_facets_and_read_only(call: Call) -> None:
    metadata = call("GET", "/-/metadata.json").json()
    tables = metadata["databases"]["facts"]["tables"]
    assert tables["metrics"]["title"] == "Chỉ số, số liệu · Metrics"
    assert "đơn vị" in tables["metrics"]["columns"]["value"]  # units, in both languages
    facets = call("GET", "/facts/metric_facts.json").json()["facet_results"]
    assert {"indicator", "year", "subject", "unit"} <= set(facets)
    assert "DTI" in {f["value"] for f in facets["indicator"]["results"]}
    places = call("GET", "/facts/places.json").json()["facet_results"]
    assert "Ninh Thuận" in {f["value"] for f in places["province"]["results"]}
    databases = call("GET", "/-/databases.json").json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("facts", False)]
    write = call("GET", "/facts.json", params={"sql": "delete from documents"})
    assert write.status_code == 400 and call("GET", "/facts/documents.json").json()["filtered_table_rows_count"] == 4


def test_the_plugin_is_datasettes_entry_point() -> None:
    from datasette.plugins import get_plugins

    (plugin,) = [p for p in get_plugins() if p["name"] == "vngov"]
    assert {"register_routes", "render_cell", "prepare_connection", "skip_csrf"} <= set(plugin["hooks"])


def test_a_store_still_being_written_is_served_live(seeds_db: Path, tmp_path: Path) -> None:
    assert not is_live(seeds_db)
    copy = tmp_path / "facts.db"
    copy.write_bytes(seeds_db.read_bytes())
    (tmp_path / "facts.db-wal").write_bytes(b"\0" * 32)  # a writer's log, not yet checkpointed
    assert is_live(copy)
    assert make_datasette(copy).databases["facts"].is_mutable
    assert not make_datasette(copy, live=False).databases["facts"].is_mutable


def test_serve_refuses_what_is_not_a_store(tmp_path: Path) -> None:
    text = tmp_path / "bai.db"
    text.write_text(NINH_THUAN, encoding="utf-8")
    done = CliRunner().invoke(main, ["serve", str(text), "--port", "0"])
    assert done.exit_code == 1 and "not a vngov store" in done.output


def test_a_stored_document_full_of_markup_is_served_as_text(tmp_path: Path) -> None:
    text = ("<script>alert(1)</script> Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 <img src=x onerror=alert(2)>\n"
            "Chỉ số DTI năm 2021 của tỉnh Ninh Thuận đạt 0,3048.")
    path = tmp_path / "hostile.db"
    with Store(path) as store:
        store.write(document_rows(extract(text, source="<b>x</b>"), Record(source="<b>x</b>", text=text)))
    datasette = make_datasette(path)
    loop = asyncio.new_event_loop()
    try:
        page = loop.run_until_complete(datasette.client.get(f"/-/vngov/document/{document_id(text)}",
                                                            params={"kind": "legal_refs", "ordinal": 0}))
        table = loop.run_until_complete(datasette.client.get("/hostile/documents"))
    finally:
        loop.close()
    assert page.status_code == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script" not in page.text.lower() and "<img" not in page.text.lower()
    assert "<b>x</b>" not in page.text and "&lt;b&gt;x&lt;/b&gt;" in page.text  # the source, too
    assert "<img" not in table.text.lower() and "&lt;b&gt;x&lt;/b&gt;" in table.text
