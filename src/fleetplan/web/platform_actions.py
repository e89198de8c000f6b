"""What the Organisationer page does, without NiceGUI: each action re-checks
that its user is still an active platform administrator, acts through
``store.org_admin`` as that user (audit log) and returns the catalogue key of
the outcome with its parameters, so the page only shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from fleetplan.api.security import Role, hash_password
from fleetplan.api.services import get_services
from fleetplan.api.users import MIN_PASSWORD_LENGTH, USERNAME_PATTERN, UserAccount
from fleetplan.store import org_admin
from fleetplan.store.audit import acting_as
from fleetplan.store.organisations import OrganisationError
from fleetplan.store.users import get_user


@dataclass(frozen=True, slots=True)
class Outcome:
    key: str  # a catalogue key
    params: dict[str, str] = field(default_factory=dict)
    ok: bool = False


def engine() -> Engine | None:
    """The database of the app's users (None: users in memory, no database)."""
    return getattr(get_services().users, "engine", None)


def is_platform_admin(user: UserAccount) -> bool:
    """Still an active platform administrator, read from the database now (a
    demoted or disabled user's open page cannot act)."""
    db = engine()
    stored = get_user(db, user.username) if db is not None else None
    return stored is not None and stored.active and stored.platform_admin


def _refused(exc: OrganisationError) -> Outcome:
    return Outcome(f"orgs.err.{exc.code}", dict(exc.params))


def create(user: UserAccount, slug: str, name: str) -> Outcome:
    db = engine()
    if db is None or not is_platform_admin(user):
        return Outcome("platform.err.forbidden")
    try:
        with acting_as(user.username):
            org = org_admin.create_organisation(db, slug, name or slug)
    except OrganisationError as exc:
        return _refused(exc)
    return Outcome("platform.created", {"name": org.name}, ok=True)


def _for_organisation(
    user: UserAccount, organisation_id: int | None
) -> tuple[Engine | None, Outcome | None]:
    """The database for a platform administrator's action on an organisation,
    or the outcome that refuses it (not a platform administrator, none chosen)."""
    db = engine()
    if db is None or not is_platform_admin(user):
        return None, Outcome("platform.err.forbidden")
    if organisation_id is None:
        return None, Outcome("platform.err.choose")
    return db, None


def rename(
    user: UserAccount, organisation_id: int | None, slug: str, name: str
) -> Outcome:
    db, refusal = _for_organisation(user, organisation_id)
    if refusal is not None:
        return refusal
    assert db is not None and organisation_id is not None
    try:
        with acting_as(user.username):
            org = org_admin.rename(db, organisation_id, slug, name)
    except OrganisationError as exc:
        return _refused(exc)
    return Outcome("platform.renamed", {"name": org.name}, ok=True)


def set_admin(
    user: UserAccount,
    organisation_id: int | None,
    username: str,
    role: str,
    password: str,
) -> Outcome:
    """Name ``username`` the organisation's admin (or give another role); an
    empty password: a user who logs in through single sign-on."""
    db, refusal = _for_organisation(user, organisation_id)
    if refusal is not None:
        return refusal
    assert db is not None and organisation_id is not None
    username = username.strip()
    if not USERNAME_PATTERN.match(username):
        return Outcome("platform.err.username", {"username": username})
    if password and len(password) < MIN_PASSWORD_LENGTH:
        return Outcome("platform.err.password", {"min": str(MIN_PASSWORD_LENGTH)})
    password_hash = hash_password(password) if password else None
    try:
        with acting_as(user.username):
            created = org_admin.set_member(
                db, organisation_id, username, Role(role).value, password_hash
            )
    except OrganisationError as exc:
        return _refused(exc)
    if not created:  # a new role or password ends the old sessions
        get_services().users.sessions.revoke_user(username)
    key = "platform.admin_added" if created else "platform.admin_updated"
    return Outcome(key, {"username": username}, ok=True)


def remove_admin(
    user: UserAccount, organisation_id: int | None, username: str
) -> Outcome:
    db, refusal = _for_organisation(user, organisation_id)
    if refusal is not None:
        return refusal
    assert db is not None and organisation_id is not None
    try:
        with acting_as(user.username):
            org_admin.remove_member(db, organisation_id, username.strip())
    except OrganisationError as exc:
        return _refused(exc)
    get_services().users.sessions.revoke_user(username.strip())
    return Outcome("platform.admin_removed", {"username": username.strip()}, ok=True)
