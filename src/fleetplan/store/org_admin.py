"""A platform administrator's work on organisations (issue 19, item 1): list
them with how many users and vehicles each has (counts only, never a fleet
row), create and rename them, and name or remove their administrators.

Each change is written to the audit log of the organisation it concerns
(``store.audit``, whose rows belong to an organisation), so that
organisation's admins see who created it, renamed it or changed its admins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from fleetplan.store import audit
from fleetplan.store.audit import AuditAction
from fleetplan.store.organisations import (
    Organisation,
    OrganisationError,
    OrganisationRow,
    add_organisation,
    get_organisation,
    rename_organisation,
)
from fleetplan.store.scoped import unscoped, using_organisation
from fleetplan.store.tables import VehicleRow
from fleetplan.store.users import UserRow

ADMIN_ROLE = "admin"


class OrgAdminError(OrganisationError):
    """An organisation's error (``orgs.err.<code>``), and those of its members."""

    MESSAGES: ClassVar[dict[str, str]] = {
        **OrganisationError.MESSAGES,
        "user_taken": "the username '{username}' belongs to another organisation.",
        "not_member": "'{username}' is not a user of this organisation.",
        "missing": "there is no organisation with id {organisation_id}.",
    }


@dataclass(frozen=True, slots=True)
class OrganisationSummary:
    organisation_id: int
    slug: str
    name: str
    created: datetime
    users: int
    vehicles: int
    admins: tuple[str, ...]  # usernames of its users with the admin role


def organisation_summaries(engine: Engine) -> list[OrganisationSummary]:
    """Every organisation with its counts and admins, by name."""
    with unscoped(), Session(engine) as session:
        users = dict(
            session.execute(
                select(UserRow.organisation_id, func.count()).group_by(
                    UserRow.organisation_id
                )
            ).all()
        )
        vehicles = dict(
            session.execute(
                select(VehicleRow.organisation_id, func.count()).group_by(
                    VehicleRow.organisation_id
                )
            ).all()
        )
        admins: dict[int, list[str]] = {}
        for org, name in session.execute(
            select(UserRow.organisation_id, UserRow.username)
            .where(UserRow.role == ADMIN_ROLE, UserRow.organisation_id.is_not(None))
            .order_by(UserRow.username)
        ):
            admins.setdefault(org, []).append(name)
        rows = session.scalars(select(OrganisationRow).order_by(OrganisationRow.name))
        return [
            OrganisationSummary(
                row.id,
                row.slug,
                row.name,
                row.created,
                int(users.get(row.id, 0)),
                int(vehicles.get(row.id, 0)),
                tuple(admins.get(row.id, ())),
            )
            for row in rows
        ]


def _existing(engine: Engine, organisation_id: int) -> Organisation:
    org = get_organisation(engine, organisation_id)
    if org is None:
        raise OrgAdminError("missing", organisation_id=organisation_id)
    return org


def _settle_users(engine: Engine) -> None:
    """Users of no organisation in a database of one (a single-municipality
    install's, read as that one's) join it before a second one exists, where
    they would otherwise belong to none and see no fleet."""
    with unscoped(), Session(engine) as session, session.begin():
        ids = session.scalars(select(OrganisationRow.id).limit(2)).all()
        if len(ids) != 1:
            return
        session.execute(
            update(UserRow)
            .where(UserRow.organisation_id.is_(None), UserRow.platform_admin.is_(False))
            .values(organisation_id=ids[0])
        )


def create_organisation(engine: Engine, slug: str, name: str) -> Organisation:
    """A new, empty organisation (raises ``OrganisationError`` ``slug``,
    ``name`` or ``taken``)."""
    _settle_users(engine)
    org = add_organisation(engine, slug, name)
    with using_organisation(org.organisation_id):
        audit.record(
            engine,
            AuditAction.ORGANISATION_CREATE,
            org.slug,
            {"slug": org.slug, "name": org.name},
        )
    return org


def rename(engine: Engine, organisation_id: int, slug: str, name: str) -> Organisation:
    """New slug and name for an organisation; its rows stay its own."""
    before = _existing(engine, organisation_id)
    after = rename_organisation(engine, organisation_id, slug, name)
    changed = audit.changes(
        {"slug": before.slug, "name": before.name},
        {"slug": after.slug, "name": after.name},
    )
    if changed:
        with using_organisation(organisation_id):
            audit.record(engine, AuditAction.ORGANISATION_RENAME, after.slug, changed)
    return after


def set_member(
    engine: Engine,
    organisation_id: int,
    username: str,
    role: str,
    password_hash: str | None,
) -> bool:
    """Give ``username`` ``role`` in the organisation: a new local user (with
    ``password_hash``; None: one who logs in through single sign-on), or a
    user of the organisation whose role (and password, when given) changes.
    A platform administrator named here gets the role in this organisation
    and so sees its fleet. True when the user was created. A user of another
    organisation is never taken over (``user_taken``)."""
    org = _existing(engine, organisation_id)
    with (
        using_organisation(organisation_id),
        Session(engine) as session,
        session.begin(),
    ):
        row = session.get(UserRow, username)
        if row is not None and row.organisation_id not in (None, organisation_id):
            raise OrgAdminError("user_taken", username=username)
        if row is not None and row.organisation_id is None:
            if not row.platform_admin:  # only a platform admin has none
                raise OrgAdminError("user_taken", username=username)
            row.organisation_id = organisation_id  # a role in this one
        created = row is None
        if row is None:
            row = UserRow(
                username=username,
                role=role,
                password_hash=password_hash,
                active=True,
                organisation_id=organisation_id,
                platform_admin=False,
            )
            session.add(row)
            before = None
        else:
            before = row.role
            row.role = role
            if password_hash is not None:
                row.password_hash = password_hash
        detail: dict[str, object] = {"organisation": org.slug, "role": [before, role]}
        if password_hash is not None:
            detail["password"] = "set"  # never the hash itself
        audit.record(session, AuditAction.ORGANISATION_MEMBER_SET, username, detail)
    return created


def remove_member(engine: Engine, organisation_id: int, username: str) -> None:
    """Delete the organisation's user ``username`` (their sessions go with
    them: ON DELETE CASCADE); a platform administrator only leaves it."""
    org = _existing(engine, organisation_id)
    with (
        using_organisation(organisation_id),
        Session(engine) as session,
        session.begin(),
    ):
        row = session.get(UserRow, username)
        if row is None or row.organisation_id != organisation_id:
            raise OrgAdminError("not_member", username=username)
        if row.platform_admin:  # keeps the account, loses the role here
            row.organisation_id = None
        else:
            session.delete(row)
        audit.record(
            session,
            AuditAction.ORGANISATION_MEMBER_REMOVE,
            username,
            {"organisation": org.slug, "role": row.role},
        )
