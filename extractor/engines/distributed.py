"""Extraction on a Dask cluster (`vngov extract --engine dask`): partitions out, shards back, one writer.

The client plans partitions without reading any document: a byte range of a JSON Lines file (cut at line
starts), a CSV file, or a group of text files. Each worker opens its partition's files itself, so inputs on
shared storage never travel through the client; it extracts with the tables and the entity model loaded
once per worker process (WarmUp, and the module-level caches behind `extract`), and writes what became of
each document as one shard of JSON Lines, atomically (tmp + rename). The client loads finished shards into
the sink in partition order, through the same sink and tally as a local run, so the store holds the same
rows as after `--engine local` and fills while the cluster works.

A shard is named by what it was computed from (the partition, the files' size and mtime, the reading
options, the extractor and contract versions), so a rerun after a crash or `kill -9` loads the shards that
exist instead of computing them again, and the store skips what it already holds (StoreSink).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from extractor._version import __version__
from extractor.engines.local import Outcome, Progress, Sink, Summary, Tally, triage, warm_up, work
from extractor.inputs.reader import (
    DEFAULT_MAX_BYTES,
    RECORD_SUFFIXES,
    Fields,
    Input,
    Record,
    count_documents,
    expand_paths,
    jsonl_records,
    read_item,
)
from schemas import SCHEMA_VERSION, ProcessingError

PARTITION_SIZE = 50  # documents per partition: seconds of work; small, so the last ones leave no worker idle long
IN_FLIGHT_PER_THREAD = 4  # partitions submitted ahead of the writer per worker thread
RETRIES = 2  # a partition whose task raised is run again this many times (a dead worker's, by the scheduler)
_SCAN_CHUNK = 1 << 20
PROFILER_OFF = {"distributed.worker.profile.enabled": False}


class EngineError(Exception):
    """An input or setting the cluster engine cannot work with."""


@dataclass(frozen=True)
class Options:
    """How workers read and shape documents; part of every shard's name."""

    encoding: str = "utf"
    max_bytes: int = DEFAULT_MAX_BYTES
    fields: Fields = field(default_factory=Fields)
    for_store: bool = True  # rows for a Store, else one JSON line per document


@dataclass(frozen=True)
class Partition:
    """What one task reads: lines [start, end) of a JSON Lines file, or whole files (text, HTML, CSV).

    inputs are (source, name, path): the source a text file's record gets, the name JSON Lines and CSV
    records are numbered under (both as a local run would give them), and the absolute path to open.
    """

    kind: str  # "lines" or "files"
    inputs: tuple[tuple[str, str, str], ...]
    start: int = 0
    end: int | None = None
    first_line: int = 1
    documents: int = 0  # records expected, for the progress bar
    stamp: str = ""  # the files' sizes and mtimes: an edited input gets new shards

    def key(self, options: Options) -> str:
        described = json.dumps([asdict(self), asdict(options), __version__, SCHEMA_VERSION], sort_keys=True)
        return hashlib.sha256(described.encode()).hexdigest()[:24]

    def records(self, options: Options) -> Iterator[Record]:
        if self.kind == "lines":
            ((_, name, path),) = self.inputs
            yield from jsonl_records(Path(path), options.fields, options.encoding, options.max_bytes, name=name,
                                     start=self.start, end=self.end, first_line=self.first_line)
            return
        for source, name, path in self.inputs:
            yield from read_item(Input(source, Path(path), name), options.encoding, options.max_bytes, options.fields)


def _stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "unreadable"  # the worker reports why, as a row in errors
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def line_ranges(path: Path, every: int) -> list[tuple[int, int, int, int]]:
    """(start byte, end byte, first line number, lines) of consecutive runs of `every` lines.

    One pass over the bytes counting newlines, as fast as the disk; no line is parsed on the client.
    """
    starts = [0]
    lines = offset = 0
    last = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_SCAN_CHUNK):
            newlines = chunk.count(b"\n")
            if lines + newlines < len(starts) * every:
                lines += newlines  # no boundary in this chunk
            else:
                at = chunk.find(b"\n")
                while at != -1:
                    lines += 1
                    if lines % every == 0:
                        starts.append(offset + at + 1)
                    at = chunk.find(b"\n", at + 1)
            offset += len(chunk)
            last = chunk[-1:]
    if last not in (b"", b"\n"):
        lines += 1  # a last line without its newline
    if len(starts) > 1 and starts[-1] >= offset:
        starts.pop()  # a boundary at the end of the file starts nothing
    ends = [*starts[1:], offset]
    return [(start, end, n * every + 1, min(every, lines - n * every))
            for n, (start, end) in enumerate(zip(starts, ends, strict=True))]


def plan(paths: list[str], size: int = PARTITION_SIZE) -> Iterator[Partition]:
    """Partitions of every document named by paths, in input order (the order the writer keeps)."""
    group: list[tuple[str, str, str]] = []
    stamps: list[str] = []

    def files() -> Iterator[Partition]:
        if group:
            yield Partition("files", tuple(group), documents=len(group), stamp=",".join(stamps))
            group.clear()
            stamps.clear()

    for item in expand_paths(paths):
        if item.path is None:
            raise EngineError("standard input cannot be read by the cluster's workers: save it to a file first")
        entry = (item.source, str(item.path), str(item.path.resolve()))
        kind = RECORD_SUFFIXES.get(item.path.suffix.lower())
        if kind is None:
            group.append(entry)
            stamps.append(_stamp(item.path))
            if len(group) >= size:
                yield from files()
            continue
        yield from files()
        stamp = _stamp(item.path)
        if kind == "csv":  # a quoted field may hold newlines: a CSV file is read whole, by one task
            yield Partition("files", (entry,), documents=count_documents([str(item.path)]) or 1, stamp=stamp)
            continue
        try:
            ranges = line_ranges(item.path, size)
        except OSError:
            yield Partition("lines", (entry,), documents=1, stamp=stamp)  # the worker records the error
            continue
        for start, end, first_line, lines in ranges:
            yield Partition("lines", (entry,), start, end, first_line, lines, stamp)
    yield from files()


