"""Composite indices (data/indices.yaml): DTI, PCI, PAPI, PAR INDEX, SIPAS … with their aliases, scales and parts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor.lexicon.patterns import alternation, bounded, fold, load


@dataclass(frozen=True)
class Index:
    name: str
    scale: tuple[float, float]
    value_unit: str
    parts: tuple[str, ...]


@cache
def indices() -> tuple[dict[str, Index], re.Pattern[str], re.Pattern[str]]:
    """Index by folded alias, a pattern of every alias, and a pattern of every part (pillar) name."""
    by_alias: dict[str, Index] = {}
    parts: list[str] = []
    for row in load("indices")["indices"]:
        index = Index(row["name"], tuple(row["scale"]), row["value_unit"], tuple(row.get("parts") or ()))
        for alias in row["aliases"]:
            by_alias[" ".join(alias.lower().split())] = index
        parts += index.parts
    alias_re = re.compile(bounded(alternation(list(by_alias))), re.IGNORECASE)
    part_re = re.compile(bounded(alternation(parts)), re.IGNORECASE)
    return by_alias, alias_re, part_re


def index_name(indicator: str | None) -> str | None:
    """An index's canonical name from any of its aliases ("chuyển đổi số" → DTI); otherwise the folded text."""
    if indicator is None:
        return None
    by_alias, _, _ = indices()
    words = " ".join(indicator.lower().split())
    for alias in (words, f"chỉ số {words}"):
        if alias in by_alias:
            return by_alias[alias].name
    return fold(words)
