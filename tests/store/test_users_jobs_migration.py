"""Revisions 0002 (users, jobs), 0003 (sessions) and 0004 (users' external
identities) match the table classes, on
every backend the ``engine`` fixture gives (SQLite; PostgreSQL when configured)."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError

import fleetplan.store.jobs
import fleetplan.store.sessions
import fleetplan.store.users
from fleetplan.store.database import alembic_config
from fleetplan.store.tables import Base
from tests.store.db import database_url as database_url  # the fixtures
from tests.store.db import engine as engine
from tests.store.db import schema_differences


def test_one_head_whose_chain_passes_0005_to_0002() -> None:
    """One head (revisions added in parallel must be chained, not branched), and
    its chain down to the first revision passes 0005, 0004, 0003 and 0002."""
    script = ScriptDirectory.from_config(alembic_config())
    (head,) = script.get_heads()
    chain = [rev.revision for rev in script.walk_revisions("base", head)]
    assert chain[-1] == "0001"
    assert {"0002", "0003", "0004", "0005"} <= set(chain)
    assert script.get_revision("0005").down_revision == "0004"
    assert script.get_revision("0004").down_revision == "0003"
    assert script.get_revision("0003").down_revision == "0002"


def test_head_matches_the_models(engine: Engine) -> None:
    """With users, jobs and sessions imported, autogenerate finds nothing to
    change: 0002 to 0005 built exactly the tables the models declare (0005: the
    vehicles' category, tests/store/test_vehicle_category.py)."""
    assert {"users", "jobs", "sessions"} <= set(Base.metadata.tables)
    assert fleetplan.store.users.UserRow.__table__.metadata is Base.metadata
    assert fleetplan.store.jobs.JobRow.__table__.metadata is Base.metadata
    assert fleetplan.store.sessions.SessionRow.__table__.metadata is Base.metadata
    with engine.connect() as connection:
        assert schema_differences(connection) == []
        context = MigrationContext.configure(connection)
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert context.get_current_revision() == head


def test_0003_sessions_cascade_with_their_user(engine: Engine) -> None:
    (foreign_key,) = inspect(engine).get_foreign_keys("sessions")
    assert foreign_key["referred_table"] == "users"
    assert foreign_key["constrained_columns"] == ["username"]
    assert foreign_key["options"].get("ondelete") == "CASCADE"


def test_0003_downgrades_and_upgrades_again(engine: Engine) -> None:
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert "sessions" not in inspect(engine).get_table_names()
    assert "users" in inspect(engine).get_table_names()
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as connection:
        assert schema_differences(connection) == []


def test_0004_adds_external_identities_to_existing_users(engine: Engine) -> None:
    """Additive: a user stored before 0004 keeps its row and gets no external
    identity; one (issuer, subject) belongs to at most one user."""
    from fleetplan.store.users import StoredUser, get_user, save_user

    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
        connection.exec_driver_sql(
            "INSERT INTO users (username, role, password_hash, active) "
            "VALUES ('admin', 'admin', 'h', true)"
        )
        command.upgrade(config, "head")
    # 0011 moved the existing user into the first organisation
    assert get_user(engine, "admin") == StoredUser(
        "admin", "admin", "h", True, organisation_id=1
    )
    save_user(engine, StoredUser("a", "read", None, True, "https://idp", "s1"))
    with pytest.raises(IntegrityError):
        save_user(engine, StoredUser("b", "read", None, True, "https://idp", "s1"))
