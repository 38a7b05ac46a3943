"""The `vngov` command: extract facts, score them against gold, print the output schema."""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import closing
from itertools import islice
from pathlib import Path

import click

from extractor import api
from extractor._version import __version__
from extractor.cli.formats import write_rows
from extractor.engines.local import Progress
from extractor.inputs.reader import DEFAULT_MAX_BYTES, ENCODINGS, Fields, count_documents, read_documents
from extractor.pipeline import extract
from extractor.store.writer import StoreError, search
from extractor.web.endpoint import DEFAULT_MAX_BYTES as DEFAULT_API_BYTES
from schemas import render_json_schema


@click.group()
@click.version_option(__version__, prog_name="vngov")
def main() -> None:
    """Structured, checkable facts from Vietnamese government text."""


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write JSON Lines here.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="Write into this SQLite store instead of JSON Lines (see docs/store.md).")
@click.option("--workers", type=click.IntRange(min=1),
              help="Extracting processes [local: 1, which extracts in this process; dask: one per core].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine's processes; dask: a Dask cluster's workers (docs/scaling.md).")
@click.option("--scheduler", metavar="ADDRESS",
              help="--engine dask: the scheduler to connect to (tcp://host:8786); without it a LocalCluster "
              "of --workers processes on this machine.")
@click.option("--shards", type=click.Path(file_okay=False, path_type=Path),
              help="--engine dask: where workers write their shards, on storage the workers and this machine "
              "share [default: beside the --db or -o file, e.g. facts.db.shards/].")
@click.option("--partition-size", default=50, show_default=True, type=click.IntRange(min=1),
              help="--engine dask: documents per partition (one task).")
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
def extract_command(paths: tuple[str, ...], output: str | None, db: Path | None, workers: int | None, engine: str,
                    scheduler: str | None, shards: Path | None, partition_size: int, reextract: bool,
                    encoding: str, id_field: str, text_field: str, title_field: str, date_field: str,
                    max_bytes: int) -> None:
    """Extract facts from PATHS as JSON Lines, or into a store with --db.

    PATHS are files, directories (walked for *.txt), *.jsonl and *.csv files of records, or - for stdin.
    """
    if db is not None and output:
        raise click.UsageError("choose one of -o/--output and --db")
    fields = Fields(id=id_field, text=text_field, title=title_field, date=date_field)
    if engine == "local" and (scheduler or shards):
        raise click.UsageError("--scheduler and --shards go with --engine dask")
    if engine == "dask" and scheduler and workers:
        raise click.UsageError("--workers sizes a LocalCluster; with --scheduler the cluster has its own workers")
    interactive = sys.stderr.isatty()
    common = {"workers": workers, "engine": engine, "scheduler": scheduler, "shards": shards,
              "partition_size": partition_size, "encoding": encoding, "fields": fields, "max_bytes": max_bytes}
    if db is None:
        show = interactive and bool(output)  # stdout carries the JSON Lines; no bar in the way
        progress = Progress(count_documents(list(paths)) if show and engine == "local" else None, enabled=show)
        try:
            summary = api.extract_to_jsonl(list(paths), output or None, progress=progress, **common)
        except api.UsageError as e:
            raise click.UsageError(str(e)) from None
        finally:
            progress.close()
        if summary.failed:
            click.echo(f"vngov: {summary.failed} of {summary.documents} documents failed", err=True)
            sys.exit(1)
        return
    # The Dask engine counts the documents as it plans its partitions; no second pass here.
    progress = Progress(count_documents(list(paths)) if interactive and engine == "local" else None)
    try:
        summary = api.extract_to_store(list(paths), db, reextract=reextract, progress=progress, **common)
    except api.UsageError as e:
        raise click.UsageError(str(e)) from None
    except api.RunError as e:
        raise click.ClickException(str(e)) from None
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
    if as_json:
        write_rows(hits, "jsonl", click.get_text_stream("stdout"))
        return
    for hit in hits:
        label = hit.get("title") or hit.get("action") or ""
        click.echo(f"{hit['id']}  {hit.get('published') or hit.get('deadline') or '-'}  "
                   f"{hit.get('source') or hit.get('document_id')}  {label}")
        click.echo(f"    {hit['snippet']}")


def _open_store(db: Path) -> sqlite3.Connection:
    try:
        return api.open_store(db)
    except StoreError as e:
        raise click.ClickException(str(e)) from None


@main.command("serve")
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-h", "--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 makes the server reachable from other machines.")
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--max-bytes", default=DEFAULT_API_BYTES, show_default=True, type=click.IntRange(min=1),
              help="Largest body POST /-/vngov/extract accepts.")
@click.option("--live/--immutable", default=None,
              help="--live: the store may change while served (an extraction still writing), read it as it is; "
              "--immutable: it will not. [default: live only when its write-ahead log holds pages]")
