"""`vngov query` and `vngov export`: questions to a store from the terminal, answers as a table, JSON or CSV."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from extractor.cli.formats import FORMATS, write_rows
from extractor.store.query import columns_of, filter_names, iter_query, iter_sql, iter_table, kinds, store_tables

# The filters of `vngov query` and `vngov export --kind`: lexicon/data/queries.yaml says which kind takes which.
FILTER_HELP = {
    "indicator": "metrics: the indicator (DTI, PCI, 'chuyển đổi số' …), without case or diacritics.",
    "unit": "metrics: index, percent, rank, rank_change, score, count, vnd, usd …",
    "year": "metrics: the year measured; tasks: the deadline's; references: the issue year; "
            "agencies, documents: the publication year.",
    "province": "The province as named then (a pre-2025 unit): 'Nghệ An', 'ninh thuan', 'TP.HCM'. Metrics: the "
                "subject names it, else the document is about it (not 'cấp tỉnh'); agencies: the body is of it, "
                "else the document is about it; other kinds: the document is about it.",
    "province_today": "The province after the 1/7/2025 merger, with every unit merged into it: 'Khánh Hòa' "
                      "takes in Ninh Thuận.",
    "agency": "tasks: led or coordinated by it (via the task-agency links); references: issued by it; "
              "agencies: this one. Canonical name, abbreviations expanded, without case or diacritics.",
    "lead": "tasks: led (chủ trì) by this agency.",
    "cited": "references: the cited document's number, e.g. 922/QĐ-BTTTT (a document's own number is no citation).",
    "relation": "references: what the citing text does with it: basis, implements, amends, replaces, repeals, cites.",
    "cites": "documents: those citing this number (922/QĐ-BTTTT) or this stored document (its id).",
    "cited_by": "documents: the stored documents this one (its id or source) cites.",
    "type": "references: the document type, e.g. 'Quyết định', 'Nghị quyết'.",
    "form": "references: full (number and symbol), short (a back-reference) or named (no number).",
    "status": "tasks: assigned, in_progress or done.",
    "level": "agencies: central, province, district, commune, party, other.",
    "document": "Only facts of this document (its id or source).",
    "text": "Only facts of documents (for tasks: of sentences) matching this full-text search, as vngov search.",
}


def filter_options(command: Callable) -> Callable:
    """Add one option per filter of extractor/lexicon/data/queries.yaml to a command."""
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


@click.command("query", epilog="Kinds: " + "; ".join(f"{name}: {kind.help}" for name, kind in kinds().items()))
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
    vngov query facts.db documents --cites 4085/UBND-ĐT
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


@click.command("export")
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
