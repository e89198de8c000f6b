"""The figures of a procurement specification, from a saved simulation scenario
(its simulated fleet and driving book) and the dataset's register.

- Groups: the fleet's vehicles by body (category) and model, with the copies of
  catalogue models (what is to be bought) counted apart.
- Minimum winter range: a group's EVs must still cover the longest day any of
  them drove in the simulated period in the coldest month, so the requirement
  is that day's km, and the WLTP range that gives it is km ÷ the lowest monthly
  range factor of the factor set (``economics.winter``; 0.80 in dk-2025).
- Charging: per home location, the EVs, their kWh a year, and the most energy
  they drove in one day, raised by the same winter factor (the range lost in
  the cold is energy used), with the hours that takes at the models' kW.

A catalogue model's copy has no home in the register; it is given the location
of most of the trips it drove (by the vehicles that drive them today).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fleetplan.domain import Dataset, FactorSet, Scenario, Vehicle, category_of
from fleetplan.economics import monthly_range_factors

UNKNOWN = "?"


@dataclass(frozen=True, slots=True)
class SpecGroup:
    category: str
    model: str
    fuel: str
    count: int
    new: int  # copies of catalogue models: the vehicles to procure
    seats: int | None
    wheelchair_lift: bool | None
    cargo_m3: float | None
    km_per_year: float  # the group's total
    max_km_per_year: float  # its busiest vehicle
    max_day_km: float | None  # None: the scenario has no driving book
    range_km: float | None  # the model's WLTP range
    charge_kw: float | None
    electric: bool


@dataclass(frozen=True, slots=True)
class LocationCharging:
    location: str | None  # None: EVs that drove no trip (no home known)
    evs: int
    energy_kwh_per_year: float
    worst_day_kwh: float  # the location's most energy in a day, winter-raised
    charge_kw: float  # the EVs' summed charging power

    @property
    def hours(self) -> float:
        """Hours with every EV on its own charge point for the worst day."""
        return self.worst_day_kwh / self.charge_kw if self.charge_kw else 0.0


@dataclass(frozen=True, slots=True)
class ProcurementData:
    scenario: str
    period_start: str
    period_end: str
    factor_set: str
    winter_factor: float  # the lowest monthly range factor
    winter_month: int
    groups: tuple[SpecGroup, ...]
    locations: tuple[LocationCharging, ...]
    has_book: bool

    def required_wltp_km(self, group: SpecGroup) -> float | None:
        if group.max_day_km is None or not group.electric:
            return None
        return group.max_day_km / self.winter_factor

    def winter_range_km(self, group: SpecGroup) -> float | None:
        if group.range_km is None or not group.electric:
            return None
        return group.range_km * self.winter_factor


def _day_km(book: list[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """km per simulated vehicle per day (of each trip's start)."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for entry in book:
        vid = entry.get("simulated_vehicle_id")
        if vid:
            out[str(vid)][str(entry["start"])[:10]] += float(entry["distance_km"])
    return out


def _homes(
    book: list[Mapping[str, Any]], register: Mapping[str, Vehicle]
) -> dict[str, str]:
    """The location of most of each simulated vehicle's trips (by the trips'
    vehicle of today)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in book:
        vid, today = entry.get("simulated_vehicle_id"), entry.get("current_vehicle_id")
        vehicle = register.get(str(today)) if today else None
        if vid and vehicle is not None and vehicle.location_id:
            votes[str(vid)][vehicle.location_id] += 1
    return {vid: c.most_common(1)[0][0] for vid, c in votes.items()}


def procurement_data(
    scenario: Scenario, dataset: Dataset, factors: FactorSet
) -> ProcurementData:
    """The specification's figures for ``scenario``'s simulated fleet."""
    results = scenario.results
    fleet = results["simulated"]["vehicles"]
    book = list(results.get("driving_book") or [])
    register = {v.vehicle_id: v for v in dataset.vehicles}
    names = {loc.location_id: loc.name or loc.location_id for loc in dataset.locations}
    day_km = _day_km(book)
    homes = _homes(book, register)
    range_factors = monthly_range_factors(factors)
    winter = min(range_factors)
    groups: dict[tuple[str, str], list[tuple[dict[str, Any], Vehicle | None]]] = {}
    for row in fleet:
        vehicle = register.get(str(row["vehicle_id"]).split("#")[0])
        category = str(category_of(vehicle)) if vehicle else UNKNOWN
        model = vehicle.name if vehicle else str(row.get("name") or UNKNOWN)
        groups.setdefault((category, model), []).append((row, vehicle))
    out = []
    for (category, model), members in sorted(groups.items()):
        vehicle = members[0][1]
        km = [float(r.get("km_per_year") or 0.0) for r, _ in members]
        days = [
            max(day_km[str(r["vehicle_id"])].values(), default=0.0) for r, _ in members
        ]
        out.append(
            SpecGroup(
                category=category,
                model=model,
                fuel=str(vehicle.fuel) if vehicle else UNKNOWN,
                count=len(members),
                new=sum(1 for _, v in members if v is not None and v.is_candidate),
                seats=vehicle.seats if vehicle else None,
                wheelchair_lift=vehicle.wheelchair_lift if vehicle else None,
                cargo_m3=vehicle.cargo_m3 if vehicle else None,
                km_per_year=sum(km),
                max_km_per_year=max(km, default=0.0),
                max_day_km=max(days, default=0.0) if book else None,
                range_km=vehicle.range_km if vehicle else None,
                charge_kw=vehicle.charge_kw if vehicle else None,
                electric=vehicle is not None and vehicle.fuel == "electric",
            )
        )
    return ProcurementData(
        scenario=scenario.name,
        period_start=str((results.get("period") or {}).get("start") or "")[:10],
        period_end=str((results.get("period") or {}).get("end") or "")[:10],
        factor_set=scenario.factor_set_name,
        winter_factor=winter,
        winter_month=range_factors.index(winter) + 1,
        groups=tuple(out),
        locations=_charging(fleet, register, day_km, homes, names, winter),
        has_book=bool(book),
    )


def _charging(
    fleet: list[dict[str, Any]],
    register: Mapping[str, Vehicle],
    day_km: Mapping[str, Mapping[str, float]],
    homes: Mapping[str, str],
    names: Mapping[str, str],
    winter: float,
) -> tuple[LocationCharging, ...]:
    evs: dict[str | None, int] = defaultdict(int)
    energy: dict[str | None, float] = defaultdict(float)
    power: dict[str | None, float] = defaultdict(float)
    per_day: dict[str | None, dict[str, float]] = defaultdict(
        lambda: defaultdict(float)
    )
    for row in fleet:
        vid = str(row["vehicle_id"])
        vehicle = register.get(vid.split("#")[0])
        if vehicle is None or vehicle.fuel != "electric" or vehicle.is_bike:
            continue
        home = (vehicle.location_id if not vehicle.is_candidate else None) or homes.get(
            vid
        )
        where = names.get(home, home) if home else None
        evs[where] += 1
        energy[where] += float(row.get("energy_per_year") or 0.0)
        power[where] += vehicle.charge_kw or 0.0
        kwh_per_km = (vehicle.wltp_wh_per_km or 0.0) / 1000.0
        for day, km in day_km.get(vid, {}).items():
            per_day[where][day] += km * kwh_per_km / winter
    return tuple(
        LocationCharging(
            location=where,
            evs=evs[where],
            energy_kwh_per_year=energy[where],
            worst_day_kwh=max(per_day[where].values(), default=0.0),
            charge_kw=power[where],
        )
        for where in sorted(evs, key=lambda w: (w is None, w or ""))
    )
