"""Per-location inputs of the transition plan: the service level (peak vehicles
away at once, per location and per outfitting group), today's EVs' plug-in
sessions and the points they need (``domain.charging``), and a charge point's
price."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from fleetplan.analytics.peaks import concurrency_steps
from fleetplan.analytics.transition import group_peaks, outfitting_class
from fleetplan.analytics.trip_arrays import encode, to_arrays
from fleetplan.domain import FactorSet, Roundtrip, Vehicle, VehicleType
from fleetplan.domain.charging import ChargeSession, points_needed
from fleetplan.economics import EconKey
from fleetplan.optimise.transition_instance import PlanLocation, ServiceGroup


def charge_point_price_dkk(factors: FactorSet, charger_kw: float) -> float:
    """A charge point's price from the factor set: hardware and installation per
    point plus its grid connection (kr/kW × kW per point); a value the set lacks
    (an edited set made before the charger values existed) counts 0."""
    point = float(factors.get(EconKey.CHARGE_POINT_DKK, 0.0) or 0.0)
    per_kw = float(factors.get(EconKey.CHARGER_GRID_DKK_PER_KW, 0.0) or 0.0)
    return point + per_kw * charger_kw


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


@dataclass(frozen=True, slots=True)
class Sites:
    locations: tuple[PlanLocation, ...]
    groups: tuple[ServiceGroup, ...]
    where: dict[str, tuple[int, int]]  # vehicle id -> (location, group) index


def service_sites(
    current: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    today_sessions: Mapping[str, tuple[ChargeSession, ...]],
    max_points: Mapping[str, int],
) -> Sites:
    """Locations and outfitting groups of today's fleet: need = the peak away at
    once (at most the vehicles there), the fossil-free vehicles the plan leaves,
    and today's EVs' sessions and the points they need by the rule."""
    loc_ids = sorted({v.location_id or "" for v in current})
    peaks = location_peaks(current, roundtrips)
    by_class = group_peaks(current, roundtrips)
    group_keys = sorted(by_class, key=str)
    count: dict[Any, int] = defaultdict(int)
    untouched: dict[Any, int] = defaultdict(int)
    evs: dict[str, int] = defaultdict(int)
    for v in current:
        loc = v.location_id or ""
        group = (v.location_id, outfitting_class(v))
        for key in (loc, group):
            count[key] += 1
            untouched[key] += not v.is_fossil
        if v.vehicle_type is VehicleType.EV:
            evs[loc] += 1
    locations = tuple(
        PlanLocation(
            location_id=loc,
            need=min(peaks.get(loc, 0), count[loc]),
            fixed_count=untouched[loc],
            today_sessions=today_sessions.get(loc, ()),
            points_today=points_needed(today_sessions.get(loc, ())),
            max_points=max_points.get(loc),
            evs_today=evs[loc],
        )
        for loc in loc_ids
    )
    groups = tuple(
        ServiceGroup(
            group_id=f"{key[0] or ''}/{'+'.join(str(int(f)) for f in key[1])}",
            need=min(by_class[key], count[key]),
            fixed_count=untouched[key],
        )
        for key in group_keys
    )
    li = {loc: i for i, loc in enumerate(loc_ids)}
    gi = {key: i for i, key in enumerate(group_keys)}
    where = {
        v.vehicle_id: (
            li[v.location_id or ""],
            gi[(v.location_id, outfitting_class(v))],
        )
        for v in current
    }
    return Sites(locations, groups, where)
