"""The Dask engine: partitions read what a local run reads; a 2-worker LocalCluster stores what a local run
stores, also when a worker dies mid-partition or the client is killed with kill -9."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from extractor.cli import main
from extractor.components import entities as entity_model
from extractor.engines import distributed
from extractor.engines import local as batch
from extractor.inputs.reader import read_documents
from extractor.store.writer import Store

from .conftest import SAMPLES, SEEDS, SHARED, documents_committed, kill_9_after
from .test_batch import varied_corpus
from .test_store import dump_store

VNGOV = [sys.executable, "-m", "extractor.cli"]
PARTITION = 6  # small partitions, so that 40-odd documents make several tasks on each worker


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A 2-worker LocalCluster (processes, one thread each) shared by the tests of this file."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 news_bench articles, or without ../shared 40 records cut from the project's own seeds and samples;
    then a duplicate text under another id, a record without text and a line of binary garbage."""
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    bench = SHARED / "corpus" / "news_bench.jsonl"
    if bench.exists():
        with bench.open(encoding="utf-8") as fh:
            lines = [next(fh) for _ in range(40)]
    else:
        lines = varied_corpus(path, 36).read_text(encoding="utf-8").splitlines(keepends=True)
        for sample in sorted(SAMPLES.glob("*.txt")):
            lines.append(json.dumps({"id": sample.stem, "text": sample.read_text(encoding="utf-8")},
                                    ensure_ascii=False) + "\n")
    again = json.loads(lines[3])
    lines += [json.dumps({**again, "id": "again"}, ensure_ascii=False) + "\n",
              json.dumps({"id": "no-text", "text": ""}) + "\n"]
    path.write_bytes("".join(lines).encode() + b"\x89PNG\x00\x00\xff\xfe\n")
    return path


