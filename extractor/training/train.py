"""Training the entity model on silver labels: what the rules find in news articles.

Every sentence where the rules find an agency, a person or a place becomes a training example, with those
spans as its entities; a share of the sentences where they find nothing teaches the model when to stay
quiet. A span the rules found that does not fall on token edges is dropped with its sentence. Articles
listed in corpus/train_exclude.ids (the blind evaluation sets) are never read.

Two kinds of weak supervision reach past the rules, so that the model learns what a body looks like rather
than the rules' lists: a broader labelling function marks organisation phrases the extraction rules leave
alone for precision ("Tổ Công nghệ số …", "Quỹ Hỗ trợ nông dân …": an organisation noun from agencies.yaml,
a capitalised name, up to a verb or punctuation); and a share of the sentences are copied with an agency's
head word swapped for another organisation noun ("Sở Tài chính" → "Quỹ Tài chính"), so the context, not
the head alone, teaches the label.

The recipe is fixed by its arguments and seed, so `vngov train` rebuilds the shipped model.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.components.entities import agency_end, agency_shaped, organisation_head
from extractor.lexicon.patterns import load
from extractor.pipeline import analyse
from extractor.text.document import Document

SEED = 20261126
EMPTY_SHARE = 0.25  # of the sentences with no entity, the share kept as negative examples
SWAP_SHARE = 0.3  # of the sentences with an agency, the share copied with its head word swapped
_PHRASE_END = re.compile(r"[,.;:!?()\[\]“”\"'…\n]| - ")


@dataclass
class Silver:
    text: str
    entities: list[tuple[int, int, str]]


@dataclass
class TrainingReport:
    documents: int = 0
    sentences: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    epochs: int = 0
    seconds: float = 0.0
    losses: list[float] = field(default_factory=list)
    size_bytes: int = 0


def read_corpus(path: Path, exclude: set[str], limit: int) -> Iterator[tuple[str, str]]:
    """(id, text) of the first `limit` articles of a JSON Lines corpus, leaving out the excluded ids."""
    taken = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if taken >= limit:
                return
            record = json.loads(line)
            if record.get("id") in exclude or not record.get("text"):
                continue
            taken += 1
            title = record.get("title")
            text = record["text"] if not title else f"{title}\n{record['text']}"
            yield record["id"], text


def silver_sentences(texts: Iterable[str], rng: random.Random) -> Iterator[Silver]:
    """Sentences of each text with the rules' agencies, persons and places as entities (view offsets)."""
    for text in texts:
        doc = Document(text)
        found = analyse(doc, use_model=False)
        spans = [(a.nstart, a.nend, "AGENCY") for a in found.agencies]
        spans += [(p.nstart, p.nend, "PERSON") for p in found.persons]
        spans += [(p.nstart, p.nend, "PLACE") for p in found.places]
        spans = _without_overlaps(spans + [(s, e, "ORGANISATION") for s, e in organisation_phrases(doc.norm)])
        for sent in doc.sentences:
            inside = [(s - sent.nstart, e - sent.nstart, "AGENCY" if label == "ORGANISATION" else label)
                      for s, e, label in spans if sent.nstart <= s and e <= sent.nend]
            if inside or rng.random() < EMPTY_SHARE:
                silver = Silver(doc.norm[sent.nstart : sent.nend], inside)
                yield silver
                if any(label == "AGENCY" for _, _, label in inside) and rng.random() < SWAP_SHARE:
                    swapped = _swap_head(silver, rng)
                    if swapped is not None:
                        yield swapped


def organisation_phrases(text: str) -> Iterator[tuple[int, int]]:
    """Organisation noun + capitalised name, to a verb or punctuation: the broader labelling function."""
    for head in organisation_head().finditer(text):
        if head.start() > 0 and text[head.start() - 1].isalnum():
            continue
        stop = _PHRASE_END.search(text, head.end())
        limit = min(stop.start() if stop else len(text), head.end() + 80)
        end = head.start() + agency_end(text[head.start() : limit].rstrip())
        written = text[head.start() : end]
        if end > head.start() and len(written.split()) <= 12 and agency_shaped(written):
            yield head.start(), end


def _swap_head(silver: Silver, rng: random.Random) -> Silver | None:
    """The sentence with one agency's head word replaced by another organisation noun, offsets moved."""
    agencies = [ent for ent in silver.entities if ent[2] == "AGENCY"]
    start, end, _ = rng.choice(agencies)
    head = organisation_head().match(silver.text, start)
    if head is None or head.end() > end:
        return None
    new_head = rng.choice(load("agencies")["model_heads"])
    shift = len(new_head) - (head.end() - start)
    text = silver.text[:start] + new_head + silver.text[head.end() :]
    entities = [(s, e + shift, label) if s == start else (s + shift, e + shift, label) if s > start else (s, e, label)
                for s, e, label in silver.entities]
    return Silver(text, entities)


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Agencies, then organisation phrases, persons and places; a span overlapping one kept before it is
    dropped."""
    # A place inside an organisation's name is part of it ("Quỹ Hỗ trợ nông dân tỉnh Bình Thuận").
    rank = {"AGENCY": 0, "ORGANISATION": 1, "PERSON": 2, "PLACE": 3}
    kept: list[tuple[int, int, str]] = []
    for s, e, label in sorted(spans, key=lambda x: (rank[x[2]], x[0])):
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, label))
    return sorted(kept)


def train(corpus: Path, out: Path, documents: int = 2500, epochs: int = 6, exclude: set[str] | None = None,
          seed: int = SEED, log=print) -> TrainingReport:
    """Build the entity model from the first `documents` articles of `corpus` and save it to `out`."""
    import spacy
    from spacy.training import Example
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    rng = random.Random(seed)
    report = TrainingReport()
    started = time.perf_counter()
    nlp = spacy.blank("xx")
    ner = nlp.add_pipe("ner")
    for label in ("AGENCY", "PERSON", "PLACE"):
        ner.add_label(label)

    examples = []
    texts = [text for _, text in read_corpus(corpus, exclude or set(), documents)]
    report.documents = len(texts)
    for silver in silver_sentences(texts, rng):
        made = nlp.make_doc(silver.text)
        ents = [made.char_span(s, e, label=label, alignment_mode="strict") for s, e, label in silver.entities]
        if any(span is None for span in ents):
            continue  # a rule span that cuts a token
        examples.append(Example.from_dict(made, {"entities": [(s, e, label) for s, e, label in silver.entities]}))
        for _, _, label in silver.entities:
            report.entities[label] = report.entities.get(label, 0) + 1
    report.sentences = len(examples)
    log(f"{report.documents} articles, {report.sentences} sentences, entities {report.entities}")

    optimizer = nlp.initialize(lambda: examples[:2000])
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=compounding(8.0, 64.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        report.losses.append(round(float(losses.get("ner", 0.0)), 1))
        log(f"epoch {epoch + 1}/{epochs}: loss {report.losses[-1]}")
    report.epochs = epochs

    out.mkdir(parents=True, exist_ok=True)
    nlp.meta.update({"name": "vngov_entities", "version": "1.0.0",
                     "description": "AGENCY, PERSON, PLACE in Vietnamese public-sector news; silver labels from "
                                    "the vngov rules (extractor/training/train.py)"})
    nlp.to_disk(out)
    report.seconds = round(time.perf_counter() - started, 1)
    report.size_bytes = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    (out / "training.json").write_text(json.dumps(report.__dict__, indent=1, ensure_ascii=False) + "\n")
    return report
