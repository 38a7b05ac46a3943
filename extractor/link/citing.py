"""How a text cites a document: the part of it pointed at, and what the text does with it.

Pinpoints: "khoản 2 Điều 7 Nghị định số 61/2018/NĐ-CP", "điểm a, b khoản 1 Điều 3 …", "Điều 4, Điều 5 Nghị định …",
or after the citation in brackets ("Nghị định số 15/2018/NĐ-CP (khoản 8 Điều 38)").
Relations: the cue right before a citation ("Căn cứ", "Thực hiện", "Bãi bỏ", "thay thế" …), else the "Căn cứ" a
paragraph opens with, else the list it is a sibling in, else the basis section it stands in, else `cites`. A cue
between two citations of one clause links them ("Luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số
87/2025/QH15"), and the second takes the first's relation to the text. The words are data, lexicon/data/citing.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor.components.items import RefMention
from extractor.lexicon.patterns import alternation, load, tables, type_word_re
from extractor.structure import Block, Structure
from extractor.text.document import Document

_WINDOW = 220  # characters before a citation where its pinpoint and cue are looked for
_NUM = r"\d{1,3}[a-zđ]?"
_LETTER = r"[a-zđ]\d?"


@cache
def _data() -> dict:
    return load("citing")


@cache
def _pinpoint_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """One pinpoint unit ("điểm a, b khoản 1 Điều 3, Điều 4"), a chain of them ending where a citation starts, and
    one in brackets after a citation."""
    parts = _part_words()

    def listed(word: str, value: str, group: str) -> str:
        return rf"(?:{word})\s+(?P<{group}>{value}(?:\s*(?:,|và|hoặc)\s*(?:(?:{word})\s+)?{value})*)"

    unit = (rf"(?<![\w])(?:{listed(parts['point'], _LETTER, 'point')}\s+)?"
            rf"(?:{listed(parts['clause'], _NUM, 'clause')}\s+)?{listed(parts['article'], _NUM, 'article')}(?![\w/])")
    plain = re.sub(r"\?P<\w+>", "", unit)
    chain = rf"{plain}(?:\s*(?:,|;|và|hoặc)\s*{plain})*"
    return (
        re.compile(unit, re.IGNORECASE),
        re.compile(rf"(?P<chain>{chain})\s*(?:,\s*)?(?:của\s+)?$", re.IGNORECASE),
        re.compile(rf"\s*\(\s*(?:tại\s+|theo\s+)?(?P<chain>{chain})\s*\)", re.IGNORECASE),
    )


@cache
def _part_words() -> dict[str, str]:
    return {name: alternation(words) for name, words in _data()["pinpoint_parts"].items()}


def _values(written: str | None, word: str) -> list[str]:
    if not written:
        return []
    return [v.lower() for v in re.split(rf"\s*(?:,|và|hoặc)\s*(?:(?:{word})\s+)?", written, flags=re.IGNORECASE) if v]


def parse_pinpoints(chain: str) -> list[dict[str, str | None]]:
    """Each article, clause and point a written chain points at: "khoản 1, 2 Điều 3" → clause 1 and clause 2 of
    article 3; "điểm a khoản 1 Điều 3, Điều 4" → that point, then article 4."""
    unit_re, words = _pinpoint_res()[0], _part_words()
    out: list[dict[str, str | None]] = []
    for m in unit_re.finditer(chain):
        articles = _values(m.group("article"), words["article"])
        clauses = _values(m.group("clause"), words["clause"]) or [None]
        points = _values(m.group("point"), words["point"]) or [None]
        out += [{"article": articles[0], "clause": c, "point": p} for c in clauses for p in points]
        out += [{"article": a, "clause": None, "point": None} for a in articles[1:]]
    return out


def find_pinpoints(doc: Document, refs: list[RefMention]) -> None:
    """Set each citation's pinpoints and the span they are written at, before it or in brackets after it."""
    text = doc.norm
    _, before_re, after_re = _pinpoint_res()
    for ref in refs:
        if ref.is_self:
            continue
        after = ref.tail_end or ref.nend
        m = before_re.search(text, max(0, ref.nstart - _WINDOW), ref.nstart) or after_re.match(text, after,
                                                                                              after + _WINDOW)
        if not m:
            continue
        span = (m.start("chain"), m.end("chain"))
        pinpoints = parse_pinpoints(text[span[0] : span[1]])
        if pinpoints:
            ref.pinpoints, ref.pinpoint_at = pinpoints, span


