"""The Python API: one call per job of the `vngov` command, which only parses arguments and prints around them.

    >>> from extractor import extract_to_store, evaluate, query
    >>> summary = extract_to_store(["corpus"], "facts.db")                        # vngov extract corpus --db facts.db
    >>> rows = query("facts.db", "references", cited="922/QĐ-BTTTT")              # vngov query facts.db references …
    >>> evaluate("corpus/seeds").scores["categories"]["legal_refs"]["f1"]          # vngov eval corpus/seeds

Errors a caller can act on are `UsageError` (the arguments do not fit together) and `RunError` (the run could not
finish; what was written is kept). Paths outside the package (../shared) are only ever explicit arguments.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from extractor.engines.local import JsonLinesSink, Progress, Sink, StoreSink, Summary, run
from extractor.evaluation.score import Report, score
from extractor.inputs.reader import DEFAULT_MAX_BYTES, Fields, read_documents
from extractor.pipeline import extract, extract_document
from extractor.store.query import connect
from extractor.store.query import query as query_store
from extractor.store.writer import Store, StoreError, search

__all__ = ["Evaluation", "RunError", "Summary", "UsageError", "evaluate", "extract", "extract_document",
           "extract_to_jsonl", "extract_to_store", "open_store", "query", "search", "train"]


class UsageError(ValueError):
    """Arguments that do not fit together (the CLI's usage error)."""


class RunError(RuntimeError):
    """A run that could not finish; the documents written so far are kept."""


@dataclass(frozen=True)
class Evaluation:
    report: Report
    documents: int
    characters: int
    seconds: float

    @property
    def scores(self) -> dict[str, Any]:
        return self.report.as_dict()


def _check_engine(engine: str, scheduler: str | None, shards: Path | None, workers: int | None) -> None:
    if engine not in ("local", "dask"):
        raise UsageError(f"engine must be local or dask, not {engine!r}")
    if engine == "local" and (scheduler or shards):
        raise UsageError("--scheduler and --shards go with --engine dask")
    if engine == "dask" and scheduler and workers:
        raise UsageError("--workers sizes a LocalCluster; with --scheduler the cluster has its own workers")


def _extract_into(paths: list[str], sink: Sink, progress: Progress, *, engine: str, workers: int | None,
                  scheduler: str | None, shards: Path | None, partition_size: int, reextract: bool, encoding: str,
                  fields: Fields, max_bytes: int, db: Path | None, output: str | None,
                  report: TextIO | None) -> Summary:
    if engine == "local":
        return run(read_documents(paths, encoding, max_bytes, fields), sink, workers or 1, progress, report=report)
    from extractor.engines import distributed

    options = distributed.Options(encoding, max_bytes, fields, for_store=sink.for_store)
    where = shards or distributed.default_shard_dir(db, output)
    try:
        return distributed.run(paths, sink, where, options, scheduler=scheduler, workers=workers,
                               partition_size=partition_size, reuse=not reextract, progress=progress, report=report)
    except distributed.EngineError as e:
        raise UsageError(str(e)) from None
    finally:
        if shards is None and db is None and not output:
            shutil.rmtree(where, ignore_errors=True)  # a temporary directory for stdout's shards


def extract_to_store(paths: Iterable[str | Path], db: str | Path, *, workers: int | None = None,
                     engine: str = "local", scheduler: str | None = None, shards: str | Path | None = None,
                     partition_size: int = 50, reextract: bool = False, encoding: str = "auto",
                     fields: Fields | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                     progress: Progress | None = None, report: TextIO | None = sys.stderr) -> Summary:
    """`vngov extract PATHS --db DB`: every document into the SQLite store, resumable (documents the store already
    holds from this version are skipped unless `reextract`), one error row per bad document."""
    shard_dir = Path(shards) if shards is not None else None
    _check_engine(engine, scheduler, shard_dir, workers)
    try:
        store = Store(Path(db))
    except StoreError as e:
        raise RunError(str(e)) from None
    progress = progress or Progress(None, enabled=False)
    with store:
        try:
            return _extract_into([str(p) for p in paths], StoreSink(store, reextract), progress, engine=engine,
                                 workers=workers, scheduler=scheduler, shards=shard_dir,
                                 partition_size=partition_size, reextract=reextract, encoding=encoding,
                                 fields=fields or Fields(), max_bytes=max_bytes, db=Path(db), output=None,
                                 report=report)
        except BrokenProcessPool:
            raise RunError("a worker process died (killed, or out of memory); the documents written so far are "
                           "kept: run the same command again to finish") from None
        except (UsageError, RunError):
            raise
        except Exception as e:
            if engine != "dask":
                raise
            # A partition that failed on every try (its workers died each time), or a lost scheduler.
            raise RunError(f"the cluster could not finish: {type(e).__name__}: {e}; the documents written so far "
                           "are kept: run the same command again to finish") from None


def extract_to_jsonl(paths: Iterable[str | Path], output: str | Path | TextIO | None = None, *,
                     workers: int | None = None, engine: str = "local", scheduler: str | None = None,
                     shards: str | Path | None = None, partition_size: int = 50, encoding: str = "auto",
                     fields: Fields | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                     progress: Progress | None = None, report: TextIO | None = sys.stderr) -> Summary:
    """`vngov extract PATHS -o OUTPUT`: one JSON line per document (the contract), to a file path, an open text
    stream, or standard output (None); a bad document is an `error` line."""
    shard_dir = Path(shards) if shards is not None else None
    _check_engine(engine, scheduler, shard_dir, workers)
    named = output if isinstance(output, str | Path) else None
    opened = open(named, "w", encoding="utf-8") if named else nullcontext(output or sys.stdout)  # noqa: SIM115
    with opened as stream:
        return _extract_into([str(p) for p in paths], JsonLinesSink(stream), progress or Progress(None, enabled=False),
                             engine=engine, workers=workers, scheduler=scheduler, shards=shard_dir,
                             partition_size=partition_size, reextract=False, encoding=encoding,
                             fields=fields or Fields(), max_bytes=max_bytes, db=None,
                             output=str(named) if named else None, report=report)


def evaluate(gold_dir: str | Path, texts: str | Path | None = None) -> Evaluation:
    """`vngov eval GOLD_DIR`: run the pipeline on GOLD_DIR/*.txt and score it by the spec's rules against the
    *.gold.json beside them. With `texts`, a JSON Lines corpus, each ID.gold.json is of the record with that id
    (annotations kept apart from texts the project does not own)."""
    gold = Path(gold_dir)
    if not gold.is_dir():
        raise UsageError(f"{gold}: no such directory of gold documents")
    if texts is not None:
        with tempfile.TemporaryDirectory(prefix="vngov-eval-") as joined:
            _join_texts(gold, Path(texts), Path(joined))
            return evaluate(joined)
    texts = sorted(gold.glob("*.txt"))
    started = time.perf_counter()
    lines = io.StringIO()
    run(read_documents([str(p) for p in texts]), JsonLinesSink(lines))
    outputs = [json.loads(line) for line in lines.getvalue().splitlines()]
    seconds = time.perf_counter() - started
    characters = sum(len(p.read_text(encoding="utf-8")) for p in texts)
    return Evaluation(score(gold, outputs), len(texts), characters, seconds)


def _join_texts(gold: Path, corpus: Path, out: Path) -> None:
    """ID.gold.json and ID.txt in `out` for every ID.gold.json of `gold`, the text from the corpus record `id`."""
    wanted = {p.name[: -len(".gold.json")]: p for p in gold.glob("*.gold.json")}
    found = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line) if line.strip() else {}
            path = wanted.get(str(record.get("id")))
            if path is not None and isinstance(record.get("text"), str):
                (out / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
                shutil.copy(path, out / path.name)
                found += 1
    if found < len(wanted):
        raise UsageError(f"{corpus} holds {found} of the {len(wanted)} documents {gold} annotates")


def open_store(db: str | Path) -> sqlite3.Connection:
    """A read-only connection to a vngov store (with its SQL functions), or StoreError saying why not."""
    try:
        conn = connect(db)
        conn.execute("SELECT 1 FROM meta LIMIT 1")
    except (sqlite3.DatabaseError, FileNotFoundError) as e:
        raise StoreError(f"{db}: not a vngov store ({e})") from None
    return conn


def query(db: str | Path | sqlite3.Connection, kind: str, limit: int | None = None, **filters: Any) -> list[dict]:
    """`vngov query DB KIND --filter …`: the rows of one kind of question (extractor/lexicon/data/queries.yaml)."""
    return query_store(db, kind, limit, **filters)


def train(corpus: str | Path, out: str | Path | None = None, *, documents: int = 2500, epochs: int = 6,
          exclude: str | Path | None = None, log: Any = print) -> Any:
    """`vngov train --corpus FILE`: build the entity model from the rules' silver labels on a JSON Lines corpus;
    the ids in `exclude` (one a line, # comments) are never read."""
    from extractor.components.entities import MODEL_DIR
    from extractor.training.train import train as train_model

    corpus = Path(corpus)
    if not corpus.is_file():
        raise UsageError(f"{corpus}: no such corpus (JSON Lines articles with id, title, text)")
    ids: set[str] = set()
    if exclude is not None:
        lines = Path(exclude).read_text(encoding="utf-8").splitlines()
        ids = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return train_model(corpus, Path(out) if out else MODEL_DIR, documents=documents, epochs=epochs, exclude=ids,
                       log=log)
