"""Revision 0002 (users, jobs) matches the table classes in store.users/jobs."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

import fleetplan.store.jobs
import fleetplan.store.users
from fleetplan.store.tables import Base
from tests.store.db import database_url as database_url  # the fixtures
from tests.store.db import engine as engine


def test_0002_matches_the_models(engine: Engine) -> None:
    """With users and jobs imported, autogenerate finds nothing to change."""
    assert {"users", "jobs"} <= set(Base.metadata.tables)
    assert fleetplan.store.users.UserRow.__table__.metadata is Base.metadata
    assert fleetplan.store.jobs.JobRow.__table__.metadata is Base.metadata
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == "0002"
