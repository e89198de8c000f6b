"""Green-accounts figures by fuel: km, energy (litres, kWh) and CO2e per year.

Complements ``green_accounts`` (by administration) with the breakdown a climate
account reports by energy carrier. Per calendar year of the roundtrip start and
vehicle fuel: km, litres of fuel, kWh of electricity (both parts of a plug-in
hybrid), CO2e tank-to-wheel and well-to-wheel. Vehicles without consumption data
(``fleetplan.economics`` cannot rate them) add km only and are listed in
``unrated``; roundtrips of vehicles not in the register count under fuel
"(unknown)".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fleetplan.domain import FactorSet, Roundtrip, Vehicle
from fleetplan.economics import usage_rates

UNKNOWN_FUEL = "(unknown)"


@dataclass(frozen=True, slots=True)
class FuelRow:
    year: int
    fuel: str
    vehicles: int
    distance_km: float
    fuel_l: float
    electricity_kwh: float
    co2e_ttw_kg: float
    co2e_wtw_kg: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "fuel": self.fuel,
            "vehicles": self.vehicles,
            "distance_km": round(self.distance_km, 1),
            "fuel_l": round(self.fuel_l, 1),
            "electricity_kwh": round(self.electricity_kwh, 1),
            "co2e_ttw_t": round(self.co2e_ttw_kg / 1000.0, 4),
            "co2e_wtw_t": round(self.co2e_wtw_kg / 1000.0, 4),
        }


@dataclass(frozen=True, slots=True)
class FuelAccounts:
    rows: tuple[FuelRow, ...]  # by year, then fuel
    unrated: tuple[str, ...]  # vehicle ids with km but no consumption data

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {"by_fuel": [r.to_dict() for r in self.rows]}


def fuel_accounts(
    vehicles: Sequence[Vehicle], roundtrips: Sequence[Roundtrip], factors: FactorSet
) -> FuelAccounts:
    """Per (year, fuel): km, litres, kWh and CO2e of the roundtrips driven."""
    by_id = {v.vehicle_id: v for v in vehicles}
    per_km: dict[str, tuple[float, float, float, float] | None] = {}
    for vehicle in vehicles:
        try:
            rate = usage_rates(vehicle, factors)
        except ValueError:
            per_km[vehicle.vehicle_id] = None
            continue
        per_km[vehicle.vehicle_id] = (
            rate.fuel_l_per_km,
            rate.electric_kwh_per_km,
            rate.co2e_ttw_kg_per_km,
            rate.co2e_wtw_kg_per_km,
        )
    sums: dict[tuple[int, str], list[float]] = {}
    drivers: dict[tuple[int, str], set[str]] = {}
    unrated: set[str] = set()
    for trip in roundtrips:
        vehicle = by_id.get(trip.vehicle_id)
        fuel = str(vehicle.fuel) if vehicle else UNKNOWN_FUEL
        key = (trip.start_time.year, fuel)
        acc = sums.setdefault(key, [0.0] * 5)
        drivers.setdefault(key, set()).add(trip.vehicle_id)
        km = trip.distance_km
        acc[0] += km
        rate = per_km.get(trip.vehicle_id)
        if rate is None:
            if vehicle is not None and km > 0:
                unrated.add(trip.vehicle_id)
            continue
        for i, value in enumerate(rate, start=1):
            acc[i] += km * value
    return FuelAccounts(
        rows=tuple(
            FuelRow(year, fuel, len(drivers[(year, fuel)]), *sums[(year, fuel)])
            for year, fuel in sorted(sums)
        ),
        unrated=tuple(sorted(unrated)),
    )
