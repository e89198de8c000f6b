"""Fake servers of each vendor's API shape, as ``httpx.MockTransport`` handlers.

Every fake serves the same truth: vehicles 101 and 102 (registered in the tests)
and 999 (not), each with three working days of two trips (out 12 km, back 15 km)
from a depot, as GPS points for the platforms that give points and as trips for
the systems that give trips. Each fake pages, filters by the requested range,
checks the credential, and can be told to fail: ``faults`` queues statuses for a
path (429 carries ``Retry-After: 7``), ``down`` fails one vehicle's data with
HTTP 500 until cleared.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import httpx
import polars as pl

from fleetplan.domain import Roundtrip, Segment
from fleetplan.ingest.gps import generate_trace

ZONE = ZoneInfo("Europe/Copenhagen")
DEPOT = (55.7300, 12.3600)
AWAY = (55.7900, 12.5000)
VEHICLES = {"101": "AB12345", "102": "CD67890", "999": "EF11111"}
REGISTERED = ("101", "102")
NOW = datetime(2026, 3, 10, 2, 0)
DAYS = (datetime(2026, 3, 2, 7), datetime(2026, 3, 3, 7), datetime(2026, 3, 4, 7))
RETRY_AFTER_S = 7


def roundtrips() -> list[Roundtrip]:
    out = []
    for vehicle in VEHICLES:
        for k, start in enumerate(DAYS):
            s = start + timedelta(minutes=5 * int(vehicle) % 60)
            segs = (
                Segment(s, s + timedelta(minutes=20), 12.0),
                Segment(s + timedelta(minutes=50), s + timedelta(minutes=75), 15.0),
            )
            out.append(
                Roundtrip(
                    f"{vehicle}-{k}", vehicle, "home", s, segs[-1].end_time, 27.0, segs
                )
            )
    return out


def truth_points() -> pl.DataFrame:
    return generate_trace(roundtrips(), {"home": DEPOT}, seed=3)


def truth_trips() -> list[dict[str, Any]]:
    trips = []
    for rt in roundtrips():
        out, back = rt.segments
        trips.append(_trip(rt.vehicle_id, out, DEPOT, AWAY))
        trips.append(_trip(rt.vehicle_id, back, AWAY, DEPOT))
    return trips


def _trip(
    vehicle: str, seg: Segment, a: tuple[float, float], b: tuple[float, float]
) -> dict[str, Any]:
    return {
        "vehicle": vehicle,
        "start": seg.start_time,
        "end": seg.end_time,
        "a": a,
        "b": b,
        "km": seg.distance_km,
    }


def utc(local: datetime) -> str:
    return local.replace(tzinfo=ZONE).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_utc(text: str) -> datetime:
    aware = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return aware.astimezone(ZONE).replace(tzinfo=None)


def offset(local: datetime, colon: bool = True) -> str:
    text = local.replace(tzinfo=ZONE).isoformat()
    return text if colon else text[:-3] + text[-2:]


def json_response(body: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


class Fake:
    """Base: credential check, fault queue, a vehicle that is down, request log."""

    type = ""
    kind = "points"
    data_path = ""
    page_size = 2

    def __init__(self) -> None:
        self.points = truth_points()
        self.trips = truth_trips()
        self.faults: dict[str, list[int]] = {}
        self.down: set[str] = set()
        self.log: list[httpx.Request] = []
        self.calls = 0

    credentials: ClassVar[dict[str, str]] = {}
    options: ClassVar[dict[str, Any]] = {}

    def config(self) -> dict[str, Any]:
        return {
            "name": self.type,
            "type": self.type,
            "base_url": self.base_url,
            "credentials": dict(self.credentials),
            "options": dict(self.options),
            "backoff_s": 0.5,
        }

    base_url = "https://fake.example"

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.log.append(request)
        for path, statuses in self.faults.items():
            if request.url.path.endswith(path) and statuses:
                status = statuses.pop(0)
                headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 429 else {}
                return httpx.Response(status, headers=headers, text="busy")
        if self.vehicle_of(request) in self.down:
            return httpx.Response(500, text="internal error")
        return self.respond(request)

    def vehicle_of(self, request: httpx.Request) -> str | None:
        return None

    def respond(self, request: httpx.Request) -> httpx.Response:
        raise NotImplementedError

    def data_requests(self) -> list[httpx.Request]:
        return [r for r in self.log if r.url.path.endswith(self.data_path)]

    def vehicle_trips(
        self, vehicle: str, start: datetime, end: datetime
    ) -> list[dict[str, Any]]:
        """Trips that end within [start, end] (the systems filter by the end)."""
        return [
            t
            for t in self.trips
            if t["vehicle"] == vehicle and start <= t["end"] <= end
        ]


def page_of(items: list[Any], offset_: int, size: int) -> tuple[list[Any], int | None]:
    nxt = offset_ + size
    return items[offset_:nxt], (nxt if nxt < len(items) else None)
