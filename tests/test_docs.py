"""The examples of docs/api.md run as written, so the app developers' guide cannot rot.

A code block after `<!-- test: NAME -->` is executed: `in-process` as is, `store` beside a store of the seeds
named facts.db, `server` against `vngov serve` on a free port (skipped where this build has no serve
command). Comment lines right after a print (`# …`) are the output the block must print; a trailing "…" makes
the line a prefix.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main

from .conftest import ROOT, SEEDS

DOC = ROOT / "docs" / "api.md"
DEFAULT_BASE = "http://127.0.0.1:8001"


def blocks(path: Path = DOC) -> dict[str, str]:
    """Every tested code block of a document, by its name."""
    text = path.read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"<!-- test: ([\w-]+) -->\n```\w*\n(.*?)\n```", text, re.S)}


def expected_output(code: str) -> list[str]:
    """The `# …` lines that follow a print (directly or after another such line): what the block prints."""
    out, after_print = [], False
    for line in code.splitlines():
        stripped = line.strip()
        if stripped.startswith("# ") and after_print:
            out.append(stripped[2:])
            continue
        after_print = "print(" in line and "#" not in line
    return out


def run_block(code: str, namespace: dict | None = None) -> list[str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(DOC), "exec"), namespace if namespace is not None else {})
    return printed.getvalue().splitlines()


def assert_prints(code: str, lines: list[str]) -> None:
    expected = expected_output(code)
    assert expected, "a tested block shows what it prints"
    assert len(lines) >= len(expected), lines
    for want, got in zip(expected, lines, strict=False):
        if want.endswith("…"):
            assert got.startswith(want[:-1].rstrip()), (want, got)
        else:
            assert got == want


def test_the_doc_has_its_tested_blocks() -> None:
    assert {"in-process", "store", "server"} <= set(blocks())


def test_in_process_example() -> None:
    code = blocks()["in-process"]
    assert_prints(code, run_block(code))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("docs")
    result = CliRunner().invoke(main, ["extract", str(SEEDS), "--db", str(where / "facts.db")])
    assert result.exit_code == 0, result.output
    return where


def test_store_example(store_dir: Path) -> None:
    code = blocks()["store"]
    cwd = Path.cwd()
    os.chdir(store_dir)
    try:
        lines = run_block(code)
    finally:
        os.chdir(cwd)
    assert_prints(code, lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(store_dir: Path):
    if "serve" not in main.commands:
        pytest.skip("this build has no vngov serve")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", str(store_dir / "facts.db"),
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/vngov/schema", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"vngov serve did not start: {process.stderr.read().decode()}") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_server_example(server: str) -> None:
    code = blocks()["server"].replace(DEFAULT_BASE, server)
    lines = run_block(code)
    assert_prints(code, lines)
    assert lines[-1].startswith("400 empty")


def test_datasette_urls_of_the_doc_answer(server: str) -> None:
    urls = re.findall(r"curl -s '(http://127\.0\.0\.1:8001/facts/[^']+)'", DOC.read_text(encoding="utf-8"))
    assert len(urls) >= 3
    for url in urls:
        with urllib.request.urlopen(url.replace(DEFAULT_BASE, server), timeout=30) as response:
            rows = json.load(response)
        assert isinstance(rows, list) and rows, url
