"""Total cost of ownership per vehicle per year and per km.

Method of Miljøstyrelsen's TCO tool for vehicles (the POGI tool before it), with
the set's discount rate r, evaluation period n and price development g per energy
type. For year k = 1..n and d_k = (1+r)^−k:

    fixed_k    = annual_cost_dkk                       (as given, every year)
    energy_k   = yearly km × use/km × price × (1+g)^(k−1)
    co2e_k     = yearly km × CO2e/km (set's basis; OS2 el series when on)
    societal_k = co2e_k ÷ 1000 × CO2 price
    NPV        = Σ_k (fixed_k + energy_k + societal_k) × d_k

The yearly figures are the equivalent annual amount of each NPV part
(option ``yearly_value = annuity``; a constant fixed cost stays itself) or, as in
OS2 FleetOptimiser (``discounted_mean``), NPV ÷ n for energy and societal cost with
the fixed cost as given. Owned, leased and rented vehicles compare through their
``annual_cost_dkk``: the lease or rental payment, or for an owned vehicle the
purchase annuity (``purchase_annuity_dkk_per_year``) plus running costs.
"""

from __future__ import annotations

from dataclasses import dataclass

from fleetplan.domain import FactorKey, FactorSet, Fuel, Vehicle
from fleetplan.economics.energy import LIQUID_FUEL_KEYS, consumption_per_km
from fleetplan.economics.keys import EconOption
from fleetplan.economics.method import (
    annuity_factor,
    co2e_basis,
    discount_factors,
    discount_rate,
    electric_co2e_factors,
    evaluation_years,
    option,
    price_development,
)


def fixed_cost_dkk_per_year(vehicle: Vehicle, factors: FactorSet) -> float:
    """The vehicle's comparable yearly fixed cost: ``annual_cost_dkk`` (0 if None).

    The register's figure is the comparable one for every lease type: the lease or
    rental payment incl. service, or for an owned vehicle its purchase annuity plus
    fixed running costs. ``factors`` is taken so a set can later change this.
    """
    del factors
    return vehicle.annual_cost_dkk or 0.0


def purchase_annuity_dkk_per_year(
    price_dkk: float, residual_dkk: float, years: int, rate: float
) -> float:
    """Yearly cost of owning: ``(P − R (1+r)^−n) × r / (1 − (1+r)^−n)``."""
    if years < 1:
        raise ValueError(f"years must be >= 1, got {years}.")
    present = price_dkk - residual_dkk * (1.0 + rate) ** -years
    return present * annuity_factor(rate, years)


@dataclass(frozen=True, slots=True)
class TcoYear:
    """Year k of the evaluation, undiscounted amounts and the discount factor."""

    year: int
    fixed_dkk: float
    energy_dkk: float
    co2e_kg: float
    societal_co2e_dkk: float
    discount_factor: float

    @property
    def total_dkk(self) -> float:
        return self.fixed_dkk + self.energy_dkk + self.societal_co2e_dkk


@dataclass(frozen=True, slots=True)
class TcoResult:
    """TCO of one vehicle at a yearly km; totals include the societal CO2e cost."""

    vehicle_id: str
    factor_set_name: str
    years: int
    yearly_km: float
    fixed_dkk_per_year: float
    energy_dkk_per_year: float
    societal_co2e_dkk_per_year: float
    co2e_kg_per_year: float
    npv_dkk: float
    npv_private_dkk: float
    rows: tuple[TcoYear, ...]

    @property
    def private_dkk_per_year(self) -> float:
        """Fixed + energy: what the municipality pays."""
        return self.fixed_dkk_per_year + self.energy_dkk_per_year

    @property
    def total_dkk_per_year(self) -> float:
        return self.private_dkk_per_year + self.societal_co2e_dkk_per_year

    @property
    def total_dkk_per_km(self) -> float:
        """Total per km driven; ``inf`` for a vehicle that drives no km."""
        if self.yearly_km <= 0:
            return float("inf")
        return self.total_dkk_per_year / self.yearly_km


