"""Throughput of the pipeline next to underthesea's word_tokenize over the same texts, in one process.

    python benchmarks/bench_extract.py [--docs N] [--corpus PATH]

Reads the first N articles of ../shared/corpus/news_bench.jsonl (the bundled corpus/ when that is
absent), or of another JSON Lines file with a "text" field: `--corpus ../shared/corpus/formal_docs.jsonl`
measures the formal documents the structure layer reads, and adds the structure layer's own rate.
Machines here are noisy, so the figure to quote is the ratio of the two rates measured in the same run,
not either absolute rate.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "corpus" / "news_bench.jsonl"


def load_texts(limit: int, bench: Path = BENCH) -> tuple[str, list[str]]:
    if bench.exists():
        texts = []
        with bench.open(encoding="utf-8") as fh:
            for line in fh:
                texts.append(json.loads(line)["text"])
                if len(texts) >= limit:
                    break
        return str(bench), texts
    paths = sorted((ROOT / "corpus").rglob("*.txt"))
    return "corpus/", [p.read_text(encoding="utf-8") for p in paths]


def rate(fn, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        fn(text)
    return sum(map(len, texts)) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=BENCH)
    args = parser.parse_args()

    from underthesea import word_tokenize

    from extractor import extract
    from extractor.structure import read_structure
    from extractor.text.document import Document

    origin, texts = load_texts(args.docs, args.corpus)
    extract(texts[0])  # load tables and compile patterns outside the timed runs
    word_tokenize(texts[0])
    tokenize_rate = rate(word_tokenize, texts)
    extract_rate = rate(extract, texts)
    rules_rate = rate(lambda text: extract(text, use_model=False), texts)
    structure_rate = rate(lambda text: read_structure(Document(text)), texts)
    print(f"corpus: {origin}, {len(texts)} documents, {sum(map(len, texts)):,} characters")
    print(f"{'run':<40} {'chars/s':>12} {'ratio':>7}")
    print(f"{'underthesea word_tokenize':<40} {tokenize_rate:>12,.0f} {1.0:>7.2f}")
    print(f"{'vngov extract (rules + entity model)':<40} {extract_rate:>12,.0f} {extract_rate / tokenize_rate:>7.2f}")
    print(f"{'vngov extract (rules only)':<40} {rules_rate:>12,.0f} {rules_rate / tokenize_rate:>7.2f}")
    print(f"{'Document + structure layer alone':<40} {structure_rate:>12,.0f} {structure_rate / tokenize_rate:>7.2f}")


if __name__ == "__main__":
    main()
