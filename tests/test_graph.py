"""The citation graph of a store: citations linked to the stored documents they name, in either order."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlite_utils import Database

from extractor import extract
from extractor.cli import main
from extractor.inputs.reader import Record
from extractor.store.graph import citations_of
from extractor.store.writer import Store, document_rows

from .conftest import formal_text

# Two documents of ../shared/corpus/formal_docs.jsonl: "Số: 2811/QĐ-UBND" of Đồng Nai and "Số: 223/CĐ-TTg".
DECISION_ID, TELEGRAM_ID = "5884aa6f293e9bc0", "15e6fb3d3f3b2644"
NOTES = {
    "dong-nai.txt": "Thực hiện Quyết định số 2811/QĐ-UBND ngày 20/11/2025 của Ủy ban nhân dân tỉnh Đồng Nai, "
                    "Sở Tư pháp đã rà soát danh mục thủ tục hành chính.",
    "nghe-an.txt": "Căn cứ Quyết định số 2811/QĐ-UBND của UBND tỉnh Nghệ An, huyện triển khai thực hiện.",
    "bare.txt": "Theo Quyết định số 2811/QĐ-UBND, các xã phải báo cáo kết quả trước ngày 30/12/2025.",
    "telegram.txt": "Thực hiện Công điện số 223/CĐ-TTg của Thủ tướng Chính phủ, tỉnh đã sơ tán hơn 2.000 hộ dân.",
}
SOURCES = ["decision.txt", "telegram-223.txt", *NOTES]


def _text(source: str) -> str:
    if source in NOTES:
        return NOTES[source]
    return formal_text(DECISION_ID if source == "decision.txt" else TELEGRAM_ID)


def _store(path: Path, order: list[str]) -> None:
    with Store(path) as st:
        for source in order:
            text = _text(source)
            st.write(document_rows(extract(text, source=source), Record(source, text, "utf-8")))


def _links(path: Path) -> list[tuple]:
    db = Database(path)
    rows = db.execute("""SELECT d.source, l.canonical, t.source, l.link_reason IS NOT NULL FROM legal_refs l
                         JOIN documents d ON d.id = l.document_id LEFT JOIN documents t ON t.id = l.cited_document_id
                         WHERE NOT l.[self] AND l.canonical IN ('2811/QĐ-UBND', '223/CĐ-TTG')""").fetchall()
    db.close()
    return sorted(rows)


def test_a_citation_links_to_the_stored_document_it_names(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    _store(path, SOURCES)
    assert _links(path) == [
        ("bare.txt", "2811/QĐ-UBND", None, 1),  # a code every province uses, with neither issuer nor date
        ("dong-nai.txt", "2811/QĐ-UBND", "decision.txt", 0),
        ("nghe-an.txt", "2811/QĐ-UBND", None, 1),  # another province's decision of that number
        ("telegram.txt", "223/CĐ-TTG", "telegram-223.txt", 0),  # the Prime Minister's code names one issuer
    ]


def test_links_do_not_depend_on_the_order_documents_are_written_in(tmp_path: Path) -> None:
    _store(tmp_path / "a.db", SOURCES)
    _store(tmp_path / "b.db", SOURCES[::-1])
    assert _links(tmp_path / "a.db") == _links(tmp_path / "b.db")


def test_rewriting_the_cited_document_keeps_its_citations_linked(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    _store(path, SOURCES)
    before = _links(path)
    with Store(path) as st:  # written again (--reextract): deleted, then stored anew
        text = _text("decision.txt")
        st.write(document_rows(extract(text, source="decision.txt"), Record("decision.txt", text, "utf-8")))
    assert _links(path) == before


def test_query_and_documents_answer_both_directions(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    _store(path, SOURCES)
    runner = CliRunner()
    out = runner.invoke(main, ["query", str(path), "references", "--cited", "2811/QĐ-UBND", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    decision_id = next(r["cited_document_id"] for r in rows if r["source"] == "dong-nai.txt")
    assert sorted(r["source"] for r in rows) == ["bare.txt", "dong-nai.txt", "nghe-an.txt"]  # not its own number
    assert all(r["cited_document_id"] is None and r["link_reason"] for r in rows if r["source"] != "dong-nai.txt")
    assert next(r for r in rows if r["source"] == "dong-nai.txt")["relation"] == "implements"
    citing = runner.invoke(main, ["query", str(path), "documents", "--cites", decision_id, "--format", "json"])
    assert [r["source"] for r in json.loads(citing.stdout)] == ["dong-nai.txt"]
    by_number = runner.invoke(main, ["query", str(path), "documents", "--cites", "2811/QĐ-UBND", "--format", "json"])
    assert sorted(r["source"] for r in json.loads(by_number.stdout)) == ["bare.txt", "dong-nai.txt", "nghe-an.txt"]
    cited = runner.invoke(main, ["query", str(path), "documents", "--cited-by", "dong-nai.txt", "--format", "json"])
    assert [r["id"] for r in json.loads(cited.stdout)] == [decision_id]


def test_the_document_page_lists_what_cites_it(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    _store(path, SOURCES)
    db = Database(path)
    decision_id = db.execute("SELECT id FROM documents WHERE source = 'decision.txt'").fetchone()[0]
    graph = citations_of(db.conn, decision_id)
    assert [(c.canonical, c.relation) for c in graph.cited_by] == [("2811/QĐ-UBND", "implements")]
    db.close()
    page = tmp_path / "page.html"
    out = CliRunner().invoke(main, ["show", decision_id, "--db", str(path), "-o", str(page)])
    assert out.exit_code == 0, out.output
    html = page.read_text(encoding="utf-8")
    assert "Cited by" in html and "implements" in html


def test_a_store_of_version_1_is_migrated_and_linked(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    _store(path, SOURCES)
    expected = _links(path)
    db = Database(path)  # put the store back as version 1 wrote it
    for view in db.view_names():
        db[view].drop()
    db["document_numbers"].drop()
    db.execute("DROP INDEX idx_legal_refs_cited_document_id")
    db.execute("DROP INDEX idx_legal_refs_work_id")
    db["legal_refs"].transform(drop={"cited_document_id", "link_reason"}, drop_foreign_keys=["cited_document_id"])
    db["legal_refs"].transform(rename={"work_id": "cited_document_id"})
    db["legal_refs"].create_index(["cited_document_id"])
    db.execute("ALTER TABLE cited_works RENAME TO cited_documents")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_citation_graph'")
    db["meta"].upsert({"key": "store_version", "value": "1"}, pk="key")
    db.conn.commit()
    db.close()
    with Store(path) as st:
        assert st.db["meta"].get("store_version")["value"] == "2"
        assert {"work_id", "cited_document_id"} <= set(st.db["legal_refs"].columns_dict)
        assert st.db["cited_works"].count > 0
    assert _links(path) == expected


def test_the_served_document_page_lists_cites_and_cited_by_with_links(tmp_path: Path) -> None:
    import asyncio

    from extractor.web.serve import make_datasette

    path = tmp_path / "facts.db"
    _store(path, SOURCES)
    db = Database(path)
    ids = dict(db.execute("SELECT source, id FROM documents").fetchall())
    db.close()
    datasette = make_datasette(path)
    loop = asyncio.new_event_loop()
    try:
        cited = loop.run_until_complete(datasette.client.get(f"/-/vngov/document/{ids['decision.txt']}"))
        citing = loop.run_until_complete(datasette.client.get(f"/-/vngov/document/{ids['dong-nai.txt']}"))
        graph = loop.run_until_complete(datasette.client.get("/facts/citation_graph.json?_shape=array"))
    finally:
        loop.close()
    assert cited.status_code == citing.status_code == 200
    assert "Cited by" in cited.text and f'href="/-/vngov/document/{ids["dong-nai.txt"]}"' in cited.text
    assert "Cites" in citing.text and f'href="/-/vngov/document/{ids["decision.txt"]}"' in citing.text
    edges = {(e["citing_document_id"], e["cited_document_id"], e["relation"]) for e in graph.json()}
    assert edges == {(ids["dong-nai.txt"], ids["decision.txt"], "implements"),
                     (ids["telegram.txt"], ids["telegram-223.txt"], "implements")}
