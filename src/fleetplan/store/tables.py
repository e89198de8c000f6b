"""SQLAlchemy 2 tables. Rows never leave ``fleetplan.store``: the repositories map
them to and from domain objects.

Every schema change needs an Alembic revision in ``store/migrations/versions``; a test
checks that the migrations and these models agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from fleetplan.store.scoped import OrgOwned

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        float: Double(),
        str: String(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


def _own_key(*columns: str) -> PrimaryKeyConstraint:
    """A fleet's ids are unique within its organisation only (revision 0013):
    two organisations may both hold a vehicle "1", and neither can learn that
    the other does."""
    return PrimaryKeyConstraint("organisation_id", *columns)


def _own_ref(column: str, target: str, **kw: Any) -> ForeignKeyConstraint:
    """A foreign key to a row of the same organisation."""
    table = target.split(".")[0]
    return ForeignKeyConstraint(
        ["organisation_id", column], [f"{table}.organisation_id", target], **kw
    )


class LocationRow(OrgOwned, Base):
    __tablename__ = "locations"
    __table_args__ = (_own_key("location_id"),)

    location_id: Mapped[str]
    name: Mapped[str | None]
    address: Mapped[str | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]


class ParkingPointRow(OrgOwned, Base):
    __tablename__ = "parking_points"
    __table_args__ = (
        _own_key("location_id", "position"),
        _own_ref("location_id", "locations.location_id", ondelete="CASCADE"),
    )

    location_id: Mapped[str]
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None]
    lat: Mapped[float]
    lon: Mapped[float]


class VehicleRow(OrgOwned, Base):
    __tablename__ = "vehicles"
    __table_args__ = (
        _own_key("vehicle_id"),
        _own_ref("location_id", "locations.location_id"),
    )

    vehicle_id: Mapped[str]
    plate: Mapped[str | None]
    make: Mapped[str | None]
    model: Mapped[str | None]
    vehicle_type: Mapped[str] = mapped_column(String(16))
    fuel: Mapped[str] = mapped_column(String(16))
    wltp_km_per_l: Mapped[float | None]
    wltp_wh_per_km: Mapped[float | None]
    range_km: Mapped[float | None]
    annual_cost_dkk: Mapped[float | None]
    location_id: Mapped[str | None]
    department: Mapped[str | None]
    administration: Mapped[str | None]
    lease_type: Mapped[str | None] = mapped_column(String(16))
    lease_start: Mapped[date | None] = mapped_column(Date)
    lease_end: Mapped[date | None] = mapped_column(Date)
    km_per_year_allowed: Mapped[float | None]
    is_candidate: Mapped[bool] = mapped_column(Boolean)
    battery_kwh: Mapped[float | None]
    seats: Mapped[int | None] = mapped_column(Integer)
    wheelchair_lift: Mapped[bool | None] = mapped_column(Boolean)
    child_seats: Mapped[int | None] = mapped_column(Integer)
    cargo_m3: Mapped[float | None]
    charge_kw: Mapped[float | None]
    production_co2e_kg: Mapped[float | None]
    category: Mapped[str | None] = mapped_column(String(16))


class RoundtripRow(OrgOwned, Base):
    __tablename__ = "roundtrips"
    __table_args__ = (
        _own_key("roundtrip_id"),
        _own_ref("vehicle_id", "vehicles.vehicle_id"),
        _own_ref("location_id", "locations.location_id"),
        Index("ix_roundtrips_vehicle_start", "vehicle_id", "start_time"),
        Index("ix_roundtrips_location_start", "location_id", "start_time"),
    )

    roundtrip_id: Mapped[str]
    vehicle_id: Mapped[str]
    location_id: Mapped[str]
    start_time: Mapped[datetime] = mapped_column(DateTime)
    end_time: Mapped[datetime] = mapped_column(DateTime)
    distance_km: Mapped[float]


class SegmentRow(OrgOwned, Base):
    __tablename__ = "segments"
    __table_args__ = (
        _own_key("roundtrip_id", "position"),
        _own_ref("roundtrip_id", "roundtrips.roundtrip_id", ondelete="CASCADE"),
        Index("ix_segments_roundtrip_id", "roundtrip_id"),
    )

    roundtrip_id: Mapped[str]
    position: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[datetime] = mapped_column(DateTime)
    end_time: Mapped[datetime] = mapped_column(DateTime)
    distance_km: Mapped[float]


class DatasetMetaRow(OrgOwned, Base):
    """The dataset's meta.json (one row, id 1)."""

    __tablename__ = "dataset_meta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    meta: Mapped[dict[str, Any]]


class ShiftSetRow(OrgOwned, Base):
    __tablename__ = "shift_sets"
    __table_args__ = (
        _own_ref("location_id", "locations.location_id", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[str | None]
    shifts: Mapped[list[Any]]


class FactorSetRow(OrgOwned, Base):
    __tablename__ = "factor_sets"
    # a name is unique within its organisation (revision 0011)
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str]
    valid_from: Mapped[date] = mapped_column(Date)
    payload: Mapped[dict[str, Any]]


class ScenarioRow(OrgOwned, Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    factor_set_name: Mapped[str]
    inputs: Mapped[dict[str, Any]]
    results: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime)


class IngestCursorRow(OrgOwned, Base):
    """How far a GPS source has been read for one vehicle (never raw positions)."""

    __tablename__ = "ingest_cursors"
    __table_args__ = (_own_key("source", "vehicle_id"),)

    source: Mapped[str]
    vehicle_id: Mapped[str]
    last_time: Mapped[datetime | None] = mapped_column(DateTime)
    state: Mapped[dict[str, Any]]


class SyncStatusRow(OrgOwned, Base):
    __tablename__ = "sync_status"
    __table_args__ = (_own_key("connector"),)

    connector: Mapped[str]
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    rows_added: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None]
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # revision 0008


class ConnectorScheduleRow(OrgOwned, Base):
    """A connector's daily slot, its run lock and its last run's summary."""

    __tablename__ = "connector_schedule"
    __table_args__ = (_own_key("connector"),)

    connector: Mapped[str]
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime)
    lock_owner: Mapped[str | None] = mapped_column(String(64))
    lock_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_started_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)


DATASET_TABLES = (
    SegmentRow,
    RoundtripRow,
    ShiftSetRow,
    VehicleRow,
    ParkingPointRow,
    LocationRow,
    DatasetMetaRow,
)
"""Tables that hold the fleet dataset, children first (the order to delete in)."""


class SessionRow(Base):
    """A login session (revision 0003). ``id`` is the SHA-256 of the cookie's
    random token, so a copy of the database does not hold usable sessions."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(
        ForeignKey("users.username", ondelete="CASCADE"), index=True
    )
    created: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean)
