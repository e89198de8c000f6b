"""Vendor connectors: one ``VendorConnector`` per fleet system, chosen by the
connector file's ``type``; ``http_json`` stays the generic JSON connector."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fleetplan.ingest.gps.vendors.base import VehicleInfo as VehicleInfo
from fleetplan.ingest.gps.vendors.base import VendorConnector as VendorConnector

if TYPE_CHECKING:
    import httpx

    from fleetplan.ingest.gps.connectors import Connector, ConnectorConfig


def _classes() -> dict[str, type[VendorConnector]]:
    # imported here: zeep and lxml load only when a Skyhost connector runs
    from fleetplan.ingest.gps.vendors.clevertrack import ClevertrackConnector
    from fleetplan.ingest.gps.vendors.fleetcomplete import FleetCompleteConnector
    from fleetplan.ingest.gps.vendors.gamfleet import GamfleetConnector
    from fleetplan.ingest.gps.vendors.geotab import GeotabConnector
    from fleetplan.ingest.gps.vendors.mileagebook import MileagebookConnector
    from fleetplan.ingest.gps.vendors.samsara import SamsaraConnector
    from fleetplan.ingest.gps.vendors.webfleet import WebfleetConnector

    classes: dict[str, type[VendorConnector]] = {
        "mygeotab": GeotabConnector,
        "webfleet": WebfleetConnector,
        "samsara": SamsaraConnector,
        "fleetcomplete": FleetCompleteConnector,
        "gamfleet": GamfleetConnector,
        "mileagebook": MileagebookConnector,
        "clevertrack": ClevertrackConnector,
    }
    return classes


def build_vendor_connector(
    config: ConnectorConfig,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] | None = None,
    now: Callable[[], datetime] | None = None,
) -> Connector:
    """The connector for ``config.type`` (``http_json`` included)."""
    options: dict[str, Any] = {"transport": transport, "sleep": sleep, "now": now}
    if config.type == "http_json":
        from fleetplan.ingest.gps.http_connector import HttpJsonConnector

        return HttpJsonConnector(config, transport=transport, sleep=sleep)
    if config.type == "skyhost":
        from fleetplan.ingest.gps.vendors.skyhost import SkyhostConnector

        return SkyhostConnector(config, **options)
    return _classes()[config.type](config, **options)


__all__ = ["VehicleInfo", "VendorConnector", "build_vendor_connector"]
