"""The pipeline's components: declared layers met in order, no step changing what it was handed, and the one
mapping of items onto the contract."""

from __future__ import annotations

import copy
import dataclasses
import inspect
from pathlib import Path

import pytest

from extractor import extract
from extractor.pipeline import analyse
from extractor.pipeline.contract import DEFAULTED, FIELDS, GROUNDING
from extractor.pipeline.registry import COMPONENTS, INPUTS, LAYERS, Component, PipelineError, run
from extractor.text.document import Document

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
TEXTS = sorted(SEEDS.glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))


def test_every_requirement_is_met_by_an_earlier_component() -> None:
    available = set(INPUTS)
    for component in COMPONENTS:
        missing = set(component.requires) - available
        assert not missing, f"{component.name} requires {sorted(missing)} before any component assigns it"
        available |= set(component.assigns)
    assert available == set(LAYERS), "a declared layer that no component assigns, or the other way round"


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.name)
def test_a_component_declares_what_its_function_reads(component: Component) -> None:
    params = list(inspect.signature(component.run).parameters)
    assert params[0] == "doc" and params[1:] == list(component.requires)
    assert set(component.requires) | set(component.assigns) <= set(LAYERS)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_no_step_changes_a_layer_it_was_handed(path: Path) -> None:
    """Each step is run on a copy of the layers, then compared with a copy taken before it ran."""
    doc = Document(path.read_text(encoding="utf-8"), path.name)
    layers: dict = {"published": None, "use_model": True}
    for component in COMPONENTS:
        handed = {name: layers[name] for name in component.requires}
        before = copy.deepcopy(handed)
        out = component.run(doc, **handed)
        for name in component.requires:
            assert handed[name] == before[name], f"{component.name} changed the layer {name} it was handed"
        for name in set(component.assigns) & set(component.requires):
            if isinstance(out[name], list) and out[name]:
                assert out[name] is not handed[name], f"{component.name} handed {name} on as the same list"
        layers.update(out)


def test_a_component_that_assigns_other_layers_than_declared_fails_loudly() -> None:
    rogue = Component("rogue", (), ("tasks",), lambda doc: {"metrics": []})
    with pytest.raises(PipelineError, match="rogue"):
        run(Document("Văn bản."), {"published": None, "use_model": False}, (rogue,))


def test_analysis_is_what_the_components_leave() -> None:
    text = (SEEDS / "000_a07c08e6ef04dd97.txt").read_text(encoding="utf-8")
    doc = Document(text)
    layers = run(doc, {"published": None, "use_model": False})
    found = analyse(Document(text), use_model=False)
    assert [r.canonical for r in found.refs] == [r.canonical for r in layers["refs"]]
    assert found.refs and found.dates and found.agencies


@pytest.mark.parametrize("model", list(FIELDS), ids=lambda m: m.__name__)
def test_every_contract_field_is_filled_from_a_named_item_field(model: type) -> None:
    item_type, fields = FIELDS[model]
    contract = set(model.model_fields)
    covered = set(GROUNDING) | set(fields) | set(DEFAULTED.get(model, ()))
    assert contract == covered, f"unmapped {sorted(contract - covered)}, unknown {sorted(covered - contract)}"
    item_fields = {f.name for f in dataclasses.fields(item_type)} | {
        name for name, value in vars(item_type).items() if isinstance(value, property)}
    assert set(fields.values()) <= item_fields, f"no such item field: {sorted(set(fields.values()) - item_fields)}"
    assert not set(DEFAULTED.get(model, ())) & item_fields, "an item field that the mapping leaves to a default"


def test_the_mapping_carries_each_field_to_the_output() -> None:
    result = extract("Căn cứ Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 của Bộ Thông tin và Truyền thông, "
                     "Sở Thông tin và Truyền thông chủ trì triển khai trước ngày 30/6/2023.")
    ref = result.legal_refs[0]
    assert (ref.canonical, ref.issue_date, ref.doc_type, ref.system) == (
        "922/QĐ-BTTTT", "2012-05-20", "Quyết định", "administrative")
    assert ref.text.startswith("Quyết định số 922/QĐ-BTTTT")
    assert any(d.value == "2023-06-30" and d.role == "deadline" for d in result.dates)
    assert any(a.canonical == "Sở Thông tin và Truyền thông" and a.source == "rule" for a in result.agencies)
