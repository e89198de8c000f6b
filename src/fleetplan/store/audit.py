"""The audit log (issue 19, item 5): who changed what and when.

The store's edit services call ``record`` once per change: register edits,
imports, settings, users and scenarios. Who acts is set once at the edge, by
``acting_as`` (the API's request, a web page's action, the CLI), so the store
functions keep their signatures; a change with no one set is logged with actor
``None`` (a command line or a job). ``record`` writes in the caller's
transaction where it has one, so a change and its entry commit together.

Each entry belongs to the organisation of the context it was made in (an
``OrgOwned`` table: ``store.scoped`` sets the column and filters every read), so
an organisation's admins see their own log only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from fleetplan.store.scoped import OrgOwned
from fleetplan.store.tables import Base

MAX_TEXT = 255


class AuditRow(OrgOwned, Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # naive UTC
    actor: Mapped[str | None] = mapped_column(String(MAX_TEXT))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(MAX_TEXT))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditAction:
    """The actions logged (catalogue ``audit.action.<id>`` names each)."""

    VEHICLE_CREATE = "vehicle.create"
    VEHICLE_UPDATE = "vehicle.update"
    VEHICLE_DEACTIVATE = "vehicle.deactivate"
    VEHICLE_REACTIVATE = "vehicle.reactivate"
    REGISTER_IMPORT = "register.import"
    FACTOR_SET_COPY = "factor_set.copy"
    FACTOR_VALUE_SET = "factor_value.set"
    SETTINGS_CHANGE = "settings.change"
    USER_CREATE = "user.create"
    USER_UPDATE = "user.update"
    USER_DELETE = "user.delete"
    SCENARIO_SAVE = "scenario.save"
    SCENARIO_RENAME = "scenario.rename"
    SCENARIO_DELETE = "scenario.delete"
    # a platform administrator's, logged in the organisation concerned
    ORGANISATION_CREATE = "organisation.create"
    ORGANISATION_RENAME = "organisation.rename"
    ORGANISATION_MEMBER_SET = "organisation.member_set"
    ORGANISATION_MEMBER_REMOVE = "organisation.member_remove"


ALL_ACTIONS: tuple[str, ...] = tuple(
    v for k, v in vars(AuditAction).items() if not k.startswith("_")
)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    entry_id: int
    at: datetime  # aware, UTC
    organisation_id: int
    actor: str | None
    action: str
    target: str
    detail: dict[str, Any]


_actor: ContextVar[str | None] = ContextVar("fleetplan_audit_actor", default=None)


@contextmanager
def acting_as(username: str | None) -> Iterator[None]:
    """Log the changes made inside the block as ``username``'s."""
    token = _actor.set(username)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> str | None:
    return _actor.get()


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # dates, enums


def record(
    where: Session | Connection | Engine,
    action: str,
    target: str,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Log one change by the current actor: in the session's or connection's
    transaction, or in a transaction of its own given an engine."""
    if action not in ALL_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}.")
    actor = current_actor()
    values = {  # organisation_id: the context's (OrgOwned's column default)
        "at": datetime.now(UTC).replace(tzinfo=None),
        "actor": actor[:MAX_TEXT] if actor else None,
        "action": action,
        "target": str(target)[:MAX_TEXT],
        "detail": _jsonable(detail or {}),
    }
    statement = insert(AuditRow).values(**values)
    if isinstance(where, Engine):
        with where.begin() as connection:
            connection.execute(statement)
    else:
        where.execute(statement)


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: [old, new]}`` of the fields whose value differs."""
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def list_entries(
    engine: Engine, *, limit: int = 500, offset: int = 0
) -> list[AuditEntry]:
    """The context organisation's entries, newest first."""
    query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc())
    with Session(engine) as session:
        rows = session.scalars(query.limit(limit).offset(offset)).all()
        return [
            AuditEntry(
                r.id,
                r.at.replace(tzinfo=UTC),
                r.organisation_id,
                r.actor,
                r.action,
                r.target,
                dict(r.detail or {}),
            )
            for r in rows
        ]
