"""The four seed documents end to end against their gold, and the grounding invariant everywhere."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from extractor import extract
from extractor.evaluation.score import Report, score_document

from .conftest import SAMPLES, SEEDS, SHARED

SEED_TEXTS = sorted(SEEDS.glob("*.txt"))
KINDS = ("legal_refs", "dates", "metrics", "agencies", "persons", "places", "tasks")


def _score(paths: list[Path]) -> Report:
    report = Report()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
        out = json.loads(extract(text, source=str(path)).model_dump_json())
        score_document(text, gold, out, report)
    return report


def test_seeds_meet_the_quality_bar() -> None:
    report = _score(SEED_TEXTS)
    assert report.count("legal_refs").prf()[2] >= 0.95
    assert report.count("dates").prf()[2] >= 0.92
    assert report.ratio("legal_refs.doc_type").value() >= 0.95
    assert report.ratio("legal_refs.issue_date").value() >= 0.95
    assert report.grounded.value() == 1.0


def test_shared_dev_set_meets_the_quality_bar() -> None:
    gold_dir = SHARED / "gold" / "dev"
    if not gold_dir.exists():
        pytest.skip("../shared/gold/dev is absent")
    report = _score(sorted(gold_dir.glob("*.txt")))
    assert report.count("legal_refs").prf()[2] >= 0.95
    assert report.count("dates").prf()[2] >= 0.92
    assert report.grounded.value() == 1.0


def _variants(text: str) -> dict[str, str]:
    return {
        "as is": text,
        "crlf": text.replace("\n", "\r\n"),
        "bom": "\ufeff" + text,
        "nfd": unicodedata.normalize("NFD", text),
        "zero-width": text.replace(" ", " \u200b", 50),
        "entities": text.replace("&", "&amp;"),
    }


def _all_texts() -> list[Path]:
    return SEED_TEXTS + sorted(SAMPLES.glob("*.txt"))


@pytest.mark.parametrize("path", _all_texts(), ids=lambda p: p.name)
def test_every_item_is_grounded_in_every_variant(path: Path) -> None:
    base = extract(path.read_text(encoding="utf-8"))
    for name, text in _variants(path.read_text(encoding="utf-8")).items():
        result = extract(text)
        for kind in KINDS:
            for item in getattr(result, kind):
                assert text[item.span[0] : item.span[1]] == item.text, (name, kind, item.text)
                if item.sentence:
                    assert item.sentence[0] <= item.span[0] and item.span[1] <= item.sentence[1]
        # Encoding noise changes no value.
        assert [r.canonical for r in result.legal_refs] == [r.canonical for r in base.legal_refs], name
        assert [d.value for d in result.dates] == [d.value for d in base.dates], name
