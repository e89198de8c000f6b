"""Skyhost (SOAP 1.2, ``IBasic`` at ``/soap/basic.svc``) through zeep and the
WSDL beside this file. As the WCF service wants, a session is a
WS-ReliableMessaging sequence (``wsrm.py``) with WS-Addressing headers:
``CreateSequence``, then ``LoginWithApiKey`` in it; then
``Trackers_GetAllTrackers`` lists trackers and ``Trackers_GetMilageLog`` gives
a tracker's trips (metres, start and stop positions). A fault saying the
session or sequence is gone opens a new one and logs in again, once.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import polars as pl
import zeep
import zeep.exceptions
from zeep.wsa import WsAddressingPlugin

from fleetplan.ingest.gps.vendors.base import (
    VehicleInfo,
    VendorConnector,
    trips_frame,
    windows,
)
from fleetplan.ingest.gps.vendors.transport import (
    ApiClient,
    Auth,
    StaticAuth,
    Token,
    TokenAuth,
)
from fleetplan.ingest.gps.vendors.wsrm import (
    Sequence,
    create_sequence_envelope,
    sequence_identifier,
)

WSDL = Path(__file__).with_name("skyhost.wsdl")
_BINDING = "{http://tempuri.org/}BasicBinding"
_RANGE_DAYS = 31
_SESSION_WORDS = ("logged in", "login", "session", "sequence")
_SOAP12 = "application/soap+xml; charset=utf-8"


class _Transport(zeep.Transport):  # type: ignore[misc]
    """zeep's POSTs through our client (retries, rate limit); never logs bodies."""

    def __init__(self, api: ApiClient):
        super().__init__()
        self._api = api

    def post(
        self, address: str, message: bytes, headers: dict[str, str]
    ) -> httpx.Response:
        return self._api.request("POST", address, content=message, headers=headers)


def _is_fault(response: httpx.Response) -> bool:
    """A SOAP fault comes as HTTP 500: an answer to parse, not a server failure."""
    return response.status_code == 500 and b"Fault" in response.content[:2000]


class SkyhostConnector(VendorConnector):
    kind = "trips"
    default_base_url = "https://www.skyhost.dk"
    # Skyhost scores calls (a mileage log or tracker list costs 100 points) and
    # allows 1,000 points a minute: 10 such calls a minute
    default_rate_per_s = 10 / 60

    def make_auth(self) -> Auth:
        self.client.is_answer = _is_fault
        settings = zeep.Settings(strict=False, xml_huge_tree=False)
        soap = zeep.Client(
            str(WSDL),
            transport=_Transport(self.client),
            settings=settings,
            plugins=[WsAddressingPlugin()],
        )
        address = self.option("address") or str(
            httpx.URL(self.config.base_url or self.default_base_url).join(
                "/soap/basic.svc"
            )
        )
        self._address = address
        self._sequence: Sequence | None = None
        self._service = soap.create_service(_BINDING, address)
        self.session = TokenAuth(self._login, place=lambda r, t: None)
        return StaticAuth()

    def _open_sequence(self) -> Sequence:
        response = self.client.request(
            "POST",
            self._address,
            content=create_sequence_envelope(self._address),
            headers={"Content-Type": _SOAP12},
        )
        identifier = sequence_identifier(response.content)
        if identifier is None:
            raise self.fail("CreateSequence returned no sequence identifier.")
        return Sequence(identifier)

    def _login(self) -> Token:
        self._sequence = self._open_sequence()
        ok = self._service.LoginWithApiKey(
            apiKey=self.secret("api_key"), _soapheaders=[self._sequence.header()]
        )
        if not ok:
            raise self.fail("Skyhost refused the API key; check it.")
        return Token(self._sequence.identifier)

    def call(self, operation: str, **params: Any) -> Any:
        for attempt in (1, 2):
            self.session.token()
            try:
                assert self._sequence is not None
                headers = [self._sequence.header()]
                return getattr(self._service, operation)(**params, _soapheaders=headers)
            except zeep.exceptions.Fault as fault:
                text = str(fault.message or "").lower()
                if attempt == 1 and any(w in text for w in _SESSION_WORDS):
                    self.session.invalidate()
                    continue
                raise self.fail(f"{operation} returned a SOAP fault.") from None
            except zeep.exceptions.Error as exc:
                raise self.fail(f"{operation} failed ({type(exc).__name__}).") from None
        raise AssertionError("unreachable")

    def vehicles(self) -> list[VehicleInfo]:
        result = self.call("Trackers_GetAllTrackers") or []
        return [
            VehicleInfo(vehicle_id=str(t.ID), name=t.Description, plate=t.Marker)
            for t in result
            if t is not None and t.ID is not None
        ]

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        rows = []
        for begin, end in windows(self.start(since), self.now(), _RANGE_DAYS):
            logs = self.call(
                "Trackers_GetMilageLog", TrackerID=int(vehicle_id), Begin=begin, End=end
            )
            for log in logs or []:
                start, stop = log.StartPos, log.StopPos
                if start is None or stop is None:
                    continue
                rows.append(
                    {
                        "vehicle_id": vehicle_id,
                        "start_time": _local(start.Timestamp, self.zone),
                        "end_time": _local(stop.Timestamp, self.zone),
                        "start_lat": start.Lat if start.Lat is not None else start.sLat,
                        "start_lon": start.Lon if start.Lon is not None else start.sLon,
                        "end_lat": stop.Lat if stop.Lat is not None else stop.sLat,
                        "end_lon": stop.Lon if stop.Lon is not None else stop.sLon,
                        "distance_km": None
                        if log.Meters is None
                        else log.Meters / 1000,
                    }
                )
        frame = trips_frame(rows).unique(subset=["start_time"], keep="first")
        return self.after(frame.sort("start_time"), since)


def _local(value: datetime | None, zone: Any) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(zone).replace(tzinfo=None) if value.tzinfo else value
