"""The shape of extractor/ that import-linter does not check: no private name used across modules, modules of a
readable size. (The layer and independence contracts are in pyproject.toml; `make lint` runs lint-imports.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extractor"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 600


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


@pytest.mark.parametrize("path", MODULES, ids=_module_name)
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("extractor")
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "__version__"
    ]
    assert not private, f"{_module_name(path)} imports private names {private}: make them public or move them"


@pytest.mark.parametrize("path", MODULES, ids=_module_name)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_module_name(path)} has {lines} lines; split it by concern"


def test_the_package_is_layered() -> None:
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert {"lexicon", "text", "inputs", "components", "link", "pipeline", "store", "engines", "web", "cli",
            "training", "evaluation"} <= subpackages
    assert not [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "_version.py", "api.py")], \
        "a module at the top of extractor/: it belongs in one of the layers"
