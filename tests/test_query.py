"""vngov query and vngov export over a store of the seed documents: filters, formats, the read-only --sql."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.store.query import build, iter_sql, kinds, query

from .conftest import ROOT, SEEDS, read_cases


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store `vngov extract corpus/seeds --db` writes from the project's folder (sources as in make run)."""
    path = tmp_path_factory.mktemp("query") / "facts.db"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["extract", str(SEEDS.relative_to(ROOT)), "--db", str(path)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return path


def _case(*columns: str) -> tuple[str, str, str, str]:
    kind, filters, expected, holds = (*columns, "")[:4]
    return kind, filters, expected, holds


def _pairs(text: str) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in text.split(";") if part.strip())


def _shown(value: object) -> str:
    """A value as the cases write it: lists as JSON, numbers as Python prints them."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)


@pytest.mark.parametrize(("kind", "filters", "expected", "holds"),
                         [pytest.param(*_case(*case.values), id=case.id) for case in read_cases("query.tsv")])
def test_query_case(db: Path, kind: str, filters: str, expected: str, holds: str) -> None:
    rows = query(db, kind, **_pairs(filters))
    if expected.startswith("one:"):  # some row holds these values
        want = _pairs(expected[4:])
        assert any(all(_shown(row[k]) == v for k, v in want.items()) for row in rows), rows
        return
    assert len(rows) == int(expected), [(r.get("subject") or r.get("text")) for r in rows]
    for row in rows:
        for key, value in _pairs(holds).items():
            assert _shown(row[key]) == value, row


def test_every_kind_answers_without_filters(db: Path) -> None:
    for kind in kinds():
        assert query(db, kind, limit=3), kind
        assert len(query(db, kind, limit=2)) == 2


def test_values_are_bound_never_formatted(db: Path) -> None:
    hostile = "x' OR 1=1; DROP TABLE metrics; --"
    for kind, spec in kinds().items():
        for name, f in spec.filters.items():
            if f.value.startswith("provinces"):  # names outside the registry are refused before any SQL
                with pytest.raises(ValueError, match="no province"):
                    build(kind, {name: hostile})
                continue
            value = 2021 if f.value == "int" else hostile
            sql, params = build(kind, {name: value})
            assert hostile not in sql and f":f_{name}" in sql and f"f_{name}" in params
            assert query(db, kind, **{name: value}) == [] or f.value == "int", (kind, name)
    assert query(db, "metrics", limit=1)  # the table is still there


def test_unknown_filters_and_kinds_are_refused(db: Path) -> None:
    with pytest.raises(ValueError, match="cannot be filtered by indicator"):
        query(db, "tasks", indicator="DTI")
    with pytest.raises(ValueError, match="unknown kind"):
        query(db, "facts")
    result = CliRunner().invoke(main, ["query", str(db), "references", "--indicator", "DTI"])
    assert result.exit_code == 2 and "cannot be filtered by --indicator" in result.output
    with pytest.raises(ValueError, match="no province was called so"):
        query(db, "metrics", province="Nghe Ann")
    with pytest.raises(ValueError, match="no province is called so today"):
        query(db, "metrics", province_today="Ninh Thuận")  # merged into Khánh Hòa
    result = CliRunner().invoke(main, ["query", str(db), "tasks", "--text", " "])
    assert result.exit_code == 1 and "text ' ': empty" in result.output


def test_cli_table_shows_the_real_ranking(db: Path) -> None:
    result = CliRunner().invoke(main, ["query", str(db), "metrics", "--indicator", "DTI", "--province",
                                       "ninh thuan", "--year", "2021", "--unit", "rank"])
    assert result.exit_code == 0, result.output
    header, rule, line = result.stdout.splitlines()
    assert header.split()[:6] == ["indicator", "subject", "year", "value", "unit", "total"]
    assert set(rule) <= {"-", " "}
    assert line.split()[:7] == ["DTI", "tỉnh", "Ninh", "Thuận", "2021", "53", "rank"]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_json_and_csv_round_trip(db: Path, fmt: str) -> None:
    rows = query(db, "tasks", agency="Sở Thông tin và Truyền thông")
    result = CliRunner().invoke(main, ["query", str(db), "tasks", "--agency", "Sở TT&TT", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.stdout) == rows
    elif fmt == "jsonl":
        assert [json.loads(line) for line in result.stdout.splitlines()] == rows
    else:
        read = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(read) == len(rows) == 7
        for got, row in zip(read, rows, strict=True):
            assert list(got) == list(row)
            assert json.loads(got["lead"]) == row["lead"]
            assert got["sentence"] == row["sentence"]
            assert got["deadline"] == (row["deadline"] or "")
            assert int(got["start"]) == row["start"]


def test_every_row_is_grounded_in_its_document(db: Path) -> None:
    texts = {r["id"]: r["text"] for r in iter_sql(db, "SELECT id, text FROM documents")}
    for kind in ("metrics", "tasks", "references"):
        for row in query(db, kind):
            text = texts[row["document_id"]]
            assert text[row["start"]:row["end"]] == row["text"]
            assert row["text"] in row["sentence"]


def test_export_the_whole_store(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "dump"
    result = CliRunner().invoke(main, ["export", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.stem for p in out.glob("*.jsonl")}
    assert {"documents", "metrics", "tasks", "legal_refs", "agencies", "task_agencies", "meta"} <= names
    assert not any(name.endswith(("_fts", "_fts_data", "_fts_idx")) for name in names)
    conn = sqlite3.connect(db)
    for name in names:
        lines = (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0], name
    first = json.loads((out / "metrics.jsonl").read_text(encoding="utf-8").splitlines()[0])
    columns = [row[1] for row in conn.execute("PRAGMA table_info(metrics)")]
    assert list(first) == columns
    csv_out = tmp_path / "csv"
    CliRunner().invoke(main, ["export", str(db), "-o", str(csv_out), "--format", "csv"])
    header = (csv_out / "errors.csv").read_text(encoding="utf-8").splitlines()
    assert header == ["source,code,message,at"]  # an empty table still says its columns


def test_export_a_query_and_a_table(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "dti.csv"
    result = CliRunner().invoke(main, ["export", str(db), "--kind", "metrics", "--indicator", "DTI", "--province",
                                       "Ninh Thuận", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    read = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [float(r["value"]) for r in read] == [r["value"] for r in query(db, "metrics", indicator="DTI",
                                                                           province="Ninh Thuận")]
    result = CliRunner().invoke(main, ["export", str(db), "--table", "metric_facts"])
    assert len(result.stdout.splitlines()) == sqlite3.connect(db).execute("SELECT count(*) FROM metrics").fetchone()[0]
    result = CliRunner().invoke(main, ["export", str(db), "--sql",
                                       "SELECT indicator, count(*) AS n FROM metrics WHERE unit = 'rank' "
                                       "GROUP BY indicator ORDER BY n DESC, indicator"])
    counts = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"indicator": "DDCI", "n": len(query(db, "metrics", indicator="DDCI", unit="rank"))} in counts


@pytest.mark.parametrize("sql", [
    "UPDATE metrics SET value = 0",
    "DELETE FROM documents",
    "DROP TABLE metrics",
    "INSERT INTO meta VALUES ('x', 'y')",
    "ATTACH DATABASE 'elsewhere.db' AS other",
    "PRAGMA journal_mode = DELETE",
    "SELECT 1; DELETE FROM metrics",
    "WITH x AS (SELECT 1) UPDATE metrics SET value = 0",
])
def test_export_sql_cannot_change_the_store(db: Path, tmp_path: Path, sql: str) -> None:
    before = db.read_bytes()
    rows_before = query(db, "metrics", indicator="DTI", province="Ninh Thuận")
    result = CliRunner().invoke(main, ["export", str(db), "--sql", sql])
    assert result.exit_code == 1
    assert "Error" in result.output
    assert query(db, "metrics", indicator="DTI", province="Ninh Thuận") == rows_before
    assert db.read_bytes() == before
    assert not (tmp_path / "elsewhere.db").exists() and not Path("elsewhere.db").exists()


def test_export_refuses_ambiguous_requests(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["export", str(db)]).exit_code == 2  # the whole store needs a directory
    assert runner.invoke(main, ["export", str(db), "--table", "metrics", "--sql", "SELECT 1"]).exit_code == 2
    assert runner.invoke(main, ["export", str(db), "--indicator", "DTI"]).exit_code == 2  # filters need --kind
    assert runner.invoke(main, ["export", str(db), "--table", "no_such_table"]).exit_code == 1
