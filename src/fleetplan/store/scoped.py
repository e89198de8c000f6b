"""Scoping by organisation, in one place, so no route, page or job can forget it.

Every table of a fleet mixes in :class:`OrgOwned`. The organisation of the
running code is a context variable, set per request (``api.deps``), per job
(the runner copies its submitter's context) and per command (``--org``):

- every ORM statement run through a ``Session`` gets
  ``WHERE organisation_id = :org`` on each org-owned entity, in subqueries too
  (``with_loader_criteria`` on ``do_orm_execute``);
- every row inserted gets the organisation as its column default;
- a guard on every engine refuses a SELECT, UPDATE or DELETE of an org-owned
  table that did not pass through that filter (a core ``select(Table)``).

Without an organisation in the context, a database with exactly one
organisation is read as that one (a single-municipality install and the tests
need no ``--org``); with two or more it raises :class:`OrganisationRequired`.
``unscoped()`` lifts the scope for platform work (migrations, ``org list``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import Connection, ForeignKey, Insert, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    mapped_column,
    with_loader_criteria,
)
from sqlalchemy.sql.util import find_tables

_Row = TypeVar("_Row")
_ORG: ContextVar[int | None] = ContextVar("fleetplan_org", default=None)
# ``fleetplan --org SLUG``: named before the command knows its database
_SLUG: ContextVar[str | None] = ContextVar("fleetplan_org_slug", default=None)
_UNSCOPED: ContextVar[bool] = ContextVar("fleetplan_unscoped", default=False)

NO_ORGANISATION = 0  # matches no row: a platform administrator's view
SCOPED_OPTION = "fleetplan_scoped"  # set on statements the ORM filter saw


class OrganisationRequired(LookupError):
    """Code touched fleet data with no organisation in its context while the
    database holds several (or none)."""


class UnscopedQuery(RuntimeError):
    """A statement on an org-owned table bypassed the organisation filter (a
    programming error: use ORM entities through a ``Session``)."""


def _default_org(context: Any) -> int:
    org = current_organisation()
    if org is not None:
        return org
    # once per statement (an executemany calls this per row with one context)
    cached = getattr(context, "_fleetplan_org", None)
    if cached is None:
        cached = resolve_organisation(context.connection)
        context._fleetplan_org = cached
    return int(cached)


class OrgOwned:
    """Mixin of every table whose rows belong to one organisation."""

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), index=True, default=_default_org
    )


ORG_TABLE_NAMES: set[str] = set()  # filled once the models are imported


def _org_table_names() -> set[str]:
    if not ORG_TABLE_NAMES:
        from fleetplan.store.tables import Base

        ORG_TABLE_NAMES.update(
            mapper.local_table.name
            for mapper in Base.registry.mappers
            if issubclass(mapper.class_, OrgOwned)
        )
    return ORG_TABLE_NAMES


# Where else the running code's organisation may be known: the web layer
# registers its page client's (a NiceGUI event runs outside the page's context).
_SOURCES: list[Callable[[], int | None]] = []


def add_organisation_source(source: Callable[[], int | None]) -> None:
    """Ask ``source`` for the organisation when the context has none."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def current_organisation() -> int | None:
    """The organisation set in this context or known to a registered source
    (None: neither)."""
    org = _ORG.get()
    if org is None:
        for source in _SOURCES:
            org = source()
            if org is not None:
                break
    return org


@contextmanager
def using_organisation(organisation_id: int) -> Iterator[None]:
    """Run the block as organisation ``organisation_id``."""
    token = _ORG.set(organisation_id)
    try:
        yield
    finally:
        _ORG.reset(token)


def set_organisation(organisation_id: int | None) -> None:
    """Set the organisation for the rest of this context (a request's task)."""
    _ORG.set(organisation_id)


def set_organisation_slug(slug: str | None) -> None:
    """Name the organisation by its slug for the rest of this context (a
    command); it is looked up in the database the command opens."""
    _SLUG.set(None if slug is None else slug.strip().lower())