# -- relations --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    relation: str
    passive: bool


@cache
def _relation_of() -> dict[str, str]:
    return {w.lower(): rel for rel, words in _data()["relations"].items() for w in words}


@cache
def _cue_re() -> re.Pattern[str]:
    passive = _data()["passive"]
    active = alternation(list(_relation_of()))
    filler = rf"(?:\s+[\w,]+){{0,{int(passive['filler_words'])}}}?"
    passive_re = (rf"(?P<passive>(?:{alternation(passive['before'])})\s+(?P<pcue>{active})"
                  rf"{filler}\s+(?:{alternation(passive['after'])}))")
    return re.compile(rf"(?<![\w])(?:{passive_re}|(?P<active>{active}))(?![\w])", re.IGNORECASE)


@cache
def _opening_re() -> re.Pattern[str]:
    """A paragraph opening "Căn cứ": every citation in it is a basis."""
    return re.compile(rf"\W*(?:{alternation(_data()['relations']['basis'])})(?![\w])", re.IGNORECASE)


@cache
def _gap_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = _data()
    words = alternation(data["gap_words"])
    return (
        re.compile(rf"^[\s,:]*(?:(?:{words})[\s,:]+)*$", re.IGNORECASE),
        re.compile(rf"^\s+(?:(?:{alternation(data['gap_via'])})\s+)?(?:của\s+[^;.\n]{{1,100}}?\s+)?(?:tại|theo)\s*$",
                   re.IGNORECASE),
    )


def _cues(text: str, start: int, end: int) -> list[_Cue]:
    found = []
    for m in _cue_re().finditer(text, start, end):
        word = m.group("pcue") if m.group("passive") else m.group("active")
        found.append(_Cue(m.start(), m.end(), _relation_of()[word.lower()], bool(m.group("passive"))))
    return found


def _binds(text: str, cue_end: int, ref_start: int) -> bool:
    """Whether what lies between a cue and a citation lets the cue govern it."""
    gap = text[cue_end:ref_start]
    words, via = _gap_res()
    return bool(words.match(gap) or via.match(gap))


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


_BREAK = re.compile(r"[;!?\n]|\.(?!\d)")  # a clause's end; "1.000" is a number


def relate(doc: Document, refs: list[RefMention], structure: Structure) -> None:
    """Set each citation's relation to the citing text and the links between citations of one clause."""
    text = doc.norm
    ordered = sorted(refs, key=lambda r: r.nstart)
    own_types = {r.doc_type for r in ordered if r.is_self}
    done: list[RefMention] = []
    for ref in ordered:
        ref.links = []
        if ref.is_self:
            ref.relation = None
            done.append(ref)
            continue
        previous = next((r for r in reversed(done) if not r.is_self), None)
        start = ref.pinpoint_at[0] if ref.pinpoint_at else ref.nstart
        floor = max(done[-1].nend if done else 0, start - _WINDOW)
        cues = [c for c in _cues(text, floor, start) if _binds(text, c.end, start)]
        holder = structure.block_at(start)
        cue = cues[-1] if cues else _introducing_cue(text, structure, holder)
        if cue is not None and _acted_on_by_another(text, cue, own_types):
            cue = None  # "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai": that law amends it, not this text
        antecedent = _antecedent(text, done, cue) if cue else None
        if antecedent is not None and antecedent.canonical == ref.canonical:
            antecedent = None  # the same document named twice links nothing
        if antecedent is not None and cue is not None and not antecedent.is_self:
            _link(antecedent, ref, cue)
            ref.extra["linked_by"] = (antecedent, cue)
            ref.relation = antecedent.relation
        elif cue is not None and not cue.passive:
            ref.relation = cue.relation  # "Thông tư 112/2025/TT-BTC sửa đổi …" is this text acting
        elif previous is not None and done[-1] is previous and _sibling(text, previous, start):
            ref.relation = previous.relation
            if "linked_by" in previous.extra:  # "… được sửa đổi, bổ sung bởi Luật số 1 và Luật số 2"
                source, by = previous.extra["linked_by"]
                _link(source, ref, by)
                ref.extra["linked_by"] = (source, by)
        elif _opening_re().match(text, _paragraph_start(text, start)) or _under_basis_heading(structure, holder):
            ref.relation = "basis"
        else:
            ref.relation = "cites"
        done.append(ref)