def serve_command(db: Path, host: str, port: int, max_bytes: int, live: bool | None) -> None:
    """Browse, search and check a store in a browser (Datasette, read-only), with an extraction endpoint.

    Pages: / (tables, canned queries, search), /-/vngov/document/ID (a document with its facts highlighted),
    POST /-/vngov/extract (text in, the contract JSON out). See docs/serve.md.
    """
    from extractor.web.serve import serve

    _open_store(db).close()
    click.echo(f"vngov: serving {db} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    serve(db, host, port, max_bytes, live)


@main.command("show")
@click.argument("document")
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The store to read DOCUMENT from when it is a document id (or a unique prefix, or a source).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the page here [default: standard output].")
@click.option("--fact", metavar="KIND:ORDINAL", help="Highlight one fact and its sentence, e.g. metrics:3.")
@click.option("--published", help="FILE's publication date (ISO), for dates written without a year.")
def show_command(document: str, db: Path | None, output: Path | None, fact: str | None,
                 published: str | None) -> None:
    """A self-contained HTML page of one document with every extracted item highlighted and listed.

    DOCUMENT is a file (.txt, .html, extracted now) or, with --db, a document id of the store.
    """
    from extractor.store.graph import citations_of
    from extractor.store.readback import find_document_id, read_document
    from extractor.web.view import Focus, render

    focus = None
    if fact:
        kind, _, ordinal = fact.partition(":")
        if not ordinal.isdigit():
            raise click.BadParameter("expected KIND:ORDINAL, e.g. metrics:3", param_hint="--fact")
        focus = Focus(kind, int(ordinal))
    if Path(document).is_file():
        record, *more = islice(read_documents([document]), 2)
        if more:
            raise click.ClickException(f"{document} holds several records: store them (vngov extract --db) and "
                                       "show one by its id")
        if record.error:
            raise click.ClickException(f"{document}: {record.error.message}")
        text = record.text or ""
        result = extract(text, source=record.source, published=published or record.published)
        page = render(text, result, focus=focus)
    elif db is None:
        raise click.ClickException(f"{document} is not a file; to show a stored document give its store: --db facts.db")
    else:
        with closing(_open_store(db)) as conn:
            doc_id = find_document_id(conn, document)
            stored = read_document(conn, doc_id) if doc_id else None
            citations = citations_of(conn, doc_id) if doc_id else None
        if stored is None:
            raise click.ClickException(f"{db} holds no document {document!r} (an id, a unique prefix, or a source)")
        page = render(stored.text, stored.result, document_id=stored.id, focus=focus, citations=citations)
    if output:
        output.write_text(page, encoding="utf-8")
        click.echo(f"vngov: wrote {output}", err=True)
    else:
        click.echo(page, nl=False)


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--texts", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A JSON Lines corpus holding the texts: ID.gold.json is scored on the record with that id "
              "(vngov eval corpus/formal --texts ../shared/corpus/formal_docs.jsonl).")
def eval_command(gold_dir: Path, as_json: bool, texts: Path | None) -> None:
    """Run the pipeline on GOLD_DIR/*.txt and score it against the *.gold.json beside them."""
    result = api.evaluate(gold_dir, texts)
    if as_json:
        click.echo(json.dumps({**result.scores, "seconds": round(result.seconds, 3), "characters": result.characters},
                              ensure_ascii=False, indent=1))
        return
    click.echo(result.report.table())
    click.echo(f"{result.documents} documents, {result.characters:,} characters in {result.seconds:.2f} s")


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of one output line."""
    click.echo(render_json_schema(), nl=False)


@main.command("train")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="JSON Lines articles (fields id, title, text) to label with the rules, e.g. "
              "../shared/corpus/news_bench.jsonl.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to save the model [default: the package's extractor/models/entities].")
@click.option("--docs", default=2500, show_default=True, help="Articles read from the corpus.")
@click.option("--epochs", default=6, show_default=True, help="Passes over the silver sentences.")
@click.option("--exclude", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Ids (one a line) never read: the blind evaluation sets, e.g. corpus/train_exclude.ids.")
def train_command(corpus: Path, out: Path | None, docs: int, epochs: int, exclude: Path | None) -> None:
    """Train the entity model (AGENCY, PERSON, PLACE) on the rules' silver labels."""
    from extractor.components.entities import MODEL_DIR

    report = api.train(corpus, out, documents=docs, epochs=epochs, exclude=exclude,
                       log=lambda line: click.echo(line, err=True))
    click.echo(f"model saved to {out or MODEL_DIR}: {report.size_bytes / 1e6:.1f} MB, {report.documents} articles, "
               f"{report.sentences} sentences, {report.seconds:.0f} s")


# vngov query and vngov export: extractor/cli/query.py, around extractor/store/query.py.
from extractor.cli.query import export_command, query_command  # noqa: E402

main.add_command(query_command)
main.add_command(export_command)

if __name__ == "__main__":
    main()
