"""Organisations (tenants): one deployment serves many public authorities, and
every row of a fleet belongs to one of them (table ``organisations``, revision
0011). Platform-level reads and writes: they are never scoped by organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from sqlalchemy import DateTime, Engine, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from fleetplan.store.tables import Base

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
DEFAULT_SLUG = "default"


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(DateTime)


@dataclass(frozen=True, slots=True)
class Organisation:
    organisation_id: int
    slug: str
    name: str
    created: datetime


class OrganisationError(ValueError):
    """A user-fixable problem with an organisation: ``code`` is a catalogue key
    (``orgs.err.<code>``) and ``params`` its values."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "slug": "'{slug}' is not a valid slug: use a-z, 0-9 and -, at most 63.",
        "name": "an organisation needs a name of 1 to 255 characters.",
        "taken": "an organisation '{slug}' exists already.",
        "unknown": "there is no organisation '{slug}'; see 'fleetplan org list'.",
        "choose": "this database holds {count} organisations; choose one with --org.",
        "none": "this database holds no organisation; add one: fleetplan org add.",
    }

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = {k: str(v) for k, v in params.items()}
        super().__init__(self.MESSAGES[code].format(**self.params))


def _public(row: OrganisationRow) -> Organisation:
    return Organisation(row.id, row.slug, row.name, row.created)


def add_organisation(engine: Engine, slug: str, name: str) -> Organisation:
    """Create an organisation; its slug is its stable, URL-safe handle."""
    slug = slug.strip().lower()
    name = " ".join((name or slug).split())
    if not SLUG_PATTERN.match(slug):
        raise OrganisationError("slug", slug=slug)
    if not 0 < len(name) <= 255:
        raise OrganisationError("name")
    row = OrganisationRow(
        slug=slug, name=name, created=datetime.now().replace(microsecond=0)
    )
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            session.add(row)
    except IntegrityError as exc:
        raise OrganisationError("taken", slug=slug) from exc
    return _public(row)


def list_organisations(engine: Engine) -> list[Organisation]:
    with Session(engine) as session:
        rows = session.scalars(select(OrganisationRow).order_by(OrganisationRow.id))
        return [_public(row) for row in rows]


def get_organisation(engine: Engine, organisation_id: int) -> Organisation | None:
    with Session(engine) as session:
        row = session.get(OrganisationRow, organisation_id)
        return None if row is None else _public(row)


def find_organisation(engine: Engine, slug: str | None) -> Organisation:
    """The organisation ``slug``, or the only one when ``slug`` is None (a
    single-municipality install needs no ``--org``)."""
    orgs = list_organisations(engine)
    if slug is None:
        if len(orgs) == 1:
            return orgs[0]
        raise OrganisationError("choose" if orgs else "none", count=len(orgs))
    for org in orgs:
        if org.slug == slug.strip().lower():
            return org
    raise OrganisationError("unknown", slug=slug)


def rename_organisation(
    engine: Engine, organisation_id: int, slug: str, name: str
) -> Organisation:
    """Give an organisation a new slug and name (its rows stay its own)."""
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise OrganisationError("slug", slug=slug)
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            row = session.get(OrganisationRow, organisation_id)
            if row is None:
                raise OrganisationError("unknown", slug=str(organisation_id))
            row.slug, row.name = slug, " ".join(name.split()) or slug
    except IntegrityError as exc:
        raise OrganisationError("taken", slug=slug) from exc
    return _public(row)