def shard_path(shard_dir: Path, partition: Partition, options: Options) -> Path:
    return shard_dir / f"{partition.key(options)}.jsonl"


def _line(outcome: Outcome) -> str:
    value: dict[str, Any] = {"source": outcome.source, "characters": outcome.characters}
    if outcome.error is not None:
        value["error"] = {"code": outcome.error.code, "message": outcome.error.message}
    else:
        value["payload"] = outcome.payload
    return json.dumps(value, ensure_ascii=False)


def extract_partition(partition: Partition, options: Options, shard_dir: str, reuse: bool = True) -> str:
    """Run on a worker: extract every document of the partition into its shard; returns the shard's path.

    A document that cannot be read or extracted is an error line, as in a local run; only a dead worker or
    an unwritable shard directory fails the task (and Dask runs it again).
    """
    shard = shard_path(Path(shard_dir), partition, options)
    if reuse and shard.exists():
        return str(shard)  # an earlier attempt finished it
    tmp = shard.with_name(f"{shard.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for record in partition.records(options):
                outcome = triage(record) or work(record, options.for_store)
                fh.write(_line(outcome) + "\n")
            fh.flush()
            os.fsync(fh.fileno())  # a shard that exists is whole, even after a power cut
        os.replace(tmp, shard)
    finally:
        tmp.unlink(missing_ok=True)
    return str(shard)


def read_shard(path: str | Path) -> Iterator[Outcome]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            value = json.loads(line)
            error = value.get("error")
            yield Outcome(value["source"], value.get("payload"),
                          ProcessingError(**error) if error else None, value.get("characters", 0))


class WarmUp(WorkerPlugin):
    """A worker plugin: load the tables and the entity model once when a worker starts (and restarts)."""

    name = "vngov-warm-up"

    async def setup(self, worker: Any) -> None:
        # In a thread: loading takes seconds and must not stall the worker's event loop and heartbeats.
        await asyncio.get_running_loop().run_in_executor(None, warm_up)


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a LocalCluster of `workers` single-threaded processes."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # One thread per process: extraction is pure Python and holds the GIL. Dask's statistical profiler walks
    # the task's stack every 10 ms, which costs deep pure-Python extraction about 6 % of its CPU: it is off.
    with dask.config.set(PROFILER_OFF), LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                                     threads_per_worker=1, processes=True,
                                                     dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


PartitionFunction = Callable[[Partition, Options, str, bool], str]


def run(paths: list[str], sink: Sink, shard_dir: Path, options: Options, *, scheduler: str | None = None,
        workers: int | None = None, partition_size: int = PARTITION_SIZE, reuse: bool = True,
        progress: Progress | None = None, report: TextIO | None = None,
        function: PartitionFunction = extract_partition) -> Summary:
    """Extract every document named by paths on a Dask cluster into sink.

    Shards that exist are loaded, not computed (reuse=False computes them again, for --reextract). At most
    IN_FLIGHT_PER_THREAD partitions per worker thread run ahead of the writer, so the scheduler, the client
    and the shard directory hold a window of the input, not all of it.
    """
    started = time.perf_counter()
    partitions = list(plan(paths, partition_size))
    if progress is not None and progress.bar is not None:
        progress.bar.total = sum(p.documents for p in partitions)
        progress.bar.refresh()
    shard_dir.mkdir(parents=True, exist_ok=True)
    for stale in shard_dir.glob("*.tmp"):  # left by a worker killed mid-write; one writer per store
        stale.unlink(missing_ok=True)
    tally = Tally(sink, progress, report)
    shards: dict[int, str] = {}
    waiting = deque(range(len(partitions)))
    written = 0

    def write_ready() -> None:
        nonlocal written
        while written in shards:
            for outcome in read_shard(shards.pop(written)):
                tally.finish(outcome)
            written += 1

    with contextlib.ExitStack() as stack:
        client: Client | None = None
        window = IN_FLIGHT_PER_THREAD * (workers or os.cpu_count() or 1)
        running: as_completed | None = None  # made with the client: it needs one
        index: dict[Any, int] = {}
        while written < len(partitions):
            while waiting and waiting[0] < written + window:
                n = waiting.popleft()
                shard = shard_path(shard_dir, partitions[n], options)
                if reuse and shard.exists():
                    shards[n] = str(shard)
                    continue
                if client is None:  # started only when some partition has no shard yet
                    client = stack.enter_context(connect(scheduler, workers))
                    client.register_plugin(WarmUp(), name=WarmUp.name)
                    window = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
                    running = as_completed()
                future = client.submit(function, partitions[n], options, str(shard_dir), reuse,
                                       retries=RETRIES, pure=False)
                index[future] = n
                running.add(future)  # type: ignore[union-attr]
            write_ready()
            if written < len(partitions) and index:
                future = next(running)  # type: ignore[arg-type]
                shards[index.pop(future)] = future.result()  # raises once a partition has failed for good
    tally.summary.seconds = time.perf_counter() - started
    return tally.summary


def default_shard_dir(db: Path | None, output: str | None) -> Path:
    """Next to the store (facts.db.shards/) or the output file; a temporary directory for stdout."""
    if db is not None:
        return db.with_name(db.name + ".shards")
    if output:
        return Path(output).with_name(Path(output).name + ".shards")
    return Path(tempfile.mkdtemp(prefix="vngov-shards-"))
