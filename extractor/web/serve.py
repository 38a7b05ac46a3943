"""`vngov serve facts.db`: Datasette over a store, read-only, with vngov's metadata, canned queries and plugin.

The metadata (titles and descriptions in Vietnamese and English, facets, canned queries) is
extractor/web/templates/datasette.yaml; its `database` section is applied to the served file whatever its name.
The plugin (extractor/web/datasette_plugin.py) adds the extraction endpoint and the document view.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette

from extractor.web.endpoint import DEFAULT_MAX_BYTES
from extractor.web.view import TEMPLATES

SETTINGS = {
    "truncate_cells_html": 300,  # documents.text is whole articles
    "facet_time_limit_ms": 500,
    "sql_time_limit_ms": 3000,
}


@cache
def _metadata_file() -> dict[str, Any]:
    return yaml.safe_load((TEMPLATES / "datasette.yaml").read_text(encoding="utf-8"))


def metadata(database: str, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Datasette metadata for a store served under the name `database` (the file's stem)."""
    data = copy.deepcopy(_metadata_file())
    return {
        **{k: v for k, v in data.items() if k != "database"},
        "databases": {database: data["database"]},
        "plugins": {"vngov": {"max_bytes": max_bytes}},
    }


def is_live(path: Path) -> bool:
    """True when the store's write-ahead log holds pages not yet in the file (a writer is at work, or one was
    killed): those pages are read only when the file is opened read-only, not as immutable."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def make_datasette(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, live: bool | None = None) -> Datasette:
    """The server's application. Immutable (faster counts, cache headers) unless the store may change."""
    path = Path(path)
    live = is_live(path) if live is None else live
    return Datasette(
        files=[str(path)] if live else [],
        immutables=[] if live else [str(path)],
        metadata=metadata(path.stem, max_bytes),
        settings=SETTINGS,
    )


def serve(path: Path, host: str, port: int, max_bytes: int, live: bool | None = None) -> None:
    import uvicorn

    ds = make_datasette(path, max_bytes, live)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
