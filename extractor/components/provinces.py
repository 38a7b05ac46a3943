"""The provinces a document names and the ones it is about (data/provinces.yaml, date-aware)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from extractor.lexicon.patterns import fold
from extractor.lexicon.places import ProvinceMention, province_forms, province_mentions_in
from extractor.text.document import Document


def find_province_mentions(doc: Document) -> list[ProvinceMention]:
    """(nstart, nend, province id, written with its type word) for every province named."""
    return province_mentions_in(doc.norm)


_HOST = re.compile(r"(?<![\w.-])(?:https?://)?(?:www\.)?([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,4}\.(?:vn|com|net|org))(?![\w])")


@cache
def _domain_keys() -> dict[str, str]:
    return {fold(name).replace(" ", ""): pid for name, pid in province_forms().items() if len(name) > 4}


def province_evidence(doc: Document, mentions: list[ProvinceMention]) -> tuple[Counter[str], set[str]]:
    """How often each province is named, and which are written with their type word ("tỉnh Ninh Thuận")
    or carried by a web address in the text ("baoquangtri.vn"), which counts twice."""
    counts: Counter[str] = Counter()
    typed: set[str] = set()
    for _, _, pid, with_kind in mentions:
        counts[pid] += 1
        if with_kind:
            typed.add(pid)
    for url in _HOST.findall(doc.norm):
        host = url.replace("-", "").replace(".", "")
        for key, pid in _domain_keys().items():
            if key in host:
                counts[pid] += 2
                typed.add(pid)
    return counts, typed


def main_province(counts: Counter[str]) -> str | None:
    """The one province a text is about, when it dominates: named at least twice and more than all others."""
    if not counts:
        return None
    pid, n = counts.most_common(1)[0]
    return pid if n >= 2 and n * 2 > sum(counts.values()) else None


def document_provinces(counts: Counter[str], typed: set[str]) -> list[str]:
    """Ids of the provinces the document is about, most named first: typed ones, and those named twice."""
    return [pid for pid, n in counts.most_common() if pid in typed or n >= 2]
