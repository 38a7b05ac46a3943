"""Places (spec §4): every province, district, town and commune a text names, with the province holding it."""

from __future__ import annotations

from extractor.components.items import PlaceItem
from extractor.lexicon.places import (
    LOCAL_KINDS,
    Province,
    ProvinceMention,
    holding_province,
    known_prefix,
    local_place_re,
    place_kind,
    province_today,
    registry,
)
from extractor.text.document import Document
from extractor.text.spans import SpanSet


def find_places(doc: Document, mentions: list[ProvinceMention], home: list[Province]) -> list[PlaceItem]:
    """Every province, district, town and commune the text names, with the province holding it then and now.

    A district or commune name the unit database knows in one province, or in one of the document's own
    provinces, takes that province; a name written after its type word but unknown to the database is kept
    without a province.
    """
    places: list[PlaceItem] = []
    for start, end, pid, _ in mentions:
        unit = registry()[pid]
        places.append(PlaceItem(start, end, unit.name, "city" if unit.type == "thanh_pho" else "province", "province",
                                unit.name, province_today(pid).name))
    covered = SpanSet((p.nstart, p.nend) for p in places)
    home_ids = [p.id for p in home]
    for m in local_place_re().finditer(doc.norm):
        if covered.overlaps(m.start(), m.end()):
            continue  # "thành phố Hà Nội" is a province-level city, found above
        kind = place_kind(m.group("kind"))
        place_type, level = LOCAL_KINDS[kind]
        written = m.group("name")
        if written.isdigit():
            written = f"{kind.capitalize()} {written}"  # "quận 1" is named "Quận 1"
        name, pids = known_prefix(written, kind, level)
        if name is None and (level == "district" or len(written.split()) > 3):
            continue  # every district is in the database; "TP Lê Thanh Hải" is a title before a name
        name = name or written  # a commune the database spells differently
        end = m.end("name") - (len(written) - len(name))
        province = holding_province(pids, home_ids, mentions, m.start())
        unit = registry()[province] if province else None
        places.append(PlaceItem(m.start(), end, name, place_type, level, unit.name if unit else None,
                                province_today(province).name if province else None))
    return sorted(places, key=lambda p: p.nstart)
