"""The notebooks run top to bottom against the current code, so they never rot."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _research(results: dict) -> None:
    # The seed's own figures (corpus/seeds/000…): Ninh Thuận's DTI was 53rd of 63 in 2021.
    assert results["dti_rank"][("Ninh Thuận", 2021)] == 53
    assert results["verified"] == "xếp thứ 53/63"
    assert results["documents"] >= 4
    assert Path(results["figure"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert results["top_agencies"][0] == ("Sở Thông tin và Truyền thông", 7)


def _quickstart(results: dict) -> None:
    assert len(results) == 4


# What each notebook must have found, beyond running: every notebook leaves a `results`.
CHECKS: dict[str, Callable[[dict], None]] = {"research.ipynb": _research, "quickstart.ipynb": _quickstart}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    monkeypatch.setenv("MPLBACKEND", "Agg")  # no display here
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # what a notebook builds goes with the test
    cwd = Path.cwd()
    os.chdir(path.parent)
    try:
        for cell in cells:
            if cell["cell_type"] == "code":
                exec(compile("".join(cell["source"]), f"{path.name}", "exec"), namespace)
    finally:
        os.chdir(cwd)
    assert namespace.get("results"), f"{path.name} leaves no results"
    assert path.name in CHECKS, f"say in CHECKS what {path.name} must find"
    CHECKS[path.name](namespace["results"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_checked_in_clean(path: Path) -> None:
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "clear the outputs before committing"
