"""Reading documents: bytes to text, with a clear error per document instead of a crash.

Offsets in the output index the text as Python reads a file in text mode
(`open(path, encoding="utf-8").read()`): line endings become "\\n", a UTF-8 BOM stays as "\\ufeff".
A document in a legacy encoding (Windows-1258, TCVN3, VNI; see encodings.py) is indexed as converted to
Unicode (NFC), which is the text the store keeps. A JSON Lines or CSV record is indexed as its text field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor.inputs.encodings import LEGACY, LegacyDecodeError, decode_legacy, detect, reinterpret, repair_text

DEFAULT_MAX_BYTES = 20_000_000
ENCODINGS = ("utf", "auto", *LEGACY)  # utf: UTF-8 (BOM or not) or UTF-16 with a BOM; auto: those, then legacy
RECORD_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_SKIP_CHUNK = 1 << 20


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
    name: str | None = None  # how records are named (name:line); str(path) unless opened under another path

    @property
    def label(self) -> str:
        return self.name or str(self.path)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # utf-8, utf-8-bom, utf-16, cp1258, tcvn3, vni; "utf-8/vni" for VNI shown as Unicode


@dataclass(frozen=True)
class Fields:
    """Field (JSON Lines) or column (CSV) names of a record."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    date: str = "published"


@dataclass
class Record:
    """One document to extract, or why it could not be read."""

    source: str
    text: str | None = None
    encoding: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date, handed to extract()
    error: ReadError | None = None


def _too_large(size: int, max_bytes: int) -> ReadError:
    return ReadError("too_large", f"{size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)")


def decode_as(data: bytes, encoding: str = "utf", max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Text of a document's bytes, and the encoding it was read in (see ENCODINGS)."""
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and encoding not in LEGACY:
        try:
            decoded = Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as e:
            raise ReadError("decode", f"not valid UTF-16 at byte {e.start}") from None
    else:
        if b"\x00" in data[:8192]:
            raise ReadError("binary", "binary data (NUL bytes), not a text document")
        if encoding in LEGACY:
            decoded = Decoded(decode_legacy(data, encoding), encoding)
        else:
            decoded = _utf8_or_detected(data, encoding)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip("\ufeff \t\n"):
        raise ReadError("empty", "the document is empty")
    return Decoded(text, decoded.encoding)


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of a document's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    return decode_as(data, "utf", max_bytes).text


def _utf8_or_detected(data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.end == len(data) and e.reason == "unexpected end of data":
            raise ReadError("decode", f"truncated: the data ends inside a UTF-8 character at byte {e.start}") from None
        if encoding == "auto":
            found, scores = detect(data)
            if found:
                return Decoded(decode_legacy(data, found), found)
            tried = ", ".join(f"{name} {value}" for name, value in scores.items())
            raise ReadError(
                "decode",
                f"not valid UTF-8 at byte {e.start}, and no legacy encoding reads as Vietnamese "
                f"(syllable scores: {tried})",
            ) from None
        raise ReadError(
            "decode",
            f"not valid UTF-8 at byte {e.start} (for Windows-1258, TCVN3 or VNI use --encoding auto, or name it)",
        ) from None
    label = "utf-8-bom" if text.startswith("\ufeff") else "utf-8"
    return _repaired(text, label, encoding)


def _repaired(text: str, label: str, encoding: str) -> Decoded:
    if encoding == "auto":
        text, found = repair_text(text)
        if found:
            return Decoded(text, f"{label}/{found}")
    return Decoded(text, label)


def record_text(text: str, encoding: str) -> Decoded:
    """A record's text field: legacy text shown as Windows-1252 is converted when asked (or detected)."""
    if encoding in ("tcvn3", "vni"):
        try:
            return Decoded(reinterpret(text, encoding), f"utf-8/{encoding}")
        except LegacyDecodeError as e:
            raise ReadError("decode", str(e)) from None
    return _repaired(text, "utf-8", encoding)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused by size before reading, and never more than max_bytes + 1 read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # a file that grew since stat() is still bounded
    except OSError as e:
        raise ReadError("unreadable", e.strerror or str(e)) from None
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def read_input(item: Input, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str = "utf") -> Decoded:
    if item.path is None:
        return decode_as(sys.stdin.buffer.read(max_bytes + 1), encoding, max_bytes)
    return decode_as(read_bytes(item.path, max_bytes), encoding, max_bytes)


HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt"}) | HTML_SUFFIXES


def html_article(page: str) -> tuple[str, str | None, str | None]:
    """(article text, title, publication date) of a web page, read by trafilatura (no network)."""
    import trafilatura

    text = trafilatura.extract(page, output_format="txt", include_comments=False, favor_precision=True)
    if not text or not text.strip():
        raise ReadError("empty", "no article text found in the page")
    meta = trafilatura.extract_metadata(page)
    return text, (meta.title if meta else None), (meta.date if meta else None)


def expand_paths(paths: list[str]) -> Iterator[Input]:
    """Files as given, directories walked for *.txt and *.html in sorted order, '-' for standard input."""
    for given in paths:
        if given == "-":
            yield Input("-", None)
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file()):
                yield Input(str(child), child)
        else:
            yield Input(given, path)


def read_documents(
    paths: list[str],
    encoding: str = "utf",
    max_bytes: int = DEFAULT_MAX_BYTES,
    fields: Fields | None = None,
) -> Iterator[Record]:
    """Every document named by paths, one at a time: text files, and the records of *.jsonl and *.csv files."""
    fields = fields or Fields()
    for item in expand_paths(paths):
        yield from read_item(item, encoding, max_bytes, fields)


def read_item(item: Input, encoding: str = "utf", max_bytes: int = DEFAULT_MAX_BYTES,
              fields: Fields | None = None) -> Iterator[Record]:
    """The documents of one input: a text or HTML file, or the records of a *.jsonl or *.csv file."""
    fields = fields or Fields()
    kind = RECORD_SUFFIXES.get(item.path.suffix.lower()) if item.path else None
    if kind == "jsonl":
        yield from jsonl_records(item.path, fields, encoding, max_bytes, name=item.label)  # type: ignore[arg-type]
    elif kind == "csv":
        yield from _csv_records(item.path, fields, encoding, max_bytes, item.label)  # type: ignore[arg-type]
    else:
        try:
            decoded = read_input(item, max_bytes, encoding)
            if item.path is not None and item.path.suffix.lower() in HTML_SUFFIXES:
                # Offsets then index the article text trafilatura reads from the page.
                text, title, published = html_article(decoded.text)
                yield Record(item.source, text, decoded.encoding, title=title, published=iso_date(published))
                return
        except ReadError as e:
            yield Record(item.source, error=e)
            return
        yield Record(item.source, decoded.text, decoded.encoding)


def count_documents(paths: list[str]) -> int | None:
    """How many documents read_documents will yield (for a progress bar's ETA); None when unknown (stdin)."""
    total = 0
    for item in expand_paths(paths):
        if item.path is None:
            return None
        kind = RECORD_SUFFIXES.get(item.path.suffix.lower())
        try:
            if kind == "jsonl":
                with item.path.open("rb") as fh:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(_SKIP_CHUNK), b""))
            elif kind == "csv":
                _allow_csv_fields(DEFAULT_MAX_BYTES)
                with item.path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
                    total += sum(1 for _ in csv.reader(fh)) - 1
            else:
                total += 1
        except (OSError, csv.Error):
            total += 1
    return total


