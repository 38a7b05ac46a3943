"""The trained entity model: shipped inside the package, loaded offline, adding what the rules miss."""

from __future__ import annotations

import json
import socket
from importlib import resources
from pathlib import Path

import pytest

from extractor import extract
from extractor.components.entities import MODEL_DIR, add_model_entities, load_model, passages, predict
from extractor.pipeline import analyse
from extractor.text.document import Document
from extractor.text.spans import SpanSet
from extractor.training.train import train

from .conftest import SEEDS

# Bodies that no gazetteer, abbreviation table or head word of the rules knows: "Hợp tác xã" and "Quỹ" open
# no rule, and neither name is in any list of the project.
UNKNOWN_AGENCIES = [
    ("Hợp tác xã Nông nghiệp Tân Hưng đã ký hợp đồng bao tiêu lúa với nông dân.", "Hợp tác xã Nông nghiệp Tân Hưng"),
    ("Theo Quỹ Hỗ trợ nông dân tỉnh Bình Thuận, năm nay quỹ đã giải ngân 20 tỷ đồng.",
     "Quỹ Hỗ trợ nông dân tỉnh Bình Thuận"),
]


def test_the_model_ships_inside_the_package_and_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = resources.files("extractor").joinpath("models", "entities", "meta.json")
    assert shipped.is_file()
    assert json.loads(shipped.read_text(encoding="utf-8"))["labels"]["ner"] == ["AGENCY", "PERSON", "PLACE"]

    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network access during model loading")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    load_model.cache_clear()
    nlp = load_model()
    assert nlp is not None and Path(MODEL_DIR).is_relative_to(Path(resources.files("extractor")))  # type: ignore[arg-type]
    assert predict(Document("Sở Tài chính tỉnh Ninh Thuận làm việc với ông Trần Quốc Nam."), nlp)


@pytest.mark.parametrize(("text", "body"), UNKNOWN_AGENCIES)
def test_the_rules_miss_an_unknown_body_and_the_model_finds_it(text: str, body: str) -> None:
    assert extract(text, use_model=False).agencies == []
    found = extract(text).agencies
    assert [(a.text, a.canonical, a.source) for a in found] == [(body, body, "model")]


def test_rules_win_where_they_match() -> None:
    text = "Sở Thông tin và Truyền thông tỉnh Nghệ An phối hợp với UBND huyện Nghi Lộc triển khai."
    with_model, rules = extract(text), extract(text, use_model=False)
    assert [(a.canonical, a.source) for a in with_model.agencies] == [(a.canonical, "rule") for a in rules.agencies]


def test_model_items_are_grounded_in_the_original_text() -> None:
    text = "Ngày 5/3, Tổ Công nghệ số cộng đồng xã Tân Thành\u00a0phối hợp với anh Lê Văn Tám tuyên truyền."
    for item in [*extract(text).agencies, *extract(text).persons, *extract(text).places]:
        assert text[item.span[0] : item.span[1]] == item.text


def test_the_model_reads_bounded_sentences_that_could_hold_an_item() -> None:
    doc = Document("Sở Tài chính họp. Trời mưa to. " + "Hợp tác xã " * 1000 + "Tân Hưng họp.")
    spans = [doc.norm[s:e] for s, e in passages(doc)]
    assert spans[0] == "Sở Tài chính họp." and "Trời mưa to." not in spans
    assert len(spans) == 4 and all(len(s) <= 5000 for s in spans) and spans[-1].endswith("Tân Hưng họp.")


def test_training_builds_a_model_that_the_pipeline_uses(tmp_path: Path) -> None:
    corpus = tmp_path / "seeds.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for path in sorted(SEEDS.glob("*.txt")):
            fh.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
    report = train(corpus, tmp_path / "model", documents=4, epochs=1, log=lambda line: None)
    assert report.documents == 4 and report.sentences > 0 and report.entities["AGENCY"] > 0
    assert (tmp_path / "model" / "meta.json").exists() and report.size_bytes < 30_000_000

    nlp = load_model(str(tmp_path / "model"))
    doc = Document(next(SEEDS.glob("*.txt")).read_text(encoding="utf-8"))
    found = analyse(doc, use_model=False)
    agencies, *_ = add_model_entities(doc, SpanSet(), found.provinces, found.agencies, found.persons,
                                      found.places, nlp=nlp)
    assert {a.source for a in agencies} <= {"rule", "model"} and len(agencies) >= len(found.agencies)
