"""The :class:`UserRepository` on the database (``users`` table, revision 0002;
its sessions in ``sessions``, revision 0003)."""

from __future__ import annotations

from sqlalchemy import Engine

from fleetplan.api.security import Role
from fleetplan.api.sessions import SessionStore
from fleetplan.api.sessions_db import SqlSessionStore
from fleetplan.api.users import UserAccount, UserError
from fleetplan.store.scoped import current_organisation, organisation_for
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
        organisation_id=user.organisation_id,
        platform_admin=user.platform_admin,
    )


def _visible(account: UserAccount | None) -> UserAccount | None:
    """Within a request, the users of another organisation do not exist (404,
    not 403); before it (the login, the session check) every user does."""
    org = current_organisation()
    if account is None or org is None or account.organisation_id == org:
        return account
    return None


class SqlUserRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions: SessionStore = SqlSessionStore(engine)

    def get(self, username: str) -> UserAccount | None:
        user = get_user(self.engine, username)
        return _visible(_account(user)) if user is not None else None

    def get_external(self, issuer: str, subject: str) -> UserAccount | None:
        user = get_external_user(self.engine, issuer, subject)
        return _account(user) if user is not None else None

    def save(self, account: UserAccount) -> None:
        ours = organisation_for(self.engine)
        organisation_id = account.organisation_id
        if organisation_id is None and not account.platform_admin:
            organisation_id = ours  # a new user joins ours
        stored = get_user(self.engine, account.username)
        if stored is not None and ours is not None and stored.organisation_id != ours:
            # usernames are unique in the deployment: another organisation's
            # user is never taken over (the name is only said to be taken)
            raise UserError(f"The username {account.username!r} is taken.")
        save_user(
            self.engine,
            StoredUser(
                account.username,
                account.role.value,
                account.password_hash,
                account.active,
                account.external_issuer,
                account.external_subject,
                organisation_id,
                account.platform_admin,
            ),
        )

    def delete(self, username: str) -> bool:
        if self.get(username) is None:  # another organisation's user
            return False
        return delete_user(self.engine, username)

    def list(self) -> list[UserAccount]:
        accounts = [_account(user) for user in list_users(self.engine)]
        return [a for a in accounts if _visible(a) is not None]
