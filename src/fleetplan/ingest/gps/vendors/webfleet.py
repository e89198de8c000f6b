"""Webfleet.connect (``GET /extern?action=...``): account and API key as query
parameters, user and password by HTTP Basic auth. Trips come from
``showTripReportExtern`` for all vehicles at once, a month a call (the action
allows one call a minute, so it is not asked per vehicle); a quota answer
(HTTP 200 with ``errorCode`` 8011/8015) waits a minute and tries again."""

from __future__ import annotations

import base64
from collections.abc import Mapping
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
from fleetplan.ingest.gps.vendors.transport import Auth, RetryableError, StaticAuth

_QUOTA_CODES = {8011, 8015}
_MONTH_DAYS = 30  # a trip range over a month needs an objectno


def _degrees(value: Any) -> float | None:
    """Degrees; Webfleet gives some coordinates in micro-degrees."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number / 1e6 if abs(number) > 180 else number


class WebfleetConnector(VendorConnector):
    kind = "trips"
    default_base_url = "https://csv.webfleet.com"
    default_rate_per_s = 0.1

    def make_auth(self) -> Auth:
        basic = f"{self.secret('username')}:{self.secret('password')}".encode()
        self._trips: dict[str, list[dict[str, Any]]] | None = None
        return StaticAuth(
            headers={"Authorization": "Basic " + base64.b64encode(basic).decode()},
            params={
                "account": self.secret("account"),
                "apikey": self.secret("apikey"),
                "lang": "en",
                "outputformat": "json",
                "useISO8601": "true",
            },
        )

    def _action(self, action: str, **params: Any) -> list[Any]:
        def once() -> list[Any]:
            body = self.client.json(
                "GET", "/extern", params={"action": action} | params
            )
            if isinstance(body, dict) and "errorCode" in body:
                code = int(body.get("errorCode") or 0)
                if code in _QUOTA_CODES:
                    raise RetryableError(
                        f"connector {self.name}: {action} quota reached", 60.0
                    )
                raise self.fail(f"{action} returned Webfleet error {code}.")
            if not isinstance(body, list):
                raise self.fail(f"{action} returned no list.")
            return body

        return list(self.client.retrying(once))

    def vehicles(self) -> list[VehicleInfo]:
        return [
            VehicleInfo(
                vehicle_id=str(v["objectno"]),
                name=v.get("objectname"),
                plate=v.get("licenseplatenumber") or None,
                make=v.get("manufacturer") or None,
                model=v.get("model") or None,
                fuel=v.get("fueltype") or None,
                active=str(v.get("deleted", "false")).lower() != "true",
            )
            for v in self._action("showVehicleReportExtern")
            if isinstance(v, dict) and v.get("objectno") is not None
        ]

    def prepare(self, cursors: Mapping[str, datetime | None]) -> None:
        """Fetch every vehicle's trips since the oldest cursor, a month a call."""
        start = min((self.start(c) for c in cursors.values()), default=None)
        self._trips = {}
        if start is None:
            return
        for begin, end in windows(start, self.now(), _MONTH_DAYS):
            for t in self._action(
                "showTripReportExtern",
                rangefrom_string=begin.isoformat(),
                rangeto_string=end.isoformat(),
            ):
                self._trips.setdefault(str(t.get("objectno")), []).append(t)

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        if self._trips is None:
            self.prepare({vehicle_id: since})
        assert self._trips is not None
        rows = [
            {
                "vehicle_id": vehicle_id,
                "start_time": parse_time(t.get("start_time"), self.zone),
                "end_time": parse_time(t.get("end_time"), self.zone),
                "start_lat": _degrees(t.get("start_latitude")),
                "start_lon": _degrees(t.get("start_longitude")),
                "end_lat": _degrees(t.get("end_latitude")),
                "end_lon": _degrees(t.get("end_longitude")),
                "distance_km": float(t["distance"]) / 1000
                if t.get("distance") is not None
                else None,
            }
            for t in self._trips.get(vehicle_id, [])
        ]
        frame = trips_frame(rows).unique(subset=["start_time"], keep="first")
        return self.after(frame.sort("start_time"), since)
