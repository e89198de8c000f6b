"""User administration (admin only).

Deactivating, any role change, a new password and deleting end the user's
sessions (``api.users``); ``sessions`` lists the live ones and
``revoke-sessions`` ends them without changing the user. Creating a user and
changing a role or a password also need the acting admin's ``current_password``.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel

from fleetplan.api.deps import AdminDep, CanAdmin, ServicesDep
from fleetplan.api.schemas import UserCreate, UserPublic, UserUpdate
from fleetplan.api.services import AppServices
from fleetplan.api.sessions import live_sessions
from fleetplan.api.users import (
    UserAccount,
    UserError,
    confirms_identity,
    create_user,
    update_user,
)

router = APIRouter(prefix="/users", tags=["users"], dependencies=[CanAdmin])


class SessionPublic(BaseModel):
    """A live session; its token is never shown, only when it began and was
    last used (UTC, to the minute)."""

    created: datetime
    last_seen: datetime


class SessionsRevoked(BaseModel):
    username: str
    revoked: int


def _public(account: UserAccount) -> UserPublic:
    return UserPublic(
        username=account.username,
        role=account.role,
        active=account.active,
        has_password=account.password_hash is not None,
    )


REAUTH_CODE = "users.err.current_password"


def _require_current_password(
    services: AppServices, actor: UserAccount, password: str | None
) -> None:
    """403 unless ``password`` is the acting admin's own (see ``confirms_identity``)."""
    if not confirms_identity(services.users, actor.username, password):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            {
                "code": REAUTH_CODE,
                "params": {},
                "message": "Give your own current password (current_password) "
                "to create a user or change a role or a password.",
            },
        )


@router.get("")
def list_users(services: ServicesDep) -> list[UserPublic]:
    return [_public(u) for u in services.users.list()]


@router.post("", status_code=status.HTTP_201_CREATED)
def add_user(body: UserCreate, services: ServicesDep, actor: AdminDep) -> UserPublic:
    _require_current_password(services, actor, body.current_password)
    if services.users.get(body.username) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, "User exists already.")
    try:
        return _public(
            create_user(services.users, body.username, body.password, body.role)
        )
    except UserError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc


@router.patch("/{username}")
def change_user(
    username: str, body: UserUpdate, services: ServicesDep, actor: AdminDep
) -> UserPublic:
    if body.role is not None or body.password is not None:
        _require_current_password(services, actor, body.current_password)
    try:
        account = update_user(
            services.users,
            username,
            role=body.role,
            password=body.password,
            active=body.active,
        )
    except UserError as exc:
        code = 404 if services.users.get(username) is None else 422
        raise HTTPException(code, str(exc)) from exc
    return _public(account)


@router.delete("/{username}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(username: str, services: ServicesDep) -> None:
    if not services.users.delete(username):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "There is no such user.")


@router.get("/{username}/sessions")
def list_sessions(username: str, services: ServicesDep) -> list[SessionPublic]:
    """The user's live sessions (logged in and not idle too long), oldest first."""
    if services.users.get(username) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "There is no such user.")
    settings = services.settings
    records = live_sessions(
        services.users.sessions,
        username,
        idle_timeout_s=settings.session_idle_timeout_s,
        max_age_s=settings.session_max_age_s,
    )
    return [SessionPublic(created=r.created, last_seen=r.last_seen) for r in records]


@router.post("/{username}/revoke-sessions")
def revoke_sessions(username: str, services: ServicesDep) -> SessionsRevoked:
    """Log the user out everywhere: every session of theirs stops working."""
    if services.users.get(username) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "There is no such user.")
    return SessionsRevoked(
        username=username, revoked=services.users.sessions.revoke_user(username)
    )
