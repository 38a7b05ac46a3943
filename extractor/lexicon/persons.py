"""Person names: the shape of a Vietnamese name and its surnames (data/persons.yaml)."""

from __future__ import annotations

import re
from functools import cache

from extractor.lexicon.patterns import LOWER, UPPER, load

SYLLABLE = rf"[{UPPER}][{LOWER}]+"


NAME = rf"{SYLLABLE}(?:[ ]{SYLLABLE}){{1,3}}"


@cache
def surnames() -> frozenset[str]:
    return frozenset(load("persons")["surnames"])


_NAME_RE = re.compile(rf"{NAME}")


def person_shaped(written: str) -> bool:
    """Two to four capitalised syllables opening with a Vietnamese surname."""
    return bool(_NAME_RE.fullmatch(written)) and written.split()[0] in surnames()
