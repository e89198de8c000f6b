"""FleetComplete (the Ecofleet ``seeme`` API): the key and ``json`` as query
parameters; ``Api/Vehicles/get`` lists vehicles with make, model and fuel,
``Api/Vehicles/getTrips`` a vehicle's trips (km) in ranges of at most 28 days."""

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

_RANGE_DAYS = 28


class FleetCompleteConnector(VendorConnector):
    kind = "trips"
    default_base_url = "https://app.ecofleet.com/seeme/"
    default_rate_per_s = 2.0

    def make_auth(self) -> Auth:
        return StaticAuth(params={"key": self.secret("key"), "json": ""})

    def _response(self, path: str, **params: Any) -> list[Any]:
        body = self.client.json("GET", path, params=params)
        if not isinstance(body, dict) or body.get("status", 0) != 0:
            raise self.fail(f"GET {path} answered with an error status.")
        return list(body.get("response") or [])

    def vehicles(self) -> list[VehicleInfo]:
        out = []
        for v in self._response("Api/Vehicles/get"):
            info = v.get("info") or {}
            out.append(
                VehicleInfo(
                    vehicle_id=str(v["id"]),
                    name=v.get("name"),
                    plate=v.get("plate"),
                    make=info.get("make"),
                    model=info.get("model"),
                    fuel=info.get("fuelType"),
                    active=not (v.get("disabled") or v.get("deleted")),
                )
            )
        return out

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        rows = []
        for begin, end in windows(self.start(since), self.now(), _RANGE_DAYS):
            for t in self._response(
                "Api/Vehicles/getTrips",
                objectId=vehicle_id,
                begTimestamp=begin.isoformat(),
                endTimestamp=end.isoformat(),
            ):
                rows.append(
                    {
                        "vehicle_id": vehicle_id,
                        "start_time": parse_time(t.get("startTimestamp"), self.zone),
                        "end_time": parse_time(t.get("endTimestamp"), self.zone),
                        "start_lat": t.get("startLatitude"),
                        "start_lon": t.get("startLongitude"),
                        "end_lat": t.get("endLatitude"),
                        "end_lon": t.get("endLongitude"),
                        "distance_km": t.get("distance"),
                    }
                )
        frame = trips_frame(rows).unique(subset=["start_time"], keep="first")
        return self.after(frame.sort("start_time"), since)
