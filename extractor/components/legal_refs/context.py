"""What the finders of citations share: a mention's sentence, the tail after it (issue date, issuer, title), and
the words right before it."""

from __future__ import annotations

import re
from functools import cache

from extractor.components.items import RefMention
from extractor.lexicon.names import issuer_canonical, match_issuer_phrase
from extractor.lexicon.patterns import (
    DAY_DATE,
    day_date_value,
    words_re,
)
from extractor.text.document import Document


def sentence_bounds(doc: Document, npos: int) -> tuple[int, int]:
    sent = doc.sentence_at(npos)
    return (sent.nstart, sent.nend) if sent else (0, len(doc.norm))


_TAIL_WINDOW = 500  # how far after a citation its date, issuer and title are looked for


def parse_tail(doc: Document, ref: RefMention, limit: int) -> None:
    """Issue date, issuer phrase and title written after a citation."""
    text = doc.norm
    res = _tail_res()
    pos = ref.nend
    limit = min(limit, pos + _TAIL_WINDOW)
    for _ in range(4):
        m = res["date"].match(text, pos, limit)
        if m and ref.issue_date is None:
            value = day_date_value(m)
            if value:
                ref.issue_date = value
                ref.issue_date_span = (m.start("date"), m.end("date"))
                ref.extra["shared_date"] = bool(m.group("shared"))
                pos = m.end()
                continue
        m = res["issuer"].match(text, pos, limit)
        if m and "issuer_text" not in ref.extra:
            phrase = match_issuer_phrase(text, m.end(), limit)
            if phrase:
                ref.issuer = issuer_canonical(text[phrase[0] : phrase[1]])
                ref.issuer_basis = "context"
                ref.extra["issuer_text"] = text[phrase[0] : phrase[1]]
                pos = phrase[1]
                continue
        m = res["term"].match(text, pos, limit)
        if m:
            pos = m.end()
            continue
        break
    ref.tail_end = pos
    m = res["quoted"].match(text, pos, limit)
    if m:
        ref.title = m.group("q").strip()
        return
    m = res["title"].match(text, pos, limit) or res["title_verb"].match(text, pos, limit)
    if m:
        stop = re.compile(r"[.;:!?\n]|\s(?:thì|để|nhằm|trong tháng|trong năm)\s").search(text, m.end(), limit)
        end = stop.start() if stop else limit
        title = text[m.end() : end].strip(" ,")
        if 3 <= len(title) <= 300:
            ref.title = title


@cache
def _tail_res() -> dict[str, re.Pattern[str]]:
    return {
        "date": re.compile(
            rf"\s*[,(]?\s*(?:(?:được\s+|đã\s+)?(?:ký(?:\s+ban hành)?|ban hành)\s+)?(?:vào\s+)?"
            rf"(?P<shared>cùng\s+)?ngày\s+(?P<date>{DAY_DATE})",
            re.IGNORECASE,
        ),
        "issuer": re.compile(r"\s*,?\s*(?:(?:được\s+)?ban hành bởi|của|do|giữa|được)\s+", re.IGNORECASE),
        "term": re.compile(r"\s*\((?:khóa|nhiệm kỳ)\s+[^)\n]{1,20}\)", re.IGNORECASE),
        "title": re.compile(r"\s*,?\s*(?:về việc|về|V/v|v/v)\s+", re.IGNORECASE),
        "title_verb": re.compile(r"\s*,?\s*(?=(?:phê duyệt|ban hành|quy định|hướng dẫn|sửa đổi)\s)", re.IGNORECASE),
        "quoted": re.compile(r"\s*[“\"«](?P<q>[^”\"»\n]{3,300})[”\"»]"),
    }


@cache
def _words_before(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{words_re(key)})\s*$")  # case counts: "Hội " opens a name, "Quốc hội " not


def preceded_by(text: str, pos: int, key: str) -> bool:
    """One of the lexicon's `key` words right before `pos`: "Trường Đại học " before "Luật", "Bộ " before
    "Kế hoạch", "Ban Quản lý " before "Dự án 85"."""
    return bool(_words_before(key).search(text, max(0, pos - 30), pos))

