"""Mileagebook (enterprise REST): ``X-Access-Token`` header; ``/Fleet/Cars``
with make, model, fuel and status, ``/CompanyCarTrips`` a car's trips since a
time. Both page with ``Pagination`` (``CurrentPage``, ``TotalPages`` and the
``Next`` URL). A trip has a date and clock times; one that ends before it starts
on the clock ran past midnight."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import httpx
import polars as pl

from fleetplan.ingest.gps.vendors.base import (
    VehicleInfo,
    VendorConnector,
    trips_frame,
)
from fleetplan.ingest.gps.vendors.transport import Auth, StaticAuth

ACTIVE_STATUSES = ("Oprettet", "Aktiv - I brug", "Bestilt")


def _times(trip: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    try:
        day = date.fromisoformat(str(trip["Date"])[:10])
        start = datetime.combine(day, time.fromisoformat(trip["StartTime"]))
        end = datetime.combine(day, time.fromisoformat(trip["StopTime"]))
    except (KeyError, TypeError, ValueError):
        return None, None
    if end < start:
        end += timedelta(days=1)
    return start, end


class MileagebookConnector(VendorConnector):
    kind = "trips"
    default_base_url = "https://enterpriseapi.mileagebook.com/api"
    default_rate_per_s = 2.0

    def make_auth(self) -> Auth:
        return StaticAuth(headers={"X-Access-Token": self.secret("token")})

    def _pages(
        self, path: str, key: str, params: dict[str, Any]
    ) -> Iterator[list[Any]]:
        for _ in range(10_000):
            body = self.client.json("GET", path, params=params)
            if not isinstance(body, dict):
                raise self.fail(f"GET {path} returned no object.")
            yield list(body.get(key) or [])
            paging = body.get("Pagination") or {}
            nxt = paging.get("Next")
            if not nxt or paging.get("CurrentPage", 0) >= paging.get("TotalPages", 0):
                return
            # the Next URL carries the query of the next page; keep our base URL
            params = dict(httpx.URL(str(nxt)).params.multi_items())
        raise self.fail(f"GET {path} did not stop paging.")

    def vehicles(self) -> list[VehicleInfo]:
        statuses = tuple(self.option("active_statuses", ACTIVE_STATUSES))
        params = {"LastModifiedDateTime": "2000-01-01T00:00:00"}
        return [
            VehicleInfo(
                vehicle_id=str(v["InternalVehicleID"]),
                name=v.get("Name"),
                plate=v.get("LicensePlate"),
                make=v.get("VehicleBrand"),
                model=v.get("VehicleModel"),
                fuel=v.get("FuelType"),
                active=v.get("Status") in statuses,
            )
            for page in self._pages("/Fleet/Cars", "Cars", params)
            for v in page
            if v.get("InternalVehicleID") is not None
        ]

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        params = {
            "CarID": vehicle_id,
            "FromDateTime": self.start(since).isoformat(),
            "Properties": ["Time", "Coordinates", "Distance"],
        }
        rows = []
        for page in self._pages("/CompanyCarTrips", "Trips", params):
            for t in page:
                start, end = _times(t)
                rows.append(
                    {
                        "vehicle_id": vehicle_id,
                        "start_time": start,
                        "end_time": end,
                        "start_lat": t.get("AddressStartLatitude"),
                        "start_lon": t.get("AddressStartLongitude"),
                        "end_lat": t.get("AddressStopLatitude"),
                        "end_lon": t.get("AddressStopLongitude"),
                        "distance_km": t.get("DistanceTotal"),
                    }
                )
        frame = trips_frame(rows).unique(subset=["start_time"], keep="first")
        return self.after(frame.sort("start_time"), since)
