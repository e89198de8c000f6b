"""Per-vehicle yearly economics of a dataset's own driving: the TCO/LCA table.

Each vehicle's km are the km of its roundtrips that start in the selected period,
annualised by the set's rule (``annualisation_factor``); the TCO and the life-cycle
CO2e then follow from ``tco`` and ``lifecycle_co2e_kg_per_km``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from fleetplan.domain import Dataset, FactorSet, Period, Roundtrip
from fleetplan.economics.lifecycle import (
    lifecycle_co2e_kg_per_km,
    lifecycle_co2e_kg_per_year,
)
from fleetplan.economics.method import annualisation_factor
from fleetplan.economics.tco import tco


@dataclass(frozen=True, slots=True)
class VehicleEconomics:
    """One row of the table; per-km figures are ``inf`` for a vehicle without km."""

    vehicle_id: str
    name: str
    period_km: float
    yearly_km: float
    fixed_dkk_per_year: float
    energy_dkk_per_year: float
    societal_co2e_dkk_per_year: float
    total_dkk_per_year: float
    tco_dkk_per_km: float
    co2e_kg_per_year: float
    lifecycle_co2e_kg_per_year: float
    lifecycle_co2e_kg_per_km: float


def km_by_vehicle(roundtrips: Iterable[Roundtrip], period: Period) -> dict[str, float]:
    """Σ km of the roundtrips that start in ``[period.start, period.end)``."""
    out: dict[str, float] = {}
    for trip in roundtrips:
        if period.start <= trip.start_time < period.end:
            out[trip.vehicle_id] = out.get(trip.vehicle_id, 0.0) + trip.distance_km
    return out


def fleet_economics(
    dataset: Dataset,
    factors: FactorSet,
    period: Period | None = None,
    *,
    include_candidates: bool = False,
) -> list[VehicleEconomics]:
    """The yearly TCO and life-cycle figures of every current vehicle.

    ``period`` defaults to the data span; with neither (no roundtrips) every
    vehicle drives 0 km a year. Candidates (no km of their own) are included on
    request, with 0 km.
    """
    span = dataset.data_span()
    selected = period or span
    km = km_by_vehicle(dataset.roundtrips, selected) if selected else {}
    to_year = annualisation_factor(selected, span, factors) if selected else 0.0
    vehicles = dataset.vehicles if include_candidates else dataset.current_vehicles
    rows: list[VehicleEconomics] = []
    for vehicle in vehicles:
        period_km = km.get(vehicle.vehicle_id, 0.0)
        yearly_km = period_km * to_year
        result = tco(vehicle, yearly_km, factors)
        lca_per_km = (
            lifecycle_co2e_kg_per_km(vehicle, factors, yearly_km=yearly_km)
            if yearly_km > 0
            else math.inf
        )
        rows.append(
            VehicleEconomics(
                vehicle_id=vehicle.vehicle_id,
                name=vehicle.name,
                period_km=period_km,
                yearly_km=yearly_km,
                fixed_dkk_per_year=result.fixed_dkk_per_year,
                energy_dkk_per_year=result.energy_dkk_per_year,
                societal_co2e_dkk_per_year=result.societal_co2e_dkk_per_year,
                total_dkk_per_year=result.total_dkk_per_year,
                tco_dkk_per_km=result.total_dkk_per_km,
                co2e_kg_per_year=result.co2e_kg_per_year,
                lifecycle_co2e_kg_per_year=lifecycle_co2e_kg_per_year(
                    vehicle, factors, yearly_km
                ),
                lifecycle_co2e_kg_per_km=lca_per_km,
            )
        )
    return rows
