"""Per-location inputs of the transition plan: the service level (peak vehicles
away at once), an EV's share of a charge point and a charge point's price."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from fleetplan.analytics.peaks import concurrency_steps
from fleetplan.analytics.transition import kwh_per_km, usable_battery_kwh
from fleetplan.analytics.trip_arrays import encode, to_arrays
from fleetplan.domain import FactorSet, Roundtrip, Vehicle, VehicleType
from fleetplan.economics import EconKey


def charge_point_price_dkk(factors: FactorSet, charger_kw: float) -> float:
    """A charge point's price from the factor set: hardware and installation per
    point plus its grid connection (kr/kW × kW per point); a value the set lacks
    (an edited set made before the charger values existed) counts 0."""
    point = float(factors.get(EconKey.CHARGE_POINT_DKK, 0.0) or 0.0)
    per_kw = float(factors.get(EconKey.CHARGER_GRID_DKK_PER_KW, 0.0) or 0.0)
    return point + per_kw * charger_kw


def charge_share(
    candidate: Vehicle, need_km: float, charger_kw: float, overnight_h: float
) -> float:
    """The share of a charge point an EV doing ``need_km`` on its heavy day takes:
    1/k, k = floor(min(kW × overnight h, usable battery) ÷ energy) nights it can
    wait (the rule's rotation, ``analytics.transition``); 0 for a non-EV."""
    energy = need_km * kwh_per_km(candidate)
    if candidate.vehicle_type is not VehicleType.EV or energy <= 0:
        return 0.0
    per_night = charger_kw * overnight_h
    battery = usable_battery_kwh(candidate) or per_night
    return 1.0 / max(1, math.floor(min(per_night, battery) / energy))


def location_peaks(
    vehicles: Sequence[Vehicle], roundtrips: Sequence[Roundtrip]
) -> dict[str, int]:
    """Peak number of a location's vehicles away at once (``analytics.peaks``)."""
    home = {v.vehicle_id: v.location_id or "" for v in vehicles}
    own = [t for t in roundtrips if t.vehicle_id in home]
    if not own:
        return {}
    trips = to_arrays(own)
    _, vehicle_index = encode(trips.vehicle_ids)
    where = np.array([home[t.vehicle_id] for t in own])
    peaks = {}
    for loc in set(home.values()):
        mask = where == loc
        _, levels = concurrency_steps(
            vehicle_index[mask], trips.start_min[mask], trips.end_min[mask]
        )
        peaks[loc] = int(levels.max()) if len(levels) else 0
    return peaks
