"""User accounts in the database (table ``users``; revision 0002, external
identities 0004).

Rows never leave this module: callers get :class:`StoredUser` values, with the
role as its plain string (``read``, ``write`` or ``admin``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Boolean, Engine, ForeignKey, Index, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from fleetplan.store import audit
from fleetplan.store.audit import AuditAction
from fleetplan.store.tables import Base


class UserRow(Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None]
    active: Mapped[bool] = mapped_column(Boolean)
    # An OpenID Connect login's (issuer, subject); NULL for local accounts.
    external_issuer: Mapped[str | None] = mapped_column(String(255))
    external_subject: Mapped[str | None] = mapped_column(String(255))
    # 0011: the organisation whose data the user sees (NULL: none, e.g. a
    # platform administrator, who manages organisations and sees no fleet)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index(None, "external_issuer", "external_subject", unique=True),)


@dataclass(frozen=True, slots=True)
class StoredUser:
    username: str
    role: str
    password_hash: str | None
    active: bool
    external_issuer: str | None = None
    external_subject: str | None = None
    organisation_id: int | None = None
    platform_admin: bool = False


def _stored(row: UserRow) -> StoredUser:
    return StoredUser(
        row.username,
        row.role,
        row.password_hash,
        row.active,
        row.external_issuer,
        row.external_subject,
        row.organisation_id,
        row.platform_admin,
    )


def get_user(engine: Engine, username: str) -> StoredUser | None:
    with Session(engine) as session:
        row = session.get(UserRow, username)
        return _stored(row) if row is not None else None


def get_external_user(engine: Engine, issuer: str, subject: str) -> StoredUser | None:
    """The user linked to this external identity, if any."""
    with Session(engine) as session:
        row = session.scalars(
            select(UserRow).where(
                UserRow.external_issuer == issuer, UserRow.external_subject == subject
            )
        ).first()
        return _stored(row) if row is not None else None


def save_user(engine: Engine, user: StoredUser) -> None:
    """Insert the user or replace the stored one with the same username."""
    with Session(engine) as session, session.begin():
        old = session.get(UserRow, user.username)
        before = _audited(_stored(old)) if old is not None else {}
        old_hash = old.password_hash if old is not None else None
        session.merge(
            UserRow(
                username=user.username,
                role=user.role,
                password_hash=user.password_hash,
                active=user.active,
                external_issuer=user.external_issuer,
                external_subject=user.external_subject,
                organisation_id=user.organisation_id,
                platform_admin=user.platform_admin,
            )
        )
        action = AuditAction.USER_UPDATE if old else AuditAction.USER_CREATE
        changed = audit.changes(before, _audited(user))
        if old is not None and old_hash != user.password_hash:
            changed["password"] = "changed"  # never the hash itself
        if changed:
            audit.record(session, action, user.username, changed)


def _audited(user: StoredUser) -> dict[str, object]:
    return {
        "role": str(user.role),
        "active": user.active,
        "external_issuer": user.external_issuer,
    }


def delete_user(engine: Engine, username: str) -> bool:
    with Session(engine) as session, session.begin():
        result = session.execute(delete(UserRow).where(UserRow.username == username))
        if result.rowcount:  # type: ignore[attr-defined]
            audit.record(session, AuditAction.USER_DELETE, username)
        return bool(result.rowcount)  # type: ignore[attr-defined]


def list_users(engine: Engine) -> list[StoredUser]:
    with Session(engine) as session:
        rows = session.scalars(select(UserRow).order_by(UserRow.username))
        return [_stored(row) for row in rows]
