"""Tasks (spec §6): the work a text assigns, with who leads it and by when.

Units are list items ("(2).", "3.", "-") and, outside lists, sentences. A unit is a task when it is a
directive: it opens with an action verb ("Tổ chức tập huấn …"), its subject is followed by a modal or
action verb ("Sở Tài chính nghiên cứu …", "các sở cần …"), or an authority assigns it ("Chủ tịch UBND
tỉnh yêu cầu, thời gian tới, BCĐ rà soát …"). Lists introduced as problems or causes ("tồn tại, hạn
chế", "nguyên nhân") and sentences reporting results ("đã", "chưa", "còn") are not tasks. A numbered
heading that names an agency ("2. Sở Thông tin và Truyền thông: …") leads every paragraph under it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from extractor.components.items import AgencyItem, DateItem, TaskItem
from extractor.lexicon.patterns import alternation, bounded, load
from extractor.text.document import Document
from extractor.text.spans import ByStart


@cache
def _data() -> dict:
    return load("tasks")


@cache
def _res() -> dict[str, re.Pattern[str]]:
    d = _data()
    flags = re.IGNORECASE

    def words(key: str) -> str:
        return alternation(d[key])

    return {
        "action": re.compile(rf"(?:{words('action_verbs')})(?![\w])", flags),
        "modal": re.compile(bounded(words('modal_verbs')), flags),
        # Lower-case only: "Ban Chỉ đạo", "Giao dịch" are names and nouns.
        "directive": re.compile(bounded(words('directive_verbs')) + r"\s*[,:]?\s*"),
        "not_action": re.compile(rf"(?:{words('not_actions')})(?![\w])", flags),
        "doer_verb": re.compile(bounded(rf"{words('modal_verbs')}|{words('action_verbs')}"), flags),
        "statement": re.compile(rf"(?:{words('statement_verbs')})(?![\w])", flags),
        "past": re.compile(bounded(words('past_markers')), flags),
        "authority": re.compile(bounded(words('authorities'))),
        "collective": re.compile(rf"(?:{words('collective')})(?![\w])", flags),
        "not_task": re.compile(bounded(words('not_task')), flags),
        "problems": re.compile(bounded(words('problem_sections')), flags),
        "tasks": re.compile(bounded(words('task_sections')), flags),
        "discourse": re.compile(rf"(?:{words('discourse')})\s*[,:]?\s*", flags),
        "done": re.compile(bounded(alternation(d['status']['done'])), flags),
        "in_progress": re.compile(bounded(alternation(d['status']['in_progress'])), flags),
    }


_CAPTION = re.compile(r"[-–]\s*Ảnh\s*:|\(Ảnh\s*:|\bẢnh\s*:\s*\S+\s*$")
_MARKER = re.compile(r"(?:\(\d{1,2}\)\.?|\d{1,2}[.)]|[a-zđ]\)|[-+•–])\s+")
_TOPIC = re.compile(r"Về [^:\n]{2,60}:\s*")  # "Về chính quyền số: Từng bước …"


@dataclass
class Unit:
    start: int  # where the task text may start (after a list marker)
    end: int
    listed: bool
    paragraph: int


# What a directive's object may start with: a body, a group or an action (not "của …", "đến …").
_BODY_START = re.compile(r"(?:các|những|toàn|mọi|từng|cán bộ|người)\s", re.IGNORECASE)


def _units(doc: Document) -> list[Unit]:
    """List items (a marker and the sentences after it) and the other sentences, in text order."""
    text = doc.norm
    units: list[Unit] = []
    paragraph_of = {}
    for i, p in enumerate(doc.paragraphs):
        paragraph_of[p.nstart] = i
    starts = sorted(paragraph_of)
    current: Unit | None = None
    for sent in doc.sentences:
        para = bisect.bisect_right(starts, sent.nstart) - 1
        marker = _MARKER.match(text, sent.nstart)
        if marker:
            current = Unit(marker.end(), sent.nend, True, para)
            units.append(current)
        elif current is not None and current.listed and para == current.paragraph:
            current.end = sent.nend  # one list item holding several sentences is one task
        else:
            current = Unit(sent.nstart, sent.nend, False, para)
            units.append(current)
    return units


def _skip_discourse(text: str, pos: int, end: int) -> int:
    for _ in range(3):
        m = _res()["discourse"].match(text, pos, end) or _TOPIC.match(text, pos, end)
        if m is None:
            break
        pos = m.end()
    return pos


def _agency_at(agencies: ByStart[AgencyItem], start: int, end: int) -> list[AgencyItem]:
    return agencies.within(start, end)


def find_tasks(doc: Document, found_agencies: list[AgencyItem], found_dates: list[DateItem],
               end: int | None = None) -> list[TaskItem]:
    """The tasks of a text read as prose, up to `end` (the header of a formal text a summary precedes)."""
    text = doc.norm
    agencies = ByStart(found_agencies, lambda a: a.nstart)
    dates = ByStart(found_dates, lambda d: d.nstart)
    res = _res()
    tasks: list[TaskItem] = []
    in_problems = False
    heading: list[str] | None = None  # the lead named by a numbered heading ('2. Sở TT&TT: …')
    previous: TaskItem | None = None
    previous_unit: Unit | None = None
    for unit in _units(doc):
        if end is not None and unit.start >= end:
            break
        if _CAPTION.search(text, unit.start, unit.end) or text.startswith("#", text.rfind("\n", 0, unit.start) + 1):
            continue  # a photo caption, or a page's title line ("## Bộ Xây dựng yêu cầu …")
        head = text[unit.start : unit.end]
        # A section introduction decides what its list holds: the last of its cue words wins
        # ("Để đạt được các mục tiêu …, yêu cầu các sở …:" introduces tasks).
        if head.rstrip().endswith(":"):
            problem = [m.start() for m in res["problems"].finditer(head)] + [
                m.start() for m in re.finditer(bounded("đã"), head)]
            task_cue = [m.start() for m in res["tasks"].finditer(head)] + [
                m.start() for m in res["directive"].finditer(head)]
            if problem or task_cue:
                in_problems = max(problem, default=-1) > max(task_cue, default=-1)
        raw = text[unit.start : unit.end]
        if unit.listed and re.match(r"\d{1,2}[.)]", text[unit.start - 3 : unit.start].strip() or "x"):
            heading = None  # a new numbered item ends the previous heading's reach
        task = read_unit(doc, unit, agencies, in_problems)
        if task is not None and task.assigner is not None:
            in_problems = False  # an authority's directive opens a section of tasks
        agency_heading = _heading_agency(text, unit, agencies)
        if agency_heading is not None:
            heading = agency_heading
        if task is None:
            if not raw.strip():
                continue
            previous = None if not unit.listed else previous
            previous_unit = unit
            continue
        if not task.lead and task.assignee_text is None:
            if heading is not None:
                task.lead = list(heading)
            elif (previous is not None and previous_unit is not None and not unit.listed
                  and not previous_unit.listed and unit.paragraph - previous_unit.paragraph <= 1):
                task.lead = list(previous.lead)  # "Đánh giá lại …" goes on with the body assigned before
        if heading is not None and previous is not None and previous_unit is not None and not unit.listed \
                and previous_unit.paragraph == unit.paragraph and tasks and tasks[-1] is previous:
            previous.nend = task.nend  # under an agency heading a paragraph is one task
            if previous.deadline is None:
                timing(previous, text, dates)
            previous_unit = unit
            continue
        timing(task, text, dates)
        tasks.append(task)
        previous, previous_unit = task, unit
    return tasks


def _heading_agency(text: str, unit: Unit, agencies: ByStart[AgencyItem]) -> list[str] | None:
    """'2. Sở Thông tin và Truyền thông: …' — a numbered item that opens with an agency and a colon."""
    if not unit.listed:
        return None
    found = _agency_at(agencies, unit.start, unit.start + 2)
    if not found:
        return None
    after = text[found[0].nend : found[0].nend + 3]
    return [found[0].canonical] if after.lstrip().startswith(":") else None


def read_unit(doc: Document, unit: Unit, agencies: ByStart[AgencyItem], in_problems: bool) -> TaskItem | None:
    text = doc.norm
    res = _res()
    start, end = unit.start, unit.end
    # An authority assigns: the task is what follows the directive verb.
    opening = _OPENING_DIRECTIVE.match(text, _skip_discourse(text, start, end), end)
    for m in [opening] if opening else res["directive"].finditer(text, start, end):
        if any(a.nend > m.start() for a in agencies.within(m.start() - 120, m.start() + 1)):
            continue
        if re.search(r"(?<![\w])(?:theo|được|đã được|đáp ứng)\s*$", text[max(start, m.start() - 10) : m.start()],
                     re.IGNORECASE):
            continue  # "theo yêu cầu của …" reports a request; "được giao", "đáp ứng yêu cầu" describe one
        before = text[start : m.start()]
        authority = _assigned_by(text, start, m.start(), agencies)
        if in_problems and not authority:
            continue  # in a list of problems a request without an authority is part of the problem
        if not authority and m is not opening and _res()["action"].match(text, _skip(text, m.end())):
            continue  # "… và yêu cầu tích hợp …": a requirement, not an assignment
        if m.group(0).strip(" ,:").lower() == "chỉ đạo" and _res()["action"].match(text, _skip(text, m.end())):
            continue  # "chỉ đạo thúc đẩy …" describes leadership; "chỉ đạo Bộ Xây dựng chủ trì …" assigns
        body = _skip_discourse(text, m.end(), end)
        nested = _OPENING_DIRECTIVE.match(text, body, end)
        if nested:  # "… có ý kiến chỉ đạo: Yêu cầu Bộ trưởng Bộ GTVT …"
            body = nested.end()
        # Without a named authority the text itself assigns ("Yêu cầu Bộ Công an hướng dẫn …"): the
        # object must then be a body, a group or a place with its verb.
        task = _classify(doc, body, end, agencies, strict=not (authority and _BODY_START.match(text, body)),
                         directed=True)
        if task is not None:
            task.assigner = " ".join(before.split()).rstrip(" ,") or None
            return task
    heading = _heading_agency(text, unit, agencies)
    if heading is not None:
        return TaskItem(start, end, lead=heading)
    if in_problems:
        return None
    body = _skip_discourse(text, start, end)
    conditional = _CONDITIONAL.match(text[body:end])
    if conditional:  # "Đối với các sở chưa ban hành kế hoạch, khẩn trương xây dựng …"
        task = _classify(doc, body + conditional.end(), end, agencies, strict=True)
        if task is not None:
            task.nstart = body
        return task
    return _classify(doc, body, end, agencies, strict=True)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " ,:":
        pos += 1
    return pos


def _assigned_by(text: str, start: int, verb: int, agencies: ByStart[AgencyItem]) -> bool:
    """True when an authority is the subject of the directive verb: 'Chủ tịch UBND tỉnh Hoàng Nam đề nghị'."""
    window = max(start, verb - 60)
    ends = [m.end() for m in _res()["authority"].finditer(text, window, verb)]
    ends += [a.nend for a in agencies.within(window - 120, verb) if window <= a.nend <= verb]
    if not ends:
        return False
    gap = text[max(ends) : verb]
    return len(gap.split()) <= 5 and not re.search(r"[,.;:]", gap)


_OPENING_DIRECTIVE = re.compile(r"(?:Yêu cầu|Đề nghị|Chỉ đạo)\s*[,:]?\s+")
_CONDITIONAL = re.compile(r"Đối với [^;]{3,120}?,\s*(?=(?:khẩn trương|chủ động|tiếp tục|tập trung|xây dựng|rà soát))")
_LEADS = re.compile(r"\s*(?:chủ trì|cần|phải|chịu trách nhiệm|có trách nhiệm)")
_DEADLINE_CUE = re.compile(r"(?:trước|trong|chậm nhất|hạn|đến hết)\s*(?:ngày\s+)?$")
_ADVERBS = re.compile(r"\s*(?:[,:]\s*)?(?:(?:khẩn trương|chủ động|tiếp tục|sớm|kịp thời|trước hết)\s+)*")


def _classify(doc: Document, start: int, end: int, agencies: ByStart[AgencyItem], strict: bool,
              directed: bool = False) -> TaskItem | None:
    """A task when the text from `start` opens with an action verb or with a doer and its verb."""
    text = doc.norm
    res = _res()
    opening = text[start : min(end, start + 60)]
    action = res["action"].match(text, start, end)
    if action and res["not_action"].match(text, start, end):
        action = None
    if action is None and res["not_task"].search(" ".join(opening.split()[:6])):
        return None
    if action is not None and res["past"].search(text, start, end):
        return None
    task = TaskItem(start, end)
    if action:
        task.action = action.group(0).lower()
        if task.action == "giao":
            giao_agency = _agency_at(agencies, action.end(), action.end() + 3)
            if giao_agency:
                task.lead = [giao_agency[0].canonical]
    else:
        doer = _doer(doc, start, end, agencies, strict, directed)
        if doer is None:
            return None
        task.lead, task.assignee_text, task.action = doer
    # A body named with "chủ trì" or "cần" inside the item leads it; "phối hợp với X" coordinates.
    for agency in _agency_at(agencies, start, end):
        after = text[agency.nend : agency.nend + 14].lower()
        if _LEADS.match(after) and agency.canonical not in task.lead:
            task.lead.append(agency.canonical)
        before = text[max(start, agency.nstart - 14) : agency.nstart].lower()
        if "phối hợp với" in before and agency.canonical not in task.lead + task.coordinating:
            task.coordinating.append(agency.canonical)
    if res["done"].search(text, start, end):
        task.status = "done"
    elif res["in_progress"].search(text, start, end):
        task.status = "in_progress"
    return task


_POSITION = re.compile(r"(?:[Cc]hủ tịch|Phó [Cc]hủ tịch|Bộ trưởng|Thứ trưởng|Giám đốc|[Tt]hủ trưởng|[Tt]ổng giám đốc|"
                       r"Chánh|Trưởng ban|Bí thư)(?![\w])")
_PLACE_SUBJECT = re.compile(r"(?:[Tt]ỉnh|[Tt]hành phố|[Tt]hủ đô|[Hh]uyện|TP\.?)\s+[A-ZĐ]")


def _doer(doc: Document, start: int, end: int, agencies: ByStart[AgencyItem], strict: bool,
          directed: bool) -> tuple[list[str], str | None, str] | None:
    """(leads, collective assignee, action) of 'subject verb …', or None when the text assigns nothing.

    The subject is a body ("Sở Tài chính nghiên cứu"), an office ("Bộ trưởng Bộ GTVT chỉ đạo"), a group
    ("các sở cần") or a place ("tỉnh Phú Yên cần"); a bare noun phrase counts only before "cần"/"phải"."""
    text = doc.norm
    res = _res()
    semicolon = text.find(";", start, end)
    clause_end = semicolon if semicolon > 0 else end
    verb = None
    for m in res["doer_verb"].finditer(text, start, min(clause_end, start + 160)):
        if m.start() > start and not res["statement"].match(text, m.start()):
            verb = m
            break
        if m.start() > start:
            return None  # "Ban Điều hành … đánh giá Chỉ số …" states, it does not assign
    if verb is None:
        return None
    subject = text[start : verb.start()].strip(" ,")
    if not subject or len(subject.split()) > 16 or re.search(r"[.;:]", subject):
        return None
    leads: list[str] = []
    for agency in _agency_at(agencies, start, verb.start()):
        if agency.canonical not in leads:
            leads.append(agency.canonical)
    collective = res["collective"].match(text, start, verb.start())
    office = _POSITION.match(text, start)
    place = _PLACE_SUBJECT.match(text, start)
    opens_with_body = bool(_agency_at(agencies, start, start + 2))
    modal = verb.group(0).lower() in ("cần", "phải")
    if strict and not (opens_with_body or office or collective or place or (modal and directed)):
        return None
    if strict and not directed and not res["modal"].fullmatch(verb.group(0)):
        return None  # "UBND tỉnh phê duyệt …" reports; "Sở Tài chính nghiên cứu …", "các sở cần …" assign
    if collective or place or not leads:
        return [], subject, verb.group(0).lower()
    return leads, None, verb.group(0).lower()


def timing(task: TaskItem, text: str, dates: ByStart[DateItem]) -> None:
    for d in dates.within(task.nstart, task.nend):
        if d.role == "deadline":
            task.deadline = d.value
            cue = _DEADLINE_CUE.search(text[max(0, d.nstart - 20) : d.nstart])
            task.deadline_text = (cue.group(0) if cue else "") + text[d.nstart : d.nend]
            return
