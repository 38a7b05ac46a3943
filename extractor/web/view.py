"""One document as a self-contained HTML page: every extracted item highlighted by kind in the text and
listed beside it with its normalized fields, so a reader can check each fact against its source. A formal
document also gets its outline (headings, items, tables) beside the text, each task listed in its place.

`vngov show` writes the page to a file and `vngov serve` answers GET /-/vngov/document/{id} with it. The page
has no script and no external asset (inline CSS, a Content-Security-Policy that forbids scripts), and every
piece of the document is escaped: a text holding `<script>` shows it as text.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape

from extractor.store.graph import Citations
from extractor.store.writer import fact_kinds
from schemas import Block, DocumentResult

TEMPLATES = files("extractor.web") / "templates"
# Scripts, frames, forms and remote loads are refused by the browser even if escaping were ever to fail.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_HIDDEN_FIELDS = {"span", "text", "sentence"}
_PREVIEW = 110  # characters of a block shown in the outline; the text itself is one click away


@dataclass(frozen=True)
class Focus:
    """The fact a link asks to check: by kind and ordinal, or by span."""

    kind: str | None = None
    ordinal: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Item:
    kind: str
    ordinal: int
    start: int
    end: int
    text: str
    sentence: tuple[int, int] | None
    fields: dict[str, Any]
    focus: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.ordinal}"


@dataclass
class OutlineTable:
    """A table of the outline, with the tasks its rows hold (row number, task)."""

    index: int
    start: int
    columns: list[str]
    rows: int
    tasks: list[tuple[int, Item]] = field(default_factory=list)


@dataclass
class OutlineEntry:
    """A heading, item or task-holding paragraph of the outline, with its tasks and tables."""

    index: int
    start: int
    end: int
    level: int
    kind: str
    role: str | None
    preview: str
    tasks: list[Item] = field(default_factory=list)
    tables: list[OutlineTable] = field(default_factory=list)


@dataclass
class Outline:
    entries: list[OutlineEntry] = field(default_factory=list)
    loose_tasks: list[Item] = field(default_factory=list)  # tasks no block or table row holds


@dataclass
class Page:
    items: list[Item]
    focus: Item | None = None
    focus_span: tuple[int, int] | None = None
    focus_sentence: tuple[int, int] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    outline: Outline = field(default_factory=Outline)


@cache
def labels() -> dict[str, str]:
    """Each fact kind's name in Vietnamese and English, from the server's metadata (one source for both)."""
    metadata = yaml.safe_load((TEMPLATES / "datasette.yaml").read_text(encoding="utf-8"))
    tables = metadata["database"]["tables"]
    return {kind: tables.get(kind, {}).get("title", kind) for kind in highlighted_kinds()}


def highlighted_kinds() -> list[str]:
    """The contract's lists whose items are grounded mentions; warnings are listed, not highlighted."""
    return [kind for kind, model in fact_kinds().items() if "text" in model.model_fields]


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    """The normalized fields worth showing: set, and not a default that says nothing."""
    shown = {}
    for name, value in values.items():
        if name in _HIDDEN_FIELDS or value in (None, [], {}, False, ""):
            continue
        if name == "source" and value == "rule":
            continue
        shown[name] = int(value) if isinstance(value, float) and value.is_integer() else value  # 53, not 53.0
    return shown


def collect(result: DocumentResult, text: str, focus: Focus | None = None) -> Page:
    """Every grounded item of a result, and which one (with its sentence) a link asks to highlight."""
    items: list[Item] = []
    for kind in highlighted_kinds():
        for n, found in enumerate(getattr(result, kind)):
            start, end = found.span
            if not 0 <= start <= end <= len(text):
                continue  # not grounded in this text; the list shows only what can be checked
            values = found.model_dump(mode="json")
            items.append(Item(kind, n, start, end, found.text, tuple(found.sentence) if found.sentence else None,
                              _fields(values)))
    page = Page(items, counts={kind: sum(i.kind == kind for i in items) for kind in highlighted_kinds()},
                outline=outline(result, items))
    if focus is None:
        return page
    for item in items:
        by_ordinal = focus.kind == item.kind and focus.ordinal == item.ordinal
        by_span = focus.start is not None and (focus.start, focus.end) == (item.start, item.end)
        if by_ordinal or (by_span and page.focus is None):
            if page.focus is not None:
                page.focus.focus = False
            item.focus = True
            page.focus = item
    if page.focus:
        page.focus_span = (page.focus.start, page.focus.end)
        page.focus_sentence = page.focus.sentence
    elif focus.start is not None and focus.end is not None and 0 <= focus.start <= focus.end <= len(text):
        page.focus_span = (focus.start, focus.end)  # a span no item has: still shown
    return page


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _PREVIEW else flat[:_PREVIEW].rsplit(" ", 1)[0] + " …"