def jsonl_records(path: Path, fields: Fields, encoding: str, max_bytes: int, *, name: str | None = None,
                  start: int = 0, end: int | None = None, first_line: int = 1) -> Iterator[Record]:
    """The records of a JSON Lines file, or of the lines starting in bytes [start, end) (a partition; start
    is a line's first byte and first_line its number), named `name:line` when they carry no id."""
    name = name or str(path)
    try:
        fh = path.open("rb")
    except OSError as e:
        yield Record(name, error=ReadError("unreadable", e.strerror or str(e)))
        return
    with fh:
        fh.seek(start)
        number = first_line - 1
        while end is None or fh.tell() < end:
            line = fh.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            where = f"{name}:{number}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                size = len(line) + _skip_line(fh)  # never hold more than max_bytes of one line
                yield Record(where, error=_too_large(size, max_bytes))
                continue
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                yield Record(where, error=ReadError("decode", f"not a JSON object: {e}"))
                continue
            if not isinstance(value, dict):
                yield Record(where, error=ReadError("decode", "not a JSON object"))
                continue
            yield _record(value, where, fields, encoding)


def _skip_line(fh: io.BufferedReader) -> int:
    skipped = 0
    while chunk := fh.readline(_SKIP_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _allow_csv_fields(max_bytes: int) -> None:
    # The csv module refuses fields over 128 KB by default; an article can be longer.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))


def _csv_records(path: Path, fields: Fields, encoding: str, max_bytes: int, name: str) -> Iterator[Record]:
    _allow_csv_fields(max_bytes)
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as e:
        yield Record(name, error=ReadError("unreadable", e.strerror or str(e)))
        return
    with fh:
        rows = csv.DictReader(fh)
        number = 1
        try:
            for number, row in enumerate(rows, 2):  # line 1 is the header
                yield _record(row, f"{name}:{number}", fields, encoding, max_bytes)
        except (UnicodeDecodeError, csv.Error) as e:
            # The reader cannot resynchronise after a broken row: the rest of this file is one error.
            yield Record(f"{name}:{number + 1}", error=ReadError("decode", f"unreadable CSV from here on: {e}"))


def _record(value: dict, where: str, fields: Fields, encoding: str, max_bytes: int | None = None) -> Record:
    ident = value.get(fields.id)
    source = str(ident) if ident not in (None, "") else where
    text = value.get(fields.text)
    if not isinstance(text, str) or not text.strip("\ufeff \t\n"):
        return Record(source, error=ReadError("empty", f"no text in field {fields.text!r}"))
    if max_bytes is not None and len(text) > max_bytes:
        return Record(source, error=_too_large(len(text.encode()), max_bytes))
    try:
        decoded = record_text(text, encoding)
    except ReadError as e:
        return Record(source, error=e)
    title = value.get(fields.title)
    return Record(
        source,
        decoded.text,
        decoded.encoding,
        title=title.strip() or None if isinstance(title, str) else None,
        published=iso_date(value.get(fields.date)),
    )


_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def iso_date(value: object) -> str | None:
    """A record's date as the ISO date extract() takes: 2024-06-28, 2024-06, 2024; None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1900 <= value <= 2200:
            return str(int(value))
        return dt.datetime.fromtimestamp(value, dt.UTC).date().isoformat()
    value = str(value).strip()
    match = _ISO.match(value)
    if match and (match.end() == len(value) or value[match.end()] in "T "):
        return match.group()
    import dateparser  # slow to import; only for dates not already ISO

    parsed = dateparser.parse(value, languages=["vi", "en"], settings={"DATE_ORDER": "DMY"})
    return parsed.date().isoformat() if parsed else None
