"""Metrics and their attribution on real sentence shapes, one case a line in tests/cases/metrics.tsv."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.evaluation.score import contains_either

from .conftest import read_cases

NUMERIC = {"year", "compared_to"}


def _expected(column: str) -> list[tuple[float, str, dict[str, str]]]:
    if column.strip() == "-":
        return []
    out = []
    for entry in column.split(" ;; "):
        value, unit, *fields = (part.strip() for part in entry.split("|"))
        out.append((float(value), unit, dict(field.split("=", 1) for field in fields)))
    return out


@pytest.mark.parametrize(("text", "expected"), read_cases("metrics.tsv"))
def test_metrics(text: str, expected: str) -> None:
    metrics = extract(text).metrics
    want = _expected(expected)
    assert [(m.value, m.unit) for m in metrics] == [(pytest.approx(v), u) for v, u, _ in want]
    for metric, (_, _, fields) in zip(metrics, want, strict=True):
        for key, value in fields.items():
            got = getattr(metric, key)
            if key in NUMERIC or key == "total":
                assert got == float(value), (metric.text, key)
            elif key == "direction":
                assert got == value, (metric.text, key)
            else:
                assert contains_either(got, value), (metric.text, key, got)


def test_every_metric_is_grounded() -> None:
    text = "Năm 2021, Chỉ số DTI tỉnh Ninh Thuận đạt 0,3048, tăng 44,6%, xếp thứ 53/63, tăng 10 bậc."
    for metric in extract(text).metrics:
        assert text[metric.span[0] : metric.span[1]] == metric.text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tỉnh xếp thứ 70/63 tỉnh, thành phố.", "rank_above_total"),
        ("Chỉ số DTI của tỉnh đạt 1,3048.", "outside_scale"),
        ("Có 120% hộ dân được cấp giấy chứng nhận.", "percent_above_100"),
    ],
)
def test_impossible_values_are_flagged_not_dropped(text: str, code: str) -> None:
    result = extract(text)
    assert result.metrics, "the value is kept"
    assert code in [w.code for w in result.warnings]
    (warning,) = [w for w in result.warnings if w.code == code]
    assert warning.span is not None and text[warning.span[0] : warning.span[1]] in text
