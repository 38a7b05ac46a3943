"""Vietnamese syllables: onset + rhyme with one tone mark at most (data/legacy_encodings.yaml, `syllables`).

The legacy-encoding detector scores a decoding by its valid syllables; the agency rules tell a foreign word
("Harvard") from a Vietnamese one by the same test."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from extractor.lexicon.patterns import load

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


@cache
def _parts() -> tuple[tuple[str, ...], frozenset[str]]:
    syllables = load("legacy_encodings")["syllables"]
    return ("", *sorted(syllables["onsets"], key=len, reverse=True)), frozenset(syllables["rhymes"])


@lru_cache(maxsize=100_000)
def is_syllable(word: str) -> bool:
    """True when word is a well-formed Vietnamese syllable: one tone mark at most, onset + rhyme."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    onsets, rhymes = _parts()
    return any(base.startswith(onset) and base[len(onset) :] in rhymes for onset in onsets)
