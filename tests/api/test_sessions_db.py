"""Sessions in the database (revision 0003) on SQLite, and on PostgreSQL when
``FLEETPLAN_TEST_POSTGRES_URL`` is set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from fleetplan.api import Role, SqlUserRepository, create_user
from fleetplan.api.sessions import (
    SessionRecord,
    is_live,
    live_sessions,
    open_session,
    session_key,
)
from fleetplan.store.database import alembic_config
from tests.store.db import database_url as database_url  # the fixtures
from tests.store.db import engine as engine
from tests.store.db import postgres_template as postgres_template
from tests.store.db import schema_differences
from tests.store.db import sqlite_template as sqlite_template

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_upgrade_to_head_creates_the_sessions_table(engine: Engine) -> None:
    """At head (0003 made it); the table, its index and its foreign key match
    the model."""
    inspector = inspect(engine)
    columns = {c["name"] for c in inspector.get_columns("sessions")}
    assert columns == {"id", "username", "created", "last_seen", "revoked"}
    assert [ix["column_names"] for ix in inspector.get_indexes("sessions")] == [
        ["username"]
    ]
    (foreign,) = inspector.get_foreign_keys("sessions")
    assert foreign["referred_table"] == "users"
    assert foreign["options"].get("ondelete", "").upper() == "CASCADE"
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert context.get_current_revision() == head
        assert schema_differences(connection) == []


def test_downgrade_and_upgrade_again(engine: Engine) -> None:
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
        assert "sessions" not in inspect(connection).get_table_names()
        command.upgrade(config, "head")
        assert "sessions" in inspect(connection).get_table_names()


def test_sql_store_lifecycle(engine: Engine) -> None:
    """Create, read (aware UTC times), touch, revoke, revoke all, purge, and
    the cascade when the user is deleted."""
    users = SqlUserRepository(engine)
    create_user(users, "ann", None, Role.WRITE)
    create_user(users, "bo", None, Role.READ)
    now = [START]
    users.sessions.clock = lambda: now[0]
    ann1 = open_session(users.sessions, "ann", max_age_s=3600)
    ann2 = open_session(users.sessions, "ann", max_age_s=3600)
    bo = open_session(users.sessions, "bo", max_age_s=3600)
    record = users.sessions.get(session_key(ann1))
    assert record == SessionRecord(session_key(ann1), "ann", START, START, False)
    assert users.sessions.get(ann1) is None  # stored by digest, not the token

    def live(token: str, username: str) -> bool:
        return is_live(
            users.sessions, token, username, idle_timeout_s=600, max_age_s=3600
        )

    now[0] = START + timedelta(seconds=90)
    assert live(ann1, "ann")
    touched = users.sessions.get(session_key(ann1))
    assert touched is not None and touched.last_seen == now[0]
    assert not live(ann1, "bo")
    assert users.sessions.revoke(session_key(ann1))
    assert not users.sessions.revoke(session_key(ann1))
    assert not live(ann1, "ann")
    assert [r.session_id for r in users.sessions.of_user("ann")] in (
        [session_key(ann1), session_key(ann2)],
        [session_key(ann2), session_key(ann1)],
    )
    listed = live_sessions(users.sessions, "ann", idle_timeout_s=600, max_age_s=3600)
    assert listed == [SessionRecord(session_key(ann2), "ann", START, START, False)]
    assert users.sessions.revoke_user("ann") == 1  # ann2; ann1 was revoked
    assert not live(ann2, "ann")
    assert live(bo, "bo")
    assert users.delete("bo")  # ON DELETE CASCADE
    assert users.sessions.get(session_key(bo)) is None
    now[0] = START + timedelta(seconds=3601)
    fresh = open_session(users.sessions, "ann", max_age_s=3600)  # purges ann1/2
    assert users.sessions.get(session_key(ann2)) is None
    assert live(fresh, "ann")
