"""Batches: documents stream from the reader through a pool of extracting processes to one writer.

The main process reads and writes; workers only extract. Documents are written in input order through a
bounded window of in-flight work, so memory stays flat however long the input is, and two runs over the
same input write the same rows in the same order.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from tqdm import tqdm

from extractor._version import __version__
from extractor.inputs.reader import Record
from extractor.pipeline import extract
from extractor.store.writer import Store, document_id, document_rows, now
from schemas import DocumentResult, ProcessingError

IN_FLIGHT_PER_WORKER = 8  # enough to keep every worker busy while the writer catches up
LOG_EVERY = 1000  # documents between two progress lines when stderr is not a terminal


@dataclass
class Outcome:
    """What became of one document: the payload the sink writes, or an error."""

    source: str
    payload: Any = None  # store rows, or a JSON line
    error: ProcessingError | None = None
    characters: int = 0


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    skipped: int = 0  # already in the store, extracted by this version
    characters: int = 0
    facts: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        text = f"{self.documents} documents, {self.failed} failed"
        if self.skipped:
            text += f"; {self.skipped} already in the store"
        return text


class Sink(Protocol):
    for_store: bool

    def wanted(self, record: Record) -> bool: ...

    def write(self, outcome: Outcome) -> int | None:
        """Write one outcome; the number of facts written, or None when it was not written (a duplicate)."""


def failure(source: str, code: str, message: str) -> DocumentResult:
    return DocumentResult(extractor_version=__version__, source=source,
                          error=ProcessingError(code=code, message=message))  # type: ignore[arg-type]


class JsonLinesSink:
    """One JSON line per document, failures included, as `vngov extract` has always written."""

    for_store = False

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def wanted(self, record: Record) -> bool:
        return True

    def write(self, outcome: Outcome) -> int:
        if outcome.error:
            line = failure(outcome.source, outcome.error.code, outcome.error.message).model_dump_json()
        else:
            line = outcome.payload
        self.out.write(line + "\n")
        return 0


class StoreSink:
    """Rows into a Store, skipping documents it holds already (same text, same extractor and contract).

    A text met twice in one run keeps its first source, also with reextract, so that a resumed run and an
    uninterrupted one agree.
    """

    for_store = True

    def __init__(self, store: Store, reextract: bool = False) -> None:
        self.store = store
        self.reextract = reextract
        self.started = now()

    def _needed(self, doc_id: str) -> bool:
        stored = self.store.stored(doc_id)
        if stored is None:
            return True
        if stored.processed_at >= self.started:
            return False
        return self.reextract or not stored.current

    def wanted(self, record: Record) -> bool:
        return self._needed(document_id(record.text or ""))

    def write(self, outcome: Outcome) -> int | None:
        if outcome.error:
            self.store.record_error(outcome.source, outcome.error.code, outcome.error.message)
            return 0
        # Checked again: the same text may have been in flight twice.
        if not self._needed(outcome.payload["documents"][0]["id"]):
            return None
        return self.store.write(outcome.payload)


def work(record: Record, for_store: bool) -> Outcome:
    """Extract one document (in a worker process) and shape it for its sink."""
    text = record.text or ""
    try:
        result = extract(text, source=record.source, published=record.published)
        payload = document_rows(result, record) if for_store else result.model_dump_json()
    except Exception as e:  # one broken document must not stop a batch
        return Outcome(record.source, error=ProcessingError(code="internal", message=f"{type(e).__name__}: {e}"))
    return Outcome(record.source, payload, characters=len(text))


def triage(record: Record) -> Outcome | None:
    """An outcome known without extracting (a read error), or None when the record is to be extracted."""
    if record.error is not None:
        return Outcome(record.source, error=ProcessingError(code=record.error.code,  # type: ignore[arg-type]
                                                            message=record.error.message))
    return None


def warm_up() -> None:
    # Load the tables and compile the patterns once per worker, before the first document is timed.
    extract("Quyết định số 1/QĐ-UBND ngày 1/1/2020")


class Progress:
    """A tqdm bar (documents/s, ETA) on a terminal, a plain line every LOG_EVERY documents otherwise."""

    def __init__(self, total: int | None, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.bar = None
        self.enabled = enabled
        if enabled and self.stream.isatty():
            self.bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True, smoothing=0.1)

    def update(self, summary: Summary) -> None:
        if self.bar is not None:
            self.bar.update(1)
            if summary.failed:
                self.bar.set_postfix(failed=summary.failed, refresh=False)
        elif self.enabled and summary.documents % LOG_EVERY == 0:
            rate = summary.documents / max(time.perf_counter() - self.started, 1e-9)
            print(f"vngov: {summary.documents:,} documents, {summary.failed} failed, {rate:,.1f} documents/s",
                  file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Tally:
    """Writes outcomes to the sink in the order given and counts them; shared by every engine's writer."""

    def __init__(self, sink: Sink, progress: Progress | None = None, report: TextIO | None = None) -> None:
        self.sink = sink
        self.progress = progress
        self.report = report
        self.summary = Summary()

    def finish(self, outcome: Outcome) -> None:
        summary = self.summary
        summary.documents += 1
        facts = self.sink.write(outcome)
        if facts is None:
            summary.skipped += 1
        else:
            summary.facts += facts
            summary.characters += outcome.characters
        if outcome.error:
            summary.failed += 1
            if self.report is not None:
                print(f"vngov: {outcome.source}: {outcome.error.message}", file=self.report, flush=True)
        if self.progress is not None:
            self.progress.update(summary)

    def skip(self) -> None:
        self.summary.documents += 1
        self.summary.skipped += 1
        if self.progress is not None:
            self.progress.update(self.summary)


def run(records: Iterable[Record], sink: Sink, workers: int = 1, progress: Progress | None = None,
        report: TextIO | None = None) -> Summary:
    """Extract every record into sink; read failures and extraction failures are counted, never raised.

    workers ≤ 1 extracts in this process; more start that many worker processes.
    """
    tally = Tally(sink, progress, report)
    summary, finish, skip = tally.summary, tally.finish, tally.skip
    started = time.perf_counter()

    if workers <= 1:
        for record in records:
            known = triage(record)
            if known is not None:
                finish(known)
            elif sink.wanted(record):
                finish(work(record, sink.for_store))
            else:
                skip()
    else:
        context = multiprocessing.get_context("spawn")  # no inherited SQLite handle or threads in the workers
        window: deque[Future | Outcome | None] = deque()
        limit = workers * IN_FLIGHT_PER_WORKER
        with ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up) as pool:
            def drain(keep: int) -> None:
                while len(window) > keep:
                    head = window.popleft()
                    if head is None:
                        skip()
                    else:
                        finish(head.result() if isinstance(head, Future) else head)

            for record in records:
                known = triage(record)
                if known is not None:
                    window.append(known)
                elif sink.wanted(record):
                    window.append(pool.submit(work, record, sink.for_store))
                else:
                    window.append(None)
                drain(limit)
            drain(0)
    summary.seconds = time.perf_counter() - started
    return summary
