"""What every vendor connector shares: vehicle metadata, time windows, turning
vendor records into ``POINT_SCHEMA`` / ``TRIP_SCHEMA`` frames, and the base class.

Vendor times are converted here, once: a time with a zone or offset is shown in
the connector's time zone; a naive time is taken as already local (the Danish
systems send local time). Frames hold naive local wall-clock times, as files do.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import httpx
import polars as pl

from fleetplan.ingest.gps.connectors import ConnectorConfig, ConnectorError
from fleetplan.ingest.gps.readers import POINT_SCHEMA, TRIP_SCHEMA
from fleetplan.ingest.gps.vendors.transport import (
    ApiClient,
    Auth,
    RetryPolicy,
    Sleep,
)


@dataclass(frozen=True, slots=True)
class VehicleInfo:
    """A vehicle as the fleet system knows it (no position)."""

    vehicle_id: str
    name: str | None = None
    plate: str | None = None
    make: str | None = None
    model: str | None = None
    fuel: str | None = None
    active: bool = True


def parse_time(value: Any, zone: ZoneInfo, fmt: str | None = None) -> datetime | None:
    """A vendor time as naive local time in ``zone``; None when empty or unreadable."""
    if value in (None, ""):
        return None
    try:
        if isinstance(value, datetime):
            when = value
        elif fmt is not None:
            when = datetime.strptime(str(value), fmt)
        else:
            when = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(zone).replace(tzinfo=None)
    return when


def utc_text(local: datetime, zone: ZoneInfo) -> str:
    """A naive local time as the ISO UTC text the big platforms expect."""
    aware = local.replace(tzinfo=zone).astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def windows(
    start: datetime, end: datetime, days: int
) -> Iterator[tuple[datetime, datetime]]:
    """``[start, end)`` in pieces of at most ``days`` (APIs cap one request's range)."""
    step = timedelta(days=days)
    while start < end:
        stop = min(start + step, end)
        yield start, stop
        start = stop


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is missing


def points_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Rows with vehicle_id, time (naive datetime), lat, lon and optionally
    ignition and odometer_km; rows without time or position are left out."""
    kept = [
        {
            "vehicle_id": str(r["vehicle_id"]),
            "time": r["time"],
            "lat": _number(r.get("lat")),
            "lon": _number(r.get("lon")),
            "ignition": r.get("ignition"),
            "odometer_km": _number(r.get("odometer_km")),
        }
        for r in rows
        if r.get("time") is not None
    ]
    kept = [r for r in kept if r["lat"] is not None and r["lon"] is not None]
    return (
        pl.DataFrame(kept, schema=POINT_SCHEMA, orient="row")
        if kept
        else (pl.DataFrame(schema=POINT_SCHEMA))
    )


def trips_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Rows with vehicle_id, start_time, end_time, start/end lat/lon, distance_km;
    rows without times or distance are left out."""
    kept = []
    for r in rows:
        row = {c: r.get(c) for c in TRIP_SCHEMA}
        row["vehicle_id"] = str(r["vehicle_id"])
        for c in ("start_lat", "start_lon", "end_lat", "end_lon", "distance_km"):
            row[c] = _number(row[c])
        if row["start_time"] and row["end_time"] and row["distance_km"] is not None:
            kept.append(row)
    return (
        pl.DataFrame(kept, schema=TRIP_SCHEMA, orient="row")
        if kept
        else (pl.DataFrame(schema=TRIP_SCHEMA))
    )


class VendorConnector(ABC):
    """Base of the vendor connectors: the ``Connector`` protocol plus metadata.

    A subclass sets ``kind``, ``default_base_url`` and ``default_rate_per_s``,
    builds its auth in ``make_auth`` and implements ``vehicles`` and ``fetch``.
    """

    kind: Literal["points", "trips"] = "points"
    default_base_url = ""
    default_rate_per_s = 0.0

    def __init__(
        self,
        config: ConnectorConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep | None = None,
        now: Callable[[], datetime] | None = None,
    ):
        self.config = config
        self.name = config.name
        self.zone = ZoneInfo(config.timezone)
        self._now = now or (lambda: datetime.now(self.zone).replace(tzinfo=None))
        extra: dict[str, Any] = {} if sleep is None else {"sleep": sleep}
        self.client = ApiClient(
            config.name,
            config.base_url or self.default_base_url,
            None,
            timeout_s=config.timeout_s,
            retry=RetryPolicy(
                config.max_attempts, config.backoff_s, config.retry_max_wait_s
            ),
            rate_per_s=config.rate_limit_per_s
            if config.rate_limit_per_s is not None
            else self.default_rate_per_s,
            transport=transport,
            **extra,
        )
        self.client.auth = self.make_auth()

    @abstractmethod
    def make_auth(self) -> Auth:
        """Each vendor's own (its API's shape)."""

    def secret(self, key: str) -> str:
        return self.config.secret(key)

    def option(self, key: str, default: Any = None) -> Any:
        return self.config.options.get(key, default)

    def start(self, since: datetime | None) -> datetime:
        """Where a vehicle's fetch begins: its cursor, else ``first_days`` back."""
        if since is not None:
            return since
        return self._now() - timedelta(days=int(self.option("first_days", 30)))

    def now(self) -> datetime:
        return self._now()

    @abstractmethod
    def vehicles(self) -> list[VehicleInfo]:
        """Each vendor's own (its API's shape)."""

    def list_vehicles(self) -> list[str]:
        return [v.vehicle_id for v in self.vehicles() if v.active]

    @abstractmethod
    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        """Each vendor's own (its API's shape)."""

    def after(self, frame: pl.DataFrame, since: datetime | None) -> pl.DataFrame:
        """Only what is newer than the cursor: APIs' ranges are inclusive."""
        if since is None or frame.height == 0:
            return frame
        column = "time" if self.kind == "points" else "end_time"
        return frame.filter(pl.col(column) > since)

    def close(self) -> None:
        self.client.close()

    def fail(self, what: str) -> ConnectorError:
        return ConnectorError(f"connector {self.name}: {what}")
