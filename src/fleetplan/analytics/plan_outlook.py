"""The fleet year by year while a transition plan is carried out.

Rules (explicit, so a planner can check a figure by hand):

- *today* is the current fleet, each vehicle driving its yearly km (the measured
  period annualised);
- a plan step of year Y counts from year Y on: each year's figures are the fleet as
  it stands after that year's steps, driving a whole year;
- ``replace``: the replacement model drives the old vehicle's km, with its own
  yearly fixed cost (``annual_cost_dkk``) and per-km rates;
- ``remove``: its km are driven by the vehicles left at its home location, in
  proportion to their own km (evenly when none of them drove); with no vehicle left
  there, at the removed vehicle's own rates;
- ``keep``: the vehicle stays as it is;
- cost = fixed yearly cost + km × energy cost per km; CO2e = km × TTW/WTW per km.
  Vehicles without per-km rates (missing consumption) count with zero energy cost
  and CO2e and are listed in ``missing_rates``; vehicles without a yearly cost
  count with 0 kr fixed cost and are listed in ``missing_cost``.

Charge points: the plan gives the points its EVs need at its end (today's EVs
included), from their plug-in schedule (``analytics.charger_need``). Today's EVs
already charge somewhere, so the points they alone need by the same rule
(``today_charge_points``) count as in place; new points = plan's points − today's,
at least 0, each priced at the plan's cost per point (installation + its kW of
grid connection).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from fleetplan.analytics.charger_need import charger_need
from fleetplan.analytics.home_dwell import HomeDay, home_days
from fleetplan.analytics.rates import ZERO_RATES, KmRates
from fleetplan.analytics.transition import TransitionPlan
from fleetplan.domain import Roundtrip, Vehicle, VehicleType


@dataclass(frozen=True, slots=True)
class FleetYear:
    """The fleet in one year of the plan (``year`` None: today's fleet)."""

    year: int | None
    fossil_vehicles: int
    fossil_free_vehicles: int
    fossil_km: float
    fossil_free_km: float
    fixed_cost_dkk: float
    energy_cost_dkk: float
    co2e_ttw_kg: float
    co2e_wtw_kg: float
    replaced: int = 0  # steps carried out in this year
    removed: int = 0

    @property
    def cost_dkk(self) -> float:
        return self.fixed_cost_dkk + self.energy_cost_dkk

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "replaced": self.replaced,
            "removed": self.removed,
            "fossil_vehicles": self.fossil_vehicles,
            "fossil_free_vehicles": self.fossil_free_vehicles,
            "fossil_km": round(self.fossil_km, 1),
            "fossil_free_km": round(self.fossil_free_km, 1),
            "fixed_cost_dkk": round(self.fixed_cost_dkk, 2),
            "energy_cost_dkk": round(self.energy_cost_dkk, 2),
            "cost_dkk": round(self.cost_dkk, 2),
            "co2e_ttw_t": round(self.co2e_ttw_kg / 1000.0, 4),
            "co2e_wtw_t": round(self.co2e_wtw_kg / 1000.0, 4),
        }


@dataclass(frozen=True, slots=True)
class ChargerRow:
    location_id: str
    evs: int
    overnight_points: int
    daytime_points: int
    charge_points: int
    charger_kw: float
    today_points: int = 0  # what today's EVs alone need: counted as in place
    point_cost_dkk: float = 0.0  # one point installed + its kW of grid connection
    grid_peak_kw: float = 0.0

    @property
    def total_kw(self) -> float:
        return self.charge_points * self.charger_kw

    @property
    def new_points(self) -> int:
        return max(0, self.charge_points - self.today_points)

    def to_dict(self) -> dict[str, Any]:
        return {
            "location_id": self.location_id,
            "evs": self.evs,
            "overnight_points": self.overnight_points,
            "daytime_points": self.daytime_points,
            "charge_points": self.charge_points,
            "today_points": self.today_points,
            "new_points": self.new_points,
            "charger_kw": self.charger_kw,
            "total_kw": round(self.total_kw, 1),
            "grid_peak_kw": round(self.grid_peak_kw, 1),
            "new_points_dkk": round(self.new_points * self.point_cost_dkk, 2),
        }


@dataclass(frozen=True, slots=True)
class PlanOutlook:
    today: FleetYear
    years: tuple[FleetYear, ...]
    chargers: tuple[ChargerRow, ...]
    missing_rates: tuple[str, ...]
    missing_cost: tuple[str, ...] = ()  # no annual_cost_dkk: counted as 0 kr

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "fleet_per_year": [y.to_dict() for y in (self.today, *self.years)],
            "chargers": [c.to_dict() for c in self.chargers],
        }


@dataclass(slots=True)
class _Unit:
    """One vehicle slot of the fleet in a year: what drives it and how far."""

    vehicle: Vehicle
    location_id: str | None
    km: float


# per home location: (yearly km, rates, was fossil) of each removed vehicle
_Removed = dict[str | None, list[tuple[float, KmRates, bool]]]


