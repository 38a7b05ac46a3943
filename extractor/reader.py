"""Reading documents: bytes to text, with a clear error per document instead of a crash.

Offsets in the output index the text as Python reads a file in text mode
(`open(path, encoding="utf-8").read()`): line endings become "\\n", a UTF-8 BOM stays as "\\ufeff".
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 20_000_000


class ReadError(Exception):
    """A document that cannot be processed, with the error code of the contract."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Input:
    source: str
    path: Path | None  # None for standard input


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of a document's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if len(data) > max_bytes:
        raise ReadError("too_large", f"{len(data):,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ReadError("decode", f"not valid UTF-16 at byte {e.start}") from None
    else:
        if b"\x00" in data[:8192]:
            raise ReadError("binary", "binary data (NUL bytes), not a text document")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ReadError(
                "decode",
                f"not valid UTF-8 at byte {e.start} (legacy encodings such as Windows-1258, TCVN3 or VNI "
                "must be converted to Unicode first)",
            ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip("\ufeff \t\n"):
        raise ReadError("empty", "the document is empty")
    return text


def read_input(item: Input, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    if item.path is None:
        return decode(sys.stdin.buffer.read(max_bytes + 1), max_bytes)
    try:
        size = item.path.stat().st_size
        if size > max_bytes:
            raise ReadError("too_large", f"{size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
        data = item.path.read_bytes()
    except ReadError:
        raise
    except OSError as e:
        raise ReadError("unreadable", e.strerror or str(e)) from None
    return decode(data, max_bytes)


def expand_paths(paths: list[str]) -> Iterator[Input]:
    """Files as given, directories walked for *.txt in sorted order, '-' for standard input."""
    for given in paths:
        if given == "-":
            yield Input("-", None)
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*.txt")):
                yield Input(str(child), child)
        else:
            yield Input(given, path)
