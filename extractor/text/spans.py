"""A set of character spans with logarithmic overlap tests, so that no extractor turns quadratic."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanSet:
    """Spans kept as disjoint unions: `overlaps(a, b)` is true when [a, b) meets any span added."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self._ends[i] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        # Merge with the neighbours it touches, so the stored spans stay disjoint and sorted.
        if i > 0 and self._ends[i - 1] >= start:
            i -= 1
            start = self._starts[i]
            end = max(end, self._ends[i])
            del self._starts[i], self._ends[i]
        while i < len(self._starts) and self._starts[i] <= end:
            end = max(end, self._ends[i])
            del self._starts[i], self._ends[i]
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def __len__(self) -> int:
        return len(self._starts)


class ByStart(Generic[T]):
    """Items sorted by their start offset, looked up by a window in logarithmic time."""

    def __init__(self, items: Iterable[T], start: Callable[[T], int]) -> None:
        self._items = sorted(items, key=start)
        self._starts = [start(item) for item in self._items]

    def within(self, start: int, end: int) -> list[T]:
        """The items that start in [start, end)."""
        return self._items[bisect.bisect_left(self._starts, start) : bisect.bisect_left(self._starts, end)]
