"""``fleetplan user add`` and the demo bootstrap (without starting a server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleetplan.api import Role, SqlUserRepository, authenticate
from fleetplan.cli import app, web_commands
from fleetplan.ingest import read_dataset
from fleetplan.store import create_engine_for, table_counts
from tests.conftest import reference_path


def test_user_add_creates_and_updates(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite'}"
    runner = CliRunner()
    args = ["user", "add", "ann", "--role", "write", "--password", "long password"]
    first = runner.invoke(app, [*args, "--db", url])
    assert first.exit_code == 0, first.output
    assert "created with role write" in first.output
    second = runner.invoke(
        app,
        ["user", "add", "ann", "--role", "admin", "--db", url],
        input="other password\nother password\n",
    )
    assert second.exit_code == 0 and "updated" in second.output
    engine = create_engine_for(url)
    account = authenticate(SqlUserRepository(engine), "ann", "other password")
    assert account is not None and account.role is Role.ADMIN
    engine.dispose()
    bad = runner.invoke(app, ["user", "add", "bo", "--role", "boss", "--db", url])
    assert bad.exit_code == 2 and "read, write or admin" in bad.output


def test_user_add_makes_the_first_platform_administrator(tmp_path: Path) -> None:
    """A new deployment's platform administrator comes from the command line."""
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    args = ["user", "add", "root", "--role", "admin", "--password", "long password"]
    result = CliRunner().invoke(app, [*args, "--platform-admin", "--db", url])
    assert result.exit_code == 0, result.output
    assert "(platform administrator) created" in result.output
    plain = CliRunner().invoke(app, [*args[:2], "ann", *args[3:], "--db", url])
    assert plain.exit_code == 0, plain.output
    engine = create_engine_for(url)
    users = SqlUserRepository(engine)
    root, ann = users.get("root"), users.get("ann")
    assert root is not None and root.platform_admin and root.organisation_id is None
    assert ann is not None and not ann.platform_admin
    engine.dispose()


def test_ensure_demo_stores_data_and_first_admin_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First call stores the dataset and returns a password; the second neither."""
    small = read_dataset(reference_path("os2_fixture_seed42"))
    monkeypatch.setattr("fleetplan.demo.build_demo_dataset", lambda: small)
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    password = web_commands.ensure_demo(url)
    assert password is not None and len(password) >= 12
    engine = create_engine_for(url)
    assert table_counts(engine)["vehicles"] == len(small.vehicles)
    account = authenticate(SqlUserRepository(engine), "admin", password)
    assert account is not None and account.role is Role.ADMIN
    engine.dispose()
    assert web_commands.ensure_demo(url) is None
