"""Legacy Vietnamese encodings: Windows-1258, TCVN3 (ABC) and VNI, detected and converted to Unicode.

The tables are data (extractor/lexicon/data/legacy_encodings.yaml, with their sources). Detection decodes a sample
every way and keeps the decoding that yields the most valid Vietnamese syllables: a wrong table turns
"Quyết định" into "QuyÕt ®Þnh" or "Quyeát ñònh", whose words fit no onset + rhyme.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from extractor.lexicon.patterns import load
from extractor.lexicon.syllables import is_syllable

LEGACY = ("cp1258", "tcvn3", "vni")
SAMPLE_BYTES = 65_536  # enough words to decide; the whole document is then decoded the chosen way

_WORD = re.compile(r"[^\W\d_]+")
# Letters of Vietnamese outside Latin-1 (ă đ ĩ ũ ơ ư and the Latin Extended Additional block): text holding
# them is already Unicode Vietnamese, not a legacy encoding read as Windows-1252.
_UNICODE_VIETNAMESE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_LATIN1 = re.compile("[\u0080-\u00ff]")


class LegacyDecodeError(ValueError):
    """Bytes (or characters) that the asked legacy encoding cannot take."""


@dataclass(frozen=True)
class Tables:
    cp1252_decode: dict[int, str]  # str.translate tables over the Latin-1 reading of the bytes
    cp1252_encode: dict[int, str]  # Windows-1252 character → the Latin-1 character of its byte
    tcvn3_decode: dict[int, str]
    vni_pattern: re.Pattern[str]
    vni_letters: dict[str, str]  # VNI characters → letter
    tcvn3_encode: dict[str, int]
    vni_encode: dict[str, str]


def _windows_1252() -> list[str]:
    # Each byte as Windows-1252 shows it; its five undefined bytes stay the Latin-1 control characters so
    # that every byte maps to exactly one character and back.
    return [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


@cache
def tables() -> Tables:
    data = load("legacy_encodings")
    cp1252 = _windows_1252()
    tcvn3 = {int(b): str(letter) for b, letter in data["tcvn3"].items()}
    tcvn3_decode = {b: tcvn3.get(b, cp1252[b]) for b in range(0x80, 0x100)}
    vni = {str(letter): str(chars) for letter, chars in data["vni"].items()}
    letters = {chars: letter for letter, chars in vni.items()}
    # Longest first, so "ôù" (ớ) wins over "ô" (ơ) and "oâ" (ô) over a bare "o".
    alternatives = sorted(letters, key=len, reverse=True)
    return Tables(
        cp1252_decode={b: cp1252[b] for b in range(0x80, 0x100)},
        cp1252_encode={ord(cp1252[b]): chr(b) for b in range(0x80, 0x100)},
        tcvn3_decode=tcvn3_decode,
        vni_pattern=re.compile("|".join(map(re.escape, alternatives))),
        vni_letters=letters,
        tcvn3_encode={letter: b for b, letter in tcvn3.items()},
        vni_encode=vni,
    )


def decode_legacy(data: bytes, encoding: str) -> str:
    """Unicode (NFC) text of bytes in Windows-1258, TCVN3 or VNI."""
    if encoding == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    latin1 = data.decode("latin-1")
    if encoding == "tcvn3":
        return latin1.translate(tables().tcvn3_decode)
    if encoding == "vni":
        t = tables()
        shown = latin1.translate(t.cp1252_decode)
        return t.vni_pattern.sub(lambda m: t.vni_letters[m.group()], shown)
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {', '.join(LEGACY)}")


def encode_legacy(text: str, encoding: str) -> bytes:
    """Bytes of text in TCVN3 or VNI: the inverse of decode_legacy, from the same table."""
    t = tables()
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        out = bytearray()
        for i, c in enumerate(text):
            if c < "\x80":
                out.append(ord(c))
            elif c in t.tcvn3_encode:
                out.append(t.tcvn3_encode[c])
            else:
                raise LegacyDecodeError(f"{c!r} at {i} has no TCVN3 code")
        return bytes(out)
    if encoding == "vni":
        shown = "".join(t.vni_encode.get(c, c) for c in text)
        try:
            return shown.encode("cp1252")
        except UnicodeEncodeError as e:
            raise LegacyDecodeError(f"{shown[e.start]!r} has no VNI code") from None
    raise ValueError(f"cannot encode to {encoding!r}; expected tcvn3 or vni")


def reinterpret(text: str, encoding: str) -> str:
    """Text that holds TCVN3 or VNI bytes shown as Windows-1252 characters ("Vieät"), as Unicode ("Việt")."""
    try:
        data = text.translate(tables().cp1252_encode).encode("latin-1")
    except UnicodeEncodeError as e:
        raise LegacyDecodeError(
            f"{text[e.start]!r} at {e.start} is not a Windows-1252 character, so the text is not {encoding} "
            "read as Windows-1252"
        ) from None
    return decode_legacy(data, encoding)


def score(text: str) -> int:
    """Valid minus invalid syllables among the words with a non-ASCII letter (ASCII reads alike every way)."""
    total = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if not word.isascii():
            total += 1 if is_syllable(word) else -1
    return total


def detect(data: bytes) -> tuple[str | None, dict[str, int]]:
    """The legacy encoding that reads data as the most Vietnamese, with every candidate's score.

    "utf-8" competes too (decoded with replacement characters): a UTF-8 document with a few bad bytes
    must be reported as damaged, not re-read as Windows-1258. None when no candidate yields Vietnamese.
    """
    sample = data[:SAMPLE_BYTES]
    scores = {"utf-8": score(sample.decode("utf-8", errors="replace"))}
    for name in LEGACY:
        scores[name] = score(decode_legacy(sample, name))
    best = max(scores, key=lambda name: scores[name])  # ties keep the first: utf-8, then LEGACY order
    if best == "utf-8" or scores[best] <= 0:
        return None, scores
    return best, scores


def repair_text(text: str) -> tuple[str, str | None]:
    """Unicode text that is really TCVN3 or VNI shown as Windows-1252 ("Quyeát ñònh"), converted.

    Returns the text unchanged and None when it already holds Vietnamese letters, has nothing above ASCII,
    or reads no better converted.
    """
    if _UNICODE_VIETNAMESE.search(text) or not _LATIN1.search(text):
        return text, None
    sample = text[:SAMPLE_BYTES]
    best, best_score = None, score(sample)
    for name in ("tcvn3", "vni"):
        try:
            candidate = score(reinterpret(sample, name))
        except LegacyDecodeError:
            continue
        if candidate > max(best_score, 0):
            best, best_score = name, candidate
    if best is None:
        return text, None
    return reinterpret(text, best), best
