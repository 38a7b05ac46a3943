"""The `vngov` command: extract facts, score them against gold, print the output schema."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click

from schemas import render_json_schema

from . import __version__
from .batch import JsonLinesSink, Progress, StoreSink, run
from .evaluate import score
from .formats import FORMATS, write_rows
from .query import columns_of, filter_names, iter_query, iter_sql, iter_table, kinds, store_tables
from .reader import DEFAULT_MAX_BYTES, ENCODINGS, Fields, count_documents, read_documents
from .store import Store, StoreError, search


@click.group()
@click.version_option(__version__, prog_name="vngov")
def main() -> None:
    """Structured, checkable facts from Vietnamese government text."""


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write JSON Lines here.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="Write into this SQLite store instead of JSON Lines (see docs/store.md).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Extracting processes; 1 extracts in this process.")
@click.option("--reextract", is_flag=True, help="With --db: extract documents the store already holds again.")
@click.option("--encoding", type=click.Choice(ENCODINGS), default="auto", show_default=True,
              help="utf: UTF-8 or UTF-16 with a BOM; auto: also detect Windows-1258, TCVN3 and VNI; "
              "or name the legacy encoding.")
@click.option("--id-field", default="id", show_default=True, help="JSON Lines/CSV: the record's id (its source).")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines/CSV: the text to extract from.")
@click.option("--title-field", default="title", show_default=True, help="JSON Lines/CSV: the title.")
@click.option("--date-field", default="published", show_default=True,
              help="JSON Lines/CSV: the publication date, for dates written without a year.")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Largest document read.")
def extract_command(paths: tuple[str, ...], output: str | None, db: Path | None, workers: int, reextract: bool,
                    encoding: str, id_field: str, text_field: str, title_field: str, date_field: str,
                    max_bytes: int) -> None:
    """Extract facts from PATHS as JSON Lines, or into a store with --db.

    PATHS are files, directories (walked for *.txt), *.jsonl and *.csv files of records, or - for stdin.
    """
    if db is not None and output:
        raise click.UsageError("choose one of -o/--output and --db")
    fields = Fields(id=id_field, text=text_field, title=title_field, date=date_field)
    records = read_documents(list(paths), encoding, max_bytes, fields)
    interactive = sys.stderr.isatty()
    if db is None:
        sink = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        show = interactive and bool(output)  # stdout carries the JSON Lines; no bar in the way
        progress = Progress(count_documents(list(paths)) if show else None, enabled=show)
        try:
            summary = run(records, JsonLinesSink(sink), workers, progress, report=sys.stderr)
        finally:
            progress.close()
            if output:
                sink.close()
        if summary.failed:
            click.echo(f"vngov: {summary.failed} of {summary.documents} documents failed", err=True)
            sys.exit(1)
        return
    try:
        store = Store(db)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    progress = Progress(count_documents(list(paths)) if interactive else None)
    with store:
        try:
            summary = run(records, StoreSink(store, reextract), workers, progress, report=sys.stderr)
        except BrokenProcessPool:
            raise click.ClickException("a worker process died (killed, or out of memory); the documents "
                                       "written so far are kept: run the same command again to finish") from None
        finally:
            progress.close()
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    click.echo(f"vngov: {db}: {summary.facts:,} facts, {summary.characters:,} characters extracted "
               f"in {summary.seconds:.1f} s ({rate:,.1f} documents/s)", err=True)
    click.echo(f"vngov: {summary.line()}", err=True)
    if summary.failed:
        sys.exit(1)


@main.command("search")
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("query")
@click.option("--tasks", is_flag=True, help="Search the tasks instead of the documents.")
@click.option("--limit", default=20, show_default=True, help="Most results shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON Lines.")
def search_command(db: Path, query: str, tasks: bool, limit: int, as_json: bool) -> None:
    """Full-text search of a store, insensitive to case and diacritics: vngov search facts.db "chuyen doi so"."""
    try:
        hits = search(db, query, "tasks" if tasks else "documents", limit)
    except sqlite3.DatabaseError as e:
        raise click.ClickException(f"{db}: not a vngov store with search ({e})") from None
    for hit in hits:
        if as_json:
            click.echo(json.dumps(hit, ensure_ascii=False))
        else:
            label = hit.get("title") or hit.get("action") or ""
            click.echo(f"{hit['id']}  {hit.get('published') or hit.get('deadline') or '-'}  "
                       f"{hit.get('source') or hit.get('document_id')}  {label}")
            click.echo(f"    {hit['snippet']}")


# The filters of `vngov query` and `vngov export --kind`: extractor/data/queries.yaml says which kind takes which.
FILTER_HELP = {
    "indicator": "metrics: the indicator (DTI, PCI, 'chuyển đổi số' …), without case or diacritics.",
    "unit": "metrics: index, percent, rank, rank_change, score, count, vnd, usd …",
    "year": "metrics: the year measured; tasks: the deadline's; references: the issue year; "
            "agencies, documents: the publication year.",
    "province": "The province as named then (a pre-2025 unit): 'Nghệ An', 'ninh thuan', 'TP.HCM'. Metrics: the "
                "subject names it; agencies: the body is of it; other kinds: the document is about it.",
    "province_today": "The province after the 1/7/2025 merger, with every unit merged into it: 'Khánh Hòa' "
                      "takes in Ninh Thuận.",
    "agency": "tasks: led or coordinated by it (via the task-agency links); references: issued by it; "
              "agencies: this one. Canonical name, abbreviations expanded, without case or diacritics.",
    "lead": "tasks: led (chủ trì) by this agency.",
    "cited": "references: the cited document's number, e.g. 922/QĐ-BTTTT.",
    "type": "references: the document type, e.g. 'Quyết định', 'Nghị quyết'.",
    "form": "references: full (number and symbol), short (a back-reference) or named (no number).",
    "status": "tasks: assigned, in_progress or done.",
    "level": "agencies: central, province, district, commune, party, other.",
    "document": "Only facts of this document (its id or source).",
    "text": "Only facts of documents (for tasks: of sentences) matching this full-text search, as vngov search.",
}


def filter_options(command: Callable) -> Callable:
    """Add one option per filter of extractor/data/queries.yaml to a command."""
    for name in reversed(filter_names()):
        command = click.option(f"--{name.replace('_', '-')}", name, type=int if name == "year" else str,
                               help=FILTER_HELP.get(name, name))(command)
    return command


def _filters(options: dict) -> dict:
    return {name: options.pop(name) for name in filter_names() if options.get(name) is not None}


def _emit(rows: Iterator[dict], fmt: str, output: str | None, columns: tuple[str, ...] | None = None) -> int:
    """Write rows to output (a file) or stdout; a query's error becomes the command's error."""
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        return write_rows(rows, fmt, out, columns)
    except (ValueError, sqlite3.DatabaseError) as e:
        raise click.ClickException(str(e)) from None
    finally:
        if output:
            out.close()


@main.command("query")
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("kind", type=click.Choice(list(kinds())))
@filter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people; json (an array), jsonl or csv for programs.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Most rows (default: all).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not to stdout.")
def query_command(db: Path, kind: str, fmt: str, limit: int | None, output: str | None, **options: object) -> None:
    """Ask a store for facts of one KIND: metrics, tasks, references, agencies, documents.

    \b
    vngov query facts.db metrics --indicator DTI --province "Ninh Thuận" --year 2021
    vngov query facts.db tasks --agency "Sở Tài chính" --format json
    vngov query facts.db references --cited 922/QĐ-BTTTT --format csv -o refs.csv
    """
    filters = _filters(options)
    spec = kinds()[kind]
    unknown = [name for name in filters if name not in spec.filters]
    if unknown:
        raise click.UsageError(f"{kind} cannot be filtered by {', '.join('--' + u.replace('_', '-') for u in unknown)}"
                               f"; it takes {', '.join('--' + f.replace('_', '-') for f in spec.filters)}")
    n = _emit(iter_query(db, kind, limit, **filters), fmt, output, spec.table)
    if fmt == "table" and not output:
        click.echo(f"{n} {kind}" if n else f"no {kind} match", err=True)


@main.command("export")
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--table", help="One table or view of the store.")
@click.option("--kind", type=click.Choice(list(kinds())), help="The rows of a query kind, with its filters.")
@click.option("--sql", help="One read-only SELECT statement (the store is opened read-only).")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="A file (default stdout); for the whole store, a directory: one file per table.")
def export_command(db: Path, table: str | None, kind: str | None, sql: str | None, fmt: str, output: Path | None,
                   **options: object) -> None:
    """Export the whole store, one table, a query kind or a SELECT to JSON Lines or CSV.

    \b
    vngov export facts.db -o dump/                       # dump/documents.jsonl, dump/metrics.jsonl …
    vngov export facts.db --table metric_facts --format csv -o metrics.csv
    vngov export facts.db --kind tasks --agency "Sở Tài chính" -o tasks.jsonl
    vngov export facts.db --sql "SELECT indicator, count(*) n FROM metrics GROUP BY 1" --format csv
    """
    filters = _filters(options)
    chosen = [name for name, value in (("--table", table), ("--kind", kind), ("--sql", sql)) if value]
    if len(chosen) > 1:
        raise click.UsageError(f"choose one of {', '.join(chosen)}")
    if filters and not kind:
        raise click.UsageError("filters go with --kind")
    if chosen:
        if output is not None and output.is_dir():
            raise click.UsageError(f"{output} is a directory: name a file")
        if kind:
            rows = iter_query(db, kind, **filters)
        elif sql:
            rows = iter_sql(db, sql)
        else:
            rows = iter_table(db, table)  # type: ignore[arg-type]
        n = _emit(rows, fmt, str(output) if output else None)
        click.echo(f"vngov: {n} rows", err=True)
        return
    if output is None or (output.exists() and not output.is_dir()):
        raise click.UsageError("exporting the whole store writes one file per table: give -o DIRECTORY")
    output.mkdir(parents=True, exist_ok=True)
    for name in store_tables(db):
        n = _emit(iter_table(db, name), fmt, str(output / f"{name}.{fmt}"), tuple(columns_of(db, name)))
        click.echo(f"vngov: {output / f'{name}.{fmt}'}: {n} rows", err=True)


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_command(gold_dir: Path, as_json: bool) -> None:
    """Run the pipeline on GOLD_DIR/*.txt and score it against the *.gold.json beside them."""
    texts = sorted(gold_dir.glob("*.txt"))
    started = time.perf_counter()
    lines = io.StringIO()
    run(read_documents([str(p) for p in texts]), JsonLinesSink(lines))
    outputs = [json.loads(line) for line in lines.getvalue().splitlines()]
    seconds = time.perf_counter() - started
    report = score(gold_dir, outputs)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in texts)
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "seconds": round(seconds, 3), "characters": chars},
                              ensure_ascii=False, indent=1))
        return
    click.echo(report.table())
    click.echo(f"{len(texts)} documents, {chars:,} characters in {seconds:.2f} s")


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of one output line."""
    click.echo(render_json_schema(), nl=False)


@main.command("train")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news_bench.jsonl",
              show_default=True, help="JSON Lines articles (fields id, title, text) to label with the rules.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to save the model [default: the package's extractor/models/entities].")
@click.option("--docs", default=2500, show_default=True, help="Articles read from the corpus.")
@click.option("--epochs", default=6, show_default=True, help="Passes over the silver sentences.")
@click.option("--exclude", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path(__file__).resolve().parents[1] / "corpus" / "train_exclude.txt", show_default=True,
              help="Ids (one a line) never read: the blind evaluation sets.")
def train_command(corpus: Path, out: Path | None, docs: int, epochs: int, exclude: Path) -> None:
    """Train the entity model (AGENCY, PERSON, PLACE) on the rules' silver labels."""
    from .entity_model import MODEL_DIR
    from .train import train

    ids = {line.strip() for line in exclude.read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")}
    report = train(corpus, out or MODEL_DIR, documents=docs, epochs=epochs, exclude=ids,
                   log=lambda line: click.echo(line, err=True))
    click.echo(f"model saved to {out or MODEL_DIR}: {report.size_bytes / 1e6:.1f} MB, {report.documents} articles, "
               f"{report.sentences} sentences, {report.seconds:.0f} s")


if __name__ == "__main__":
    main()
