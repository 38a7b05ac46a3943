"""Shared paths and the reader of the one-case-a-line tables under tests/cases/."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
SEEDS = ROOT / "corpus" / "seeds"
SAMPLES = ROOT / "corpus" / "samples"
SHARED = ROOT.parent / "shared"
FORMAL_DOCS = SHARED / "corpus" / "formal_docs.jsonl"
FORMAL_GOLD = ROOT / "corpus" / "formal"  # our annotations of formal_docs.jsonl records, ID.gold.json


def read_cases(name: str) -> list:
    """Rows of tests/cases/NAME as pytest params, each id'd by its line number and text."""
    params = []
    with (CASES / name).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            columns = line.split("\t")
            params.append(pytest.param(*columns, id=f"{name}:{number}:{columns[0][:40]}"))
    return params


def needs_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside the project)")
    return path


@cache
def _formal_texts() -> dict[str, str]:
    with FORMAL_DOCS.open(encoding="utf-8") as fh:
        return {record["id"]: record["text"] for record in map(json.loads, fh)}


def formal_text(doc_id: str) -> str:
    """A formal document of ../shared/corpus/formal_docs.jsonl by its id (the project keeps only its annotations);
    the test skips when ../shared is absent."""
    needs_shared(FORMAL_DOCS)
    return _formal_texts()[doc_id]


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the four seed documents (real texts), built once per session by `vngov extract --db`."""
    from click.testing import CliRunner

    from extractor.cli import main

    path = tmp_path_factory.mktemp("seeds") / "facts.db"
    result = CliRunner().invoke(main, ["extract", str(SEEDS), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def documents_committed(db: Path) -> int:
    """Documents a store holds now, as another process sees it (0 before it exists)."""
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def kill_9_after(command: list[str], db: Path, documents: int, timeout: float = 120) -> int:
    """Run a batch into `db`, SIGKILL it (its own process group: workers included) once it has committed
    `documents`, and return its exit status."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while documents_committed(db) < documents:
            assert proc.poll() is None, "the batch finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode
