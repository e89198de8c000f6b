"""MyGeotab (JSON-RPC over ``POST /apiv1``): ``Authenticate`` gives a session
that expires without notice (an ``InvalidUserException`` then asks for a new
login); ``Get`` of ``Device`` gives the vehicles, of ``LogRecord`` the GPS log,
paged by date because one call returns at most ``results_limit`` records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from fleetplan.ingest.gps.connectors import ConnectorError
from fleetplan.ingest.gps.vendors.base import (
    VehicleInfo,
    VendorConnector,
    parse_time,
    points_frame,
    utc_text,
)
from fleetplan.ingest.gps.vendors.transport import (
    Auth,
    RetryableError,
    StaticAuth,
    Token,
    TokenAuth,
)

_SESSION_ERRORS = {"InvalidUserException", "DbUnavailableException"}
_OVER_LIMIT = "OverLimitException"


class GeotabConnector(VendorConnector):
    kind = "points"
    default_base_url = "https://my.geotab.com"
    default_rate_per_s = 2.0

    def make_auth(self) -> Auth:
        self._path = "/apiv1"
        self._credentials: dict[str, Any] = {}
        self.session = TokenAuth(self._authenticate, place=lambda r, t: None)
        return StaticAuth()  # the session travels in the body, not a header

    def _post(self, method: str, params: dict[str, Any]) -> Any:
        body = self.client.json(
            "POST", self._path, json={"method": method, "params": params}
        )
        error = body.get("error") if isinstance(body, dict) else None
        if error:
            names = {e.get("name") for e in error.get("errors") or []} | {
                error.get("name")
            }
            if names & _SESSION_ERRORS:
                raise _SessionExpired
            if _OVER_LIMIT in names:
                raise RetryableError(
                    f"connector {self.name}: {method} over the API limit", 60.0
                )
            named = ", ".join(sorted(n for n in names if n))
            raise ConnectorError(f"connector {self.name}: {method} failed ({named}).")
        if not isinstance(body, dict) or "result" not in body:
            raise self.fail(f"{method} returned no result.")
        return body["result"]

    def _authenticate(self) -> Token:
        result = self._post(
            "Authenticate",
            {
                "database": self.option("database") or self.secret("database"),
                "userName": self.secret("username"),
                "password": self.secret("password"),
            },
        )
        server = result.get("path")
        if server and server != "ThisServer":  # the database lives on another server
            self._path = f"https://{server}/apiv1"
        self._credentials = result["credentials"]
        return Token(self._credentials.get("sessionId", ""))

    def call(self, method: str, **params: Any) -> Any:
        """``method`` with the session; a refused session logs in once more."""
        for attempt in (1, 2):
            self.session.token()
            try:
                return self.client.retrying(
                    lambda: self._post(
                        method, params | {"credentials": self._credentials}
                    )
                )
            except _SessionExpired:
                self.session.invalidate()
                if attempt == 2:
                    raise self.fail(
                        "the MyGeotab session was refused right after logging in; "
                        "check the user's rights."
                    ) from None
        raise AssertionError("unreachable")

    def vehicles(self) -> list[VehicleInfo]:
        now = self.now()
        out = []
        for d in self.call("Get", typeName="Device"):
            active_to = parse_time(d.get("activeTo"), self.zone)
            out.append(
                VehicleInfo(
                    vehicle_id=str(d["id"]),
                    name=d.get("name"),
                    plate=d.get("licensePlate") or None,
                    active=active_to is None or active_to > now,
                )
            )
        return out

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        limit = int(self.option("results_limit", 50_000))
        start, end = self.start(since), self.now()
        rows: list[dict[str, Any]] = []
        while True:
            page = self.call(
                "Get",
                typeName="LogRecord",
                search={
                    "deviceSearch": {"id": vehicle_id},
                    "fromDate": utc_text(start, self.zone),
                    "toDate": utc_text(end, self.zone),
                },
                resultsLimit=limit,
            )
            for r in page:
                rows.append(
                    {
                        "vehicle_id": vehicle_id,
                        "time": parse_time(r.get("dateTime"), self.zone),
                        "lat": r.get("latitude"),
                        "lon": r.get("longitude"),
                    }
                )
            if len(page) < limit:
                break
            last = max(r["time"] for r in rows if r["time"] is not None)
            if last <= start:
                raise self.fail(
                    f"more than {limit} records share one time; raise results_limit."
                )
            start = last  # fromDate is inclusive: the overlap is dropped below
        frame = points_frame(rows).unique(subset=["time"], keep="first").sort("time")
        return self.after(frame, since)


class _SessionExpired(Exception):
    pass
