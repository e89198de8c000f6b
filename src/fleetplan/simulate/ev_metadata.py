"""EVs with no known range: refuse the run, or assume a stated range (visibly).

``simulate.fleet.capacity_km`` gives an EV without ``range_km`` and without
``battery_kwh`` + ``wltp_wh_per_km`` no range limit at all. A run never lets that
through: ``make_input`` either raises ``MissingEvRangeError`` (``require_range``)
or gives those EVs the factor set's ``ev.assumed_range_km`` (and, when the
consumption is missing too, the compact-EV ``rental.kwh_per_km`` of the set), and
the result names the vehicles and the assumption (``MissingRange.to_dict``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from fleetplan.domain import FactorSet, Vehicle
from fleetplan.domain.status import ev_range_missing
from fleetplan.economics import EconKey

FALLBACK_RANGE_KM = 200.0  # economics.factor_sets' value, for sets made before it
FALLBACK_WH_PER_KM = 170.0


class MissingEvRangeError(ValueError):
    """A run needs EVs whose range is unknown; ``code``/``params`` for the UI."""

    code = "sim.missing_range"

    def __init__(self, vehicle_ids: Iterable[str]) -> None:
        self.vehicle_ids = tuple(sorted(set(vehicle_ids)))
        self.params = {"vehicles": ", ".join(self.vehicle_ids)}
        self.user_message = (
            f"EVs {self.params['vehicles']} have no range_km (nor battery_kwh with "
            "wltp_wh_per_km), so their range is unknown. Fill in range_km in the "
            "vehicle register, or run with the factor set's assumed range "
            "(without --require-range; API require_range false)."
        )
        super().__init__(self.user_message)


@dataclass(frozen=True, slots=True)
class MissingRange:
    """EVs that ran with an assumed range, and the assumption."""

    vehicle_ids: tuple[str, ...]
    assumed_range_km: float
    assumed_wh_per_km: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "vehicles": list(self.vehicle_ids),
            "missing": ["range_km"],
            "assumed_range_km": self.assumed_range_km,
            "assumed_wh_per_km": self.assumed_wh_per_km,
        }


def missing_range_ids(vehicles: Iterable[Vehicle]) -> tuple[str, ...]:
    """Ids of the EVs whose range is unknown, sorted and once each."""
    return tuple(sorted({v.vehicle_id for v in vehicles if ev_range_missing(v)}))


def assumption(factors: FactorSet, vehicle_ids: tuple[str, ...]) -> MissingRange:
    km = factors.get(EconKey.ASSUMED_EV_RANGE_KM, FALLBACK_RANGE_KM)
    kwh = factors.get(EconKey.RENTAL_KWH_PER_KM)
    return MissingRange(
        vehicle_ids,
        float(km if km is not None else FALLBACK_RANGE_KM),
        1000.0 * kwh if kwh else FALLBACK_WH_PER_KM,
    )


def with_assumed_range(vehicle: Vehicle, assumed: MissingRange) -> Vehicle:
    """The vehicle with the assumed range (and consumption, if it has none)."""
    if not ev_range_missing(vehicle):
        return vehicle
    return replace(
        vehicle,
        range_km=assumed.assumed_range_km,
        wltp_wh_per_km=vehicle.wltp_wh_per_km or assumed.assumed_wh_per_km,
    )