@cache
def _type_word_end_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?P<before>ban hành\s+)?(?P<tw>{type_word_re()})\s*$", re.IGNORECASE)


def _acted_on_by_another(text: str, cue: _Cue, own_types: set[str | None]) -> bool:
    """A cue right after a bare type word is what another, unnumbered document does ("Luật sửa đổi, bổ sung …"),
    unless that document is this one: its title line ("THÔNG TƯ SỬA ĐỔI …") or "ban hành Thông tư sửa đổi …"."""
    m = _type_word_end_re().search(text, max(0, cue.start - 40), cue.start)
    if m is None:
        return False
    word = m.group("tw")
    dt = tables().doc_type_for_word(word)
    this_one = dt is not None and dt.name in own_types and (word.isupper() or bool(m.group("before")))
    return not this_one


def _antecedent(text: str, done: list[RefMention], cue: _Cue) -> RefMention | None:
    """The citation a cue follows in the same clause, which the cue links to the next one: the nearest ("A sửa
    đổi B"); for a passive cue the nearest that is not named inside another's title ("Căn cứ Nghị định A quy định
    … thực hiện Chương trình B, được sửa đổi, bổ sung bởi Nghị định C": C amends A)."""
    nearest = next((r for r in reversed(done) if r.nend <= cue.start), None)
    if nearest is None:
        return None
    gap = text[nearest.nend : cue.start]
    if _BREAK.search(gap) or len(gap) > 400:  # a long title may stand between them
        return None
    if cue.passive:
        while "linked_by" in nearest.extra and not nearest.extra["linked_by"][1].passive:
            nearest = nearest.extra["linked_by"][0]
    return nearest


def _under_basis_heading(structure: Structure, holder: Block | None) -> bool:
    """Inside a section headed as the legal basis ("I. CĂN CỨ PHÁP LÝ"), not merely a paragraph opening "Theo …"."""
    if holder is None:
        return False
    return any(b.kind == "heading" and b.role == "basis" for b in [holder, *structure.ancestors(holder)])


def _introducing_cue(text: str, structure: Structure, holder: Block | None) -> _Cue | None:
    """The cue of the paragraph that introduces the list item holding a citation ("Bãi bỏ các văn bản sau:")."""
    if holder is None or holder.parent is None:
        return None
    parent = structure.blocks[holder.parent]
    body = text[parent.nstart : parent.nend].rstrip()
    colon = parent.nstart + len(body) - 1
    cues = [c for c in _cues(text, parent.nstart, colon) if not c.passive]
    if not body.endswith(":") or not cues:
        return None
    # "Bãi bỏ các văn bản sau:" lists documents; "Sửa đổi, bổ sung khoản 1 Điều 3 như sau:" the new wording.
    rest = text[cues[-1].end : colon]
    if len(rest.split()) > 8 or "như sau" in rest.lower() or not _documents_word_re().search(rest):
        return None
    return cues[-1]


@cache
def _documents_word_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{type_word_re()}|văn bản)(?![\w])", re.IGNORECASE)


def _link(source: RefMention, target: RefMention, cue: _Cue) -> None:
    inverse = _data()["inverse"]
    if cue.passive:  # "A được sửa đổi bởi B": B amends A
        source.links.append((inverse[cue.relation], target))
        target.links.append((cue.relation, source))
    else:  # "A sửa đổi B": A amends B
        source.links.append((cue.relation, target))
        target.links.append((inverse[cue.relation], source))


def _sibling(text: str, previous: RefMention, start: int) -> bool:
    """"Nghị quyết số 1 … và Nghị quyết số 2": the second is cited as the first is."""
    gap = text[previous.nend : start]
    return len(gap) <= 200 and not _BREAK.search(gap) and bool(re.search(r"(?:,|\svà|\shoặc)\s*$", gap))