def _co2e_kg_by_year(
    vehicle: Vehicle, yearly_km: float, factors: FactorSet, years: int
) -> list[float]:
    kwh_per_km, l_per_km = consumption_per_km(vehicle, factors)
    basis = co2e_basis(factors)
    el_key = (
        FactorKey.CO2E_TTW_ELECTRIC_KG_PER_KWH
        if basis == EconOption.BASIS_TTW
        else FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH
    )
    el = (
        electric_co2e_factors(factors, el_key, years) if kwh_per_km > 0 else [0] * years
    )
    liquid = 0.0
    if l_per_km > 0:
        _, wtw_key, ttw_key = LIQUID_FUEL_KEYS[vehicle.fuel]
        liquid = factors[ttw_key if basis == EconOption.BASIS_TTW else wtw_key]
    return [yearly_km * (kwh_per_km * el_k + l_per_km * liquid) for el_k in el]


def _energy_dkk_year1(
    vehicle: Vehicle, yearly_km: float, factors: FactorSet
) -> list[tuple[float, float]]:
    """(year-1 cost, price development) per energy carrier of the vehicle."""
    kwh_per_km, l_per_km = consumption_per_km(vehicle, factors)
    parts: list[tuple[float, float]] = []
    if kwh_per_km > 0:
        price = factors[FactorKey.PRICE_ELECTRIC_DKK_PER_KWH]
        parts.append(
            (yearly_km * kwh_per_km * price, price_development(factors, Fuel.ELECTRIC))
        )
    if l_per_km > 0:
        price = factors[LIQUID_FUEL_KEYS[vehicle.fuel][0]]
        parts.append(
            (yearly_km * l_per_km * price, price_development(factors, vehicle.fuel))
        )
    return parts


def tco(
    vehicle: Vehicle, yearly_km: float, factors: FactorSet, years: int | None = None
) -> TcoResult:
    """TCO of ``vehicle`` driving ``yearly_km`` a year over the evaluation period.

    ``years`` overrides the set's evaluation period. See the module docstring for
    the formulas; ``docs/methods.md`` gives their sources.
    """
    if yearly_km < 0:
        raise ValueError(f"yearly_km must be >= 0, got {yearly_km}.")
    n = evaluation_years(factors, years)
    rate = discount_rate(factors)
    discounts = discount_factors(rate, n)
    fixed = fixed_cost_dkk_per_year(vehicle, factors)
    energy_parts = _energy_dkk_year1(vehicle, yearly_km, factors)
    co2e = _co2e_kg_by_year(vehicle, yearly_km, factors, n)
    co2_price = factors[FactorKey.CO2_PRICE_DKK_PER_T]
    rows = tuple(
        TcoYear(
            year=k,
            fixed_dkk=fixed,
            energy_dkk=sum(cost * (1.0 + g) ** (k - 1) for cost, g in energy_parts),
            co2e_kg=co2e[k - 1],
            societal_co2e_dkk=co2e[k - 1] / 1000.0 * co2_price,
            discount_factor=discounts[k - 1],
        )
        for k in range(1, n + 1)
    )
    npv_fixed = sum(r.fixed_dkk * r.discount_factor for r in rows)
    npv_energy = sum(r.energy_dkk * r.discount_factor for r in rows)
    npv_societal = sum(r.societal_co2e_dkk * r.discount_factor for r in rows)
    mode = option(factors, EconOption.YEARLY_VALUE, EconOption.YEARLY_ANNUITY)
    # the fixed cost is the same every year, so its equivalent annual amount is
    # itself; OS2 (discounted_mean) adds it undiscounted, which is the same number
    if mode == EconOption.YEARLY_ANNUITY:
        to_yearly = annuity_factor(rate, n)
    elif mode == EconOption.YEARLY_DISCOUNTED_MEAN:
        to_yearly = 1.0 / n
    else:
        raise ValueError(f"factor set {factors.name!r}: unknown yearly_value {mode!r}.")
    return TcoResult(
        vehicle_id=vehicle.vehicle_id,
        factor_set_name=factors.name,
        years=n,
        yearly_km=yearly_km,
        fixed_dkk_per_year=fixed,
        energy_dkk_per_year=npv_energy * to_yearly,
        societal_co2e_dkk_per_year=npv_societal * to_yearly,
        co2e_kg_per_year=co2e[0],
        npv_dkk=npv_fixed + npv_energy + npv_societal,
        npv_private_dkk=npv_fixed + npv_energy,
        rows=rows,
    )
