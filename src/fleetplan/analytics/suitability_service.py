"""EV suitability and charge points on a dataset: the wiring the API, the CLI and
tests share (the analyses themselves are ``ev_suitability`` and ``charger_need``).

Two charger views per location, both priced by the factor set
(``charger.point_dkk`` per point + ``charger.grid_dkk_per_kw`` per kW of peak):

- ``today``: the EVs in the register today, on the days they drove;
- ``all_suitable``: as if every fossil vehicle with a suitable catalogue EV drove
  its own days as the suitable EV of lowest Wh/km (the cheapest to charge); the
  others stay fossil and need no point.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fleetplan.analytics.charger_need import (
    LocationChargers,
    location_chargers,
    plug_ins,
)
from fleetplan.analytics.ev_suitability import (
    DEFAULT_CHARGER_KW,
    VehicleSuitability,
    ev_suitability,
)
from fleetplan.analytics.home_dwell import HomeDay, home_days
from fleetplan.analytics.selection import AnalysisFilter, factor_set_for, select
from fleetplan.domain import Dataset, FactorSet, Period, Vehicle, VehicleType
from fleetplan.economics import EconKey, monthly_range_factors


@dataclass(frozen=True, slots=True)
class SuitabilityReport:
    vehicles: tuple[VehicleSuitability, ...]
    chargers_today: tuple[LocationChargers, ...]
    chargers_all_suitable: tuple[LocationChargers, ...]
    period: Period
    factor_set: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor_set": self.factor_set,
            "vehicles": [v.to_dict() for v in self.vehicles],
            "chargers_today": [c.to_dict() for c in self.chargers_today],
            "chargers_all_suitable": [c.to_dict() for c in self.chargers_all_suitable],
        }


def _chargers(
    evs: Mapping[str, list[tuple[Vehicle, list[HomeDay]]]],
    factors: FactorSet,
    charger_kw: float,
    by_location: Mapping[str, float],
    shared: bool,
) -> tuple[LocationChargers, ...]:
    winter = monthly_range_factors(factors)
    out = []
    for loc, pairs in sorted(evs.items()):
        sessions = [
            s
            for ev, days in pairs
            for s in plug_ins(ev, days, range_factor_by_month=winter)
        ]
        out.append(
            location_chargers(
                loc,
                sessions,
                charger_kw=by_location.get(loc, charger_kw),
                point_dkk=factors.get(EconKey.CHARGE_POINT_DKK, 0.0) or 0.0,
                grid_dkk_per_kw=factors.get(EconKey.CHARGER_GRID_DKK_PER_KW, 0.0)
                or 0.0,
                shared=shared,
            )
        )
    return tuple(out)


def suitability_report(
    dataset: Dataset,
    flt: AnalysisFilter | None = None,
    *,
    factors: FactorSet | None = None,
    charger_kw: float = DEFAULT_CHARGER_KW,
    charger_kw_by_location: Mapping[str, float] | None = None,
    shared_points: bool = True,
) -> SuitabilityReport:
    """Each fossil vehicle against the catalogue's EVs, and the charge points
    (``shared_points``: EVs may share a point in sequence, ``charger_need``)."""
    sel = select(dataset, flt)
    factors = factors or factor_set_for(dataset)
    by_location = dict(charger_kw_by_location or {})
    rows = ev_suitability(
        sel.vehicles,
        sel.roundtrips,
        sel.candidates,
        range_factor_by_month=monthly_range_factors(factors),
        charger_kw=charger_kw,
        charger_kw_by_location=by_location,
    )
    at_home = home_days(sel.roundtrips)
    today: dict[str, list[tuple[Vehicle, list[HomeDay]]]] = defaultdict(list)
    for v in sel.vehicles:
        if v.vehicle_type is VehicleType.EV:
            today[v.location_id or ""].append((v, at_home.get(v.vehicle_id, [])))
    after = {loc: list(pairs) for loc, pairs in today.items()}
    candidates = {c.vehicle_id: c for c in sel.candidates}
    for row in rows:
        fitting: Sequence[Vehicle] = [candidates[cid] for cid in row.suitable]
        if fitting:
            best = min(fitting, key=lambda c: (c.wltp_wh_per_km or 0.0, c.vehicle_id))
            after.setdefault(row.location_id or "", []).append(
                (best, at_home.get(row.vehicle_id, []))
            )
    return SuitabilityReport(
        rows,
        _chargers(today, factors, charger_kw, by_location, shared_points),
        _chargers(after, factors, charger_kw, by_location, shared_points),
        sel.period,
        factors.name,
    )