@pytest.fixture(scope="module")
def local_dump(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("local") / "local.db"
    with Store(db) as store:
        summary = batch.run(read_documents([str(corpus)]), batch.StoreSink(store))
    assert summary.failed >= 2 and summary.documents >= 40
    return dump_store(db)


def run_on_cluster(corpus: Path, db: Path, scheduler: str, **options: object) -> batch.Summary:
    with Store(db) as store:
        return distributed.run([str(corpus)], batch.StoreSink(store), db.with_name(db.name + ".shards"),
                               distributed.Options(), scheduler=scheduler, partition_size=PARTITION,
                               **options)  # type: ignore[arg-type]


def test_partitions_read_the_records_a_local_run_reads(tmp_path: Path) -> None:
    lines = tmp_path / "mixed.jsonl"
    lines.write_bytes(b'{"id": "a", "text": "Ngay 1"}\n\n{broken\n' + b'{"text": "x"}\n' * 7
                      + b'{"id": "z", "text": "' + b"a" * 300 + b'"}\n{"id": "last", "text": "no newline"}')
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("b.txt", "a.txt", "c.txt"):
        (docs / name).write_text(f"Văn bản {name}", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    table = tmp_path / "feed.csv"
    table.write_text('id,text\nr1,"một\nhai"\nr2,ba\n', encoding="utf-8")
    paths = [str(lines), str(docs), str(table), str(tmp_path / "missing.jsonl")]
    wanted = [(r.source, r.text, r.error and r.error.code) for r in read_documents(paths, max_bytes=200)]
    for size in (1, 2, 3, 50):
        options = distributed.Options(max_bytes=200)
        partitions = list(distributed.plan(paths, size))
        got = [(r.source, r.text, r.error and r.error.code) for p in partitions for r in p.records(options)]
        assert got == wanted, size
    assert [p.kind for p in distributed.plan(paths, 4)] == ["lines"] * 3 + ["files"] * 2 + ["lines"]
    assert sum(p.documents for p in distributed.plan(paths, 4)) == 12 + 4 + 2 + 1


def test_a_cluster_stores_what_a_local_run_stores(cluster: str, corpus: Path, local_dump: dict,
                                                  tmp_path: Path) -> None:
    db = tmp_path / "dask.db"
    summary = run_on_cluster(corpus, db, cluster)
    assert dump_store(db) == local_dump
    assert len(local_dump["documents"]) >= 40
    errors = {row[0]: row[1] for row in local_dump["errors"]}
    assert errors["no-text"] == "empty" and errors[f"{corpus}:{summary.documents}"] == "decode"
    shards = sorted((tmp_path / "dask.db.shards").glob("*.jsonl"))
    assert len(shards) == -(-summary.documents // PARTITION)
    with Client(cluster) as client:
        loads = client.run(lambda: entity_model.load_model.cache_info())
    assert entity_model.load_model() is not None
    assert [info.misses for info in loads.values()] == [1, 1]  # once per worker, however many documents
    assert sum(info.hits for info in loads.values()) >= summary.documents - summary.failed

    # A rerun loads the shards and skips what the store holds, without a cluster (the address is closed).
    again = run_on_cluster(corpus, db, "tcp://127.0.0.1:9")
    assert again.skipped == summary.documents - summary.failed and again.facts == 0
    assert dump_store(db) == local_dump


def die_once(partition: distributed.Partition, options: distributed.Options, shard_dir: str, reuse: bool) -> str:
    """The first partition to run kills its worker process: the scheduler must run it again elsewhere."""
    flag = Path(shard_dir).parent / "died"
    if not flag.exists():
        flag.touch()
        os._exit(1)
    return distributed.extract_partition(partition, options, shard_dir, reuse)


def raise_once(partition: distributed.Partition, options: distributed.Options, shard_dir: str, reuse: bool) -> str:
    flag = Path(shard_dir).parent / "raised"
    if not flag.exists():
        flag.touch()
        raise OSError("the shard directory was briefly unreachable")
    return distributed.extract_partition(partition, options, shard_dir, reuse)


@pytest.mark.parametrize("failure", [die_once, raise_once], ids=["worker-dies", "task-raises"])
def test_a_failed_partition_is_run_again(failure, cluster: str, corpus: Path, local_dump: dict,
                                         tmp_path: Path) -> None:
    db = tmp_path / "dask.db"
    run_on_cluster(corpus, db, cluster, function=failure)
    assert (tmp_path / ("died" if failure is die_once else "raised")).exists()
    assert dump_store(db) == local_dump


def test_kill_9_of_the_client_then_rerun_gives_the_same_database(cluster: str, corpus: Path, local_dump: dict,
                                                                  tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    command = [*VNGOV, "extract", str(corpus), "--db", str(db), "--engine", "dask", "--scheduler", cluster,
               "--partition-size", "3"]
    kill_9_after(command, db, 3, timeout=60)
    assert 3 <= documents_committed(db) < len(local_dump["documents"])
    rerun = subprocess.run(command, capture_output=True, text=True, check=False)
    assert rerun.returncode == 1, rerun.stderr  # the record without text and the binary line
    assert "already in the store" in rerun.stderr.splitlines()[-1]
    assert dump_store(db) == local_dump


def test_standard_input_is_refused_with_a_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "-", "--db", str(tmp_path / "f.db"), "--engine", "dask"],
                                input="Quyết định số 1/QĐ-UBND")
    assert result.exit_code == 2 and "save it to a file first" in result.output


def test_text_files_give_the_same_store(cluster: str, tmp_path: Path) -> None:
    inputs = [str(SAMPLES), str(sorted(SEEDS.glob("*.txt"))[0])]
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    with Store(local) as store:
        batch.run(read_documents(inputs), batch.StoreSink(store))
    with Store(dask) as store:
        distributed.run(inputs, batch.StoreSink(store), tmp_path / "shards", distributed.Options(),
                        scheduler=cluster, partition_size=2)
    assert dump_store(dask) == dump_store(local)
    assert len(dump_store(local)["documents"]) == 4

    # Without --db, the JSON Lines a local run prints, in input order.
    lines = []
    for engine in (["--engine", "local"], ["--engine", "dask", "--scheduler", cluster]):
        out = tmp_path / f"{engine[1]}.jsonl"
        result = CliRunner().invoke(main, ["extract", *inputs, "-o", str(out), *engine])
        assert result.exit_code == 0, result.output
        lines.append(out.read_text(encoding="utf-8").splitlines())
    assert lines[0] == lines[1] and len(lines[0]) == 4
