"""Every extractor stays linear on pathological text: extract() time at 10 KB, 100 KB and 1 MB.

    python benchmarks/bench_linear.py [--sizes 10000 100000 1000000] [--budget 60] [--only NAME ...]

Each input repeats one hostile unit (digits, slashes, near-citations, nested dates, numbers and percents,
task phrases, combining marks, one endless line …) up to the size. Linear time means each ratio is about
10 (sizes ×10); a quadratic pattern shows ~100. Times are the best of a few runs, each run long enough
to time, and the ratios are what to quote: they are measured in one process on one machine.
Each input runs in its own process, stopped when one size takes longer than --budget seconds: its later
sizes print as "> budget" and its ratio as a lower bound.
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNITS = {
    "digits": "1",
    "slashes": "/",
    "digit-slash": "12/",
    "dashes": "12-QĐ-",
    "near-citations": "Quyết định số 1/QĐ-",
    "citation-list": "Quyết định số 1/QĐ-UBND, ",
    "nested-dates": "ngày 1/1/2020 đến ",
    "symbols": "QĐ-UBND-",
    "no-spaces": "Quyếtđịnhsố",
    "combining": "\u0301",
    "newlines": "\n",
    "one-long-line": "chuyển đổi số ",
    "numbers": "12,5% ",
    "ranks": "tăng 3 bậc, xếp thứ 12/63 ",
    "money": "1.234,5 tỷ đồng ",
    "tasks": "giao Sở Tài chính chủ trì, phối hợp với ",
    "agencies": "Ủy ban nhân dân tỉnh ",
    "names": "Ông Nguyễn Văn A, ",
    "quotes": "“",
    "brackets": "(",
}
LONG_RUN = 0.2  # seconds: small inputs are extracted repeatedly until a run lasts this long


def hostile(name: str, size: int) -> str:
    unit = UNITS[name]
    text = unit * (size // len(unit) + 1)
    return ("a" + text)[:size] if name == "combining" else text[:size]


def seconds(fn, text: str, repeats: int = 3) -> float:
    """Best time of one call, over a few runs of enough calls to be timed."""
    started = time.perf_counter()
    fn(text)
    once = time.perf_counter() - started
    calls = max(1, int(LONG_RUN / max(once, 1e-6)))
    best = once
    for _ in range(repeats if once < 2 else 0):
        started = time.perf_counter()
        for _ in range(calls):
            fn(text)
        best = min(best, (time.perf_counter() - started) / calls)
    return best


def _measure(name: str, sizes: list[int], results: multiprocessing.Queue) -> None:
    from extractor import extract

    extract("Quyết định số 1/QĐ-UBND ngày 1/1/2020")  # load tables and compile patterns first
    for size in sizes:
        results.put(seconds(extract, hostile(name, size)))


def measure(name: str, sizes: list[int], budget: float) -> list[float | None]:
    """Seconds per size; None for the sizes not reached within budget seconds each."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_measure, args=(name, sizes, results))
    process.start()
    times: list[float | None] = []
    try:
        for _ in sizes:
            times.append(results.get(timeout=budget + 30))  # 30 s to start the process and load the tables
    except queue.Empty:
        pass
    finally:
        process.terminate()
        process.join()
    return times + [None] * (len(sizes) - len(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=3, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--budget", type=float, default=60.0, help="Seconds one size may take.")
    parser.add_argument("--only", nargs="+", choices=sorted(UNITS), help="Run these inputs only.")
    args = parser.parse_args()

    labels = [f"{size // 1000:,} KB" if size < 1_000_000 else f"{size // 1_000_000} MB" for size in args.sizes]
    print(f"{'input':<16} {labels[0]:>9} {labels[1]:>9} {labels[2]:>9} {'x10 ratio':>10} {'x10 ratio':>10}")
    print(f"{'':<16} {'s':>9} {'s':>9} {'s':>9} {'mid/small':>10} {'large/mid':>10}")
    worst, unfinished = 0.0, []
    for name in args.only or UNITS:
        times = measure(name, args.sizes, args.budget)
        if None in times:
            unfinished.append(f"{name} (at {labels[times.index(None)]})")
        cells, ratios = [], []
        for i, t in enumerate(times):
            cells.append(f"{t:.4f}" if t is not None else f"> {args.budget:.0f}")
            if i:
                before = times[i - 1]
                if before is None:
                    ratios.append("-")
                elif t is None:
                    ratios.append(f"> {args.budget / before:.0f}")
                    worst = max(worst, args.budget / before)
                else:
                    ratios.append(f"{t / before:.1f}")
                    worst = max(worst, t / before)
        print(f"{name:<16} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9} {ratios[0]:>10} {ratios[1]:>10}", flush=True)
    print(f"worst measured ratio {worst:.1f} (linear ≈ 10, quadratic ≈ 100)")
    if unfinished:
        print(f"over the {args.budget:.0f} s budget, so not linear: {', '.join(unfinished)}")


if __name__ == "__main__":
    main()
