"""Clevertrack (``ctpublic`` REST): a ``token`` header; ``/api/vehicles`` lists
the units, ``/api/triplist?start=&stop=`` the trips of all of them by day,
named by the unit's name (``maschine``), so the trips are read once a run (a
day a call) and handed out per vehicle. Read-only: trips are not marked as
fetched on the server (our cursor keeps track)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from fleetplan.ingest.gps.vendors.base import (
    VehicleInfo,
    VendorConnector,
    parse_time,
    trips_frame,
)
from fleetplan.ingest.gps.vendors.transport import Auth, StaticAuth


class ClevertrackConnector(VendorConnector):
    kind = "trips"
    default_base_url = "https://ctpublic.azurewebsites.net"
    default_rate_per_s = 2.0

    def make_auth(self) -> Auth:
        self._trips: dict[str, list[dict[str, Any]]] | None = None
        self._names: dict[str, str] = {}
        return StaticAuth(
            headers={"token": self.secret("token"), "Accept": "application/json"}
        )

    def vehicles(self) -> list[VehicleInfo]:
        body = self.client.json("GET", "/api/vehicles")
        if not isinstance(body, list):
            raise self.fail("GET /api/vehicles returned no list.")
        out = [
            VehicleInfo(
                vehicle_id=str(v["id"]), name=v.get("name"), make=v.get("deviceType")
            )
            for v in body
            if isinstance(v, dict) and v.get("id") is not None
        ]
        self._names = {v.name: v.vehicle_id for v in out if v.name}
        return out

    def prepare(self, cursors: Mapping[str, datetime | None]) -> None:
        """Read every day's trip list since the oldest cursor."""
        if not self._names:
            self.vehicles()
        self._trips = {}
        if not cursors:
            return
        day = min(self.start(c) for c in cursors.values()).date()
        last = self.now().date()
        while day <= last:
            nxt = day + timedelta(days=1)
            body = self.client.json(
                "GET",
                "/api/triplist",
                params={"start": day.isoformat(), "stop": nxt.isoformat()},
            )
            for t in (body or {}).get("trips") or []:
                vehicle = self._names.get(str(t.get("maschine")))  # sic
                if vehicle is not None:
                    self._trips.setdefault(vehicle, []).append(t)
            day = nxt

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        if self._trips is None:
            self.prepare({vehicle_id: since})
        assert self._trips is not None
        rows = [
            {
                "vehicle_id": vehicle_id,
                "start_time": parse_time(t.get("startTimestamp"), self.zone),
                "end_time": parse_time(t.get("stopTimestamp"), self.zone),
                "start_lat": (t.get("startGeo") or {}).get("lat"),
                "start_lon": (t.get("startGeo") or {}).get("lon"),
                "end_lat": (t.get("stopGeo") or {}).get("lat"),
                "end_lon": (t.get("stopGeo") or {}).get("lon"),
                "distance_km": t.get("distance"),
            }
            for t in self._trips.get(vehicle_id, [])
        ]
        frame = trips_frame(rows).unique(subset=["start_time"], keep="first")
        return self.after(frame.sort("start_time"), since)
