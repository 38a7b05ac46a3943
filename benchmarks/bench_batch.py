"""Batch throughput and memory into the SQLite store, next to underthesea over the same texts, in one run.

    python benchmarks/bench_batch.py [--docs 5000] [--workers 1 2] [--ner-docs 1000]

Reads the first --docs articles of ../shared/corpus/news_bench.jsonl (the bundled corpus/ when that is
absent) and runs, each in a fresh process so that its peak RSS is its own:

- `vngov extract … --db` (the reader, the extractor in 1 or N worker processes, the one writer), and
- underthesea's word_tokenize alone, and its ner alone, over the same texts. ner is CRF tagging after
  word segmentation, POS and chunking; it is given one sentence at a time (sent_tokenize), as it expects
  (on a whole article it is superlinear), and over the first --ner-docs texts only, since all 5,000 take
  about twenty minutes here.

Machines here are noisy: quote the ratios to word_tokenize measured in the same run, not absolute rates.
RSS is also sampled after 1,000 documents and at the end, to show that memory does not grow with the
number of documents.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "corpus" / "news_bench.jsonl"
SAMPLE_AT = 1000


def write_input(limit: int, path: Path) -> str:
    """The first `limit` records as JSON Lines at path; returns where they came from."""
    with path.open("w", encoding="utf-8") as out:
        if BENCH.exists():
            with BENCH.open(encoding="utf-8") as fh:
                for _, line in zip(range(limit), fh, strict=False):
                    out.write(line)
            return str(BENCH)
        for p in sorted((ROOT / "corpus").rglob("*.txt"))[:limit]:
            out.write(json.dumps({"id": str(p), "text": p.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
        return "corpus/"


def rss_mb(pid: int | str = "self") -> float:
    """Current resident set size of a process, from /proc (Linux); 0 where /proc is absent."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def texts_of(path: Path, limit: int | None = None) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for _, line in zip(range(limit or 10**9), fh, strict=False)]


def child_store(path: Path, workers: int) -> dict:
    from extractor.engines.local import Progress, StoreSink, run
    from extractor.inputs.reader import read_documents
    from extractor.store.writer import Store

    samples: list[tuple[int, float, float]] = []

    class Sampler(Progress):
        """Current RSS of this process and of the workers (summed) every SAMPLE_AT documents."""

        def update(self, summary) -> None:
            if summary.documents % SAMPLE_AT == 0:
                workers_mb = sum(rss_mb(p.pid) for p in multiprocessing.active_children())
                samples.append((summary.documents, rss_mb(), workers_mb))

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "facts.db") as store:
        summary = run(read_documents([str(path)]), StoreSink(store), workers, Sampler(None, enabled=False))
    return {
        "documents": summary.documents, "failed": summary.failed, "characters": summary.characters,
        "facts": summary.facts, "seconds": summary.seconds, "samples": samples,
        "peak_main": peak_mb(resource.RUSAGE_SELF), "peak_workers": peak_mb(resource.RUSAGE_CHILDREN),
    }


def child_underthesea(path: Path, what: str, limit: int | None) -> dict:
    from underthesea import ner, sent_tokenize, word_tokenize

    texts = texts_of(path, limit)

    def tag(text: str) -> None:
        for sentence in sent_tokenize(text):
            ner(sentence)

    fn = word_tokenize if what == "word_tokenize" else tag
    fn(texts[0])  # load the models outside the timed run
    started = time.perf_counter()
    for text in texts:
        fn(text)
    return {"documents": len(texts), "characters": sum(map(len, texts)), "facts": 0,
            "seconds": time.perf_counter() - started, "peak_main": peak_mb(resource.RUSAGE_SELF), "peak_workers": 0}


def measure(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--ner-docs", type=int, default=1000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, value = args.child
        if kind == "store":
            result = child_store(Path(path), int(value))
        else:
            result = child_underthesea(Path(path), kind, int(value) or None)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.jsonl"
        origin = write_input(args.docs, path)
        rows = [("underthesea word_tokenize", measure(["word_tokenize", str(path), "0"]))]
        rows.append((f"underthesea ner (first {args.ner_docs:,})", measure(["ner", str(path), str(args.ner_docs)])))
        for workers in args.workers:
            rows.append((f"vngov extract --db, {workers} worker{'s' * (workers > 1)}",
                         measure(["store", str(path), str(workers)])))

    base = rows[0][1]["characters"] / rows[0][1]["seconds"]
    total = rows[-1][1]
    print(f"corpus: {origin}, {total['documents']:,} documents, {total['characters']:,} characters")
    header = f"{'run':<36} {'docs/s':>8} {'chars/s':>10} {'facts/s':>8} {'peak RSS MB':>12} {'vs tokenize':>11}"
    print(header)
    print("-" * len(header))
    for name, r in rows:
        rate = r["characters"] / r["seconds"]
        peak = f"{r['peak_main']:.0f}" + (f" + {r['peak_workers']:.0f}" if r["peak_workers"] else "")
        facts = f"{r['facts'] / r['seconds']:,.0f}" if r["facts"] else "-"
        print(f"{name:<36} {r['documents'] / r['seconds']:>8.1f} {rate:>10,.0f} {facts:>8} {peak:>12} "
              f"{rate / base:>10.2f}x")
    print("\npeak RSS: main process (+ largest worker). Current RSS (MB) as the batch goes on:")
    for name, r in rows:
        if r.get("samples"):
            main_mb = ", ".join(f"{m:.0f}" for _, m, _ in r["samples"])
            line = f"  {name}, at {', '.join(f'{d:,}' for d, _, _ in r['samples'])} documents: main {main_mb}"
            if any(w for _, _, w in r["samples"]):
                line += "; workers (sum) " + ", ".join(f"{w:.0f}" for _, _, w in r["samples"])
            print(line)


if __name__ == "__main__":
    main()
