"""The pipeline's layer rule (DESIGN.md): a package imports only from stages to its
left, and the pure engine packages never import the database, web or UI layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fleetplan"

# Left to right; a package may import itself and anything earlier in this list.
ORDER = [
    "texts",
    "domain",
    "economics",
    "ingest",
    "demo",
    "store",
    "analytics",
    "simulate",
    "optimise",
    "reports",
    "jobs",
    "api",
    "web",
]
PURE = {"domain", "economics", "simulate", "optimise"}
FORBIDDEN_IN_PURE = ("sqlalchemy", "alembic", "fastapi", "starlette", "nicegui")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _package_files(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


@pytest.mark.parametrize("package", ORDER)
def test_imports_only_from_the_left(package: str) -> None:
    """e.g. ingest must not import store; simulate must not import api."""
    allowed = set(ORDER[: ORDER.index(package) + 1])
    for path in _package_files(package):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "fleetplan" or len(parts) < 2 or parts[1] not in ORDER:
                continue
            assert parts[1] in allowed, f"{path.relative_to(SRC)} imports {name}"


@pytest.mark.parametrize("package", sorted(PURE))
def test_pure_engine_packages_have_no_io_layers(package: str) -> None:
    for path in _package_files(package):
        for name in _imports(path):
            assert not name.startswith(FORBIDDEN_IN_PURE), (
                f"{path.relative_to(SRC)} imports {name}"
            )
