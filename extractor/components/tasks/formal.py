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

from extractor.components.items import AgencyItem, DateItem, TaskItem
from extractor.components.tasks.prose import Unit, read_unit, timing
from extractor.lexicon.agencies import canonical_name, is_collective, known_bodies, organisation_head, verb_pattern
from extractor.lexicon.names import expand_abbreviations
from extractor.lexicon.patterns import alternation, bounded, load
from extractor.structure import Block, Structure, Table, cell_for
from extractor.text.document import Document
from extractor.text.spans import ByStart

# Documents whose numbered directions are tasks even under no heading (an official letter, a conclusion).
_DIRECTING_TYPES = frozenset({"Công văn", "Công điện", "Thông báo", "Kết luận", "Chỉ thị", "Thông tri"})


@cache
def _res() -> dict[str, re.Pattern[str]]:
    d = load("tasks")["formal"]
    return {
        "not_task": re.compile(rf"\s*(?:{alternation(d['not_task_openings'])})(?![\w])", re.IGNORECASE),
        "telling": re.compile(bounded(alternation(d["not_task_phrases"])), re.IGNORECASE),
        "giao_colon": re.compile(r"\s*Giao\s+(?P<subj>[^:.;]{3,100}?)\s*:"),
        "directs": re.compile(r"\s*(?:Giao\s+)?(?P<subj>[^.:()]{3,240}?)\s+(?:chỉ đạo|chủ trì|có trách nhiệm|"
                              r"chịu trách nhiệm)(?![\w])"),
        # The head of a body before its name: "Chánh Văn phòng UBND tỉnh; Giám đốc Sở … chịu trách nhiệm thi hành".
        "after_head": re.compile(r"\s*(?:và|,)?\s*(?:các|những)\s"),  # "Ủy ban nhân dân tỉnh và các sở": no doer
        "head_of": re.compile(rf"\s*(?:{alternation(d['heads_of_bodies'])})\s*"),
        "enumerated": re.compile(r"\s*Các\s+(?P<head>Bộ|Sở)\s*:\s*(?P<names>[^.;:]{3,200}?)\s+(?=[a-zđ])"),
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


def _heading_lead(doc: Document, block: Block, agencies: ByStart[AgencyItem]) -> list[str] | None:
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
            lead = _heading_lead(doc, block, agencies)
            if lead is not None:
                leads[block.index] = lead
    tasks: list[TaskItem] = []
    for block in blocks:
        ancestors = structure.ancestors(block)
        inherited = next((leads[a.index] for a in ancestors if a.index in leads), None)
        if block.kind == "heading" or block.index in leads:
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
        spans = [(block.body, block.nend)] if whole else [
            (max(s.nstart, block.body), min(s.nend, block.nend)) for s in doc.sentences
            if s.nend > block.body and s.nstart < block.nend]
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


def _read(doc: Document, block: Block, start: int, end: int, agencies: ByStart[AgencyItem], in_tasks: bool,
          whole: bool, tasks: list[TaskItem]) -> TaskItem | None:
    """The task of one unit of a block, or None (a paragraph that goes on with its item extends that task)."""
    text = doc.norm
    if _res()["telling"].search(text, start, end):
        return None  # "Văn phòng Trung ương Đảng xin thông báo để các cơ quan có liên quan biết"
    if _res()["continues"].match(text, start) and _goes_on(doc, block, start, tasks):
        tasks[-1].nend = end  # "Trong đó, ưu tiên …" details the item above
        return None
    task = read_unit(doc, Unit(start, end, block.marker is not None, block.index), agencies, in_problems=False)
    if task is None:
        if not in_tasks or _res()["not_task"].match(text, start):
            return None
        if _goes_on(doc, block, start, tasks):
            tasks[-1].nend = end  # a paragraph that goes on with its item
            return None
        task = TaskItem(start, end)
        for agency in agencies.within(start, end):
            if _res()["lead_cue"].match(text, agency.nend) and agency.canonical not in task.lead:
                task.lead.append(agency.canonical)
    elif not in_tasks and block.role == "funding":
        return None
    task.nstart, task.nend = min(task.nstart, start), end  # a task runs to the end of its unit
    named = _subject_leads(doc, start, end, agencies)
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
    m = res["giao_colon"].match(text, start, end) or res["directs"].match(text, start, end)
    if m:
        found = [a for a in agencies.within(m.start("subj"), m.end("subj")) if not _group(text[a.nstart : a.nend])
                 and not res["after_head"].match(text, a.nend)]
        gap = text[m.start("subj") : found[0].nstart] if found else ""
        if found and (len(gap.strip()) <= 1 or res["head_of"].fullmatch(gap)):  # the unit opens with its doer
            return list(dict.fromkeys(a.canonical for a in found))
        return []
    m = res["enumerated"].match(text, start, end)
    if m:
        known_re, _ = known_bodies()
        names = [f"{m['head']} {n}" for n in re.split(r"\s*,\s*|\s+và\s+", m["names"].strip())]
        return [canonical_name(n) for n in names if known_re.fullmatch(n)]
    return []


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
