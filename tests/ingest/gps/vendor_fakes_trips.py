"""Fakes of the systems that give trips over REST: Webfleet.connect,
FleetComplete, Gamfleet, Mileagebook and Clevertrack."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any, ClassVar

import httpx

from tests.ingest.gps.vendor_fakes import (
    NOW,
    VEHICLES,
    Fake,
    json_response,
    offset,
)


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
            return json_response({"errorCode": 1101, "errorMsg": "invalid credentials"})
        if q["action"] == "showVehicleReportExtern":
            return json_response(
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
            return json_response(
                {"errorCode": 8011, "errorMsg": "request quota reached"}
            )
        start = datetime.fromisoformat(q["rangefrom_string"])
        end = datetime.fromisoformat(q["rangeto_string"])
        return json_response(
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
            return json_response({"status": 1, "response": None})
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
            return json_response({"status": 0, "response": cars})
        trips = self.vehicle_trips(
            q["objectId"],
            datetime.fromisoformat(q["begTimestamp"]),
            datetime.fromisoformat(q["endTimestamp"]),
        )
        return json_response(
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
            return json_response(
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
        return json_response(rows)


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
        return json_response(
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
            return json_response(
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
        return json_response({"trips": trips})