def outline(result: DocumentResult, items: list[Item]) -> Outline:
    """The outline as the page lists it: headings and items in order, each with the tasks it holds.

    A task sits under its block (`Task.block`) or, for a task-table row, under that row of its table; plain
    paragraphs are left out unless they hold a task, a table or other blocks ("Giao Sở X:").
    """
    structure = result.structure
    if not structure.blocks and not structure.tables:
        return Outline()
    tasks = [item for item in items if item.kind == "tasks"]
    holders = {block.parent for block in structure.blocks} | {table.block for table in structure.tables}
    holders |= {item.fields.get("block") for item in tasks}
    entries = {
        block.index: OutlineEntry(block.index, *block.span, block.level, block.kind, block.role,
                                  _preview(block.text))
        for block in structure.blocks if block.kind != "paragraph" or block.index in holders
    }
    tables = {table.index: OutlineTable(table.index, table.span[0], table.columns, len(table.rows))
              for table in structure.tables}
    ordered = sorted(entries.values(), key=lambda entry: entry.start)
    loose = OutlineEntry(-1, 0, 0, 1, "paragraph", None, "")
    for table in structure.tables:
        entries.get(table.block if table.block is not None else -1, loose).tables.append(tables[table.index])
    parents = {block.index: block.parent for block in structure.blocks}
    blocks = sorted(structure.blocks, key=lambda block: block.span[0])

    def shown(index: int | None) -> OutlineEntry | None:
        """The entry of a block, or of its nearest ancestor the outline lists."""
        while index is not None and index not in entries:
            index = parents.get(index)
        return entries.get(index) if index is not None else None

    result_outline = Outline()
    for task in tasks:
        row = task.fields.get("table_row")
        holder = shown(task.fields.get("block")) or shown(_innermost(blocks, task.start))  # prose: by its span
        if row and row[0] in tables:
            tables[row[0]].tasks.append((row[1], task))
        elif holder:
            holder.tasks.append(task)
        else:
            result_outline.loose_tasks.append(task)
    result_outline.entries = ordered
    if loose.tables:
        result_outline.entries.insert(0, loose)
    return result_outline


def _innermost(blocks: list[Block], offset: int) -> int | None:
    """The block holding `offset` that starts last (blocks nest, so it is the innermost), by index."""
    starts = [block.span[0] for block in blocks]
    for block in reversed(blocks[:bisect_right(starts, offset)]):
        if block.span[0] <= offset < block.span[1]:
            return block.index
    return None


def _segments(text: str, page: Page) -> Markup:
    """The text cut at every item, sentence and focus boundary; each piece marked with the items covering it.

    Cutting at every boundary handles overlapping and nested items without nesting tags: a piece covered by
    several items takes the colour of the shortest (the most specific) and lists all of them in its title.
    """
    cuts = {0, len(text)}
    for item in page.items:
        cuts |= {item.start, item.end}
    places: dict[int, list[str]] = {}  # outline anchors, so the outline's links land on their block
    for entry in page.outline.entries:
        if entry.index >= 0:
            places.setdefault(entry.start, []).append(f"b-{entry.index}")
        for table in entry.tables:
            places.setdefault(table.start, []).append(f"tb-{table.index}")
    cuts |= {start for start in places if 0 <= start <= len(text)}
    for span in (page.focus_span, page.focus_sentence):
        if span:
            cuts |= set(span)
    starts: dict[int, list[Item]] = {}
    for item in page.items:
        starts.setdefault(item.start, []).append(item)
    bounds = sorted(cuts)
    # Items sorted by start let each piece find its covering items by a sweep, not a scan of all items.
    ordered = sorted(page.items, key=lambda i: (i.start, -i.end))
    active: list[Item] = []
    nxt = 0
    sentence = page.focus_sentence if page.focus_sentence and page.focus_sentence[0] < page.focus_sentence[1] else None
    out: list[str] = []
    for a, b in pairwise(bounds):
        for anchor in places.get(a, ()):
            out.append(f'<span class="anchor" id="{anchor}"></span>')
        for item in starts.get(a, ()):
            out.append(f'<span class="anchor" id="t-{item.key}"></span>')
        while nxt < len(ordered) and ordered[nxt].start <= a:
            active.append(ordered[nxt])
            nxt += 1
        active = [i for i in active if i.end > a]
        if sentence and a == sentence[0]:
            out.append('<span class="sentence">')  # cuts never fall inside a piece, so this nests
        piece = str(escape(text[a:b]))
        covering = [i for i in active if i.start <= a and i.end >= b and i.end > i.start]
        classes = []
        if page.focus_span and page.focus_span[0] <= a and b <= page.focus_span[1] and b > a:
            classes.append("focus")
        if covering:
            inner = min(covering, key=lambda i: (i.end - i.start, i.kind))
            classes += ["hl", f"k-{inner.kind}"] + (["multi"] if len(covering) > 1 else [])
            title = "; ".join(f"{labels()[i.kind]} #{i.ordinal}: {i.text}" for i in covering)
            out.append(f'<a class="{" ".join(classes)}" href="#i-{inner.key}" '
                       f'title="{html.escape(title, quote=True)}">{piece}</a>')
        elif classes:
            out.append(f'<span class="{" ".join(classes)}">{piece}</span>')
        else:
            out.append(piece)
        if sentence and b == sentence[1]:
            out.append("</span>")
    return Markup("".join(out))


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    return env.from_string((TEMPLATES / "document.html").read_text(encoding="utf-8"))


def render(text: str, result: DocumentResult, *, document_id: str | None = None, focus: Focus | None = None,
           links: list[tuple[str, str]] | None = None, citations: Citations | None = None,
           document_url: str | None = None) -> str:
    """The page of one document. `links` (label, href) go in its header, e.g. back to the server's tables;
    `citations`, the stored documents it cites and those citing it, each linked at `document_url` + its id."""
    page = collect(result, text, focus)
    focus_sentence = text[slice(*page.focus_sentence)] if page.focus_sentence else None
    return _template().render(
        css=Markup((TEMPLATES / "document.css").read_text(encoding="utf-8")),
        csp=CSP,
        result=result,
        title=result.metadata.title or result.source or document_id or "vngov",
        document_id=document_id,
        text_html=_segments(text, page),
        page=page,
        labels=labels(),
        kinds=highlighted_kinds(),
        focus_sentence=focus_sentence,
        warnings=result.warnings,
        links=links or [],
        citations=citations or Citations([], []),
        document_url=document_url,
    )
