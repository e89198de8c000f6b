"""Per-km rates of a vehicle that the analyses multiply by km.

The analyses take these as plain inputs so they stay testable without a factor set;
``rates_for`` computes them with ``fleetplan.economics``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fleetplan.analytics.transition import CandidateScore
from fleetplan.domain import FactorSet, Vehicle
from fleetplan.economics import lifecycle_co2e_kg_per_km, tco, usage_rates


@dataclass(frozen=True, slots=True)
class KmRates:
    """Energy cost and CO2e per km of one vehicle (year 1 of the factor set)."""

    energy_cost_dkk_per_km: float
    co2e_ttw_kg_per_km: float
    co2e_wtw_kg_per_km: float
    co2e_lifecycle_kg_per_km: float

    def __post_init__(self) -> None:
        for name in (
            "energy_cost_dkk_per_km",
            "co2e_ttw_kg_per_km",
            "co2e_wtw_kg_per_km",
            "co2e_lifecycle_kg_per_km",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}.")


ZERO_RATES = KmRates(0.0, 0.0, 0.0, 0.0)


def rates_for(
    vehicles: Sequence[Vehicle],
    factors: FactorSet,
    yearly_km: Mapping[str, float] | None = None,
) -> dict[str, KmRates]:
    """Per-km rates of each vehicle under ``factors`` (``fleetplan.economics``).

    The life-cycle rate spreads production CO2e over the vehicle's service life at
    its yearly km (the set's default yearly km when it drove none). Vehicles whose
    register lacks the consumption get no entry (data quality reports them).
    """
    yearly_km = yearly_km or {}
    out: dict[str, KmRates] = {}
    for vehicle in vehicles:
        try:
            usage = usage_rates(vehicle, factors)
            lifecycle = lifecycle_co2e_kg_per_km(
                vehicle, factors, yearly_km=yearly_km.get(vehicle.vehicle_id) or None
            )
        except ValueError:
            continue
        out[vehicle.vehicle_id] = KmRates(
            energy_cost_dkk_per_km=usage.energy_cost_dkk_per_km,
            co2e_ttw_kg_per_km=usage.co2e_ttw_kg_per_km,
            co2e_wtw_kg_per_km=usage.co2e_wtw_kg_per_km,
            co2e_lifecycle_kg_per_km=lifecycle,
        )
    return out


def candidate_scores(
    candidates: Sequence[Vehicle], factors: FactorSet, yearly_km: float
) -> dict[str, CandidateScore]:
    """TCO per km (fixed + energy, what the municipality pays) and life-cycle CO2e
    per km of each candidate at ``yearly_km``."""
    if yearly_km <= 0:
        raise ValueError(f"yearly_km must be > 0, got {yearly_km}.")
    out: dict[str, CandidateScore] = {}
    for vehicle in candidates:
        try:
            result = tco(vehicle, yearly_km, factors)
            lifecycle = lifecycle_co2e_kg_per_km(vehicle, factors, yearly_km=yearly_km)
        except ValueError:
            continue
        out[vehicle.vehicle_id] = CandidateScore(
            tco_dkk_per_km=result.private_dkk_per_year / yearly_km,
            lifecycle_co2e_kg_per_km=lifecycle,
        )
    return out
