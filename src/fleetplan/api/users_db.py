"""The :class:`UserRepository` on the database (``users`` table, revision 0002;
its sessions in ``sessions``, revision 0003)."""

from __future__ import annotations

from sqlalchemy import Engine

from fleetplan.api.security import Role
from fleetplan.api.sessions import SessionStore
from fleetplan.api.sessions_db import SqlSessionStore
from fleetplan.api.users import UserAccount
from fleetplan.store.users import (
    StoredUser,
    delete_user,
    get_external_user,
    get_user,
    list_users,
    save_user,
)


def _account(user: StoredUser) -> UserAccount:
    return UserAccount(
        username=user.username,
        role=Role(user.role),
        password_hash=user.password_hash,
        active=user.active,
        external_issuer=user.external_issuer,
        external_subject=user.external_subject,
    )


class SqlUserRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions: SessionStore = SqlSessionStore(engine)

    def get(self, username: str) -> UserAccount | None:
        user = get_user(self.engine, username)
        return _account(user) if user is not None else None

    def get_external(self, issuer: str, subject: str) -> UserAccount | None:
        user = get_external_user(self.engine, issuer, subject)
        return _account(user) if user is not None else None

    def save(self, account: UserAccount) -> None:
        save_user(
            self.engine,
            StoredUser(
                account.username,
                account.role.value,
                account.password_hash,
                account.active,
                account.external_issuer,
                account.external_subject,
            ),
        )

    def delete(self, username: str) -> bool:
        return delete_user(self.engine, username)

    def list(self) -> list[UserAccount]:
        return [_account(user) for user in list_users(self.engine)]
