"""Per-km rates of a vehicle that the analyses multiply by km.

The analyses take these as plain inputs so they stay testable without a factor set;
``rates_for`` computes them with ``fleetplan.economics``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
