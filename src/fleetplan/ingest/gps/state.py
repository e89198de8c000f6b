"""Per-vehicle ingest state carried between runs, as a small JSON-able dict.

It holds the vehicle's current home location id, the last point time consumed and
the open (not yet returned) roundtrip as times and km only: never a position.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fleetplan.domain import Roundtrip, Segment

STATE_VERSION = 1


def roundtrip_id(vehicle_id: str, start_time: datetime) -> str:
    """Deterministic id: the same vehicle and start give the same id on every run."""
    digest = hashlib.sha1(f"{vehicle_id}|{start_time.isoformat()}".encode())
    return digest.hexdigest()[:16]


def roundtrip_ids(vehicle_ids: list[str], start_times: list[datetime]) -> list[str]:
    """``roundtrip_id`` of many roundtrips (one loop, no call per id)."""
    sha1 = hashlib.sha1
    return [
        sha1(f"{v}|{t.isoformat()}".encode()).hexdigest()[:16]
        for v, t in zip(vehicle_ids, start_times, strict=True)
    ]


@dataclass(slots=True)
class OpenRoundtrip:
    """A roundtrip that left home and has not come back yet."""

    location_id: str
    start_time: datetime
    segments: list[Segment] = field(default_factory=list)

    @property
    def distance_km(self) -> float:
        return sum(s.distance_km for s in self.segments)

    def close(self, vehicle_id: str) -> Roundtrip:
        return Roundtrip(
            roundtrip_id=roundtrip_id(vehicle_id, self.start_time),
            vehicle_id=vehicle_id,
            location_id=self.location_id,
            start_time=self.start_time,
            end_time=self.segments[-1].end_time,
            distance_km=round(self.distance_km, 6),
            segments=tuple(self.segments),
        )


@dataclass(slots=True)
class VehicleState:
    """Where one vehicle's ingestion stopped.

    ``home_id`` is where it lives now (a detected move changes it);
    ``registered_id`` is its location in the register when last seen, so that a
    change in the register resets ``home_id``; ``parked_home`` is the home id when
    the batch ended with the vehicle parked there (so a trip that starts with the
    next batch's first point starts at home even if that point is already away).
    """

    home_id: str | None = None
    last_time: datetime | None = None
    open: OpenRoundtrip | None = None
    registered_id: str | None = None
    parked_home: str | None = None

    def to_dict(self) -> dict[str, Any]:
        open_rt = None
        if self.open is not None:
            open_rt = {
                "location_id": self.open.location_id,
                "start_time": self.open.start_time.isoformat(),
                "segments": [
                    [s.start_time.isoformat(), s.end_time.isoformat(), s.distance_km]
                    for s in self.open.segments
                ],
            }
        return {
            "version": STATE_VERSION,
            "home_id": self.home_id,
            "last_time": None if self.last_time is None else self.last_time.isoformat(),
            "open": open_rt,
            "registered_id": self.registered_id,
            "parked_home": self.parked_home,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> VehicleState:
        if not data:
            return cls()
        if data.get("version") != STATE_VERSION:
            raise ValueError(
                f"ingest state version {data.get('version')!r} is not supported "
                f"(expected {STATE_VERSION}); reset the vehicle's ingest cursor."
            )
        open_data = data.get("open")
        open_rt = None
        if open_data:
            open_rt = OpenRoundtrip(
                location_id=open_data["location_id"],
                start_time=datetime.fromisoformat(open_data["start_time"]),
                segments=[
                    Segment(datetime.fromisoformat(s), datetime.fromisoformat(e), km)
                    for s, e, km in open_data["segments"]
                ],
            )
        last = data.get("last_time")
        return cls(
            home_id=data.get("home_id"),
            last_time=None if last is None else datetime.fromisoformat(last),
            open=open_rt,
            registered_id=data.get("registered_id"),
            parked_home=data.get("parked_home"),
        )


def start_state(old: VehicleState | None, registered: str | None) -> VehicleState:
    """A copy of the last run's state, its home reset when the register changed."""
    old = old or VehicleState()
    st = VehicleState(
        old.home_id, old.last_time, old.open, old.registered_id, old.parked_home
    )
    if st.home_id is None or registered != st.registered_id:
        st.home_id = registered if registered is not None else st.home_id
        st.registered_id = registered
    return st
