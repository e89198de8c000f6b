"""Samsara (REST, bearer token): vehicles with make, model and plate; GPS and
odometer history per vehicle, paged by ``pagination.endCursor``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from fleetplan.ingest.gps.vendors.base import (
    VehicleInfo,
    VendorConnector,
    parse_time,
    points_frame,
    utc_text,
)
from fleetplan.ingest.gps.vendors.transport import Auth, StaticAuth

_ODOMETER_MATCH = timedelta(minutes=2)  # an odometer reading this close is the point's


class SamsaraConnector(VendorConnector):
    kind = "points"
    default_base_url = "https://api.samsara.com"
    default_rate_per_s = 5.0  # well under Samsara's per-token limits

    def make_auth(self) -> Auth:
        return StaticAuth(headers={"Authorization": f"Bearer {self.secret('token')}"})

    def _pages(self, path: str, params: dict[str, Any]) -> Iterator[list[Any]]:
        after: str | None = None
        while True:
            query = dict(params) | ({"after": after} if after else {})
            body = self.client.json("GET", path, params=query)
            data = body.get("data") if isinstance(body, dict) else None
            if not isinstance(data, list):
                raise self.fail(f"GET {path} returned no data list.")
            yield data
            paging = body.get("pagination") or {}
            after = paging.get("endCursor")
            if not paging.get("hasNextPage") or not after:
                return

    def vehicles(self) -> list[VehicleInfo]:
        return [
            VehicleInfo(
                vehicle_id=str(v["id"]),
                name=v.get("name"),
                plate=v.get("licensePlate"),
                make=v.get("make"),
                model=v.get("model"),
            )
            for page in self._pages("/fleet/vehicles", {"limit": 512})
            for v in page
            if isinstance(v, dict) and "id" in v
        ]

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        params = {
            "vehicleIds": vehicle_id,
            "types": "gps,obdOdometerMeters",
            "startTime": utc_text(self.start(since), self.zone),
            "endTime": utc_text(self.now(), self.zone),
        }
        gps: list[dict[str, Any]] = []
        odometer: list[dict[str, Any]] = []
        for page in self._pages("/fleet/vehicles/stats/history", params):
            for vehicle in page:
                for p in vehicle.get("gps") or []:
                    gps.append(
                        {
                            "vehicle_id": vehicle_id,
                            "time": parse_time(p.get("time"), self.zone),
                            "lat": p.get("latitude"),
                            "lon": p.get("longitude"),
                        }
                    )
                for o in vehicle.get("obdOdometerMeters") or []:
                    when = parse_time(o.get("time"), self.zone)
                    if when is not None and o.get("value") is not None:
                        odometer.append({"time": when, "km": float(o["value"]) / 1000})
        points = points_frame(gps).sort("time")
        if odometer and points.height:
            readings = pl.DataFrame(odometer).sort("time")
            points = (
                points.drop("odometer_km")
                .join_asof(
                    readings, on="time", strategy="nearest", tolerance=_ODOMETER_MATCH
                )
                .rename({"km": "odometer_km"})
                .select(points.columns)
            )
        return self.after(points, since)
