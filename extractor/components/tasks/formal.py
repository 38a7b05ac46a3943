"""Tasks read from a formal document's structure (spec §6, "Formal documents").

- a heading that names an agency or a group of agencies ("2. Sở Nông nghiệp và Môi trường", with or without a
  colon) leads every block under it, down to the next heading of its level; "Giao Sở X:" on its own line leads
  the paragraphs after it;
- each data row of a task table is a task: the content cell is its text, the chủ trì cell its lead, the time
  cell its deadline;
- each item or paragraph of a section of tasks is a task, led by its heading or its own words, else by no one;
- the legal basis, goals, reports, headings, the recipients, the signature and captions are not tasks.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from extractor.components.items import AgencyItem, DateItem, TaskItem
from extractor.components.tasks.prose import Unit, read_unit, timing
from extractor.lexicon.agencies import canonical_name, is_collective, known_bodies, organisation_head, verb_pattern
from extractor.lexicon.names import expand_abbreviations
from extractor.lexicon.patterns import alternation, bounded, fold, load
from extractor.lexicon.places import provinces_called, registry
from extractor.structure import Block, Structure, Table, cell_for
from extractor.text.document import Document
from extractor.text.spans import ByStart

# Documents whose numbered directions are tasks even under no heading (an official letter, a conclusion).
_DIRECTING_TYPES = frozenset({"Công văn", "Công điện", "Thông báo", "Kết luận", "Chỉ thị", "Thông tri"})


_PLACE_BODY = r"tỉnh ủy|thành ủy|ủy ban nhân dân|uỷ ban nhân dân|UBND|Sở\s+[A-ZĐ][^,:;]*?"
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+và\s+")  # "Khánh Hòa, Đắk Lắk và Gia Lai"


@cache
def _res() -> dict[str, re.Pattern[str]]:
    d = load("tasks")["formal"]
    return {
        "decides": re.compile(rf"\s*(?:{alternation(d['decisions'])})(?![\w])", re.IGNORECASE),
        "not_task": re.compile(rf"\s*(?:{alternation(d['not_task_openings'])})(?![\w])", re.IGNORECASE),
        "telling": re.compile(bounded(alternation(d["not_task_phrases"])), re.IGNORECASE),
        "giao_colon": re.compile(r"\s*Giao\s+(?P<subj>[^:.;]{3,100}?)\s*:"),
        "directs": re.compile(r"\s*(?:Giao\s+)?(?P<subj>[^.:()]{3,240}?)\s+(?:chỉ đạo|chủ trì|có trách nhiệm|"
                              r"chịu trách nhiệm)(?![\w])"),
        # The head of a body before its name: "Chánh Văn phòng UBND tỉnh; Giám đốc Sở … chịu trách nhiệm thi hành".
        "after_head": re.compile(r"\s*(?:và|,)?\s*(?:các|những)\s"),  # "Ủy ban nhân dân tỉnh và các sở": no doer
        "head_of": re.compile(rf"\s*(?:{alternation(d['heads_of_bodies'])})\s*"),
        "leading_head": re.compile(rf"(?:{alternation(d['heads_of_bodies'])}|Bí thư)\s+", re.IGNORECASE),
        "enumerated": re.compile(r"\s*Các\s+(?P<head>Bộ|Sở|Cục|Vụ)\s*:\s*(?P<names>[^.;:]{3,200})"),
        # "Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai": bodies of each place.
        "distributed": re.compile(
            rf"\s*(?:Đồng chí\s+)?(?P<bodies>(?:(?:{alternation(d['heads_of_bodies'])}|Bí thư)\s+)?(?:{_PLACE_BODY})"
            rf"(?:\s*(?:,|và)\s*(?:(?:{alternation(d['heads_of_bodies'])}|Bí thư)\s+)?(?:{_PLACE_BODY}))*)"
            r"\s+các\s+(?:tỉnh|thành phố)(?:\s*,\s*thành phố)?\s*:\s*(?P<places>[^:;.]{3,200})", re.IGNORECASE),
        "named_above": re.compile(
            r"\s*Các\s+(?P<kind>(?:Sở|Bộ|Cục|Vụ|Ban)(?:\s+[A-ZĐ]\w*(?:\s+\w+)*?)?)\s+(?:nêu|kể)\s+trên"),
        "listed": re.compile(r"(?<![\w])[Cc]ác\s+(?P<head>Bộ|Sở|Cục|Vụ)\s*:\s*(?P<names>[^.:|]{3,300})"),
        "continues": re.compile(rf"\s*(?:{alternation(d['continuations'])})(?![\w])", re.IGNORECASE),
        "year": re.compile(r"\s*(?:Năm\s+)?(?P<y>(?:19|20)\d\d)\s*"),
        "giao": re.compile(r"\s*Giao\s+(?:cho\s+)?"),
        "group": re.compile(rf"(?<![\w])(?:các|những|mọi)\s+(?:{alternation(load('tasks')['formal']['group_nouns'])})"
                            r"(?![\w])", re.IGNORECASE),
        "directive": re.compile(r"\s*(?:Yêu cầu|Đề nghị|Giao|Chỉ đạo)\s"),
        "lead_cue": re.compile(bounded(alternation(d["lead_cues"])), re.IGNORECASE),
        "collective": re.compile(rf"\s*(?:{alternation(load('tasks')['collective'])})(?![\w])", re.IGNORECASE),
        "empty": re.compile(r"[\W\d_]*"),
        "note": re.compile(r"\s*\("),
    }


def find_formal_tasks(doc: Document, structure: Structure, agencies: list[AgencyItem], dates: list[DateItem],
                      doc_type: str | None) -> list[TaskItem]:
    by_start = ByStart(agencies, lambda a: a.nstart)
    by_date = ByStart(dates, lambda d: d.nstart)
    tasks = _outline_tasks(doc, structure, by_start, by_date, doc_type)
    for table in structure.tables:
        if table.assigns_tasks:
            tasks += _table_tasks(doc, table, by_start, by_date)
    return sorted(tasks, key=lambda t: t.nstart)


# -- the outline ----------------------------------------------------------------------------------------------


def _heading_lead(doc: Document, block: Block, agencies: ByStart[AgencyItem],
                  recipients: list[tuple[int, int]]) -> list[str] | None:
    """The agencies a heading names when it is no more than their names ("3. Hiệp hội …, Hội Nông dân tỉnh:"),
    or "Giao Sở X:" on a line of its own; [] for a group of bodies ("Các sở, ban, ngành:"); None otherwise."""
    text = doc.norm
    start = block.body
    giao = _res()["giao"].match(text, start, block.nend)
    if giao:
        start = giao.end()
    body_end = block.nend
    while body_end > start and text[body_end - 1] in " :.;":
        body_end -= 1
    found = [a for a in agencies.within(start, body_end) if not _group(text[a.nstart : a.nend])]
    if found and found[0].nstart - start <= 1:
        rest = text[start:body_end]
        for a in found:
            rest = rest.replace(text[a.nstart : a.nend], " ")
        if re.fullmatch(r"[\s,;và&()-]*(?:chủ trì|và các đơn vị liên quan|các đơn vị liên quan)?[\s,;:]*", rest):
            return list(dict.fromkeys(a.canonical for a in found))
    distributed = distributed_bodies(text, start, body_end)
    if distributed:
        return distributed
    above = _res()["named_above"].fullmatch(text, start, body_end)
    if above:  # "4. Các Sở Xây dựng nêu trên": the addressees of that kind
        for a, b in recipients:
            if text[a:b].startswith(above["kind"]):
                return distributed_bodies(text, a, b) or [x.canonical for x in agencies.within(a, b)]
    if _res()["collective"].match(text, start) and len(text[start:body_end].split()) <= 16:
        return []
    named = named_bodies(text[start:body_end])
    return named or None


def _group(written: str) -> bool:
    """ "Ủy ban nhân dân các xã": bodies of a kind, not one body."""
    return bool(_res()["group"].search(written))


def named_bodies(written: str) -> list[str]:
    """The bodies a heading or a chủ trì cell names when the gazetteer knows none of them ("Công an tỉnh",
    "Bộ CHQS tỉnh; UBND cấp xã"): pieces that open with an organisation noun, carry no verb and name no group."""
    out = []
    for piece in re.split(r"\s*[;,]\s*|\s+và\s+(?=[A-ZĐ])", " ".join(written.split())):
        piece = piece.strip(" .:-")
        if not piece or not 2 <= len(piece.split()) <= 14 or _group(piece) or is_collective(piece) \
                or not organisation_head().match(piece) \
                or verb_pattern().search(piece):
            continue
        out.append(canonical_name(expand_abbreviations(piece)))
    return list(dict.fromkeys(out))


def _outline_tasks(doc: Document, structure: Structure, agencies: ByStart[AgencyItem], dates: ByStart[DateItem],
                   doc_type: str | None) -> list[TaskItem]:
    text = doc.norm
    blocks = structure.blocks
    leads: dict[int, list[str]] = {}  # block → lead its heading gives to what is under it
    for block in blocks:
        is_intro = block.kind == "heading" or (block.marker is None and text[block.nend - 1] == ":")
        if is_intro:
            lead = _heading_lead(doc, block, agencies, structure.header.recipients if structure.header else [])
            if lead is not None:
                leads[block.index] = lead
    tasks: list[TaskItem] = []
    for block in blocks:
        ancestors = structure.ancestors(block)
        inherited = next((leads[a.index] for a in ancestors if a.index in leads), None)
        if block.kind == "heading" or block.index in leads or _introduces(doc, blocks, block):
            continue
        if block.role in ("basis", "goals", "report", "appendix") and inherited is None:
            continue
        body = text[block.body : block.nend]
        if _res()["empty"].fullmatch(body) or _res()["note"].match(body):
            continue  # "(Chi tiết tại Phụ lục kèm theo)"
        directing = doc_type in _DIRECTING_TYPES and block.role is None
        in_tasks = block.role == "tasks" or inherited is not None or (
            directing and (block.marker is not None or block.parent is not None))
        # A list item (with the paragraphs it holds), or a paragraph under an agency's heading, is one task;
        # another paragraph, one per sentence.
        whole = block.marker is not None or inherited is not None or (
            block.parent is not None and blocks[block.parent].kind == "item")
        sentences = [(max(s.nstart, block.body), min(s.nend, block.nend)) for s in doc.sentences
                     if s.nend > block.body and s.nstart < block.nend]
        spans = _article_units(doc, sentences, agencies) if whole and block.marker == "article" else \
            [(block.body, block.nend)] if whole else sentences
        for start, end in spans:
            task = _read(doc, block, start, end, agencies, in_tasks, whole, tasks)
            if task is None:
                continue
            if inherited is not None and not task.lead and (task.assignee_text is None or task.assigner is None):
                task.lead = list(inherited)  # under "4. Công an tỉnh", "Chỉ đạo các đơn vị …" is the Công an's
            task.block = block.index
            if task.deadline is None:
                timing(task, text, dates)
            tasks.append(task)
    return tasks


def _introduces(doc: Document, blocks: list[Block], block: Block) -> bool:
    """A paragraph ending in ":" right above a numbered list ("…, Bộ Xây dựng yêu cầu các cơ quan, đơn vị:"):
    its items are the tasks, it is their preamble."""
    following = blocks[block.index + 1] if block.index + 1 < len(blocks) else None
    return block.marker is None and doc.norm[block.nend - 1] == ":" and following is not None \
        and following.marker is not None and following.parent == block.parent


def _article_units(doc: Document, sentences: list[tuple[int, int]],
                   agencies: ByStart[AgencyItem]) -> list[tuple[int, int]]:
    """An article is one task, unless later sentences open with a doer of their own ("Điều 3. Sở A có trách
    nhiệm …. Văn phòng UBND tỉnh có trách nhiệm …"): then each such sentence starts a task."""
    cuts = [start for start, end in sentences[1:] if _subject_leads(doc, start, end, agencies)]
    if not sentences or not cuts:
        return [(sentences[0][0], sentences[-1][1])] if sentences else []
    bounds = [sentences[0][0], *cuts, sentences[-1][1]]
    return list(pairwise(bounds))


def _read(doc: Document, block: Block, start: int, end: int, agencies: ByStart[AgencyItem], in_tasks: bool,
          whole: bool, tasks: list[TaskItem]) -> TaskItem | None:
    """The task of one unit of a block, or None (a paragraph that goes on with its item extends that task)."""
    text = doc.norm
    if _res()["telling"].search(text, start, end):
        return None  # "Văn phòng Trung ương Đảng xin thông báo để các cơ quan có liên quan biết"
    if block.marker == "article" and _res()["decides"].match(text, start):
        return None  # "Điều 1. Thông qua Báo cáo …" adopts, it assigns nothing
    if _res()["continues"].match(text, start) and _goes_on(doc, block, start, tasks):
        tasks[-1].nend = end  # "Trong đó, ưu tiên …" details the item above
        return None
    task = read_unit(doc, Unit(start, end, block.marker is not None, block.index), agencies, in_problems=False)
    if task is None:
        if not in_tasks or _res()["not_task"].match(text, start):
            return None
        named = _subject_leads(doc, start, end, agencies)
        if not named and _goes_on(doc, block, start, tasks):  # one that opens with its own doer is a task
            tasks[-1].nend = end  # a paragraph that goes on with its item
            return None
        task = TaskItem(start, end)
        for agency in agencies.within(start, end):
            if _res()["lead_cue"].match(text, agency.nend) and agency.canonical not in task.lead:
                task.lead.append(agency.canonical)
    elif not in_tasks and block.role == "funding":
        return None
    else:
        named = _subject_leads(doc, start, end, agencies)
    task.nstart, task.nend = min(task.nstart, start), end  # a task runs to the end of its unit
    if named:  # the unit opens with its doer
        task.lead, task.assignee_text = named, None
    return task


def _goes_on(doc: Document, block: Block, start: int, tasks: list[TaskItem]) -> bool:
    """An unmarked paragraph under the item whose task was just read, not a directive of its own."""
    return block.marker is None and block.parent is not None and bool(tasks) and tasks[-1].block == block.parent \
        and not _res()["directive"].match(doc.norm, start)


def _subject_leads(doc: Document, start: int, end: int, agencies: ByStart[AgencyItem]) -> list[str]:
    """Who a formal text's unit names as its doer: "Giao Đảng ủy Chính phủ: …", "Bộ Quốc phòng, Bộ Công an chỉ
    đạo …" (the bodies that direct lead), "Các Bộ: Quốc phòng, Tài chính kịp thời …"."""
    text = doc.norm
    res = _res()
    distributed = distributed_bodies(text, start, end)
    if distributed:
        return distributed
    m = res["giao_colon"].match(text, start, end) or res["directs"].match(text, start, end)
    if m:
        named = [a for a in agencies.within(m.start("subj"), m.end("subj")) if not _group(text[a.nstart : a.nend])]
        if named and res["head_of"].fullmatch(text, m.start("subj"), named[0].nstart):
            # "Chánh Văn phòng UBND tỉnh; Giám đốc Sở …; … và các tổ chức … chịu trách nhiệm thi hành"
            return list(dict.fromkeys(a.canonical for a in named))
        found = [a for a in named if not res["after_head"].match(text, a.nend)]
        gap = text[m.start("subj") : found[0].nstart] if found else ""
        if found and len(gap.strip()) <= 1:  # the unit opens with its doer
            return list(dict.fromkeys(a.canonical for a in found))
        return []
    giao = res["giao"].match(text, start, end)
    if giao:  # "Giao Bộ trưởng Bộ Nội vụ thừa ủy quyền …": the body of the head it charges
        head = res["head_of"].match(text, giao.end(), end)
        at = head.end() if head else giao.end()
        first = next(iter(agencies.within(at, end)), None)
        if first is not None and first.nstart - at <= 1 and not _group(text[first.nstart : first.nend]):
            return [first.canonical]
    m = res["enumerated"].match(text, start, end)
    if m:
        return enumerated_bodies(m["head"], m["names"])
    return []


def distributed_bodies(text: str, start: int, end: int) -> list[str]:
    """The bodies of each place a unit opens with: "Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk" →
    Ủy ban nhân dân tỉnh Khánh Hòa, Ủy ban nhân dân tỉnh Đắk Lắk; "Bí thư tỉnh ủy" → Tỉnh ủy Khánh Hòa. The
    places run while they are provinces ("…, Gia Lai và lãnh đạo các Bộ" stops at "lãnh đạo")."""
    m = _res()["distributed"].match(text, start, end)
    if not m:
        return []
    places: list[tuple[str, bool]] = []
    for piece in _LIST_SPLIT.split(" ".join(m["places"].split())):
        piece = piece.strip(" .;:")
        ids = provinces_called(piece, today=True)
        if not ids:
            break
        places.append((piece, registry()[ids[0]].type == "thanh_pho"))
    bodies = [_res()["leading_head"].sub("", piece, count=1) for piece in _LIST_SPLIT.split(m["bodies"])]
    out = []
    for body in bodies:
        for place, city in places:
            if fold(body).endswith(" uy"):
                name = f"{'Thành ủy' if city else 'Tỉnh ủy'} {place}"
            else:
                name = f"{expand_abbreviations(body)} {'thành phố' if city else 'tỉnh'} {place}"
            out.append(canonical_name(name))
    return list(dict.fromkeys(out))


def enumerated_bodies(head: str, names: str) -> list[str]:
    """ "Các Cục: Di sản văn hóa, Bản quyền tác giả" → Cục Di sản văn hóa, Cục Bản quyền tác giả: the pieces the
    gazetteer knows with the head before them. A name with a comma of its own ("Xuất bản, In và Phát hành") is
    tried whole first; the list ends at the first piece that is no whole name ("Tài chính kịp thời xuất cấp …"
    still gives Bộ Tài chính)."""
    known_re, _ = known_bodies()
    pieces = [p for p in re.split(r"\s*[;,]\s*|\s+và\s+", " ".join(names.split()).strip(" .")) if p]
    found: list[str] = []
    i = 0
    while i < len(pieces):
        run = next(((f"{head} {joint.join(pieces[i:j])}", j) for j in range(min(len(pieces), i + 3), i, -1)
                    for joint in (", ", " và ") if known_re.fullmatch(f"{head} {joint.join(pieces[i:j])}")), None)
        if run is None:
            words = pieces[i].split()
            prefix = next((f"{head} {' '.join(words[:n])}" for n in range(len(words) - 1, 0, -1)
                           if known_re.fullmatch(f"{head} {' '.join(words[:n])}")), None)
            found += [canonical_name(prefix)] if prefix else []
            break
        found.append(canonical_name(run[0]))
        i = run[1]
    return list(dict.fromkeys(found))


# -- task tables ----------------------------------------------------------------------------------------------


def _table_tasks(doc: Document, table: Table, agencies: ByStart[AgencyItem],
                 dates: ByStart[DateItem]) -> list[TaskItem]:
    text = doc.norm
    tasks = []
    for i, row in enumerate(table.rows):
        if row.kind != "data":
            continue
        content = cell_for(text, table, row, "content")
        if content is None or len(text[content.nstart : content.nend].split()) < 3:
            continue
        task = TaskItem(content.nstart, content.nend, table_row=(table.index, i), block=table.block)
        lead = cell_for(text, table, row, "lead")
        if lead is not None:
            task.lead = list(dict.fromkeys(a.canonical for a in agencies.within(lead.nstart, lead.nend)
                                           if not _group(text[a.nstart : a.nend])))
            for listed in _res()["listed"].finditer(text, lead.nstart, lead.nend):  # "Các Cục: X, Y"
                task.lead += [n for n in enumerated_bodies(listed["head"], listed["names"]) if n not in task.lead]
            task.lead = task.lead or named_bodies(text[lead.nstart : lead.nend])
            if not task.lead:
                task.assignee_text = " ".join(text[lead.nstart : lead.nend].split()) or None
        coordinating = cell_for(text, table, row, "coordinating")
        if coordinating is not None:
            task.coordinating = [a.canonical for a in agencies.within(coordinating.nstart, coordinating.nend)
                                 if a.canonical not in task.lead]
        when = cell_for(text, table, row, "time")
        if when is not None:
            found = dates.within(when.nstart, when.nend)
            if len(found) > 1:  # "Quý IV/2025 - Quý II/2026": from the first's start to the last's end
                first, last = found[0].value.split("/")[0], found[-1].value.split("/")[-1]
                task.deadline = first if first == last else f"{first}/{last}"
            else:
                task.deadline = found[0].value if found else None
            year = _res()["year"].fullmatch(text, when.nstart, when.nend) if not found else None
            if year:
                task.deadline = year["y"]  # a time cell of a year alone: "2025"
            task.deadline_text = " ".join(text[when.nstart : when.nend].split()) or None
        tasks.append(task)
    return tasks
