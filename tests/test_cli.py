"""The command line as a user runs it: files, directories, stdin, bad input, eval."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main

from .conftest import SEEDS, SHARED


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_a_directory_and_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    one = SEEDS / "003_3fec733ce960d48e.txt"
    result = CliRunner().invoke(main, ["extract", str(SEEDS), str(one), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = _lines(out.read_text(encoding="utf-8"))
    assert len(records) == len(list(SEEDS.glob("*.txt"))) + 1
    assert records[-1]["source"] == str(one)
    assert records[-1]["legal_refs"][0]["canonical"] == "1982/QĐ-UBND"


def test_extract_reads_stdin() -> None:
    result = CliRunner().invoke(main, ["extract", "-"], input="Nghị quyết số 09-NQ/TU ngày 1/2/2021".encode())
    (record,) = _lines(result.stdout)
    assert record["source"] == "-"
    assert record["legal_refs"][0]["issue_date"] == "2021-02-01"


def test_bad_inputs_get_an_error_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "cp1258.txt").write_bytes(b"H\xe0 N\xf4\xf2i")  # "Hà Nội" in Windows-1258
    (tmp_path / "good.txt").write_text("Quyết định số 922/QĐ-BTTTT ngày 20/5/2012.", encoding="utf-8")
    (tmp_path / "utf16.txt").write_bytes("Kế hoạch số 586/KH-UBND".encode("utf-16"))
    (tmp_path / "crlf_bom.txt").write_bytes("\ufeffDòng một.\r\nNgày 9-9-2022 họp.".encode())
    missing = tmp_path / "missing.txt"
    result = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", "--encoding", "utf", str(tmp_path), str(missing)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    records = {Path(r["source"]).name: r for r in _lines(result.stdout)}
    assert len(records) == 7
    assert {name: (r["error"] or {}).get("code") for name, r in records.items()} == {
        "binary.txt": "binary", "cp1258.txt": "decode", "crlf_bom.txt": None, "empty.txt": "empty",
        "good.txt": None, "missing.txt": "unreadable", "utf16.txt": None,
    }
    assert records["good.txt"]["legal_refs"][0]["canonical"] == "922/QĐ-BTTTT"
    assert records["utf16.txt"]["legal_refs"][0]["canonical"] == "586/KH-UBND"
    # Offsets index the text as Python reads it: the BOM stays, CRLF becomes LF.
    text = (tmp_path / "crlf_bom.txt").read_text(encoding="utf-8")
    date = records["crlf_bom.txt"]["dates"][0]
    assert text[date["span"][0] : date["span"][1]] == date["text"] == "Ngày 9-9-2022"
    assert "4 of 7 documents failed" in result.stderr
    assert "cp1258.txt: not valid UTF-8" in result.stderr


def test_legacy_encodings_are_detected_by_default(tmp_path: Path) -> None:
    (tmp_path / "cp1258.txt").write_bytes(b"Ng\xe0y 9-9-2022, UBND t\xec\xf2nh h\xf4\xecp.")  # Windows-1258
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "cp1258.txt")])
    assert result.exit_code == 0, result.output
    (record,) = _lines(result.stdout)
    assert record["dates"][0]["value"] == "2022-09-09"


def test_too_large_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Quyết định số 1/QĐ-UBND. " * 100, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(big), "--max-bytes", "1000"])
    assert result.exit_code == 1
    assert _lines(result.stdout)[0]["error"]["code"] == "too_large"


def test_eval_prints_the_table() -> None:
    result = CliRunner().invoke(main, ["eval", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "legal_refs" in result.output and "grounded spans: 1.0" in result.output


def test_eval_agrees_with_the_shared_scorer(tmp_path: Path) -> None:
    scorer = SHARED / "tools" / "score.py"
    gold = SHARED / "gold" / "dev"
    if not scorer.exists() or not gold.exists():
        pytest.skip("../shared is absent")
    ours = json.loads(CliRunner().invoke(main, ["eval", str(gold), "--json"]).output)
    out = tmp_path / "dev.jsonl"
    CliRunner().invoke(main, ["extract", *sorted(str(p) for p in gold.glob("*.txt")), "-o", str(out)])
    theirs = json.loads(subprocess.run([sys.executable, str(scorer), str(gold), str(out), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    for key, figures in theirs["categories"].items():
        assert ours["categories"][key] == figures, key
    assert ours["attributes"] == theirs["attributes"]
    assert ours["grounded"] == theirs["grounded"]


def test_schema_command_prints_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert json.loads(result.output)["title"] == "vngov document result"
