"""Persons (spec §5): named people with the position written before them, and the credited writers.

A name is two to four capitalised syllables ("Trần Quốc Nam") that a position opens ("Chủ tịch UBND
tỉnh Trần Quốc Nam") or that a credit line introduces ("Tác giả: Quang Hợp", "Ảnh: Văn Nỷ"); a closing
signature line counts as the author. Initials ("Ảnh: T.T", "P.V") name no one.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.components.items import PersonItem
from extractor.lexicon.agencies import known_agency_re
from extractor.lexicon.patterns import alternation, bounded, load
from extractor.lexicon.persons import NAME, SYLLABLE, surnames
from extractor.lexicon.places import ProvinceMention
from extractor.text.document import Document
from extractor.text.spans import SpanSet


@cache
def _data() -> dict:
    return load("persons")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    credits = _data()["credits"]
    opening = r"(?:^|(?<=[.\n(]\s)|(?<=[\n(]))"  # a credit opens a line, a caption's end or a bracket
    return {
        role: re.compile(rf"{opening}(?:{alternation(credits[role])})\s*:\s*(?P<name>{NAME})(?![\w.])", re.MULTILINE)
        for role in ("author", "photographer")
    } | {
        "name": re.compile(bounded(rf"(?P<name>{SYLLABLE}(?:[ ]{SYLLABLE})+)")),
        # News writes positions in lower case as often as not: "phó thủ tướng", "quyền bộ trưởng".
        "position": re.compile(bounded(alternation(_data()['positions'])), re.IGNORECASE),
    }




def _name_in_run(run: str) -> tuple[int, int] | None:
    """(offset, length) of the name that ends a run of capitalised syllables: the leftmost surname that
    leaves two to four syllables ("Sở GD-ĐT Thái Nguyên Lê Duy Vị" → "Lê Duy Vị")."""
    words = run.split(" ")
    if len(words) > 12:
        return None
    for i in range(max(0, len(words) - 4), len(words) - 1):
        if words[i] in surnames():
            offset = sum(len(w) + 1 for w in words[:i])
            return offset, len(run) - offset
    return None


def find_persons(doc: Document, province_mentions: list[ProvinceMention],
                 author_line: tuple[int, int] | None = None,
                 signer: tuple[tuple[int, int], str | None] | None = None) -> list[PersonItem]:
    """Named persons with their positions; `signer` is a formal text's signature (name span, title)."""
    text = doc.norm
    pats = _patterns()
    found: list[PersonItem] = []
    seen_spans: set[tuple[int, int]] = set()
    places = SpanSet((s, e) for s, e, _, _ in province_mentions)

    def add(start: int, end: int, position: str | None, role: str) -> None:
        if (start, end) in seen_spans:
            return
        seen_spans.add((start, end))
        found.append(PersonItem(start, end, text[start:end], position, role))

    for role in ("author", "photographer"):
        for m in pats[role].finditer(text):
            add(m.start("name"), m.end("name"), None, role)
    if author_line is not None:
        start, end = author_line
        add(start, end, None, "author")
    if signer is not None:
        (start, end), title = signer
        add(start, end, title, "official")
        places = SpanSet([*((s, e) for s, e, _, _ in province_mentions), (start, end)])
    for m in pats["name"].finditer(text):
        found_name = _name_in_run(m.group("name"))
        if found_name is None:
            continue
        start = m.start("name") + found_name[0]
        end = start + found_name[1]
        if places.overlaps(start, end):
            continue  # "tỉnh Hà Nam" is a place
        sent = doc.sentence_at(start)
        left_start = max(sent.nstart if sent else 0, start - 70)
        position = None
        for p in pats["position"].finditer(text, left_start, start):
            position = p
        if position is None:
            continue
        between = known_agency_re().sub("", text[position.end() : start])  # its "và" joins no one
        if re.search(r"[.;:]|\s(?:và|của|với|cho|tại|về)\s", between):
            continue  # the position belongs to someone or something else
        add(start, end, text[position.start() : start].strip(" ,-"), "official")
    return sorted(found, key=lambda p: p.nstart)
