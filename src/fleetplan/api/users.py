"""User accounts: the repository interface, an in-memory one, and the services
(create, authenticate, change) that the API, the web pages and the CLI share.

A repository also holds its users' login sessions (``sessions``), so every
change that must end sessions (deactivate, role, new password, delete) does
so here, whichever page, route or command made it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

from fleetplan.api.security import Role, hash_password, verify_password
from fleetplan.api.sessions import InMemorySessionStore, SessionStore

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")
MIN_PASSWORD_LENGTH = 8


class UserError(ValueError):
    """A user-facing problem with a user account (message says what to do)."""


@dataclass(frozen=True, slots=True)
class UserAccount:
    """A login. ``password_hash`` is ``None`` for users who only log in via OIDC;
    ``external_issuer``/``external_subject`` name the OIDC identity linked to the
    account (``None`` for local accounts)."""

    username: str
    role: Role
    password_hash: str | None = None
    active: bool = True
    external_issuer: str | None = None
    external_subject: str | None = None
    # whose fleet the user sees (None: a platform administrator's, or a
    # single-organisation install's user, who sees its only organisation)
    organisation_id: int | None = None
    platform_admin: bool = False

    @property
    def is_external(self) -> bool:
        return self.external_subject is not None


class UserRepository(Protocol):
    sessions: SessionStore

    def get(self, username: str) -> UserAccount | None: ...

    def get_external(self, issuer: str, subject: str) -> UserAccount | None: ...

    def save(self, account: UserAccount) -> None: ...

    def delete(self, username: str) -> bool: ...

    def list(self) -> list[UserAccount]: ...


class InMemoryUserRepository:
    """Users in a dict (tests); the app uses the database-backed repository."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users: dict[str, UserAccount] = {}
        self.sessions: SessionStore = InMemorySessionStore()

    def get(self, username: str) -> UserAccount | None:
        with self._lock:
            return self._users.get(username)

    def get_external(self, issuer: str, subject: str) -> UserAccount | None:
        with self._lock:
            for account in self._users.values():
                if (account.external_issuer, account.external_subject) == (
                    issuer,
                    subject,
                ):
                    return account
            return None

    def save(self, account: UserAccount) -> None:
        with self._lock:
            self._users[account.username] = account

    def delete(self, username: str) -> bool:
        # The database deletes them by ON DELETE CASCADE.
        self.sessions.revoke_user(username)
        with self._lock:
            return self._users.pop(username, None) is not None

    def list(self) -> list[UserAccount]:
        with self._lock:
            return sorted(self._users.values(), key=lambda u: u.username)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
        )


def create_user(
    repo: UserRepository,
    username: str,
    password: str | None,
    role: Role,
    *,
    platform_admin: bool = False,
) -> UserAccount:
    """Create a user, or replace the password and role of an existing one
    (which ends that user's sessions). A platform administrator manages the
    deployment's organisations and belongs to none."""
    if not USERNAME_PATTERN.match(username):
        raise UserError(
            f"Username {username!r} is not allowed: "
            "use 2-64 letters, digits or . _ @ -."
        )
    password_hash = None
    if password is not None:
        check_password_rules(password)
        password_hash = hash_password(password)
    account = UserAccount(
        username=username,
        role=role,
        password_hash=password_hash,
        platform_admin=platform_admin,
    )
    existed = repo.get(username) is not None
    repo.save(account)
    if existed:
        repo.sessions.revoke_user(username)
    return account


@cache
def _dummy_hash() -> str:
    return hash_password("not a password of anyone")


def authenticate(
    repo: UserRepository, username: str, password: str
) -> UserAccount | None:
    """The active user with this username and password, else ``None``."""
    account = repo.get(username)
    if account is None or not account.active or account.password_hash is None:
        # Same work as a wrong password, so timing does not tell who exists.
        verify_password(_dummy_hash(), password)
        return None
    return account if verify_password(account.password_hash, password) else None


class ExternalNameTaken(UserError):
    """An external login's username belongs to another account (a local
    password account, or another identity's): it is never taken over."""


def external_account(
    repo: UserRepository, issuer: str, subject: str, username: str, role: Role
) -> UserAccount:
    """The account of the external identity (``issuer``, ``subject``).

    Matched by the identity, not by name: a provider saying
    ``preferred_username=admin`` does not get the local admin. On the first
    login the account is created with ``username`` and ``role``, or, when an
    admin created ``username`` without a password (for this login), linked to
    it. Raises :class:`ExternalNameTaken` when the name is another account's.
    """
    account = repo.get_external(issuer, subject)
    if account is not None:
        return account
    existing = repo.get(username)
    if existing is not None and (existing.password_hash or existing.is_external):
        raise ExternalNameTaken(
            f"The username {username!r} belongs to another account."
        )
    account = replace(
        existing or UserAccount(username=username, role=role),
        external_issuer=issuer,
        external_subject=subject,
    )
    repo.save(account)
    return account


def update_user(
    repo: UserRepository,
    username: str,
    *,
    role: Role | None = None,
    password: str | None = None,
    active: bool | None = None,
) -> UserAccount:
    """Change role, password or active flag of an existing user.

    Deactivating, any change of role or a new password ends the user's sessions.
    """
    before = repo.get(username)
    if before is None:
        raise UserError(f"There is no user {username!r}.")
    account = before
    if role is not None:
        account = replace(account, role=role)
    if active is not None:
        account = replace(account, active=active)
    if password is not None:
        check_password_rules(password)
        account = replace(account, password_hash=hash_password(password))
    repo.save(account)
    if (
        (before.active and not account.active)
        or account.role != before.role
        or password is not None
    ):
        repo.sessions.revoke_user(username)
    return account


def confirms_identity(repo: UserRepository, actor: str, password: str | None) -> bool:
    """True when ``password`` is the current password of the active ``actor``.

    Changes that grant access (a role, a password, a new user) ask for it, so a
    script running in an admin's page, which has the session but not the
    password, cannot make anyone an admin.
    """
    account = repo.get(actor)
    if account is None or not account.active or account.password_hash is None:
        return False
    return bool(password) and verify_password(account.password_hash, str(password))