def _year(
    year: int | None,
    units: Sequence[_Unit],
    removed_km: _Removed,
    rates: Mapping[str, KmRates],
) -> FleetYear:
    own: dict[str | None, float] = defaultdict(float)
    count: dict[str | None, int] = defaultdict(int)
    for unit in units:
        own[unit.location_id] += unit.km
        count[unit.location_id] += 1
    sums = defaultdict(float)
    for unit in units:
        extra = sum(km for km, _, _ in removed_km.get(unit.location_id, []))
        if own[unit.location_id] > 0:
            km = unit.km * (1.0 + extra / own[unit.location_id])
        else:
            km = unit.km + extra / count[unit.location_id]
        rate = rates.get(unit.vehicle.vehicle_id, ZERO_RATES)
        kind = "fossil" if unit.vehicle.is_fossil else "free"
        sums[f"{kind}_n"] += 1
        sums[f"{kind}_km"] += km
        sums["fixed"] += unit.vehicle.annual_cost_dkk or 0.0
        sums["energy"] += km * rate.energy_cost_dkk_per_km
        sums["ttw"] += km * rate.co2e_ttw_kg_per_km
        sums["wtw"] += km * rate.co2e_wtw_kg_per_km
    for location_id, trips in removed_km.items():
        if count[location_id]:
            continue  # driven by the vehicles left there (above)
        for km, rate, fossil in trips:
            sums["fossil_km" if fossil else "free_km"] += km
            sums["energy"] += km * rate.energy_cost_dkk_per_km
            sums["ttw"] += km * rate.co2e_ttw_kg_per_km
            sums["wtw"] += km * rate.co2e_wtw_kg_per_km
    return FleetYear(
        year=year,
        fossil_vehicles=int(sums["fossil_n"]),
        fossil_free_vehicles=int(sums["free_n"]),
        fossil_km=sums["fossil_km"],
        fossil_free_km=sums["free_km"],
        fixed_cost_dkk=sums["fixed"],
        energy_cost_dkk=sums["energy"],
        co2e_ttw_kg=sums["ttw"],
        co2e_wtw_kg=sums["wtw"],
    )


def today_charge_points(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    *,
    charger_kw: float = 11.0,
    overnight_h: float = 12.0,
    range_factor_by_month: Sequence[float] | None = None,
) -> dict[str, int]:
    """Per home location: the points today's EVs need by the plan's charger rule,
    from the days they drove (``charger_need``)."""
    at_home = home_days(roundtrips)
    evs: dict[str, list[tuple[Vehicle, list[HomeDay]]]] = defaultdict(list)
    for v in vehicles:
        if v.is_candidate or v.vehicle_type is not VehicleType.EV:
            continue
        evs[v.location_id or ""].append((v, at_home.get(v.vehicle_id, [])))
    return {
        loc: charger_need(
            loc,
            pairs,
            charger_kw,
            overnight_h,
            range_factor_by_month=range_factor_by_month,
        ).points
        for loc, pairs in evs.items()
    }


def plan_outlook(
    plan: TransitionPlan,
    vehicles: Sequence[Vehicle],
    candidates: Sequence[Vehicle],
    rates: Mapping[str, KmRates],
    yearly_km: Mapping[str, float],
    *,
    charger_kw: float = 11.0,
    today_points: Mapping[str, int] | None = None,
    point_dkk: float = 0.0,
    grid_dkk_per_kw: float = 0.0,
) -> PlanOutlook:
    """Today's fleet and the fleet after each plan year (see module rules).

    ``rates`` must hold the current vehicles and the candidates (by vehicle id);
    ``charger_kw`` is the power of one charge point, as the plan was made with;
    ``today_points`` per location (``today_charge_points``; none when omitted);
    a new point costs ``point_dkk`` + its kW × ``grid_dkk_per_kw``.
    """
    if charger_kw <= 0:
        raise ValueError(f"charger_kw must be > 0, got {charger_kw}.")
    current = [v for v in vehicles if not v.is_candidate]
    by_id = {c.vehicle_id: c for c in candidates}
    current_by_id = {v.vehicle_id: v for v in current}
    step_of = {s.vehicle_id: s for s in plan.steps}

    def fleet_in(year: int | None) -> tuple[list[_Unit], _Removed]:
        units: list[_Unit] = []
        removed: _Removed = defaultdict(list)
        for v in current:
            km = yearly_km.get(v.vehicle_id, 0.0)
            step = step_of.get(v.vehicle_id)
            if year is None or step is None or step.year > year:
                units.append(_Unit(v, v.location_id, km))
            elif step.action == "replace" and step.replacement_id in by_id:
                units.append(_Unit(by_id[step.replacement_id], v.location_id, km))
            elif step.action == "remove":
                rate = rates.get(v.vehicle_id, ZERO_RATES)
                removed[v.location_id].append((km, rate, v.is_fossil))
            else:
                units.append(_Unit(v, v.location_id, km))
        return units, removed

    today = _year(None, *fleet_in(None), rates)
    years = []
    for year in range(plan.first_year, plan.target_year + 1):
        figures = _year(year, *fleet_in(year), rates)
        steps = [s for s in plan.steps if s.year == year]
        years.append(
            replace(
                figures,
                replaced=sum(s.action == "replace" for s in steps),
                removed=sum(s.action == "remove" for s in steps),
            )
        )
    used = {v.vehicle_id for v in current} | {
        s.replacement_id for s in plan.steps if s.replacement_id
    }
    chargers = tuple(
        ChargerRow(
            c.location_id,
            c.evs,
            c.overnight_points,
            c.daytime_points,
            c.points,
            c.kw_per_point or charger_kw,
            (today_points or {}).get(c.location_id, 0),
            point_cost_dkk=point_dkk + (c.kw_per_point or charger_kw) * grid_dkk_per_kw,
            grid_peak_kw=c.grid_peak_kw,
        )
        for c in plan.chargers
    )
    return PlanOutlook(
        today=today,
        years=tuple(years),
        chargers=chargers,
        missing_rates=tuple(sorted(vid for vid in used if vid not in rates)),
        missing_cost=tuple(
            sorted(
                vid
                for vid in used
                if (v := by_id.get(vid) or current_by_id.get(vid)) is not None
                and v.annual_cost_dkk is None
            )
        ),
    )
