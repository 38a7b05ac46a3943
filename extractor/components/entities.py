"""The trained entity model: agencies, persons and places that no rule or gazetteer knows.

A spaCy named-entity recogniser (labels AGENCY, PERSON, PLACE) over syllable tokens, trained by
`vngov train` on silver labels that the rules give on news articles (see extractor/training/train.py). Its weights
ship inside the package under extractor/models/entities and load offline. Rules win: a model span is kept
only where no rule item overlaps it and it passes the checks a rule item would (a name's shape, a head
word, not a collective phrase); each kept item says `source="model"`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.components.items import AgencyItem, PersonItem, PlaceItem
from extractor.lexicon.agencies import (
    agency_end,
    agency_level,
    agency_shaped,
    canonical_name,
    organisation_head,
    province_of,
)
from extractor.lexicon.patterns import LOWER, UPPER, alternation
from extractor.lexicon.persons import person_shaped, surnames
from extractor.lexicon.places import Province, place_of_name
from extractor.text.document import Document
from extractor.text.spans import SpanSet

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_DIR = Path(__file__).parents[1] / "models" / "entities"
LABELS = ("AGENCY", "PERSON", "PLACE")
CHUNK = 5_000  # characters per text handed to the model: a sentence, an overlong one cut



@cache
def load_model(path: str | None = None) -> Language | None:
    """The shipped model (or one at `path`); None when no model has been built."""
    where = Path(path) if path else MODEL_DIR
    if not (where / "meta.json").exists():
        return None
    import spacy

    return spacy.load(where)


def passages(doc: Document) -> Iterator[tuple[int, int]]:
    """View spans the model reads: the sentences (cut at CHUNK characters) that hold a word a kept item
    could open with, an organisation noun or a surname before a capitalised word. The model was trained
    on sentences; the others could only give places, which the rules find by their kind words."""
    trigger = _trigger_re()
    for sent in doc.sentences:
        for start in range(sent.nstart, sent.nend, CHUNK):
            end = min(start + CHUNK, sent.nend)
            if trigger.search(doc.norm, start, end):
                yield start, end


@cache
def _trigger_re() -> re.Pattern[str]:
    surname = alternation(sorted(surnames()))
    return re.compile(rf"(?<![\w])(?:{organisation_head().pattern}|(?:{surname})[ \u00a0][{UPPER}])")


def predict(doc: Document, nlp: Language) -> list[tuple[int, int, str]]:
    """(view start, end, label) of every entity the model finds in the passages it reads."""
    spans = list(passages(doc))
    found = []
    for (start, _), parsed in zip(spans, nlp.pipe(doc.norm[s:e] for s, e in spans), strict=True):
        found.extend((start + ent.start_char, start + ent.end_char, ent.label_) for ent in parsed.ents)
    return found


Entities = tuple[list[AgencyItem], list[PersonItem], list[PlaceItem]]


def add_model_entities(doc: Document, cited: SpanSet, provinces: list[Province], agencies: list[AgencyItem],
                       persons: list[PersonItem], places: list[PlaceItem], nlp: Language | None = None) -> Entities:
    """The rules' agencies, persons and places plus the model's entities that no rule found, as new lists
    in text order; the lists handed in are left as they are."""
    agencies, persons, places = list(agencies), list(persons), list(places)
    nlp = nlp or load_model()
    if nlp is None:
        return agencies, persons, places
    # A place may sit inside an agency's name ("Quỹ Hỗ trợ nông dân tỉnh Bình Thuận"), as with the rules'.
    named = SpanSet([(a.nstart, a.nend) for a in agencies] + [(p.nstart, p.nend) for p in persons])
    taken = SpanSet([(a.nstart, a.nend) for a in agencies] + [(p.nstart, p.nend) for p in persons]
                    + [(p.nstart, p.nend) for p in places])
    home = provinces[0].name if provinces else None
    for start, end, label in predict(doc, nlp):
        start, end = _trim(doc.norm, start, end)
        if label == "AGENCY":  # cut before a verb first: "Hiệp hội … Việt Nam | kiến nghị Chính phủ"
            end = start + agency_end(doc.norm[start:end])
        if end <= start or (named if label == "AGENCY" else taken).overlaps(start, end) \
                or cited.overlaps(start, end):
            continue
        written = doc.norm[start:end]
        item: AgencyItem | PersonItem | PlaceItem | None = None
        if label == "AGENCY":
            if agency_shaped(written):
                level = agency_level(written)
                canonical = canonical_name(written)
                item = AgencyItem(start, end, canonical, level, province=province_of(canonical, level, home),
                                  source="model")
                agencies.append(item)
        elif _cut_from_longer_name(doc.norm, start, end, looking_back=label == "PLACE"):
            continue
        elif label == "PERSON" and person_shaped(written):
            item = PersonItem(start, end, written, None, "other", source="model")
            persons.append(item)
        elif label == "PLACE":
            place = place_of_name(written, [p.id for p in provinces])
            if place is not None:
                item = PlaceItem(start, end, *place, source="model")
                places.append(item)
        if item is not None:
            taken.add(start, end)
            named.add(start, end)
    for found in (agencies, persons, places):
        found.sort(key=lambda x: x.nstart)
    return agencies, persons, places


_CAPITALISED_BEFORE = re.compile(rf"(?:^|[^\s.!?:;…\n])\s*[{UPPER}][{LOWER}]\w*[ \u00a0]$")
_CAPITALISED_AFTER = re.compile(rf"[ \u00a0][{UPPER}]")


def _cut_from_longer_name(text: str, start: int, end: int, looking_back: bool) -> bool:
    """The span is part of a longer capitalised name: a capitalised word right after it, or (`looking_back`,
    for places: "Nguyễn Thị |Thanh Bình|") one right before it that does not open its sentence. A person
    may follow a capitalised place ("Chủ tịch UBND tỉnh Nghệ An Nguyễn Đức Trung"), so persons look ahead only."""
    if _CAPITALISED_AFTER.match(text, end):
        return True
    before = text[max(0, start - 40) : start]
    return looking_back and bool(_CAPITALISED_BEFORE.search(before)) \
        and not re.search(r"(?:^|[.!?:;…\n]\s*)\S+\s$", before)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] != ")":
        end -= 1
    return start, end












