# ruff: noqa: E501  (the fake payloads read best one record a line)
"""The fake of Skyhost's SOAP 1.2 service (WCF with WS-ReliableMessaging)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import httpx
from lxml import etree

from tests.ingest.gps.vendor_fakes import (
    VEHICLES,
    Fake,
)

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
