"""The extraction endpoint's request handling, apart from any server: bytes and a content type in, the text to
extract (or an error with its HTTP status) out.

POST /-/vngov/extract takes `text/plain` UTF-8 text (source and published may come as query parameters) or
`application/json` {"text": …, "source": …, "published": "YYYY-MM-DD"}; docs/serve.md has the details.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from extractor.inputs.reader import ReadError, decode_as

DEFAULT_MAX_BYTES = 1_000_000
_JSON_FIELDS = {"text", "source", "published"}


@dataclass(frozen=True)
class ExtractRequest:
    text: str
    source: str | None = None
    published: str | None = None


class ApiError(Exception):
    """A request the endpoint refuses: the HTTP status, a stable code and a message for the developer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


def too_large(size: int | str, max_bytes: int) -> ApiError:
    return ApiError(413, "too_large", f"the body is {size} bytes, over the limit of {max_bytes:,} bytes "
                    "(vngov serve --max-bytes)")


def media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    """'text/plain; charset=UTF-8' → ('text/plain', {'charset': 'utf-8'})."""
    if not content_type:
        return "", {}
    kind, *params = content_type.split(";")
    options = {}
    for param in params:
        name, _, value = param.partition("=")
        options[name.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), options


def _published(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ApiError(400, "invalid_field", f"published must be an ISO date YYYY-MM-DD, not {str(value)[:40]!r}")


def _check_text(text: str) -> str:
    if "\x00" in text:
        raise ApiError(400, "binary", "the text holds NUL characters: binary data, not a text document")
    if not text.strip("\ufeff \t\r\n"):
        raise ApiError(400, "empty", "the text is empty")
    return text


def parse(body: bytes, content_type: str | None, max_bytes: int = DEFAULT_MAX_BYTES,
          source: str | None = None, published: str | None = None) -> ExtractRequest:
    """The request a body makes, or ApiError: 413 over max_bytes, 415 another media type, 400 bad content.

    `source` and `published` are the query parameters, for a text/plain body; a JSON body carries its own.
    """
    if len(body) > max_bytes:
        raise too_large(f"{len(body):,}", max_bytes)
    kind, options = media_type(content_type)
    if kind == "text/plain":
        charset = options.get("charset", "utf-8")
        if charset not in ("utf-8", "utf8"):
            raise ApiError(415, "unsupported_charset", f"text/plain must be UTF-8, not charset={charset}")
        try:
            # The reader of `vngov extract -`: same BOM, line-ending and NUL handling, so offsets agree.
            text = decode_as(body, "utf", max_bytes).text
        except ReadError as e:
            raise ApiError(413 if e.code == "too_large" else 400, e.code, e.message) from None
        return ExtractRequest(_check_text(text), source or None, _published(published))
    if kind == "application/json":
        try:
            payload = json.loads(body)
        except UnicodeDecodeError:
            raise ApiError(400, "decode", "the JSON body is not valid UTF-8") from None
        except json.JSONDecodeError as e:
            raise ApiError(400, "invalid_json", f"malformed JSON: {e}") from None
        if not isinstance(payload, dict):
            raise ApiError(400, "invalid_json", 'the JSON body must be an object: {"text": "…"}')
        unknown = sorted(set(payload) - _JSON_FIELDS)
        if unknown:
            raise ApiError(400, "invalid_field", f"unknown field(s) {', '.join(unknown)}; "
                           f"expected {', '.join(sorted(_JSON_FIELDS))}")
        text = payload.get("text")
        if not isinstance(text, str):
            raise ApiError(400, "invalid_field", 'the JSON body needs "text", a string')
        src = payload.get("source")
        if src is not None and not isinstance(src, str):
            raise ApiError(400, "invalid_field", "source must be a string")
        return ExtractRequest(_check_text(text), src or None, _published(payload.get("published")))
    shown = kind or "none"
    raise ApiError(415, "unsupported_media_type",
                   f"Content-Type {shown} is not accepted: send text/plain (UTF-8) or application/json")
