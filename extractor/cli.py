"""The `vngov` command: extract facts, score them against gold, print the output schema."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from schemas import DocumentResult, ProcessingError, render_json_schema

from . import __version__
from .evaluate import score
from .pipeline import extract
from .reader import DEFAULT_MAX_BYTES, ReadError, expand_paths, read_input


def _failed(source: str, code: str, message: str) -> DocumentResult:
    return DocumentResult(extractor_version=__version__, source=source,
                          error=ProcessingError(code=code, message=message))  # type: ignore[arg-type]


def extract_paths(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES):
    """(result, ok) for every input; a document that fails yields its error and the batch goes on."""
    for item in expand_paths(paths):
        try:
            text = read_input(item, max_bytes)
        except ReadError as e:
            yield _failed(item.source, e.code, e.message), False
            continue
        try:
            yield extract(text, source=item.source), True
        except Exception as e:  # one broken document must not stop a batch
            yield _failed(item.source, "internal", f"{type(e).__name__}: {e}"), False


@click.group()
@click.version_option(__version__, prog_name="vngov")
def main() -> None:
    """Structured, checkable facts from Vietnamese government text."""


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write JSON Lines here.")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Largest document read.")
def extract_command(paths: tuple[str, ...], output: str | None, max_bytes: int) -> None:
    """Extract facts from PATHS (files, directories of *.txt, or - for stdin) as JSON Lines."""
    sink = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    failures = total = 0
    try:
        for result, ok in extract_paths(list(paths), max_bytes):
            total += 1
            if not ok:
                failures += 1
                click.echo(f"vngov: {result.source}: {result.error.message}", err=True)  # type: ignore[union-attr]
            sink.write(result.model_dump_json() + "\n")
    finally:
        if output:
            sink.close()
    if failures:
        click.echo(f"vngov: {failures} of {total} documents failed", err=True)
        sys.exit(1)


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_command(gold_dir: Path, as_json: bool) -> None:
    """Run the pipeline on GOLD_DIR/*.txt and score it against the *.gold.json beside them."""
    texts = sorted(gold_dir.glob("*.txt"))
    started = time.perf_counter()
    outputs = [json.loads(r.model_dump_json()) for r, _ in extract_paths([str(p) for p in texts])]
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


if __name__ == "__main__":
    main()
