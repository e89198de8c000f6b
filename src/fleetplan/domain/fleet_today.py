"""Today's fleet: the one definition of which vehicles are in the fleet on a day.

A vehicle of the register is in the fleet on ``day`` unless it is a catalogue
candidate or was deactivated on or before ``day``. Deactivations are recorded in
the dataset's meta under ``register.deactivated`` (``{id: {"on", "reason"}}``);
the vehicle and its roundtrips stay stored, so the history still shows the trips
it drove and the demand another vehicle must cover. Every page, the API, the jobs
and the CLI count the fleet through :func:`fleet_on`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from fleetplan.domain.dataset import Dataset
from fleetplan.domain.vehicle import Vehicle

REGISTER_META_KEY = "register"


@dataclass(frozen=True, slots=True)
class Deactivation:
    """When (and why) a vehicle left the fleet; its history stays stored."""

    vehicle_id: str
    on: date
    reason: str = ""


def deactivations(meta: Mapping[str, Any]) -> dict[str, Deactivation]:
    """The deactivated vehicles recorded in a dataset's meta, by id."""
    block = meta.get(REGISTER_META_KEY) if isinstance(meta, Mapping) else None
    raw = block.get("deactivated") if isinstance(block, Mapping) else None
    if not isinstance(raw, Mapping):
        return {}
    return {
        vid: Deactivation(vid, date.fromisoformat(d["on"]), str(d.get("reason", "")))
        for vid, d in raw.items()
        if isinstance(d, Mapping) and d.get("on")
    }


def retired_ids(meta: Mapping[str, Any], day: date | None = None) -> frozenset[str]:
    """Ids of the vehicles out of the fleet on ``day`` (default: today)."""
    on = day or date.today()
    return frozenset(vid for vid, d in deactivations(meta).items() if d.on <= on)


def fleet_on(data: Dataset, day: date | None = None) -> Dataset:
    """``data`` without the vehicles deactivated on or before ``day`` (default:
    today); candidates and every roundtrip stay."""
    gone = retired_ids(data.meta, day)
    if not gone:
        return data
    return replace(
        data, vehicles=tuple(v for v in data.vehicles if v.vehicle_id not in gone)
    )


def todays_vehicles(data: Dataset, day: date | None = None) -> tuple[Vehicle, ...]:
    """The current (non-candidate) vehicles in the fleet on ``day``."""
    return fleet_on(data, day).current_vehicles
