"""The document model: original text, a normalized view for matching, and the map between them.

Extractors match on `Document.norm` (NFC, one tone-mark placement, unified dashes and spaces,
hard-wrapped lines joined) and report spans in the ORIGINAL text through `Document.span`, so
`text[start:end] == item.text` holds for every item whatever the input looked like.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache, cached_property

from extractor.lexicon.patterns import UPPER, alternation, load

# Characters dropped from the view: BOM, zero-width and bidi marks, soft hyphen.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u200e\u200f\u00ad\u2060"
_COMBINING = "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# Spots where the view differs in length from the original.
# HTML character references left in scraped text ("BGD&amp;ĐT").
_ENTITY = r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});"
_LENGTH_CHANGING = re.compile(
    rf"\r\n?|[{_INVISIBLE}]+|{_ENTITY}|.[{_COMBINING}]+|(?<![^\n])[{_COMBINING}]+", re.DOTALL
)

# One-for-one substitutions: spaces, dashes, and the Icelandic eth that old converters wrote for Đ.
_SAME_LENGTH = str.maketrans(
    {
        **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a", " "),
        **dict.fromkeys("\u202f\u205f\u3000\t\v\f", " "),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u00d0": "\u0110",
        "\u00f0": "\u0111",
        "\u2044": "/",
        "\u2215": "/",
    }
)


def _tone_table() -> dict[str, str]:
    """'oà' -> 'òa', 'uỷ' -> 'ủy': the tone on the first vowel of open oa/oe/uy (underthesea's choice)."""
    tones = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in tones:
            for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                new = unicodedata.normalize("NFC", f + tone) + s
                old = f + unicodedata.normalize("NFC", s + tone)
                table[old] = new
    return table


_TONE_MOVES = _tone_table()
_TONE_PAIR_RE = re.compile("(?:" + "|".join(map(re.escape, _TONE_MOVES)) + r")(?!\w)")


def _move_tones(s: str) -> str:
    def fix(m: re.Match[str]) -> str:
        start = m.start()
        # "quý", "Quỳ": the u belongs to qu, the tone stays on y.
        if start > 0 and s[start - 1] in "qQ" and m.group(0)[0] in "uU":
            return m.group(0)
        return _TONE_MOVES[m.group(0)]

    return _TONE_PAIR_RE.sub(fix, s)


_TERMINAL = ".!?:;…"
_LIST_MARKER_END = re.compile(r"(?:^|[\s.;:])\(?\d{1,3}\)\.?$")
_CLOSERS = "\"'”’)]»"


# A line that opens a block of a formal text's outline ("II. NHIỆM VỤ", "1. Sở …", "a) …", "- Các sở …",
# "Điều 2.", "Nơi nhận:"): a hard wrap never runs into it.
_OPENS_BLOCK = re.compile(
    rf"[ ]*(?:(?:[IVXL]{{1,6}}|\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})\.[ ]+[{UPPER}]|[a-zđ]\)[ ]|\(\d{{1,2}}\)[ ]"
    rf"|[-+•][ ]+[{UPPER}]"
    r"|Điều[ ]+\d{1,3}[a-z]?\.|(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)[ ]+[IVXL\d]{1,5}\b|Nơi nhận|Kính gửi|Căn cứ[ ])"
)


@cache
def _section_heading() -> re.Pattern[str]:
    """The words of a section heading alone ("Mục đích", "Nhiệm vụ và giải pháp"), from lexicon/data/structure.yaml."""
    cues = [c for words in load("structure")["section_roles"].values() for c in words]
    one = alternation(cues)
    return re.compile(rf"\W*(?:{one})(?:\s*(?:,|và)\s*(?:{one}))*", re.IGNORECASE)


def all_capitals(line: str) -> bool:
    """Two letters or more and none of them lower-case: a heading or a header line in capitals. Letters of a
    number's symbol do not count ("72/2025/QH15;" is no heading)."""
    letters = [c for word in line.split() if not any(ch.isdigit() for ch in word) for c in word if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def _join_wrapped_lines(s: str) -> tuple[str, list[int]]:
    """Turn hard line wraps inside paragraphs into spaces (same length); also the positions joined."""
    breaks = [m.start() for m in re.finditer(r"(?<=[^\n])\n(?=[^\n])", s)]
    if not breaks:
        return s, []

    def next_starts_lower(i: int) -> bool:
        j = i + 1
        while j < len(s) and s[j] == " " and j < i + 20:
            j += 1
        return j < len(s) and s[j].islower()

    def block_edge(i: int) -> bool:
        """The wrap ends a heading in capitals, starts one, or runs into an outline marker."""
        if _OPENS_BLOCK.match(s, i + 1):
            return True
        line_start = s.rfind("\n", 0, i) + 1
        next_end = s.find("\n", i + 1)
        before, after = s[line_start:i], s[i + 1 : next_end if next_end >= 0 else len(s)]
        marker = _OPENS_BLOCK.match(before)
        if marker and after[:1].isupper() and _section_heading().fullmatch(before[marker.end() - 1 :].strip(" .:")):
            return True  # "1. Mục đích" over "Xác định phạm vi …": a heading, not a wrap ("4.6. Văn phòng" is)
        return all_capitals(before) != all_capitals(after) and len(before.split()) + len(after.split()) > 2

    lower_starts = sum(1 for i in breaks if next_starts_lower(i))
    listed = sum(1 for i in breaks if s[i + 1 : i + 2] in ("-", "+", "•"))  # a list's lines are not wraps
    hard_wrapped = lower_starts >= 3 and lower_starts >= 0.2 * (len(breaks) - listed)
    chars = list(s)
    joined = []
    for i in breaks:
        prev = s[max(0, i - 24) : i].rstrip(" ").rstrip(_CLOSERS)
        ends_clause = bool(prev) and prev[-1] in _TERMINAL and not _LIST_MARKER_END.search(prev)
        if (next_starts_lower(i) and not _OPENS_BLOCK.match(s, i + 1)) or (
                hard_wrapped and not ends_clause and not block_edge(i)):
            chars[i] = " "
            joined.append(i)
    return "".join(chars), joined


def normalize(text: str) -> tuple[str, array | None, array | None, list[int]]:
    """The matching view of `text`, per view character its original [start, end) (None: identity), and the
    view positions where a hard-wrapped line break became a space."""
    starts: array | None = None
    ends: array | None = None
    if _LENGTH_CHANGING.search(text):
        out: list[str] = []
        starts, ends = array("l"), array("l")
        pos = 0
        for m in _LENGTH_CHANGING.finditer(text):
            if m.start() > pos:
                out.append(text[pos : m.start()])
                starts.extend(range(pos, m.start()))
                ends.extend(range(pos + 1, m.start() + 1))
            piece = m.group(0)
            if piece[0] == "\r":
                replacement = "\n"
            elif piece[0] in _INVISIBLE:
                replacement = ""
            elif piece[0] == "&":
                replacement = unicodedata.normalize("NFC", html.unescape(piece))
            else:
                replacement = unicodedata.normalize("NFC", piece)
            out.append(replacement)
            starts.extend([m.start()] * len(replacement))
            ends.extend([m.end()] * len(replacement))
            pos = m.end()
        out.append(text[pos:])
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
        view = "".join(out)
    else:
        view = text
    view = view.translate(_SAME_LENGTH)
    view = _move_tones(view)
    view, joined = _join_wrapped_lines(view)
    return view, starts, ends, joined


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the document: offsets in the view (`nstart`, `nend`) and in the original."""

    nstart: int
    nend: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    nstart: int
    nend: int
    text: str


# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "tp tx tt ths ts pgs gs bs ks ls ncs th thcs thpt st mr "
    "mrs ms dr v.v vv tr ng k.t q ông bà".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]»]*\s+")
_LIST_MARKER_TAIL = re.compile(r"(?:^|(?<=[\s.:;]))(\(?\d{1,3}\)|\(?[a-zđ]\)|\d{1,3})\.?$")


class Document:
    """Text plus its normalized view, paragraphs, sentences and (lazily) underthesea tokens."""

    def __init__(self, text: str, source: str | None = None) -> None:
        self.text = text
        self.source = source
        self.norm, self._starts, self._ends, self.joined_breaks = normalize(text)
        self.paragraphs = self._find_paragraphs()
        self.sentences = self._find_sentences()
        self._sentence_starts = [s.nstart for s in self.sentences]

    # -- offsets ---------------------------------------------------------------------------------
    def span(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original [start, end) of the view's [nstart, nend)."""
        if self._starts is None:
            return nstart, nend
        if nend <= nstart:
            pos = self._starts[nstart] if nstart < len(self._starts) else len(self.text)
            return pos, pos
        return self._starts[nstart], self._ends[nend - 1]

    def original(self, nstart: int, nend: int) -> str:
        start, end = self.span(nstart, nend)
        return self.text[start:end]

    def segment(self, nstart: int, nend: int) -> Segment:
        start, end = self.span(nstart, nend)
        return Segment(nstart, nend, start, end)

    # -- structure -------------------------------------------------------------------------------
    @cached_property
    def layout(self) -> str:
        """The view with its hard wraps kept as line breaks: same length and offsets as `norm`, for reading a
        formal text's layout (a signature's lines, a header's columns)."""
        if not self.joined_breaks:
            return self.norm
        chars = list(self.norm)
        for i in self.joined_breaks:
            chars[i] = "\n"
        return "".join(chars)

    @cached_property
    def lines(self) -> list[Segment]:
        """The lines as written (hard wraps kept), in view offsets: what a formal text's layout is read from."""
        return self._stripped_lines(self.layout)

    @cached_property
    def _wraps(self) -> frozenset[int]:
        return frozenset(self.joined_breaks)

    def wrapped_into(self, line: Segment) -> bool:
        """True when a hard wrap joins `line` to the line before it (the view has a space there)."""
        return line.nstart - 1 in self._wraps

    def _stripped_lines(self, text: str) -> list[Segment]:
        """The non-blank lines of `text` (the view or its layout), without their edge spaces."""
        out = []
        for m in re.finditer(r"[^\n]+", text):
            a, b = m.start(), m.end()
            while a < b and text[a] == " ":
                a += 1
            while b > a and text[b - 1] == " ":
                b -= 1
            if a < b:
                out.append(self.segment(a, b))
        return out

    def _find_paragraphs(self) -> list[Segment]:
        return self._stripped_lines(self.norm)

    def _find_sentences(self) -> list[Segment]:
        sentences = []
        for para in self.paragraphs:
            start = para.nstart
            for m in _SENTENCE_END.finditer(self.norm, para.nstart, para.nend):
                nxt = m.end()
                if nxt >= para.nend:
                    break
                if not self._is_boundary(start, m.start(), nxt):
                    continue
                end = m.end()
                while end > start and self.norm[end - 1] == " ":
                    end -= 1
                marker = self._list_marker_before(start, m.start())
                if marker is not None and marker > start:
                    # "… hạn chế: (1). Các sở": the marker opens the next sentence.
                    cut = marker
                    head_end = cut
                    while head_end > start and self.norm[head_end - 1] == " ":
                        head_end -= 1
                    sentences.append(self.segment(start, head_end))
                    start = cut
                    continue
                if marker == start:
                    continue  # the sentence so far is only a list marker
                sentences.append(self.segment(start, end))
                start = nxt
            if start < para.nend:
                sentences.append(self.segment(start, para.nend))
        return sentences

    def _list_marker_before(self, start: int, punct: int) -> int | None:
        """Start of a list marker ("(1)", "2", "a)") that ends right before `punct`, if any."""
        window_start = max(start, punct - 8)
        m = _LIST_MARKER_TAIL.search(self.norm[window_start:punct])
        if m is None:
            return None
        at = window_start + m.start(1)
        if at > start and not self.norm[at - 1].isspace() and self.norm[at - 1] not in ".:;":
            return None
        return at

    def _is_boundary(self, sent_start: int, punct: int, nxt: int) -> bool:
        following = self.norm[nxt]
        if not (following.isupper() or following.isdigit() or following in "\"“‘'(-[«"):
            return False
        word = re.search(r"([\w.]+)$", self.norm[max(sent_start, punct - 24) : punct])
        if self.norm[punct] == "." and word:
            w = word.group(1).lower()
            if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:\w\.)+\w", w):
                return False
        return True

    def sentence_at(self, npos: int) -> Segment | None:
        i = bisect.bisect_right(self._sentence_starts, npos) - 1
        if i >= 0 and self.sentences[i].nstart <= npos < max(self.sentences[i].nend, npos + 1):
            return self.sentences[i]
        return None

    # -- tokens ----------------------------------------------------------------------------------
    @cached_property
    def tokens(self) -> list[Token]:
        """underthesea word tokens over the view, aligned to view offsets (computed on first use)."""
        from underthesea import word_tokenize

        tokens: list[Token] = []
        for sent in self.sentences:
            piece = self.norm[sent.nstart : sent.nend]
            tokens.extend(_align_tokens(piece, word_tokenize(piece), sent.nstart))
        return tokens


def _align_tokens(text: str, words: list[str], offset: int) -> list[Token]:
    """Place each token in `text`; syllables of a compound are separated by any run of spaces."""
    tokens, pos = [], 0
    for word in words:
        pattern = r"\s+".join(re.escape(part) for part in word.split())
        m = re.compile(pattern).search(text, pos) if pattern else None
        if m is None or text[pos : m.start()].strip():
            continue  # underthesea changed the characters: skip rather than misplace
        tokens.append(Token(offset + m.start(), offset + m.end(), m.group(0)))
        pos = m.end()
    return tokens
