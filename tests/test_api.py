"""The Python API mirrors the CLI: one call per job, the same rows and figures as the command."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import evaluate, extract_to_jsonl, extract_to_store, query
from extractor.api import RunError, UsageError, open_store
from extractor.cli import main
from extractor.store.writer import StoreError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds"


def _rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    out = {}
    for table in ("legal_refs", "metrics", "tasks", "agencies"):
        cols = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    return out


def test_extract_to_store_then_query_finds_a_seed_citation(tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    summary = extract_to_store([SEEDS], db, report=None)
    assert (summary.documents, summary.failed) == (4, 0) and summary.facts > 100
    rows = query(db, "references", cited="1982/QĐ-UBND")
    assert rows and {r["canonical"] for r in rows} == {"1982/QĐ-UBND"}
    assert query(db, "references", cited="922/QĐ-BTTTT")
    again = extract_to_store([SEEDS], db, report=None)
    assert again.skipped == 4 and again.documents == 4  # resumable: nothing extracted twice


def test_the_cli_and_the_api_store_the_same_rows(tmp_path: Path) -> None:
    extract_to_store([SEEDS], tmp_path / "api.db", report=None)
    result = CliRunner().invoke(main, ["extract", str(SEEDS), "--db", str(tmp_path / "cli.db")])
    assert result.exit_code == 0, result.output
    assert _rows(tmp_path / "api.db") == _rows(tmp_path / "cli.db")


def test_extract_to_jsonl_writes_the_contract(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    summary = extract_to_jsonl([SEEDS / "003_3fec733ce960d48e.txt"], out, report=None)
    line = json.loads(out.read_text(encoding="utf-8"))
    assert summary.documents == 1 and line["legal_refs"][0]["canonical"] == "1982/QĐ-UBND"


def test_evaluate_gives_what_vngov_eval_prints() -> None:
    result = evaluate(SEEDS)
    assert result.documents == 4 and result.characters > 10_000
    printed = CliRunner().invoke(main, ["eval", str(SEEDS), "--json"])
    figures = json.loads(printed.output)
    assert {k: v for k, v in figures.items() if k != "seconds"} == {
        **result.scores, "characters": result.characters}
    assert result.scores["categories"]["legal_refs"]["f1"] > 0.9


def test_arguments_that_do_not_fit_are_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--scheduler and --shards go with --engine dask"):
        extract_to_store([SEEDS], tmp_path / "x.db", scheduler="tcp://127.0.0.1:1", report=None)
    with pytest.raises(UsageError, match="no such directory"):
        evaluate(tmp_path / "absent")


def test_a_file_that_is_no_store_is_refused_clearly(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("Quyết định số 1982/QĐ-UBND", encoding="utf-8")
    with pytest.raises(StoreError, match="not a vngov store"):
        open_store(bogus)
    with pytest.raises(RunError):
        extract_to_store([SEEDS], bogus, report=None)


def test_train_needs_its_corpus_named() -> None:
    result = CliRunner().invoke(main, ["train"])
    assert result.exit_code == 2 and "--corpus" in result.output
