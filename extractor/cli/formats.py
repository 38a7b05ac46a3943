"""Rows out: an aligned text table for people, JSON, JSON Lines and CSV for programs."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any, TextIO

from tabulate import tabulate  # a dependency of sqlite-utils already; declared in pyproject.toml

FORMATS = ("table", "json", "jsonl", "csv")
CELL_WIDTH = 60  # a sentence would make every row as wide as the terminal several times over


def _cell(value: Any) -> Any:
    """A value as CSV and tables show it: lists and objects as JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _short(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # 53596000000, not 5.3596e+10; a rank of 53, not 53.0
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(value)  # a task's lead agencies
    value = _cell(value)
    if isinstance(value, str):
        value = " ".join(value.split())
        if len(value) > CELL_WIDTH:
            return value[: CELL_WIDTH - 1] + "…"
    return value


def _peek(rows: Iterable[dict]) -> tuple[dict | None, Iterator[dict]]:
    it = iter(rows)
    first = next(it, None)
    return first, (it if first is None else chain([first], it))


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO, columns: Iterable[str] | None = None) -> int:
    """Write rows in fmt to out; returns how many. columns picks a table's columns (JSON and CSV keep all)
    and heads a CSV that has no rows.

    JSON Lines and CSV stream; a JSON array and a table are built whole.
    """
    first, rows = _peek(rows)
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "json":
        items = list(rows)
        count = len(items)
        out.write(json.dumps(items, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        if first is None and not columns:
            return 0
        writer = csv.DictWriter(out, fieldnames=list(first or columns or ()), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
            count += 1
    elif fmt == "table":
        if first is None:
            return 0
        shown = [c for c in (columns or first) if c in first] or list(first)
        items = [[_short(row.get(c)) for c in shown] for row in rows]
        count = len(items)
        out.write(tabulate(items, headers=shown) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return count
