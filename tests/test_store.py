"""The SQLite store: one table per fact kind from the contract, registries, views, search, versions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database, Migrations

from extractor import extract
from extractor.cli import main
from extractor.inputs.reader import Record
from extractor.store import writer as store
from extractor.store.writer import Store, StoreError, document_rows, fact_columns, fact_kinds, search
from schemas import Agency, DocumentResult, Metric, Person, Place, Task

from .conftest import SEEDS

TEXT = (
    "Năm 2023, chỉ số DTI của tỉnh Quảng Trị đạt 0,45 điểm, tăng 5 bậc so với năm 2022. "
    "UBND tỉnh giao Sở Thông tin và Truyền thông chủ trì, phối hợp Sở Tài chính triển khai chuyển đổi số "
    "theo Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 trước ngày 30/6/2024. "
    "Ông Võ Văn Hưng, Chủ tịch UBND tỉnh, chỉ đạo thực hiện tại thành phố Đông Hà."
)


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def full_result(text: str = TEXT) -> DocumentResult:
    """The extractor's references and dates plus one hand-made item of every other kind."""
    result = extract(text, source="full")
    sentence = (0, text.index(". ") + 1)
    task_sentence = span(text, "UBND tỉnh giao Sở Thông tin")
    task_sentence = (task_sentence[0], text.index("2024.") + 5)
    return result.model_copy(update={
        "metrics": [Metric(span=span(text, "0,45 điểm"), text="0,45 điểm", sentence=sentence, value=0.45,
                           unit="score", indicator="DTI", subject="Quảng Trị", year=2023)],
        "agencies": [
            Agency(span=span(text, "Sở Thông tin và Truyền thông"), text="Sở Thông tin và Truyền thông",
                   canonical="Sở Thông tin và Truyền thông tỉnh Quảng Trị", level="province", province="Quảng Trị"),
            Agency(span=span(text, "Sở Tài chính"), text="Sở Tài chính", canonical="Sở Tài chính tỉnh Quảng Trị",
                   id="qt-stc", level="province", province="Quảng Trị"),
        ],
        "persons": [Person(span=span(text, "Võ Văn Hưng"), text="Võ Văn Hưng", name="Võ Văn Hưng",
                           position="Chủ tịch UBND tỉnh")],
        "places": [
            Place(span=span(text, "Quảng Trị"), text="Quảng Trị", name="Quảng Trị", type="province",
                  province="Quảng Trị", province_today="Quảng Trị"),
            Place(span=span(text, "thành phố Đông Hà"), text="thành phố Đông Hà", name="Đông Hà", type="city",
                  province="Quảng Trị", province_today="Quảng Trị"),
        ],
        "tasks": [Task(span=span(text, "triển khai chuyển đổi số"), text="triển khai chuyển đổi số",
                       sentence=task_sentence, lead=["Sở Thông tin và Truyền thông tỉnh Quảng Trị"],
                       coordinating=["Sở Tài chính tỉnh Quảng Trị"], deadline="2024-06-30", action="triển khai")],
    })


def write(path: Path, result: DocumentResult, text: str = TEXT, source: str = "doc.txt") -> Store:
    st = Store(path)
    st.write(document_rows(result, Record(source, text, "utf-8")))
    return st


