"""Composite indices (data/indices.yaml): DTI, PCI, PAPI, PAR INDEX, SIPAS … with their aliases, scales and parts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor.lexicon.patterns import alternation, load


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
    alias_re = re.compile(rf"(?<![\w])(?:{alternation(list(by_alias))})(?![\w])", re.IGNORECASE)
    part_re = re.compile(rf"(?<![\w])(?:{alternation(parts)})(?![\w])", re.IGNORECASE)
    return by_alias, alias_re, part_re
