"""HTML pages: the article's text is read by trafilatura, the page's menus and footer are not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extractor.inputs.reader import read_documents

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>UBND tỉnh phê duyệt kết quả đánh giá chuyển đổi số</title>
<meta property="article:published_time" content="2024-04-12T20:26:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a> | Quyết định số 99/QĐ-MENU</nav>
<article><h1>UBND tỉnh phê duyệt kết quả đánh giá chuyển đổi số</h1>
<p>Ngày 11/4/2024, UBND tỉnh ban hành Quyết định số 205/QĐ-UBND phê duyệt kết quả đánh giá chuyển đổi số
năm 2023 của các cơ quan chuyên môn thuộc UBND tỉnh.</p>
<p>Giao Sở Thông tin và Truyền thông theo dõi, đôn đốc, kiểm tra việc triển khai thực hiện sau đánh giá.</p>
<p>Sáng 28/3, hội nghị sơ kết diễn ra tại hội trường tỉnh.</p></article>
<footer>Bản quyền thuộc Cổng thông tin điện tử tỉnh. Giấy phép số 12/GP-STTTT</footer></body></html>"""


def test_html_page_gives_its_article(tmp_path: Path) -> None:
    page = tmp_path / "bai-viet.html"
    page.write_text(PAGE, encoding="utf-8")
    (record,) = list(read_documents([str(tmp_path)]))
    assert record.error is None and record.text is not None
    assert "Quyết định số 205/QĐ-UBND" in record.text
    assert "Trang chủ" not in record.text and "Bản quyền" not in record.text
    assert record.published == "2024-04-12"


def test_extract_reads_html_and_grounds_in_the_article(tmp_path: Path) -> None:
    page = tmp_path / "bai-viet.html"
    page.write_text(PAGE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(page)],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    assert [r["canonical"] for r in result["legal_refs"]] == ["205/QĐ-UBND"]
    # "28/3" takes its year from the page's publication date.
    assert [d["value"] for d in result["dates"] if d["text"] == "28/3"] == ["2024-03-28"]
    assert result["tasks"][0]["lead"] == ["Sở Thông tin và Truyền thông"]


def test_a_page_without_article_text_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "trong.html"
    page.write_text("<html><head><title>Trang</title></head><body><img src='a.png'></body></html>", encoding="utf-8")
    (record,) = list(read_documents([str(page)]))
    assert record.error is not None and record.error.code == "empty"
