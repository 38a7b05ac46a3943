"""Agencies and persons: rules only, model only, both combined, and underthesea's `ner`, on gold sets.

    python benchmarks/ablation.py [GOLD_DIR ...]

GOLD_DIR defaults to ../shared/gold/dev (the project's seeds under corpus/seeds when that is absent).
Every system is scored with the spec's rules (extractor/evaluation/score.py). underthesea's CRF `ner` is the
anchor: its ORG spans become agencies (expanded with our abbreviation table, so it is judged on what it
finds, not on spelling) and its PER spans persons. Speed is characters per second over the same
documents, next to underthesea's `word_tokenize`, measured in this run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.components.entities import add_model_entities, load_model  # noqa: E402
from extractor.evaluation.score import score  # noqa: E402
from extractor.lexicon.names import expand_abbreviations  # noqa: E402
from extractor.pipeline import analyse, extract  # noqa: E402
from extractor.text.document import Document  # noqa: E402
from extractor.text.spans import SpanSet  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "dev"


def rules_only(text: str, source: str) -> dict:
    return extract(text, source, use_model=False).model_dump(mode="json")


def combined(text: str, source: str) -> dict:
    return extract(text, source).model_dump(mode="json")


def model_only(text: str, source: str) -> dict:
    doc = Document(text, source)
    found = analyse(doc, use_model=False)
    cited = SpanSet([(r.nstart, r.nend) for r in found.refs])
    agencies, persons, _ = add_model_entities(doc, cited, found.provinces, [], [], [])
    return {"source": source,
            "agencies": [{"canonical": a.canonical, "text": doc.original(a.nstart, a.nend)} for a in agencies],
            "persons": [{"name": p.name} for p in persons]}


def underthesea_ner(text: str, source: str) -> dict:
    from underthesea import ner

    agencies, persons = [], []
    for para in filter(str.strip, text.split("\n")):
        for label, words in _entities(ner(para)):
            name = " ".join(words)
            if label == "ORG":
                agencies.append({"canonical": expand_abbreviations(name), "text": name})
            elif label == "PER":
                persons.append({"name": name})
    return {"source": source, "agencies": agencies, "persons": persons}


def _entities(tagged: list[tuple]) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for token in tagged:
        word, tag = token[0], token[-1]
        if tag.startswith("B-") or (tag.startswith("I-") and (not out or out[-1][0] != tag[2:])):
            out.append((tag[2:], [word]))
        elif tag.startswith("I-"):
            out[-1][1].append(word)
    return out


SYSTEMS: dict[str, Callable[[str, str], dict]] = {
    "rules only": rules_only,
    "model only": model_only,
    "rules + model": combined,
    "underthesea ner": underthesea_ner,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dirs", nargs="*", type=Path)
    args = parser.parse_args()
    gold_dirs = args.gold_dirs or [DEFAULT_GOLD if DEFAULT_GOLD.exists() else ROOT / "corpus" / "seeds"]
    if load_model() is None:
        sys.exit("no entity model in extractor/models/entities: run `make model` first")
    from underthesea import word_tokenize

    for gold_dir in gold_dirs:
        docs = [(p.with_name(p.name[: -len(".gold.json")] + ".txt"), p) for p in sorted(gold_dir.glob("*.gold.json"))]
        texts = [(str(txt), txt.read_text(encoding="utf-8")) for txt, _ in docs]
        chars = sum(len(t) for _, t in texts)
        for _, text in texts[:1]:
            combined(text, "warm-up")  # load the model and the tables outside the timing
        print(f"\n{gold_dir} ({len(texts)} documents, {chars:,} characters)\n")
        print("| system | agencies P | R | F1 | persons P | R | F1 | chars/s |")
        print("|---|---|---|---|---|---|---|---|")
        for name, system in SYSTEMS.items():
            started = time.perf_counter()
            outputs = [system(text, source) for source, text in texts]
            speed = chars / (time.perf_counter() - started)
            report = score(gold_dir, outputs).as_dict()["categories"]
            a, p = report["agencies"], report["persons"]
            print(f"| {name} | {a['precision']:.3f} | {a['recall']:.3f} | {a['f1']:.3f} | "
                  f"{p['precision']:.3f} | {p['recall']:.3f} | {p['f1']:.3f} | {speed:,.0f} |")
        started = time.perf_counter()
        for _, text in texts:
            word_tokenize(text)
        anchor = chars / (time.perf_counter() - started)
        print(f"| underthesea word_tokenize (speed anchor) | | | | | | | {anchor:,.0f} |")


if __name__ == "__main__":
    main()
