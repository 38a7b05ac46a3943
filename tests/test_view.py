"""The document view (vngov show, /-/vngov/document/ID): every item highlighted and listed, the text intact,
overlaps handled, nothing from the document executable; stored documents read back as extracted."""

from __future__ import annotations

import html
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from extractor import extract
from extractor.cli import main
from extractor.store.readback import find_document_id, read_document
from extractor.store.writer import document_id
from extractor.web.view import Focus, highlighted_kinds, render
from schemas import Agency, DocumentResult, Place

from .conftest import SEEDS, formal_text

SEED = SEEDS / "000_a07c08e6ef04dd97.txt"
PLAN = "c5d930a5fc8373cd"  # of formal_docs.jsonl: a Kế hoạch with an outline, a task table, a signature
HOSTILE = (
    "<script>alert(1)</script> Kế hoạch số 12/KH-UBND ngày 3/4/2023 của UBND tỉnh Ninh Thuận\n"
    'Theo Quyết định số 922/QĐ-BTTTT ngày 20/5/2012 <img src=x onerror="alert(2)"> '
    '<a href="javascript:alert(3)">xem</a> "><svg onload=alert(4)> chỉ số DTI đạt 0,3048.\n'
)
# Everything the page itself is made of; a tag or attribute outside these came from a document.
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "span", "code", "a",
             "ul", "li", "section", "blockquote", "dl", "dt", "dd", "main", "article", "aside", "ol", "small", "b",
             "nav", "div"}
PAGE_ATTRIBUTES = {"lang", "charset", "http-equiv", "content", "name", "class", "href", "id", "title", "aria-label"}


class Markup(HTMLParser):
    """The tags and attributes of a page, the text of its article and of its highlighted sentence."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.article: list[str] = []
        self.sentence: list[str] = []
        self._depth = {"article": 0, "sentence": 0}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        opens = {"article": tag == "article", "sentence": dict(attrs).get("class") == "sentence"}
        for name, depth in self._depth.items():
            if depth or opens[name]:
                self._depth[name] += 1

    def handle_endtag(self, tag: str) -> None:
        for name, depth in self._depth.items():
            if depth:
                self._depth[name] -= 1

    def handle_data(self, data: str) -> None:
        if self._depth["article"]:
            self.article.append(data)
        if self._depth["sentence"]:
            self.sentence.append(data)


def parse(page: str) -> Markup:
    parser = Markup()
    parser.feed(page)
    return parser


def test_a_document_with_markup_shows_it_as_text_and_runs_nothing() -> None:
    result = extract(HOSTILE, source='"><script>alert(5)</script>.txt')
    assert result.legal_refs and result.metrics  # the hostile markup sits among real facts
    page = render(HOSTILE, result, document_id=document_id(HOSTILE))
    parsed = parse(page)
    assert {tag for tag, _ in parsed.tags} <= PAGE_TAGS
    for tag, attrs in parsed.tags:
        assert set(attrs) <= PAGE_ATTRIBUTES, (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), attrs
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<svg" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    (csp,) = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # no script runs even if escaping ever failed
    assert "".join(parsed.article) == HOSTILE  # shown as written, character for character


def _rendered(path: Path | str) -> tuple[str, DocumentResult, str, Markup, set[str | None]]:
    """A file's (or a formal document's) text, its result, its page, the parsed page and the ids it holds."""
    text = path.read_text(encoding="utf-8") if isinstance(path, Path) else formal_text(path)
    result = extract(text, source=str(path))
    page = render(text, result)
    parsed = parse(page)
    return text, result, page, parsed, {attrs.get("id") for _, attrs in parsed.tags}


def test_every_item_is_highlighted_and_listed_and_the_text_kept_whole() -> None:
    text, result, _page, parsed, ids = _rendered(SEED)
    items = 0
    for kind in highlighted_kinds():
        for n, _ in enumerate(getattr(result, kind)):
            assert f"t-{kind}-{n}" in ids and f"i-{kind}-{n}" in ids, (kind, n)
            items += 1
    assert items > 100
    assert "".join(parsed.article) == text
    legend = [attrs["href"] for tag, attrs in parsed.tags
              if "chip" in (attrs.get("class") or "") and tag == "a" and attrs["href"].startswith("#list-")]
    assert legend == [f"#list-{kind}" for kind in highlighted_kinds()]


def test_overlapping_items_cut_into_pieces_coloured_by_the_innermost() -> None:
    text = "Ủy ban nhân dân tỉnh Ninh Thuận họp."
    start = text.index("Ninh Thuận")
    agency = Agency(span=(0, start + 10), text=text[:start + 10], canonical=text[:start + 10])
    place = Place(span=(start, start + 10), text="Ninh Thuận", name="Ninh Thuận", type="province")
    result = DocumentResult(extractor_version="test", agencies=[agency], places=[place])
    parsed = parse(render(text, result))
    assert "".join(parsed.article) == text
    pieces = [attrs for tag, attrs in parsed.tags if tag == "a" and "hl" in (attrs.get("class") or "").split()]
    assert [p["class"] for p in pieces] == ["hl k-agencies", "hl k-places multi"]
    assert pieces[1]["href"] == "#i-places-0"
    assert "Ủy ban nhân dân tỉnh Ninh Thuận" in pieces[1]["title"] and "#0: Ninh Thuận" in pieces[1]["title"]


def _outline_links(page: str) -> tuple[list[str], list[str]]:
    """The outline's links to blocks and tables, and to tasks, in page order."""
    nav = page[page.index("<nav"):page.index("</nav>")]
    parsed = parse(nav)
    hrefs = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    return [h for h in hrefs if not h.startswith("#i-")], [h for h in hrefs if h.startswith("#i-tasks-")]


