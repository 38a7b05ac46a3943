"""The Dask engine against one process: `vngov extract --db` over the same articles, in the same run.

    python benchmarks/bench_dask.py [--docs 2000] [--rounds 1] [--workers 2] [--local-workers 1]

Reads the first --docs articles of ../shared/corpus/news_bench.jsonl (the bundled corpus/ when that is
absent) and times, each as a whole command in a fresh process (start-up, the cluster's start and the model
loads included, as a user would wait for them):

- `vngov extract input.jsonl --db local.db` (the local engine, --local-workers processes; 1: in-process), and
- `vngov extract input.jsonl --db dask.db --engine dask --workers N` (a LocalCluster of N single-threaded
  worker processes, shards, one writer),

alternating A B A B … for --rounds rounds so that a drift of the machine's speed hits both, then checks that
the two stores hold the same rows (timestamps aside) and prints documents/s, per core, the CPU seconds
of each command and all its processes (workers included), and the ratio.
Machines here are shared and noisy: quote the median ratio of a run, with the load average it prints.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNGOV = [sys.executable, "-m", "extractor.cli", "extract"]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import write_input  # noqa: E402  the same input as the batch benchmark


def fingerprint(db: Path) -> dict[str, tuple[int, str]]:
    """Rows and a digest of the sorted rows of every table, without the columns that say when."""
    from extractor.store.writer import TIMESTAMP_COLUMNS

    out = {}
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                 if "_fts" not in r[0]]
        for name in sorted(names):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")
                       if r[1] != TIMESTAMP_COLUMNS.get(name)]
            rows = sorted(repr(r) for r in conn.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{name}]"))
            out[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:12])
    return out


def timed(command: list[str], db: Path) -> tuple[float, float]:
    """Wall seconds of the command, and the CPU seconds (user + system) of it and every process it reaped."""
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(db.with_name(db.name + ".shards"), ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([*command, "--db", str(db)], capture_output=True, text=True, check=False, cwd=ROOT)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if result.returncode not in (0, 1):  # 1: some document failed, which the stores compare too
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    parser.add_argument("--local-workers", type=int, default=1, help="the local engine's processes")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.jsonl"
        origin = write_input(args.docs, path)
        documents = sum(1 for line in path.open(encoding="utf-8") if line.strip())
        local = [*VNGOV, str(path), "--workers", str(args.local_workers)]
        dask = [*VNGOV, str(path), "--engine", "dask", "--workers", str(args.workers)]
        times: dict[str, list[float]] = {"local": [], "dask": []}
        cpu: dict[str, list[float]] = {"local": [], "dask": []}
        ratios = []
        for _ in range(args.rounds):
            for name, command in (("local", local), ("dask", dask)):
                wall, used = timed(command, Path(tmp) / f"{name}.db")
                times[name].append(wall)
                cpu[name].append(used)
            ratios.append(times["local"][-1] / times["dask"][-1])
        same = fingerprint(Path(tmp) / "local.db") == fingerprint(Path(tmp) / "dask.db")

    print(f"corpus: {origin}, {documents:,} documents; {os.cpu_count()} cores; "
          f"load average before the last run {os.getloadavg()[0]:.2f}")
    header = f"{'run':<48} {'seconds':>8} {'docs/s':>8} {'docs/s/core':>12} {'CPU s':>8} {'CPU ms/doc':>11}"
    print(header)
    print("-" * len(header))
    rows = [(f"vngov extract --db, local, {args.local_workers} process(es)", "local", args.local_workers),
            (f"vngov extract --db --engine dask, {args.workers} workers", "dask", args.workers)]
    for name, key, cores in rows:
        median, used = statistics.median(times[key]), statistics.median(cpu[key])
        print(f"{name:<48} {median:>8.1f} {documents / median:>8.1f} {documents / median / cores:>12.1f} "
              f"{used:>8.1f} {1000 * used / documents:>11.1f}")
    print(f"\ndask / local throughput: {statistics.median(ratios):.2f}x (median of {args.rounds} paired "
          f"round(s): {', '.join(f'{r:.2f}' for r in ratios)}); whole commands, start-up included")
    print(f"stores hold the same rows: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
