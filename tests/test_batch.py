"""Batches into the store: records, bad input, a process pool, progress, and kill -9 in the middle."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from extractor.cli import main
from extractor.engines import local as batch
from extractor.inputs.encodings import encode_legacy
from extractor.inputs.reader import read_documents

from .conftest import SEEDS, SHARED, documents_committed, kill_9_after, needs_shared
from .test_store import dump_store

VNGOV = [sys.executable, "-m", "extractor.cli"]


def varied_corpus(path: Path, count: int) -> Path:
    """count news-like records cut from the seed documents: 4 paragraphs each, starting further on each time.

    Every 50th record repeats an earlier text under a new id, and two records have no text, so duplicates
    and failures are part of every run.
    """
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts: list[str] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            if i in (17, 41):
                text = ""
            elif i % 50 == 49:
                text = texts[i - 7]
            else:
                paragraphs = [p for p in seeds[i % len(seeds)].split("\n") if p.strip()]
                start = (i // len(seeds)) % len(paragraphs)
                text = f"Bản tin số {i + 1}.\n" + "\n".join((paragraphs * 2)[start : start + 4])
            texts.append(text)
            record = {"id": f"doc-{i:04d}", "title": text[:60] or None, "text": text, "source": "seeds"}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def stderr_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_news_bench_records_load_as_they_are(tmp_path: Path) -> None:
    record = {"id": "vntc-xh-train-XH_TT_1", "title": "Hà Nội họp", "source": "magizbox/x:y.txt",
              "text": "Hà Nội họp\nNgày 9-9-2005, UBND TP Hà Nội ban hành Quyết định số 12/2005/QĐ-UB.\n"}
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "facts.db"
    result = CliRunner().invoke(main, ["extract", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    (doc,) = Database(db)["documents"].rows
    assert (doc["source"], doc["title"], doc["text"]) == (record["id"], "Hà Nội họp", record["text"])
    assert [r["canonical"] for r in Database(db)["legal_refs"].rows] == ["12/2005/QĐ-UB"]


def test_the_shared_news_corpus_loads(tmp_path: Path) -> None:
    bench = needs_shared(SHARED / "corpus" / "news_bench.jsonl")
    sample = tmp_path / "sample.jsonl"
    with bench.open(encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(40)]
    sample.write_text("".join(lines), encoding="utf-8")
    db = tmp_path / "facts.db"
    result = CliRunner().invoke(main, ["extract", str(sample), "--db", str(db)])
    assert result.exit_code == 0, result.output
    stored = {row["source"]: row for row in Database(db)["documents"].rows}
    for line in lines:
        record = json.loads(line)
        assert stored[record["id"]]["text"] == record["text"]
        assert stored[record["id"]]["title"] == (record["title"] or stored[record["id"]]["title"])


def test_a_records_date_field_dates_the_document(tmp_path: Path) -> None:
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(json.dumps({"id": "a", "text": "Ngày 28/6, UBND tỉnh họp.",
                                 "published": "2024-06-28T08:00:00+07:00"}) + "\n", encoding="utf-8")
    csv_file = tmp_path / "feed.csv"
    csv_file.write_text('ma,tieu_de,noi_dung,ngay\nb,Họp,"Ngày 28/6, UBND tỉnh họp.\nHết.",28/06/2023\n',
                        encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(jsonl), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["source"] == "a" and line["dates"][0]["value"] == "2024-06-28" and line["dates"][0]["year_inferred"]
    db = tmp_path / "facts.db"
    options = ["--id-field", "ma", "--title-field", "tieu_de", "--text-field", "noi_dung", "--date-field", "ngay"]
    result = CliRunner().invoke(main, ["extract", str(csv_file), "--db", str(db), *options])
    assert result.exit_code == 0, result.output
    (doc,) = Database(db)["documents"].rows
    assert (doc["source"], doc["title"], doc["published"]) == ("b", "Họp", "2023-06-28")
    assert [d["value"] for d in Database(db)["dates"].rows] == ["2023-06-28"]


def test_bad_input_is_a_row_in_errors_and_the_batch_goes_on(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    good = "Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 về chuyển đổi số."
    (docs / "good.txt").write_text(good, encoding="utf-8")
    (docs / "tcvn3.txt").write_bytes(encode_legacy(good.replace("chuyển đổi số", "cải cách hành chính"), "tcvn3"))
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (docs / "truncated.txt").write_bytes(good.encode()[: good.encode().index("ế".encode()) + 2])
    (docs / "undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    with (docs / "enormous.txt").open("wb") as fh:
        fh.truncate(100 * 2**20)  # 100 MB on disk, refused by its size
    records = tmp_path / "records.jsonl"
    records.write_text('{"id": "r1", "text": "Nghị quyết số 09-NQ/TU ngày 1/2/2021"}\n{broken\n{"id": "r3"}\n',
                       encoding="utf-8")
    db = tmp_path / "facts.db"
    result = subprocess.run([*VNGOV, "extract", str(docs), str(records), "--db", str(db), "--encoding", "auto"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stderr
    assert stderr_lines(result)[-1] == "vngov: 10 documents, 7 failed"
    store = Database(db)
    errors = {Path(r["source"]).name: r["code"] for r in store["errors"].rows}
    stored = {Path(r["source"]).name: r["encoding"] for r in store["documents"].rows}
    assert stored == {"good.txt": "utf-8", "tcvn3.txt": "tcvn3", "r1": "utf-8"}
    assert errors == {"binary.txt": "binary", "empty.txt": "empty", "enormous.txt": "too_large",
                      "truncated.txt": "decode", "undecodable.txt": "decode", "records.jsonl:2": "decode",
                      "r3": "empty"}


def test_enormous_inputs_are_refused_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(100 * 2**20)
    lines = tmp_path / "big.jsonl"
    with lines.open("wb") as fh:
        fh.write(b'{"id": "huge", "text": "')
        for _ in range(100):
            fh.write(b"a" * 2**20)
        fh.write('"}\n{"id": "next", "text": "Ngày 9-9-2022"}\n'.encode())
    tracemalloc.start()
    try:
        records = [(r.source, r.error.code if r.error else r.text)
                   for r in read_documents([str(big), str(lines)], max_bytes=1_000_000)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert records == [(str(big), "too_large"), (f"{lines}:1", "too_large"), ("next", "Ngày 9-9-2022")]
    assert peak < 8 * 2**20  # bounded by --max-bytes, not by the 100 MB inputs


def test_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    corpus = varied_corpus(tmp_path / "corpus.jsonl", 60)
    dumps, lines = [], []
    for workers in ("1", "2"):
        db, out = tmp_path / f"w{workers}.db", tmp_path / f"w{workers}.jsonl"
        for target in (["--db", str(db)], ["-o", str(out)]):
            result = subprocess.run([*VNGOV, "extract", str(corpus), "--workers", workers, *target],
                                    capture_output=True, text=True, check=False)
            assert result.returncode == 1, result.stderr  # the two records without text
        dumps.append(dump_store(db))
        lines.append(out.read_text(encoding="utf-8").splitlines())
    assert dumps[0] == dumps[1]
    assert lines[0] == lines[1] and len(lines[0]) == 60
    assert len(dumps[0]["documents"]) == 57  # 60, less 2 without text, less 1 duplicate text
    assert len(dumps[0]["errors"]) == 2


def test_kill_9_mid_batch_then_rerun_gives_the_same_database(tmp_path: Path) -> None:
    corpus = varied_corpus(tmp_path / "corpus.jsonl", 300)
    command = [*VNGOV, "extract", str(corpus), "--workers", "2", "--db"]
    whole = tmp_path / "whole.db"
    assert subprocess.run([*command, str(whole)], capture_output=True, check=False).returncode == 1
    total = documents_committed(whole)

    killed = tmp_path / "killed.db"
    assert kill_9_after([*command, str(killed)], killed, 20) == -signal.SIGKILL
    assert 20 <= documents_committed(killed) < total

    rerun = subprocess.run([*command, str(killed)], capture_output=True, text=True, check=False)
    assert rerun.returncode == 1  # the two records without text, again
    assert "already in the store" in stderr_lines(rerun)[-1]
    assert dump_store(killed) == dump_store(whole)


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(batch, "LOG_EVERY", 2)
    records = list(read_documents([str(p) for p in sorted(SEEDS.glob("*.txt"))]))
    for stream in (Terminal(), io.StringIO()):
        progress = batch.Progress(len(records), stream)
        batch.run(records, batch.JsonLinesSink(io.StringIO()), progress=progress)
        progress.close()
        if isinstance(stream, Terminal):
            assert "4/4" in stream.getvalue() and "doc/s" in stream.getvalue()
        else:
            assert stream.getvalue().splitlines()[-1].startswith("vngov: 4 documents, 0 failed, ")
