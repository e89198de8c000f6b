"""Gamfleet (``External/`` REST): ``ApiKey`` as a query parameter; the vehicle
list (active ones with ``IsActive=1``) and a vehicle's trips in ranges of two
weeks, times as ``YYYYMMDDHHMMSS`` local time and distance in metres. The
endpoint names carry the municipality (Helsingør's by default; ``options``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from fleetplan.ingest.gps.vendors.base import (
    VehicleInfo,
    VendorConnector,
    parse_time,
    trips_frame,
    windows,
)
from fleetplan.ingest.gps.vendors.transport import Auth, StaticAuth

_RANGE_DAYS = 14
_FORMAT = "%Y%m%d%H%M%S"
_NO_END = "19700101010000"  # Gamfleet's placeholder for a trip still under way


def _km(metres: Any) -> float | None:
    try:
        return float(metres) / 1000
    except (TypeError, ValueError):
        return None


class GamfleetConnector(VendorConnector):
    kind = "trips"
    default_base_url = "https://gamfleet.azurewebsites.net/External/"
    default_rate_per_s = 2.0

    def make_auth(self) -> Auth:
        return StaticAuth(params={"ApiKey": self.secret("api_key")})

    def _list(self, path: str, **params: Any) -> list[Any]:
        body = self.client.json("GET", path, params=params)
        if not isinstance(body, list):
            raise self.fail(f"GET {path} returned no list.")
        return body

    def vehicles(self) -> list[VehicleInfo]:
        path = self.option("vehicles_path", "GetHelsingorVehicles")
        return [
            VehicleInfo(
                vehicle_id=str(v["VehicleId"]),
                name=v.get("DistrictName"),
                plate=(v.get("LicensePlate") or v.get("SecondLicensePlate") or None),
                make=v.get("Make") or None,
                model=v.get("Model") or None,
                active=str(v.get("IsActive", "1")) == "1",
            )
            for v in self._list(path, IsActive=1)
            if v.get("VehicleId")
        ]

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        path = self.option("trips_path", "GetHelsingorVehicleTrips")
        rows = []
        for begin, end in windows(self.start(since), self.now(), _RANGE_DAYS):
            for t in self._list(
                path,
                VehicleId=vehicle_id,
                StartDateYYYYMMDDHHMMSS=begin.strftime(_FORMAT),
                EndDateYYYYMMDDHHMMSS=end.strftime(_FORMAT),
            ):
                if t.get("TripEndDate") == _NO_END:
                    continue
                rows.append(
                    {
                        "vehicle_id": vehicle_id,
                        "start_time": parse_time(
                            t.get("TripStartDate"), self.zone, _FORMAT
                        ),
                        "end_time": parse_time(
                            t.get("TripEndDate"), self.zone, _FORMAT
                        ),
                        "start_lat": t.get("TripStartLatitude") or None,
                        "start_lon": t.get("TripStartLongitude") or None,
                        "end_lat": t.get("TripEndLatitude") or None,
                        "end_lon": t.get("TripEndLongitude") or None,
                        "distance_km": _km(t.get("Mileage")),
                    }
                )
        frame = trips_frame(rows).unique(subset=["start_time"], keep="first")
        return self.after(frame.sort("start_time"), since)
