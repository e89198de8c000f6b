# ruff: noqa: E501  (the fake payloads read best one record a line)
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

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import httpx
import polars as pl
from lxml import etree

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


def _json(body: Any, status: int = 200) -> httpx.Response:
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


def _page(items: list[Any], offset_: int, size: int) -> tuple[list[Any], int | None]:
    nxt = offset_ + size
    return items[offset_:nxt], (nxt if nxt < len(items) else None)


class SamsaraFake(Fake):
    type, kind, data_path = "samsara", "points", "/stats/history"
    credentials: ClassVar[dict[str, str]] = {"token": "s3cr3t-samsara"}
    page_size = 500

    def vehicle_of(self, request: httpx.Request) -> str | None:
        return request.url.params.get("vehicleIds")

    def respond(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != "Bearer s3cr3t-samsara":
            return _json({"message": "unauthorized"}, 401)
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
            chunk, nxt = _page(items, at, 2)
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
            gps, nxt = _page(gps, at, self.page_size)
            chunk = [{"id": vehicle, "name": f"Van {vehicle}", "gps": gps}]
        paging = {"endCursor": str(nxt or ""), "hasNextPage": nxt is not None}
        return _json({"data": chunk, "pagination": paging})


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
                return _json(
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
            return _json({"result": {"credentials": creds, "path": "ThisServer"}})
        session = params.get("credentials", {}).get("sessionId")
        if self.sessions.get(session, 0) <= 0:
            return _json(
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
            return _json({"result": devices})
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
        return _json({"result": records})


class WebfleetFake(Fake):
    type, kind, data_path = "webfleet", "trips", "/extern"
    credentials: ClassVar[dict[str, str]] = {
        "account": "kommune",
        "username": "api",
        "password": "s3cr3t-wf",
        "apikey": "s3cr3t-wfkey",
    }
    quota_answers = 0  # how many trip calls answer "request quota reached"

    def respond(self, request: httpx.Request) -> httpx.Response:
        q = request.url.params
        basic = base64.b64encode(b"api:s3cr3t-wf").decode()
        if (
            request.headers.get("Authorization") != f"Basic {basic}"
            or q.get("apikey") != "s3cr3t-wfkey"
        ):
            return _json({"errorCode": 1101, "errorMsg": "invalid credentials"})
        if q["action"] == "showVehicleReportExtern":
            return _json(
                [
                    {
                        "objectno": v,
                        "objectname": f"Van {v}",
                        "licenseplatenumber": p,
                        "manufacturer": "VW",
                    }
                    for v, p in VEHICLES.items()
                ]
            )
        if self.quota_answers:
            self.quota_answers -= 1
            return _json({"errorCode": 8011, "errorMsg": "request quota reached"})
        start = datetime.fromisoformat(q["rangefrom_string"])
        end = datetime.fromisoformat(q["rangeto_string"])
        return _json(
            [
                {
                    "tripid": k,
                    "objectno": t["vehicle"],
                    "start_time": offset(t["start"]),
                    "end_time": offset(t["end"]),
                    "start_latitude": round(t["a"][0] * 1e6),
                    "start_longitude": round(t["a"][1] * 1e6),
                    "end_latitude": round(t["b"][0] * 1e6),
                    "end_longitude": round(t["b"][1] * 1e6),
                    "distance": round(t["km"] * 1000),
                }
                for k, t in enumerate(self.trips)
                if start <= t["end"] < end
            ]
        )


class FleetCompleteFake(Fake):
    type, kind, data_path = "fleetcomplete", "trips", "/getTrips"
    credentials: ClassVar[dict[str, str]] = {"key": "s3cr3t-fc"}
    base_url = "https://fake.example/seeme/"

    def vehicle_of(self, request: httpx.Request) -> str | None:
        return request.url.params.get("objectId")

    def respond(self, request: httpx.Request) -> httpx.Response:
        q = request.url.params
        if q.get("key") != "s3cr3t-fc":
            return _json({"status": 1, "response": None})
        if request.url.path.endswith("/Vehicles/get"):
            cars = [
                {
                    "id": v,
                    "name": f"Van {v}",
                    "plate": p,
                    "info": {
                        "make": "Renault",
                        "model": "Kangoo",
                        "fuelType": "Electric",
                    },
                }
                for v, p in VEHICLES.items()
            ]
            return _json({"status": 0, "response": cars})
        trips = self.vehicle_trips(
            q["objectId"],
            datetime.fromisoformat(q["begTimestamp"]),
            datetime.fromisoformat(q["endTimestamp"]),
        )
        return _json(
            {
                "status": 0,
                "response": [
                    {
                        "id": k,
                        "distance": t["km"],
                        "startTimestamp": offset(t["start"], colon=False),
                        "endTimestamp": offset(t["end"], colon=False),
                        "startLatitude": t["a"][0],
                        "startLongitude": t["a"][1],
                        "endLatitude": t["b"][0],
                        "endLongitude": t["b"][1],
                    }
                    for k, t in enumerate(trips)
                ],
            }
        )


class GamfleetFake(Fake):
    type, kind, data_path = "gamfleet", "trips", "/GetHelsingorVehicleTrips"
    credentials: ClassVar[dict[str, str]] = {"api_key": "s3cr3t-gam"}
    base_url = "https://fake.example/External/"

    def vehicle_of(self, request: httpx.Request) -> str | None:
        return request.url.params.get("VehicleId")

    def respond(self, request: httpx.Request) -> httpx.Response:
        q = request.url.params
        if q.get("ApiKey") != "s3cr3t-gam":
            return httpx.Response(401)
        if request.url.path.endswith("GetHelsingorVehicles"):
            return _json(
                [
                    {
                        "VehicleId": v,
                        "LicensePlate": p,
                        "DistrictName": "Vej",
                        "IsActive": "1",
                    }
                    for v, p in VEHICLES.items()
                ]
            )
        fmt = "%Y%m%d%H%M%S"
        start = datetime.strptime(q["StartDateYYYYMMDDHHMMSS"], fmt)
        end = datetime.strptime(q["EndDateYYYYMMDDHHMMSS"], fmt)
        rows = [
            {
                "TripId": str(k),
                "VehicleId": t["vehicle"],
                "TripStartDate": t["start"].strftime(fmt),
                "TripEndDate": t["end"].strftime(fmt),
                "TripStartLatitude": str(t["a"][0]),
                "TripStartLongitude": str(t["a"][1]),
                "TripEndLatitude": str(t["b"][0]),
                "TripEndLongitude": str(t["b"][1]),
                "Mileage": str(round(t["km"] * 1000)),
            }
            for k, t in enumerate(self.vehicle_trips(q["VehicleId"], start, end))
        ]
        if rows and end >= NOW - timedelta(days=1):  # a trip still under way
            rows.append(dict(rows[-1], TripEndDate="19700101010000", TripId="open"))
        return _json(rows)


class MileagebookFake(Fake):
    type, kind, data_path = "mileagebook", "trips", "/CompanyCarTrips"
    credentials: ClassVar[dict[str, str]] = {"token": "s3cr3t-mb"}
    base_url = "https://fake.example/api"

    def vehicle_of(self, request: httpx.Request) -> str | None:
        return request.url.params.get("CarID")

    def _paged(
        self, request: httpx.Request, key: str, items: list[Any]
    ) -> httpx.Response:
        page = int(request.url.params.get("PageNumber", "1"))
        pages = max(1, -(-len(items) // self.page_size))
        chunk = items[(page - 1) * self.page_size : page * self.page_size]
        query = dict(request.url.params.multi_items()) | {"PageNumber": str(page + 1)}
        nxt = str(request.url.copy_with(params=query)) if page < pages else None
        return _json(
            {
                key: chunk,
                "Pagination": {"CurrentPage": page, "TotalPages": pages, "Next": nxt},
            }
        )

    def respond(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("X-Access-Token") != "s3cr3t-mb":
            return httpx.Response(401)
        if request.url.path.endswith("/Fleet/Cars"):
            cars = [
                {
                    "InternalVehicleID": v,
                    "LicensePlate": p,
                    "VehicleBrand": "Toyota",
                    "VehicleModel": "Proace",
                    "FuelType": "Diesel",
                    "Status": "Aktiv - I brug",
                }
                for v, p in VEHICLES.items()
            ]
            return self._paged(request, "Cars", cars)
        q = request.url.params
        trips = self.vehicle_trips(
            q["CarID"], datetime.fromisoformat(q["FromDateTime"]), NOW
        )
        rows = [
            {
                "ID": k,
                "CarID": t["vehicle"],
                "Date": t["start"].date().isoformat() + "T00:00:00",
                "StartTime": t["start"].time().isoformat(),
                "StopTime": t["end"].time().isoformat(),
                "AddressStartLatitude": t["a"][0],
                "AddressStartLongitude": t["a"][1],
                "AddressStopLatitude": t["b"][0],
                "AddressStopLongitude": t["b"][1],
                "DistanceTotal": t["km"],
            }
            for k, t in enumerate(trips)
        ]
        return self._paged(request, "Trips", rows)


class ClevertrackFake(Fake):
    type, kind, data_path = "clevertrack", "trips", "/triplist"
    credentials: ClassVar[dict[str, str]] = {"token": "s3cr3t-ct"}

    def respond(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("token") != "s3cr3t-ct":
            return httpx.Response(401)
        if request.url.path.endswith("/vehicles"):
            return _json(
                [
                    {"id": v, "name": f"{p} Van", "deviceType": "CT5"}
                    for v, p in VEHICLES.items()
                ]
            )
        q = request.url.params
        start = datetime.fromisoformat(q["start"])
        stop = datetime.fromisoformat(q["stop"])
        trips = [
            {
                "tripNo": k,
                "maschine": f"{VEHICLES[t['vehicle']]} Van",
                "startTimestamp": t["start"].isoformat(),
                "stopTimestamp": t["end"].isoformat(),
                "distance": t["km"],
                "startGeo": {"lat": t["a"][0], "lon": t["a"][1]},
                "stopGeo": {"lat": t["b"][0], "lon": t["b"][1]},
            }
            for k, t in enumerate(self.trips)
            if start <= t["start"] < stop
        ]
        return _json({"trips": trips})


_S = "http://www.w3.org/2003/05/soap-envelope"
_T = "http://tempuri.org/"
_B = "http://schemas.datacontract.org/2004/07/PublicSoapApi.DTO.Model"
_RM = "http://schemas.xmlsoap.org/ws/2005/02/rm"
_A = "http://www.w3.org/2005/08/addressing"


class SkyhostFake(Fake):
    """SOAP 1.2 as WCF with WS-ReliableMessaging: ``CreateSequence`` opens a
    sequence; every later message carries its ``Sequence`` header numbered 1, 2,
    3, ... and a WS-Addressing ``Action`` naming the operation (else a fault).
    ``LoginWithApiKey`` in a sequence lasts ``session_calls`` calls; after that
    every call gets a "Not logged in" fault (HTTP 500)."""

    type, kind, data_path = "skyhost", "trips", "/soap/basic.svc"
    credentials: ClassVar[dict[str, str]] = {"api_key": "s3cr3t-sky"}
    session_calls = 3

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, int] = {}
        self.numbers: dict[str, int] = {}  # last message number per sequence
        self.logins = 0
        self.misnumbered = 0

    def _body(self, request: httpx.Request) -> etree._Element:
        return etree.fromstring(request.content).find(f"{{{_S}}}Body")[0]

    def vehicle_of(self, request: httpx.Request) -> str | None:
        node = self._body(request).find(f"{{{_T}}}TrackerID")
        return None if node is None else node.text

    @staticmethod
    def _envelope(inner: str, status: int = 200) -> httpx.Response:
        xml = f'<s:Envelope xmlns:s="{_S}"><s:Body>{inner}</s:Body></s:Envelope>'
        headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
        return httpx.Response(status, content=xml.encode(), headers=headers)

    def _fault(self, text: str) -> httpx.Response:
        inner = (
            f"<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code>"
            f'<s:Reason><s:Text xml:lang="en">{text}</s:Text></s:Reason></s:Fault>'
        )
        return self._envelope(inner, 500)

    def respond(self, request: httpx.Request) -> httpx.Response:
        op = self._body(request)
        name = etree.QName(op).localname
        header = etree.fromstring(request.content).find(f"{{{_S}}}Header")
        if name == "CreateSequence" and etree.QName(op).namespace == _RM:
            sequence = f"urn:uuid:seq-{len(self.numbers) + 1}"
            self.numbers[sequence] = 0
            return self._envelope(
                f'<CreateSequenceResponse xmlns="{_RM}"><Identifier>{sequence}'
                f"</Identifier></CreateSequenceResponse>"
            )
        sequence = header.findtext(f"{{{_RM}}}Sequence/{{{_RM}}}Identifier") or ""
        number = int(header.findtext(f"{{{_RM}}}Sequence/{{{_RM}}}MessageNumber") or 0)
        action = header.findtext(f"{{{_A}}}Action") or ""
        if sequence not in self.numbers:
            return self._fault("The sequence is unknown")
        if number != self.numbers[sequence] + 1:
            self.misnumbered += 1
            return self._fault("Invalid message number")
        self.numbers[sequence] = number
        if action != f"http://tempuri.org/IBasic/{name}":
            return self._fault("The action is not supported")
        if name == "LoginWithApiKey":
            ok = op.findtext(f"{{{_T}}}apiKey") == "s3cr3t-sky"
            if ok:
                self.logins += 1
                self.sessions[sequence] = self.session_calls
            result = f'<LoginWithApiKeyResponse xmlns="{_T}"><LoginWithApiKeyResult>{str(ok).lower()}</LoginWithApiKeyResult></LoginWithApiKeyResponse>'
            return self._envelope(result)
        if self.sessions.get(sequence, 0) <= 0:
            return self._fault("Not logged in")
        self.sessions[sequence] -= 1
        if name == "Trackers_GetAllTrackers":
            items = "".join(
                f"<b:DTTracker><b:Description>Van {v}</b:Description><b:ID>{v}</b:ID>"
                f"<b:IsAvailable>true</b:IsAvailable><b:Marker>{p}</b:Marker></b:DTTracker>"
                for v, p in VEHICLES.items()
            )
            return self._envelope(
                f'<Trackers_GetAllTrackersResponse xmlns="{_T}"><Trackers_GetAllTrackersResult xmlns:b="{_B}">'
                f"{items}</Trackers_GetAllTrackersResult></Trackers_GetAllTrackersResponse>"
            )
        start = datetime.fromisoformat(op.findtext(f"{{{_T}}}Begin"))
        end = datetime.fromisoformat(op.findtext(f"{{{_T}}}End"))
        logs = "".join(
            f"<b:DTMileageLog><b:ID>{k}</b:ID><b:IsPrivate>false</b:IsPrivate><b:Meters>{round(t['km'] * 1000)}</b:Meters>"
            f"<b:StartPos>{_pos(t['start'], t['a'])}</b:StartPos><b:StopPos>{_pos(t['end'], t['b'])}</b:StopPos></b:DTMileageLog>"
            for k, t in enumerate(
                self.vehicle_trips(self.vehicle_of(request) or "", start, end)
            )
        )
        return self._envelope(
            f'<Trackers_GetMilageLogResponse xmlns="{_T}"><Trackers_GetMilageLogResult xmlns:b="{_B}">'
            f"{logs}</Trackers_GetMilageLogResult></Trackers_GetMilageLogResponse>"
        )


def _pos(when: datetime, at: tuple[float, float]) -> str:
    return (
        f'<b:Lat xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>'
        f"<b:Timestamp>{when.isoformat()}</b:Timestamp><b:sLat>{at[0]}</b:sLat><b:sLon>{at[1]}</b:sLon>"
    )


FAKES: dict[str, Callable[[], Fake]] = {
    f.type: f
    for f in (
        SamsaraFake,
        GeotabFake,
        WebfleetFake,
        FleetCompleteFake,
        GamfleetFake,
        MileagebookFake,
        ClevertrackFake,
        SkyhostFake,
    )
}
PER_VEHICLE = (
    "samsara",
    "mygeotab",
    "fleetcomplete",
    "gamfleet",
    "mileagebook",
    "skyhost",
)