def test_a_formal_document_shows_its_outline_with_each_task_in_its_place() -> None:
    text, result, page, parsed, ids = _rendered(PLAN)
    places, tasks = _outline_links(page)
    assert "".join(parsed.article) == text
    assert all(href[1:] in ids for href in places)  # each heading and table link lands in the text
    assert sorted(tasks) == sorted(f"#i-tasks-{n}" for n in range(len(result.tasks)))  # each task once
    nav = page[page.index("<nav"):page.index("</nav>")]
    section = nav.index("II. NỘI DUNG")
    assert result.tasks[0].block is not None and result.tasks[0].text.startswith("Kiện toàn")
    assert section < nav.index('href="#i-tasks-0"') < nav.index("III.")
    table = nav.index('href="#tb-0"')
    row_tasks = [n for n, task in enumerate(result.tasks) if task.table_row]
    assert row_tasks and all(nav.index(f'href="#i-tasks-{n}"') > table for n in row_tasks)
    assert "Sở Tài chính" in nav[table:] and "row " in nav[table:]


def test_prose_tasks_of_a_quoted_list_sit_under_their_item() -> None:
    text = SEED.read_text(encoding="utf-8")  # news quoting "2. Sở Thông tin và Truyền thông: …" and its lines
    result = extract(text, source=str(SEED))
    page = render(text, result)
    nav = page[page.index("<nav"):page.index("</nav>")]
    led = [n for n, task in enumerate(result.tasks) if task.lead == ["Sở Nội vụ"]]
    assert led and "Outside the outline" not in nav
    item = nav.index("3. Sở Nội vụ")
    assert item < nav.index(f'href="#i-tasks-{led[0]}"') < nav.index("4. Sở Tài chính")


def test_a_text_with_no_outline_has_no_outline_panel() -> None:
    text = "Chủ tịch UBND tỉnh yêu cầu Sở Tài chính rà soát kinh phí trước ngày 30/6/2025."
    page = render(text, extract(text))
    assert "<nav" not in page and 'class="with-outline"' not in page


def test_a_focused_fact_shows_its_sentence_and_span() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = extract(text, source=str(SEED))
    n, metric = next((n, m) for n, m in enumerate(result.metrics) if m.text == "0,3048")
    page = render(text, result, focus=Focus("metrics", n))
    parsed = parse(page)
    focused = [attrs for _, attrs in parsed.tags if "focus" in (attrs.get("class") or "").split()]
    assert any(attrs.get("id") == f"i-metrics-{n}" for attrs in focused)  # its entry in the list
    sentence = text[metric.sentence[0]:metric.sentence[1]]
    assert f'<blockquote class="source-sentence">{html.escape(sentence, quote=True)}</blockquote>' in page
    assert "".join(parsed.sentence) == sentence and page.count('<span class="sentence">') == 1
    assert "".join(parsed.article) == text
    by_span = render(text, result, focus=Focus(start=metric.span[0], end=metric.span[1]))
    assert f'id="i-metrics-{n}" class="item k-metrics focus"' in by_span


def test_a_stored_document_reads_back_as_it_was_extracted(seeds_db: Path) -> None:
    with sqlite3.connect(seeds_db) as conn:
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            stored = read_document(conn, find_document_id(conn, str(path)))
            assert stored is not None and stored.text == text
            assert stored.result.model_dump() == extract(text, source=str(path)).model_dump()
        assert find_document_id(conn, document_id(text)[:6]) == document_id(text)  # a unique prefix
        assert find_document_id(conn, "no such document") is None


def test_show_writes_a_page_from_a_file_or_from_the_store(seeds_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "page.html"
    done = runner.invoke(main, ["show", str(SEED), "-o", str(out), "--fact", "metrics:0"])
    assert done.exit_code == 0, done.output
    from_file = out.read_text(encoding="utf-8")
    assert 'class="item k-metrics focus"' in from_file
    doc_id = document_id(SEED.read_text(encoding="utf-8"))
    done = runner.invoke(main, ["show", doc_id, "--db", str(seeds_db)])
    assert done.exit_code == 0, done.output
    assert f"<code>{doc_id}</code>" in done.output and done.output.count('class="item k-') > 100
    missing = runner.invoke(main, ["show", "0000000000000000", "--db", str(seeds_db)])
    assert missing.exit_code == 1 and "holds no document" in missing.output
    no_db = runner.invoke(main, ["show", "0000000000000000"])
    assert no_db.exit_code == 1 and "--db" in no_db.output


def test_show_wants_one_document_from_a_file(tmp_path: Path) -> None:
    records = tmp_path / "two.jsonl"
    records.write_text('{"id": "a", "text": "Quyết định số 1/QĐ-UBND"}\n{"id": "b", "text": "Kế hoạch số 2/KH-UBND"}\n',
                       encoding="utf-8")
    done = CliRunner().invoke(main, ["show", str(records)])
    assert done.exit_code == 1 and "several records" in done.output
