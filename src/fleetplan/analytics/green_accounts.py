"""Green-accounts figures of the municipality's own fleet per year.

Per calendar year (of the roundtrip start) and administration: km, CO2e tank-to-wheel,
well-to-wheel and life cycle (km × the vehicle's per-km rates), and the fossil-free km
share (km of vehicles not on petrol or diesel over all km). Roundtrips of vehicles not
in the register are counted under administration "(unknown)" with zero CO2e.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fleetplan.analytics.rates import ZERO_RATES, KmRates
from fleetplan.domain import Roundtrip, Vehicle

ALL_ADMINISTRATIONS = "*"
UNKNOWN = "(unknown)"


@dataclass(frozen=True, slots=True)
class GreenAccountsRow:
    year: int
    administration: str
    distance_km: float
    fossil_free_km: float
    co2e_ttw_kg: float
    co2e_wtw_kg: float
    co2e_lifecycle_kg: float

    @property
    def fossil_free_share(self) -> float:
        return self.fossil_free_km / self.distance_km if self.distance_km else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "administration": self.administration,
            "distance_km": round(self.distance_km, 3),
            "fossil_free_km": round(self.fossil_free_km, 3),
            "fossil_free_share": round(self.fossil_free_share, 4),
            "co2e_ttw_t": round(self.co2e_ttw_kg / 1000.0, 4),
            "co2e_wtw_t": round(self.co2e_wtw_kg / 1000.0, 4),
            "co2e_lifecycle_t": round(self.co2e_lifecycle_kg / 1000.0, 4),
        }


@dataclass(frozen=True, slots=True)
class GreenAccounts:
    rows: tuple[GreenAccountsRow, ...]  # per (year, administration), then year totals

    def total(self, year: int) -> GreenAccountsRow:
        for row in self.rows:
            if row.year == year and row.administration == ALL_ADMINISTRATIONS:
                return row
        raise KeyError(f"no roundtrips in {year}.")

    def to_dict(self) -> dict[str, Any]:
        return {"rows": [r.to_dict() for r in self.rows]}

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {"green_accounts": [r.to_dict() for r in self.rows]}


def green_accounts(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    rates: Mapping[str, KmRates],
) -> GreenAccounts:
    """Figures per year and administration, plus a total row per year."""
    by_id = {v.vehicle_id: v for v in vehicles}
    sums: dict[tuple[int, str], list[float]] = {}
    for trip in roundtrips:
        vehicle = by_id.get(trip.vehicle_id)
        admin = (vehicle.administration if vehicle else None) or UNKNOWN
        rate = rates.get(trip.vehicle_id, ZERO_RATES)
        fossil_free = vehicle is not None and not vehicle.is_fossil
        km = trip.distance_km
        values = (
            km,
            km if fossil_free else 0.0,
            km * rate.co2e_ttw_kg_per_km,
            km * rate.co2e_wtw_kg_per_km,
            km * rate.co2e_lifecycle_kg_per_km,
        )
        year = trip.start_time.year
        for key in ((year, admin), (year, ALL_ADMINISTRATIONS)):
            acc = sums.setdefault(key, [0.0] * 5)
            for i, value in enumerate(values):
                acc[i] += value
    ordered = sorted(sums, key=lambda k: (k[0], k[1] == ALL_ADMINISTRATIONS, k[1]))
    return GreenAccounts(
        rows=tuple(
            GreenAccountsRow(year, admin, *sums[(year, admin)])
            for year, admin in ordered
        )
    )
