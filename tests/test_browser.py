"""vngov serve as a person uses it: a real server on a local port, Debian's Chromium driven headless by
Playwright, a canned query, a search without diacritics, and a fact opened in its source.

The screenshot of the fact-to-source view is kept in tests/artifacts/fact_to_source.png. Without
/usr/bin/chromium (or VNGOV_CHROMIUM) or the playwright package the tests skip, unless VNGOV_REQUIRE_BROWSER=1
(as .ci/run sets), when they fail. No browser is ever downloaded: Playwright only drives the one installed.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

CHROMIUM = Path(os.environ.get("VNGOV_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "tests" / "artifacts"


def _browser_or_skip() -> Any:
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright package is not installed (pip install -e '.[dev]')"
    if problem is None and not CHROMIUM.exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if problem:
        if os.environ.get("VNGOV_REQUIRE_BROWSER") == "1":
            pytest.fail(f"VNGOV_REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(problem)
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def sync_playwright() -> Any:
    """Playwright's entry point; checked before the store is built, so that a skip costs nothing."""
    return _browser_or_skip()


@pytest.fixture(scope="module")
def server(seeds_db: Path) -> Iterator[str]:
    """`vngov serve` of the seeds' store in its own process, as a user starts it; its base URL."""
    port = _free_port()
    vngov = Path(sys.executable).with_name("vngov")
    command = [str(vngov)] if vngov.exists() else [sys.executable, "-m", "extractor.cli"]
    process = subprocess.Popen([*command, "serve", str(seeds_db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/vngov/schema", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout and process.poll() is not None else ""
                pytest.fail(f"vngov serve did not start on port {port}: {output}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def page(server: str, sync_playwright: Any) -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="vi-VN")
        context.set_default_timeout(20_000)
        tab = context.new_page()
        tab.errors = []  # type: ignore[attr-defined]
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))  # type: ignore[attr-defined]
        yield tab
        browser.close()


def rows(page: Any) -> list[str]:
    return [row.inner_text() for row in page.locator("table.rows-and-columns tbody tr").all()]


def test_a_journalist_runs_the_dti_ranking(page: Any, server: str) -> None:
    page.goto(f"{server}/facts")
    page.get_by_role("link", name="Xếp hạng DTI theo tỉnh và năm").click()
    page.fill("input[name=index]", "DTI")
    page.get_by_role("button", name=re.compile("Run SQL")).click()
    page.wait_for_load_state()
    assert "index=DTI" in page.url
    ninh_thuan = [row for row in rows(page) if "tỉnh Ninh Thuận" in row]
    assert len(ninh_thuan) == 1
    cells = ninh_thuan[0].split("\t")
    assert cells[:5] == ["tỉnh Ninh Thuận", "2021", "53", "63", "0.3048"]


def test_a_search_without_diacritics_finds_the_documents(page: Any, server: str) -> None:
    page.goto(f"{server}/facts/documents")
    box = page.get_by_role("searchbox")
    box.fill("chuyen doi so")
    box.press("Enter")
    page.wait_for_load_state()
    assert 'search matches "chuyen doi so"' in page.content()
    found = rows(page)
    assert found and len(found) < 4 + 1
    titles = page.locator("table.rows-and-columns td.col-title").all_inner_texts()
    assert any("chuyển đổi số" in title for title in titles)
    box.fill("khong co van ban nao noi dieu nay")
    box.press("Enter")
    page.wait_for_load_state()
    assert rows(page) == []


def test_a_fact_opens_in_its_source_with_its_sentence_highlighted(page: Any, server: str) -> None:
    page.goto(f"{server}/facts/xep_hang_dti?index=DTI")
    row = page.locator("table.rows-and-columns tbody tr", has_text="tỉnh Ninh Thuận")
    row.locator("td.col-metric_id a").click()
    page.wait_for_load_state()
    assert "/-/vngov/document/" in page.url and "kind=metrics" in page.url
    checking = page.locator("#checking")
    assert "Dữ kiện cần kiểm tra" in checking.inner_text()
    sentence = page.locator("blockquote.source-sentence").inner_text()
    assert "xếp thứ 53/63" in sentence or "53/63" in sentence
    focus = page.locator("article .focus").first
    assert focus.is_visible() and focus.evaluate("e => e.getBoundingClientRect().top") < 900
    assert "53" in page.locator("article .focus").all_inner_texts()[0]
    assert page.locator("article span.sentence").inner_text() == sentence
    assert page.locator("aside li.item.focus").count() == 1
    # The legend counts what the list shows; every kind has its colour.
    assert page.locator("ul.legend a.chip").count() == 7
    assert page.errors == []  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "fact_to_source.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
