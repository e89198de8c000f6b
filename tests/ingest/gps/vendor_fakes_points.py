"""Fakes of the platforms that give GPS points: Samsara (REST) and MyGeotab
(JSON-RPC)."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import httpx
import polars as pl

from tests.ingest.gps.vendor_fakes import (
    VEHICLES,
    Fake,
    from_utc,
    json_response,
    page_of,
    utc,
)


class SamsaraFake(Fake):
    type, kind, data_path = "samsara", "points", "/stats/history"
    credentials: ClassVar[dict[str, str]] = {"token": "s3cr3t-samsara"}
    page_size = 500

    def vehicle_of(self, request: httpx.Request) -> str | None:
        return request.url.params.get("vehicleIds")

    def respond(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != "Bearer s3cr3t-samsara":
            return json_response({"message": "unauthorized"}, 401)
        at = int(request.url.params.get("after", "0"))
        if request.url.path == "/fleet/vehicles":
            items = [
                {
                    "id": v,
                    "name": f"Van {v}",
                    "licensePlate": p,
                    "make": "Ford",
                    "model": "Transit",
                }
                for v, p in VEHICLES.items()
            ]
            chunk, nxt = page_of(items, at, 2)
        else:
            vehicle = self.vehicle_of(request)
            start = from_utc(request.url.params["startTime"])
            end = from_utc(request.url.params["endTime"])
            pts = self.points.filter(
                (pl.col("vehicle_id") == vehicle)
                & pl.col("time").is_between(start, end)
            )
            gps = [
                {
                    "time": utc(t),
                    "latitude": la,
                    "longitude": lo,
                    "speedMilesPerHour": 20,
                }
                for t, la, lo in pts.select("time", "lat", "lon").iter_rows()
            ]
            gps, nxt = page_of(gps, at, self.page_size)
            chunk = [{"id": vehicle, "name": f"Van {vehicle}", "gps": gps}]
        paging = {"endCursor": str(nxt or ""), "hasNextPage": nxt is not None}
        return json_response({"data": chunk, "pagination": paging})


class GeotabFake(Fake):
    type, kind, data_path = "mygeotab", "points", "/apiv1"
    credentials: ClassVar[dict[str, str]] = {
        "username": "fleet@kommune.dk",
        "password": "s3cr3t-geotab",
        "database": "kommune",
    }
    options: ClassVar[dict[str, Any]] = {"results_limit": 400}
    session_calls = 4  # a session lasts this many calls, then it is refused

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, int] = {}
        self.logins = 0

    def vehicle_of(self, request: httpx.Request) -> str | None:
        params = json.loads(request.content).get("params", {})
        return params.get("search", {}).get("deviceSearch", {}).get("id")

    def respond(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        method, params = body["method"], body["params"]
        if method == "Authenticate":
            if (params["userName"], params["password"]) != (
                "fleet@kommune.dk",
                "s3cr3t-geotab",
            ):
                return json_response(
                    {
                        "error": {
                            "name": "JSONRPCError",
                            "errors": [{"name": "InvalidUserException"}],
                        }
                    }
                )
            self.logins += 1
            session = f"s{self.logins}"
            self.sessions[session] = self.session_calls
            creds = {
                "database": params["database"],
                "sessionId": session,
                "userName": params["userName"],
            }
            return json_response(
                {"result": {"credentials": creds, "path": "ThisServer"}}
            )
        session = params.get("credentials", {}).get("sessionId")
        if self.sessions.get(session, 0) <= 0:
            return json_response(
                {
                    "error": {
                        "name": "JSONRPCError",
                        "errors": [{"name": "InvalidUserException"}],
                    }
                }
            )
        self.sessions[session] -= 1
        if params["typeName"] == "Device":
            devices = [
                {
                    "id": v,
                    "name": f"Van {v}",
                    "licensePlate": p,
                    "activeTo": "2050-01-01T00:00:00.000Z",
                }
                for v, p in VEHICLES.items()
            ]
            return json_response({"result": devices})
        search = params["search"]
        start, end = from_utc(search["fromDate"]), from_utc(search["toDate"])
        pts = self.points.filter(
            (pl.col("vehicle_id") == search["deviceSearch"]["id"])
            & pl.col("time").is_between(start, end)
        ).head(params["resultsLimit"])
        records = [
            {"dateTime": utc(t), "latitude": la, "longitude": lo, "device": {"id": v}}
            for v, t, la, lo in pts.select(
                "vehicle_id", "time", "lat", "lon"
            ).iter_rows()
        ]
        return json_response({"result": records})
