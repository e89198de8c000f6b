"""The database user repository behaves like the in-memory one."""

from __future__ import annotations

from pathlib import Path

from fleetplan.api import Role, SqlUserRepository, authenticate, create_user
from fleetplan.api.users import update_user
from fleetplan.store import create_engine_for, upgrade_database


def test_users_round_trip_and_authenticate(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'users.sqlite'}")
    upgrade_database(engine)
    repo = SqlUserRepository(engine)
    create_user(repo, "ann", "a long password", Role.WRITE)
    create_user(repo, "bob", None, Role.READ)
    assert [u.username for u in repo.list()] == ["ann", "bob"]
    ann = authenticate(repo, "ann", "a long password")
    assert ann is not None and ann.role is Role.WRITE
    assert authenticate(repo, "ann", "wrong password") is None
    assert authenticate(repo, "bob", "") is None  # OIDC-only user
    update_user(repo, "ann", role=Role.ADMIN, active=False)
    stored = repo.get("ann")
    assert stored is not None and (stored.role, stored.active) == (Role.ADMIN, False)
    assert authenticate(repo, "ann", "a long password") is None
    assert repo.delete("bob") is True and repo.delete("bob") is False
    engine.dispose()
