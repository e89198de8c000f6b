"""``fleetplan org add|list`` and ``fleetplan --org SLUG <command>``: each data
command works on one organisation, the database's only one by default."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.cli import commands as _commands  # noqa: F401  (registers them)
from tests.conftest import reference_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def _vehicles(db: str, *org: str) -> int:
    code, out = _run(*org, "status", "--json", "--db", db)
    assert code == 0, out
    return int(json.loads(out)["tables"]["vehicles"])


def test_org_add_list_and_scoped_commands(tmp_path: Path) -> None:
    """An import with --org lands in that organisation only; without --org, a
    database of two organisations refuses to guess."""
    db = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    data = str(reference_path("os2_fixture_seed42"))
    code, out = _run("import", data, "--db", db)  # one organisation: no --org
    assert code == 0, out
    code, out = _run("org", "add", "north", "--name", "North Kommune", "--db", db)
    assert code == 0, out
    code, out = _run("org", "list", "--json", "--db", db)
    slugs = [json.loads(line)["slug"] for line in out.splitlines()]
    assert code == 0 and slugs == ["default", "north"]

    code, out = _run("status", "--db", db)
    assert code == 2 and "choose one" in out
    assert _vehicles(db, "--org", "default") == 7
    assert _vehicles(db, "--org", "north") == 0

    code, out = _run("--org", "unknown", "status", "--db", db)
    assert code == 2 and "no organisation 'unknown'" in out
    code, out = _run("org", "add", "north", "--db", db)
    assert code == 2 and "exists already" in out
