"""Every vendor fake by connector type (``vendor_fakes*.py``)."""

from __future__ import annotations

from collections.abc import Callable

from tests.ingest.gps.vendor_fakes import Fake
from tests.ingest.gps.vendor_fakes_points import GeotabFake, SamsaraFake
from tests.ingest.gps.vendor_fakes_soap import SkyhostFake
from tests.ingest.gps.vendor_fakes_trips import (
    ClevertrackFake,
    FleetCompleteFake,
    GamfleetFake,
    MileagebookFake,
    WebfleetFake,
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