def dump_store(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, without the columns that only say when (store.TIMESTAMP_COLUMNS);
    the search indexes are checked for integrity and compared by what they find."""
    db = Database(path)
    fts = {name for table in ("documents", "tasks") for name in db.table_names() if name.startswith(f"{table}_fts")}
    out: dict[str, list[tuple]] = {}
    for name in sorted(set(db.table_names()) - fts):
        columns = [c for c in db[name].columns_dict if c != store.TIMESTAMP_COLUMNS.get(name)]
        select = ", ".join(f"[{c}]" for c in columns)
        out[name] = sorted(db.execute(f"SELECT {select} FROM [{name}]").fetchall(), key=repr)
    for table in ("documents", "tasks"):
        db.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES('integrity-check')")
    out["search"] = [tuple(hit["id"] for hit in search(db, q)) for q in ("chuyen doi so", "Quyết định", "UBND")]
    db.close()
    return out


def test_every_list_of_the_contract_has_a_table_with_a_column_per_field(tmp_path: Path) -> None:
    kinds = fact_kinds()
    assert {"legal_refs", "dates", "metrics", "agencies", "persons", "places", "tasks", "warnings"} <= set(kinds)
    with Store(tmp_path / "facts.db") as st:
        for kind, model in kinds.items():
            columns = st.db[kind].columns_dict
            assert set(fact_columns(model)) <= set(columns), kind
            for field in model.model_fields:
                expected = {"span": "start", "sentence": "sentence_start"}.get(field, field)
                assert expected in columns or f"item_{field}" in columns, (kind, field)
        assert st.db["agencies"].columns_dict["item_id"] is str  # Agency.id beside the row's own id
        assert st.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_document_with_every_kind_of_fact(tmp_path: Path) -> None:
    result = full_result()
    with write(tmp_path / "facts.db", result) as st:
        counts = st.counts()
        for kind in ("legal_refs", "dates", "metrics", "agencies", "persons", "places", "tasks"):
            assert counts[kind] == len(getattr(result, kind)) > 0, kind
        db = st.db
        (doc,) = db["documents"].rows
        assert doc["text"] == TEXT and doc["source"] == "doc.txt" and doc["encoding"] == "utf-8"
        assert doc["id"] == doc["content_hash"][:16] and "chuyen doi so" in doc["text_folded"]
        (metric,) = db.query("SELECT * FROM metric_facts WHERE indicator = 'DTI' AND year = 2023")
        assert (metric["value"], metric["subject"], metric["text"]) == (0.45, "Quảng Trị", "0,45 điểm")
        assert metric["sentence"] == TEXT[: TEXT.index(". ") + 1]
        for kind in fact_kinds():
            for row in db[kind].rows:
                assert TEXT[row["start"] : row["end"]] == row["text"], kind
                if row["sentence"] is not None:
                    assert TEXT[row["sentence_start"] : row["sentence_end"]] == row["sentence"], kind
        assignments = {(r["agency"], r["role"]) for r in db.query("SELECT * FROM task_assignments")}
        assert assignments == {("Sở Thông tin và Truyền thông tỉnh Quảng Trị", "lead"),
                               ("Sở Tài chính tỉnh Quảng Trị", "coordinating")}
        (task,) = db["tasks"].rows
        assert task["lead"] == '["Sở Thông tin và Truyền thông tỉnh Quảng Trị"]' and task["deadline"] == "2024-06-30"
        registry = {r["id"]: r for r in db["agency_registry"].rows}
        assert set(registry) == {"Sở Thông tin và Truyền thông tỉnh Quảng Trị", "qt-stc"}
        assert {r["id"] for r in db["place_registry"].rows} == {"province:Quảng Trị", "city:Đông Hà | Quảng Trị"}
        (cited,) = db.query("SELECT * FROM most_cited_documents")
        assert (cited["id"], cited["mentions"], cited["documents"]) == ("922/QĐ-BTTTT | 2012", 1, 1)
        mentions = {r["id"]: (r["mentions"], r["documents"]) for r in db.query("SELECT * FROM agency_mentions")}
        assert mentions == {"Sở Thông tin và Truyền thông tỉnh Quảng Trị": (1, 1), "qt-stc": (1, 1)}


def test_search_folds_diacritics_and_never_raises(tmp_path: Path) -> None:
    with write(tmp_path / "facts.db", full_result()) as st:
        doc_id = next(st.db["documents"].rows)["id"]
        for query in ("chuyen doi so", "CHUYỂN ĐỔI SỐ", "922/QĐ-BTTTT", "922/qd-btttt", "quyet dinh so 922"):
            assert [hit["id"] for hit in search(st, query)] == [doc_id], query
        assert "[chuyen doi so]" in search(st, "chuyển đổi số")[0]["snippet"]
        assert search(st, "so chuyen doi") == []  # one phrase, in this order
        assert [h["id"] for h in search(st, '"chuyen doi so" "dong ha"')] == [doc_id]
        for query in ('"', 'a"b', "NOT", "AND OR", "*", "///", "(", "NEAR(", "^x", "col:x", "-", "", "   ", "'"):
            search(st, query)
        (task,) = search(st, "trien khai", table="tasks")
        assert task["action"] == "triển khai"


def test_search_command(tmp_path: Path) -> None:
    write(tmp_path / "facts.db", full_result()).close()
    result = CliRunner().invoke(main, ["search", str(tmp_path / "facts.db"), "922/QĐ-BTTTT"])
    assert result.exit_code == 0, result.output
    assert "doc.txt" in result.output and "[922/qd-btttt]" in result.output


def test_rewriting_a_document_replaces_its_facts_and_prunes_the_registries(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    write(path, full_result()).close()
    fewer = full_result().model_copy(update={"agencies": [], "legal_refs": [], "tasks": []})
    with write(path, fewer) as st:
        counts = st.counts()
        assert counts["documents"] == 1 and counts["agencies"] == counts["legal_refs"] == counts["tasks"] == 0
        assert counts["agency_registry"] == counts["cited_works"] == counts["task_agencies"] == 0
        assert counts["metrics"] == 1 and counts["place_registry"] == 2


def test_a_failed_rewrite_leaves_the_document_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    write(path, full_result()).close()
    before = dump_store(path)
    rows = document_rows(full_result().model_copy(update={"metrics": []}), Record("doc.txt", TEXT, "utf-8"))
    rows["tasks"][0]["no_such_column"] = 1  # fails after the old facts were deleted, inside the transaction
    with Store(path) as st, pytest.raises(sqlite3.OperationalError):
        st.write(rows)
    assert dump_store(path) == before


def test_same_input_twice_gives_the_same_rows(tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    first = CliRunner().invoke(main, ["extract", str(SEEDS), "--db", str(db)])
    assert first.exit_code == 0, first.output
    once = dump_store(db)
    second = CliRunner().invoke(main, ["extract", str(SEEDS), "--db", str(db)])
    assert second.exit_code == 0
    assert "4 documents, 0 failed; 4 already in the store" in second.output
    assert dump_store(db) == once
    again = CliRunner().invoke(main, ["extract", str(SEEDS), "--db", str(db), "--reextract"])
    assert again.exit_code == 0 and "already in the store" not in again.output
    assert dump_store(db) == once
    assert len(once["documents"]) == 4 and len(once["legal_refs"]) > 10


def test_errors_are_rows_until_the_source_reads(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    with Store(path) as st:
        st.record_error("doc.txt", "decode", "not valid UTF-8 at byte 3")
        st.record_error("doc.txt", "decode", "not valid UTF-8 at byte 4")
        assert [(r["source"], r["message"]) for r in st.db["errors"].rows] == [("doc.txt", "not valid UTF-8 at byte 4")]
    with write(path, full_result()) as st:
        assert st.counts()["errors"] == 0


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    Store(path).close()
    db = Database(path)
    db["meta"].upsert({"key": "store_version", "value": str(store.STORE_VERSION + 1)}, pk="key")
    db.close()
    with pytest.raises(StoreError, match="newer vngov"):
        Store(path)
    result = CliRunner().invoke(main, ["extract", str(SEEDS), "--db", str(path)])
    assert result.exit_code == 1 and "newer vngov" in result.output


def test_an_older_store_is_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "facts.db"
    write(path, full_result()).close()
    newer = Migrations("vngov-store")  # what a later vngov would register: this one's migrations and one more
    newer()(store.m001_documents_registries_errors)
    newer()(store.m002_citation_graph)

    @newer()
    def m003_reviewed(db: Database) -> None:
        db["documents"].add_column("reviewed", int)

    monkeypatch.setattr(store, "STORE_VERSION", 3)
    with Store(path, migrations=newer) as st:
        assert "reviewed" in st.db["documents"].columns_dict
        assert st.db["meta"].get("store_version")["value"] == "3"
        assert st.counts()["documents"] == 1
    monkeypatch.setattr(store, "STORE_VERSION", 2)
    with pytest.raises(StoreError, match="version 3, written by a newer vngov"):
        Store(path)


def test_store_version_counts_the_migrations() -> None:
    assert len(store.MIGRATIONS.pending(Database(memory=True))) == store.STORE_VERSION


def test_a_field_added_to_the_contract_becomes_a_column(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    Store(path).close()
    db = Database(path)
    db.execute("DROP VIEW metric_facts")
    db.execute("ALTER TABLE metrics DROP COLUMN noun")  # as a store written before Metric.noun existed
    db.close()
    with write(path, full_result()) as st:
        assert "noun" in st.db["metrics"].columns_dict
        assert st.counts()["metrics"] == 1


def test_what_is_not_a_store_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    Database(other)["things"].insert({"a": 1})
    with pytest.raises(StoreError, match="not a vngov store"):
        Store(other)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(garbage)
