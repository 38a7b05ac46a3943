"""Roles that a date takes from what it is linked to: the issue date of a citation, the header's lines."""

from __future__ import annotations

from extractor.components.items import DateItem, RefMention
from extractor.text.spans import SpanSet


def mark_issue_dates(refs: list[RefMention], dates: list[DateItem]) -> None:
    """A date that a citation took as its issue date is an issue date ("Quyết định số 1/QĐ-UBND ngày 2/3/2020")."""
    spans = SpanSet(r.issue_date_span for r in refs if r.issue_date_span)
    for d in dates:
        if spans.overlaps(d.nstart, d.nend):
            d.role = "issued"


def mark_line(line: tuple[int, int] | None, dates: list[DateItem], role: str) -> None:
    """Every date on a header line (the published line, the dateline) takes that line's role."""
    if line is None:
        return
    for d in dates:
        if line[0] <= d.nstart < line[1]:
            d.role = role
