"""Tasks on each list shape and on prose directives, one case a line in tests/cases/tasks.tsv."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.evaluation.score import same_agency

from .conftest import read_cases


def _expected(column: str) -> list[tuple[str, list[str], str | None]]:
    if column.strip() == "-":
        return []
    out = []
    for entry in column.split(" ;; "):
        opening, lead, deadline = (part.strip() for part in entry.split("|"))
        out.append((opening, [a.strip() for a in lead.split(",") if a.strip()], deadline or None))
    return out


@pytest.mark.parametrize(("text", "expected"), read_cases("tasks.tsv"))
def test_tasks(text: str, expected: str) -> None:
    text = text.replace("\\n", "\n")
    tasks = extract(text).tasks
    want = _expected(expected)
    assert len(tasks) == len(want), [t.text for t in tasks]
    for task, (opening, lead, deadline) in zip(tasks, want, strict=True):
        assert task.text.startswith(opening), (task.text, opening)
        assert len(task.lead) == len(lead) and all(same_agency(a, b) for a, b in zip(task.lead, lead, strict=True))
        assert task.deadline == deadline, task.text


def test_task_roles_action_and_assigner() -> None:
    text = "Chủ tịch UBND tỉnh yêu cầu Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tham mưu bố trí kinh phí."
    (task,) = extract(text).tasks
    assert task.lead == ["Sở Tài chính"]
    assert task.coordinating == ["Sở Nội vụ"]
    assert task.assigner == "Chủ tịch UBND tỉnh"
    assert task.action == "chủ trì"
    assert text[task.span[0] : task.span[1]] == task.text


def test_collective_assignee_is_kept_as_written() -> None:
    (task,) = extract("Chủ tịch UBND tỉnh đề nghị các sở, ban, ngành, địa phương tập trung triển khai.").tasks
    assert task.lead == [] and task.assignee_text == "các sở, ban, ngành, địa phương"
