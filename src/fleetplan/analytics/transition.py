"""Transition plan to a fossil-free fleet by 2030.

For each fossil vehicle (petrol or diesel):

- *needed range*: the ``range_percentile`` (default 95th) of its daily km over the
  days it drove, each day's km divided by that month's EV range factor
  (``range_factor_by_month``, the factor set's table: ``economics.winter``), so
  the need is in WLTP km, the unit of a candidate's ``range_km``;
- *action*: ``remove`` when its group (same home location and outfitting class:
  wheelchair lift, more than 5 seats, cargo space) has more vehicles than the
  group's peak concurrency (the least-driven fossil vehicles go first, as many as the
  surplus); else ``replace`` with the candidate of lowest score = TCO/km + CO2 price
  × life-cycle CO2e/km among the fossil-free, non-bike candidates whose range covers
  the need (an EV candidate with no known range never does: missing metadata is
  not a licence; with ``suitable`` given, an EV candidate fits when the day-by-day
  ``ev_suitability`` passed it instead) and whose outfitting does (lift if it has
  one; at least as many seats; at least 90 % of its cargo m3; child seats are
  fitted later and not checked);
  ``keep`` (no candidate fits) is reported so a planner sees it;
- *year*: the lease-end year, never before ``first_year`` and at latest
  ``target_year`` (2030); vehicles without a lease end go in ``target_year``.

Charge points per location after the plan come from the plug-in schedule
(``analytics.charger_need``): each EV (today's, and each replacement driving the
days of the vehicle it replaces) plugs in at home from its real arrival to its
next departure and takes that day's winter-derated energy; overnight points = the
fewest points on which those charges fit in sequence; EVs whose stay is too short
for a day's energy top up in the day, one point each: daytime points = their
number; points needed = max(overnight, daytime). ``overnight_h`` is only the stay
assumed before a vehicle's first day in the data, where no arrival is known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

# ChargerNeed is part of a plan, so it is also importable from here
from fleetplan.analytics.charger_need import ChargerNeed as ChargerNeed
from fleetplan.analytics.charger_need import charger_need
from fleetplan.analytics.home_dwell import HomeDay, home_days
from fleetplan.analytics.replacement_fit import daily_km as daily_km
from fleetplan.analytics.replacement_fit import group_peaks as group_peaks
from fleetplan.analytics.replacement_fit import needed_range_km as needed_range_km
from fleetplan.analytics.replacement_fit import outfitting_class as outfitting_class
from fleetplan.analytics.replacement_fit import outfitting_fits as outfitting_fits
from fleetplan.analytics.replacement_fit import range_covers as range_covers
from fleetplan.analytics.replacement_fit import wltp_range_km as wltp_range_km
from fleetplan.domain import Roundtrip, Vehicle, VehicleType


@dataclass(frozen=True, slots=True)
class CandidateScore:
    """Economics of a candidate model at the km it would drive."""

    tco_dkk_per_km: float
    lifecycle_co2e_kg_per_km: float


@dataclass(frozen=True, slots=True)
class PlanStep:
    vehicle_id: str
    location_id: str | None
    fuel: str
    lease_end: date | None
    needed_range_km: float
    action: str  # "replace", "remove" or "keep"
    replacement_id: str | None
    replacement_name: str | None
    year: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "vehicle_id": self.vehicle_id,
            "location_id": self.location_id,
            "fuel": self.fuel,
            "lease_end": self.lease_end.isoformat() if self.lease_end else None,
            "needed_range_km": round(self.needed_range_km, 1),
            "action": self.action,
            "replacement_id": self.replacement_id,
            "replacement_name": self.replacement_name,
            "year": self.year,
        }


@dataclass(frozen=True, slots=True)
class TransitionPlan:
    steps: tuple[PlanStep, ...]
    chargers: tuple[ChargerNeed, ...]
    first_year: int
    target_year: int

    def totals_per_year(self) -> list[dict[str, Any]]:
        """Per year: vehicles replaced, removed and kept (no fitting candidate), and
        the fossil vehicles left at the end of the year (kept ones stay)."""
        rows = []
        left = len(self.steps)
        for year in range(self.first_year, self.target_year + 1):
            steps = [s for s in self.steps if s.year == year]
            replaced = sum(s.action == "replace" for s in steps)
            removed = sum(s.action == "remove" for s in steps)
            left -= replaced + removed
            rows.append(
                {
                    "year": year,
                    "replaced": replaced,
                    "removed": removed,
                    "kept_fossil": sum(s.action == "keep" for s in steps),
                    "fossil_left": left,
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": [s.to_dict() for s in self.steps],
            "totals_per_year": self.totals_per_year(),
            "chargers": [c.to_dict() for c in self.chargers],
        }

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "plan": [s.to_dict() for s in self.steps],
            "per_year": self.totals_per_year(),
            "chargers": [c.to_dict() for c in self.chargers],
        }


def transition_plan(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    candidates: Sequence[Vehicle],
    scores: Mapping[str, CandidateScore],
    *,
    first_year: int,
    target_year: int = 2030,
    co2_price_dkk_per_t: float = 1_500.0,
    range_percentile: float = 95.0,
    charger_kw: float = 11.0,
    overnight_h: float = 12.0,
    range_factor_by_month: Sequence[float] | None = None,
    point_dkk: float = 0.0,
    grid_dkk_per_kw: float = 0.0,
    suitable: Mapping[str, Collection[str]] | None = None,
) -> TransitionPlan:
    """Plan the fossil vehicles' exit and the charge points it needs (see module);
    ``point_dkk`` and ``grid_dkk_per_kw`` price the points (the factor set's
    ``charger.point_dkk`` and ``charger.grid_dkk_per_kw``)."""
    current = [v for v in vehicles if not v.is_candidate]
    at_home = home_days(roundtrips)
    days = daily_km(roundtrips, range_factor_by_month)
    km_total = {vid: sum(d) for vid, d in days.items()}
    need = {
        v.vehicle_id: needed_range_km(days.get(v.vehicle_id, []), range_percentile)
        for v in current
    }
    removable: set[str] = set()
    members: dict[tuple[str | None, tuple[bool, bool, bool]], list[Vehicle]] = (
        defaultdict(list)
    )
    for v in current:
        members[(v.location_id, outfitting_class(v))].append(v)
    peaks = group_peaks(current, roundtrips)
    for group, fleet in members.items():
        surplus = len(fleet) - peaks.get(group, 0)
        fossil = sorted(
            (v for v in fleet if v.is_fossil),
            key=lambda v: (km_total.get(v.vehicle_id, 0.0), v.vehicle_id),
        )
        removable.update(v.vehicle_id for v in fossil[: max(0, surplus)])
    usable = [
        c
        for c in candidates
        if not c.is_fossil and not c.is_bike and c.vehicle_id in scores
    ]

    def score(c: Vehicle) -> float:
        s = scores[c.vehicle_id]
        return (
            s.tco_dkk_per_km + co2_price_dkk_per_t / 1000.0 * s.lifecycle_co2e_kg_per_km
        )

    steps = []
    new_evs: dict[str | None, list[tuple[Vehicle, Sequence[HomeDay]]]] = defaultdict(
        list
    )
    for v in sorted(current, key=lambda v: (v.lease_end or date.max, v.vehicle_id)):
        if not v.is_fossil:
            if v.vehicle_type is VehicleType.EV:
                new_evs[v.location_id].append((v, at_home.get(v.vehicle_id, [])))
            continue
        year = target_year if v.lease_end is None else v.lease_end.year
        year = min(target_year, max(first_year, year))
        fits = [
            c
            for c in usable
            if (
                c.vehicle_id in suitable.get(v.vehicle_id, ())
                if suitable is not None and c.vehicle_type is VehicleType.EV
                else range_covers(c, need[v.vehicle_id]) and outfitting_fits(c, v)
            )
        ]
        best = min(fits, key=lambda c: (score(c), c.vehicle_id)) if fits else None
        if v.vehicle_id in removable:
            action, best = "remove", None
        elif best is None:
            action = "keep"
        else:
            action = "replace"
            if best.vehicle_type is VehicleType.EV:
                new_evs[v.location_id].append((best, at_home.get(v.vehicle_id, [])))
        steps.append(
            PlanStep(
                vehicle_id=v.vehicle_id,
                location_id=v.location_id,
                fuel=str(v.fuel),
                lease_end=v.lease_end,
                needed_range_km=need[v.vehicle_id],
                action=action,
                replacement_id=best.vehicle_id if best else None,
                replacement_name=best.name if best else None,
                year=year,
            )
        )
    chargers = tuple(
        charger_need(
            loc or "",
            evs,
            charger_kw,
            overnight_h,
            range_factor_by_month=range_factor_by_month,
            point_dkk=point_dkk,
            grid_dkk_per_kw=grid_dkk_per_kw,
        )
        for loc, evs in sorted(new_evs.items(), key=lambda kv: kv[0] or "")
    )
    return TransitionPlan(tuple(steps), chargers, first_year, target_year)
