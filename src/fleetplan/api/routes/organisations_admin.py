"""Organisations, managed by a platform administrator (issue 19, item 1).

List them with user and vehicle counts (never a fleet row), create and rename
them, and name or remove their administrators. Every other user gets 403 here:
the gate is the platform role, not an organisation's data. Each change is in
the audit log of the organisation it concerns (``store.org_admin``).
"""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from fleetplan.api.deps import ServicesDep, check_csrf, user_of
from fleetplan.api.errors import SERVICE_UNAVAILABLE
from fleetplan.api.security import Role, hash_password
from fleetplan.api.services import AppServices
from fleetplan.api.users import (
    MIN_PASSWORD_LENGTH,
    USERNAME_PATTERN,
    UserAccount,
)
from fleetplan.store import org_admin
from fleetplan.store.org_admin import OrgAdminError, OrganisationSummary
from fleetplan.store.organisations import Organisation, OrganisationError


def require_platform_admin(request: Request, services: ServicesDep) -> UserAccount:
    """401 without a session, 403 unless a platform administrator (or
    without the CSRF token on a change)."""
    account = user_of(request, services)
    if account is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Not logged in.")
    if not account.platform_admin:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            {
                "code": "platform.err.forbidden",
                "params": {},
                "message": "Only a platform administrator manages organisations.",
            },
        )
    check_csrf(request, services)
    return account


# the tenant-isolation test reads this: no organisation role passes the gate
require_platform_admin.platform_only = True  # type: ignore[attr-defined]
PlatformAdmin = Depends(require_platform_admin)

router = APIRouter(
    prefix="/organisations",
    tags=["organisations"],
    dependencies=[PlatformAdmin],
    responses=SERVICE_UNAVAILABLE,
)


class OrganisationPublic(BaseModel):
    """An organisation; counts of its users and vehicles, its admins by name."""

    id: int
    slug: str
    name: str
    created: datetime
    users: int = 0
    vehicles: int = 0
    admins: list[str] = Field(default_factory=list)


class OrganisationCreate(BaseModel):
    slug: str = Field(min_length=1, max_length=64, examples=["ballerup"])
    name: str = Field(min_length=1, max_length=255, examples=["Ballerup Kommune"])


class OrganisationAdminSet(BaseModel):
    """A user of the organisation with ``role`` (default admin): created when
    new (without a password: one who logs in through single sign-on), else
    given the role (and the password, when one is sent)."""

    username: str = Field(min_length=2, max_length=64, examples=["admin@ballerup"])
    role: Role = Role.ADMIN
    password: str | None = Field(default=None, max_length=256)


class OrganisationAdminPublic(BaseModel):
    organisation_id: int
    username: str
    role: Role
    created: bool


_STATUS = {
    "slug": status.HTTP_422_UNPROCESSABLE_CONTENT,
    "name": status.HTTP_422_UNPROCESSABLE_CONTENT,
    "taken": status.HTTP_409_CONFLICT,
    "user_taken": status.HTTP_409_CONFLICT,
}


def _refuse(exc: OrganisationError) -> NoReturn:
    raise HTTPException(
        _STATUS.get(exc.code, status.HTTP_404_NOT_FOUND),
        {"code": f"orgs.err.{exc.code}", "params": exc.params, "message": str(exc)},
    ) from exc


def _refuse_member(code: str, message: str, **params: object) -> NoReturn:
    raise HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        {"code": f"platform.err.{code}", "params": params, "message": message},
    )


def _engine(services: AppServices) -> Engine:
    engine = getattr(services.users, "engine", None)
    if engine is None:  # users in memory: there is no database of organisations
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "No database.")
    return engine


def _public(org: OrganisationSummary | Organisation) -> OrganisationPublic:
    if isinstance(org, Organisation):
        return OrganisationPublic(
            id=org.organisation_id, slug=org.slug, name=org.name, created=org.created
        )
    return OrganisationPublic(
        id=org.organisation_id,
        slug=org.slug,
        name=org.name,
        created=org.created,
        users=org.users,
        vehicles=org.vehicles,
        admins=list(org.admins),
    )


def _summary(engine: Engine, organisation_id: int) -> OrganisationPublic:
    for org in org_admin.organisation_summaries(engine):
        if org.organisation_id == organisation_id:
            return _public(org)
    raise HTTPException(status.HTTP_404_NOT_FOUND, "No such organisation.")


@router.get("")
def list_organisations(services: ServicesDep) -> list[OrganisationPublic]:
    """Every organisation by name, with its counts and admins."""
    return [_public(o) for o in org_admin.organisation_summaries(_engine(services))]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_organisation(
    body: OrganisationCreate, services: ServicesDep
) -> OrganisationPublic:
    """A new, empty organisation."""
    try:
        org = org_admin.create_organisation(_engine(services), body.slug, body.name)
    except OrganisationError as exc:
        _refuse(exc)
    return _public(org)


@router.patch("/{organisation_id}")
def rename_organisation(
    organisation_id: int, body: OrganisationCreate, services: ServicesDep
) -> OrganisationPublic:
    """A new slug and name; the organisation's data stays its own."""
    engine = _engine(services)
    try:
        org_admin.rename(engine, organisation_id, body.slug, body.name)
    except OrganisationError as exc:
        _refuse(exc)
    return _summary(engine, organisation_id)


@router.post("/{organisation_id}/admins")
def set_admin(
    organisation_id: int,
    body: OrganisationAdminSet,
    services: ServicesDep,
    response: Response,
) -> OrganisationAdminPublic:
    """Name ``username`` an administrator (or another role) of the organisation."""
    if not USERNAME_PATTERN.match(body.username):
        _refuse_member(
            "username",
            "Use 2-64 letters, digits or . _ @ - in a username.",
            username=body.username,
        )
    password_hash = None
    if body.password is not None:
        if len(body.password) < MIN_PASSWORD_LENGTH:
            _refuse_member(
                "password",
                f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
                min=MIN_PASSWORD_LENGTH,
            )
        password_hash = hash_password(body.password)
    try:
        created = org_admin.set_member(
            _engine(services),
            organisation_id,
            body.username,
            body.role.value,
            password_hash,
        )
    except OrganisationError as exc:
        _refuse(exc)
    if not created:  # a new role or password: the old sessions end
        services.users.sessions.revoke_user(body.username)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return OrganisationAdminPublic(
        organisation_id=organisation_id,
        username=body.username,
        role=body.role,
        created=created,
    )


@router.delete(
    "/{organisation_id}/admins/{username}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_admin(organisation_id: int, username: str, services: ServicesDep) -> None:
    """Remove the organisation's user ``username`` (a platform administrator
    keeps the account and only leaves the organisation)."""
    try:
        org_admin.remove_member(_engine(services), organisation_id, username)
    except OrgAdminError as exc:
        _refuse(exc)
    services.users.sessions.revoke_user(username)
