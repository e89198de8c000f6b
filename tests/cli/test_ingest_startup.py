"""A command on a database already at head runs no migration (issue 17, item 7):
``fleetplan ingest`` of a header-only file must start in about a second, and
Alembic with its templates costs half of that."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.database import alembic_config, downgrade_database, script_heads
from tests.cli.fresh_process import cli_in_fresh_process

runner = CliRunner()


def _ingest_in_a_process(
    tmp_path: Path,
    header_file: Path,
    prefixes: tuple[str, ...],
    also: tuple[str, ...] = (),
) -> list[str]:
    """``fleetplan ingest`` of the file in a fresh process on a database at
    head; its output lines, the last the JSON list of the modules it loaded that
    start with ``prefixes`` or are named in ``also``."""
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    printed, modules = cli_in_fresh_process(
        ["ingest", str(header_file), "--db", url], must_succeed=True
    )
    named = sorted(m for m in modules if m.startswith(prefixes) or m in also)
    return [*printed, json.dumps(named)]


@pytest.fixture
def header_file(tmp_path: Path) -> Path:
    path = tmp_path / "header.csv"
    path.write_text("vehicle_id,time,lat,lon\n")
    return path


@pytest.fixture
def upgrades(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Alembic's upgrade still runs, and each call is recorded."""
    calls: list[str] = []
    real: Callable[..., Any] = command.upgrade

    def spy(config: Any, revision: str, **kwargs: Any) -> None:
        calls.append(revision)
        real(config, revision, **kwargs)

    monkeypatch.setattr(command, "upgrade", spy)
    return calls


def _version(url: str) -> set[str]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return {row[0] for row in rows}
    finally:
        engine.dispose()


def test_script_heads_are_alembics() -> None:
    """The text read of the migration files finds Alembic's own heads."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert script_heads() == frozenset(heads)
    assert heads


def test_script_heads_of_a_merge_and_typed_names(tmp_path: Path) -> None:
    """A merge revises two revisions at once; annotated names count too; a file
    whose revision cannot be read leaves the decision to Alembic (no heads)."""
    files = {
        "a.py": 'revision = "a"\ndown_revision = None\n',
        "b.py": 'revision: str = "b"\ndown_revision: str | None = "a"\n',
        "c.py": "revision = 'c'\ndown_revision = 'a'\n",
        "d.py": 'revision = "d"\ndown_revision = ("b", "c")\n',
        "e.py": 'revision = "e"\ndown_revision = "c"\n',
    }
    for name, body in files.items():
        (tmp_path / name).write_text(f'"""Revises: x\n"""\n{body}')
    assert script_heads(tmp_path) == {"d", "e"}
    (tmp_path / "f.py").write_text("REVISION = make()\n")
    assert script_heads(tmp_path) == frozenset()


def test_header_only_ingest_runs_no_migration_at_head(
    tmp_path: Path, header_file: Path, upgrades: list[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    assert upgrades == ["head"]  # a new database is migrated
    upgrades.clear()
    result = runner.invoke(app, ["ingest", str(header_file), "--db", url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows_added"] == 0
    assert upgrades == []


def test_header_only_ingest_upgrades_an_old_database(
    tmp_path: Path, header_file: Path, upgrades: list[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    downgrade_database(url, "0011")
    assert _version(url) == {"0011"}
    upgrades.clear()
    result = runner.invoke(app, ["ingest", str(header_file), "--db", url])
    assert result.exit_code == 0, result.output
    assert upgrades == ["head"]
    assert _version(url) == set(script_heads())


def test_ingest_process_does_not_import_alembic(
    tmp_path: Path, header_file: Path
) -> None:
    """The import is the cost: a process that finds the database at head never
    loads Alembic (nor mako and pygments behind it)."""
    lines = _ingest_in_a_process(tmp_path, header_file, ("alembic",))
    assert json.loads(lines[-1]) == []


def test_header_only_ingest_loads_no_heavy_library(
    tmp_path: Path, header_file: Path
) -> None:
    """A file without rows costs the command's start only (issue 17, item 7): no
    NumPy or polars (the header is checked by ``empty_file``), no field rules'
    pydantic models (``store.settings_edit``), no PostgreSQL dialect on SQLite."""
    heavy = ("numpy", "polars", "alembic", "fleetplan.ingest.field_rules")
    lines = _ingest_in_a_process(
        tmp_path, header_file, heavy, also=("sqlalchemy.dialects.postgresql",)
    )
    assert json.loads(lines[0])["summary"]["rows_read"] == 0
    assert json.loads(lines[-1]) == []
