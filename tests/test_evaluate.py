"""The matching rules of the spec, one case a line."""

from __future__ import annotations

import pytest

from extractor.evaluation.score import Report, legal_key, same_agency, score_document


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Số 922/QĐ-BTTTT", "922/qđ-btttt", True),
        ("922/QĐ-BTTTT", "922/QD-BTTTT", True),
        ("09-NQ/TU", "09–NQ/TU", True),
        ("09-NQ/TU", "09/NQ-TU", False),
    ],
)
def test_legal_key(a: str, b: str, same: bool) -> None:
    assert (legal_key(a) == legal_key(b)) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Nghệ An", True),
        ("Ủy ban nhân dân", "Ủy ban nhân dân tỉnh", True),
        ("Sở Tài chính", "sở tài chính", True),
        ("Sở Tài chính", "Sở Tư pháp", False),
        ("Ban Chỉ đạo xã hội số", "Ban Chỉ đạo", False),
    ],
)
def test_same_agency(a: str, b: str, same: bool) -> None:
    assert same_agency(a, b) is same


def test_tasks_match_on_half_the_shorter_span() -> None:
    text = "Giao Sở Tài chính tham mưu bổ sung kinh phí. Sở Nội vụ rà soát vị trí việc làm."
    gold = {"tasks": [{"text": "Sở Tài chính tham mưu bổ sung kinh phí.", "lead": ["Sở Tài chính"], "deadline": None}]}
    out = {"tasks": [{"span": [0, 30], "text": text[0:30], "lead": ["Sở Tài chính"], "deadline": None},
                     {"span": [45, 60], "text": text[45:60], "lead": [], "deadline": None}]}
    report = Report()
    score_document(text, gold, out, report)
    assert (report.count("tasks").tp, report.count("tasks").pred) == (1, 2)
    assert report.count("tasks.lead").prf()[2] == 1.0
    assert report.ratio("tasks.deadline").value() == 1.0


def test_dates_are_a_multiset() -> None:
    text = "năm 2020 và năm 2020"
    gold = {"dates": [{"text": "năm 2020", "value": "2020"}, {"text": "năm 2020", "value": "2020"}]}
    out = {"dates": [{"span": [0, 8], "text": "năm 2020", "value": "2020"}]}
    report = Report()
    score_document(text, gold, out, report)
    assert report.count("dates").prf() == (1.0, 0.5, pytest.approx(2 / 3))