def _by_slug(connection: Connection, slug: str) -> int:
    found = connection.execute(
        text("SELECT id FROM organisations WHERE slug = :slug"), {"slug": slug}
    ).scalar()
    if found is None:
        raise OrganisationRequired(
            f"there is no organisation '{slug}'; see 'fleetplan org list'."
        )
    return int(found)


def organisation_for(engine: Engine) -> int | None:
    """The context's organisation (a slug looked up in ``engine``'s database);
    None when the context names none."""
    org = current_organisation()
    slug = _SLUG.get()
    if org is None and slug is not None:
        with engine.connect() as connection:
            org = _by_slug(connection, slug)
    return org


@contextmanager
def unscoped() -> Iterator[None]:
    """Platform work: no organisation filter in the block."""
    token = _UNSCOPED.set(True)
    try:
        yield
    finally:
        _UNSCOPED.reset(token)


def _only_organisation(connection: Connection) -> int:
    ids = connection.execute(
        text("SELECT id FROM organisations ORDER BY id LIMIT 2")
    ).scalars()
    found = list(ids)
    if len(found) != 1:
        raise OrganisationRequired(
            f"{len(found) or 'no'} organisations here; choose one (--org)."
        )
    return int(found[0])


def resolve_organisation(connection: Connection) -> int:
    """The context's organisation, or the database's only one."""
    org = current_organisation()
    if org is not None:
        return org
    slug = _SLUG.get()
    return _by_slug(connection, slug) if slug else _only_organisation(connection)


def _touches_org_tables(statement: Any) -> set[str]:
    names = {t.name for t in find_tables(statement, include_crud=True)}
    return names & _org_table_names()


@event.listens_for(Session, "do_orm_execute")
def _filter_by_organisation(state: ORMExecuteState) -> None:
    if _UNSCOPED.get() or state.is_column_load or state.is_relationship_load:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if not _touches_org_tables(state.statement):
        return  # users, sessions, organisations: no organisation to resolve
    org_id = resolve_organisation(state.session.connection())
    state.statement = state.statement.options(
        with_loader_criteria(
            OrgOwned,
            lambda cls: cls.organisation_id == org_id,
            include_aliases=True,
        )
    )
    state.update_execution_options(**{SCOPED_OPTION: True})


@event.listens_for(Engine, "begin")
def _fence(conn: Connection) -> None:
    """PostgreSQL: name the organisation for the transaction's row-level
    security (revision 0011), the second fence behind the ORM filter."""
    if conn.dialect.name != "postgresql" or _UNSCOPED.get():
        return
    org = current_organisation()
    if org is not None:
        conn.exec_driver_sql("SELECT set_config('app.org', %s, true)", (str(org),))


@event.listens_for(Engine, "before_execute")
def _guard(
    conn: Connection,
    clause: Any,
    multiparams: Any,
    params: Any,
    execution_options: Any,
) -> None:
    if _UNSCOPED.get() or not hasattr(clause, "_from_objects"):
        return
    touched = _touches_org_tables(clause)
    if not touched:
        return
    if isinstance(clause, Insert):
        return  # the column default gives the row its organisation
    if execution_options.get(SCOPED_OPTION) or "compiled_cache" in execution_options:
        return  # filtered by the ORM, or a flush of rows the ORM loaded scoped
    raise UnscopedQuery(
        f"a statement on {sorted(touched)} bypassed the organisation filter."
    )


def get_own(session: Session, row_class: type[_Row], *ident: Any) -> _Row | None:
    """``session.get`` of the context organisation's row with id ``ident``: a
    fleet's primary keys lead with the organisation (revision 0013), so
    another organisation's row of the same id is never found."""
    org = resolve_organisation(session.connection())
    return session.get(row_class, (org, *ident))


def run(connection: Connection, statement: Any) -> Any:
    """Execute an ORM statement on an open connection (its transaction) through
    a ``Session``, so the organisation filter applies to it."""
    options = {"synchronize_session": False} if statement.is_dml else {}
    return Session(bind=connection).execute(statement, execution_options=options)
