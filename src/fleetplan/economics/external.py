"""External options for a trip the fleet does not serve: taxi, rental, allowance.

- Taxi: start fee + km × per-km + hours × per-hour, at the weekday tariff when the
  trip starts Mon–Fri 06–18, else at the evening/weekend tariff (Færdselsstyrelsen's
  price cap; holidays are not modelled). CO2e as an average petrol car.
- Electric rental car: day rate × started days + km above the included km × extra
  price + electricity (km × kWh/km × price). The day rate is an estimate.
- Private car with mileage allowance: the low rate up to the yearly threshold, the
  high rate above it; CO2e of a car at the private-car km/l.

Costs are what is paid for the trip at the set's prices (not discounted).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from fleetplan.domain import FactorKey, FactorSet, Fuel
from fleetplan.economics.keys import EconKey, EconOption
from fleetplan.economics.method import co2e_basis, electric_co2e_year1

KINDS = ("taxi", "rental", "allowance")

# (start fee, per km, per hour) of each taxi tariff
_TAXI_DAY = (
    EconKey.TAXI_DAY_START_DKK,
    EconKey.TAXI_DAY_DKK_PER_KM,
    EconKey.TAXI_DAY_DKK_PER_H,
)
_TAXI_EVENING = (
    EconKey.TAXI_EVENING_START_DKK,
    EconKey.TAXI_EVENING_DKK_PER_KM,
    EconKey.TAXI_EVENING_DKK_PER_H,
)

_LIQUID_FACTOR: dict[tuple[str, Fuel], str] = {
    ("wtw", Fuel.PETROL): FactorKey.CO2E_WTW_PETROL_KG_PER_L,
    ("wtw", Fuel.DIESEL): FactorKey.CO2E_WTW_DIESEL_KG_PER_L,
    ("wtw", Fuel.HVO): FactorKey.CO2E_WTW_HVO_KG_PER_L,
    ("ttw", Fuel.PETROL): FactorKey.CO2E_TTW_PETROL_KG_PER_L,
    ("ttw", Fuel.DIESEL): FactorKey.CO2E_TTW_DIESEL_KG_PER_L,
    ("ttw", Fuel.HVO): FactorKey.CO2E_TTW_HVO_KG_PER_L,
}


@dataclass(frozen=True, slots=True)
class ExternalOption:
    """One way to serve a trip outside the fleet: its cost and CO2e (set's basis)."""

    kind: str
    cost_dkk: float
    co2e_kg: float


def allowance_cost_dkk_per_year(yearly_km: float, factors: FactorSet) -> float:
    """``min(km, T) × low + max(km − T, 0) × high`` (Skatterådet's two rates)."""
    return _allowance_dkk(0.0, yearly_km, factors)


def _allowance_dkk(km_before: float, distance_km: float, factors: FactorSet) -> float:
    threshold = factors[FactorKey.ALLOWANCE_THRESHOLD_KM]
    low_km = max(0.0, min(distance_km, threshold - km_before))
    high_km = distance_km - low_km
    return (
        low_km * factors[FactorKey.ALLOWANCE_LOW_DKK_PER_KM]
        + high_km * factors[FactorKey.ALLOWANCE_HIGH_DKK_PER_KM]
    )


def _car_co2e_kg(
    distance_km: float, km_per_l: float, fuel: Fuel, f: FactorSet
) -> float:
    if fuel is Fuel.ELECTRIC or fuel is Fuel.NONE:
        raise ValueError(f"a private car or taxi needs a liquid fuel, got {fuel}.")
    return distance_km / km_per_l * f[_LIQUID_FACTOR[(co2e_basis(f), fuel)]]


def is_taxi_day_tariff(start: datetime, factors: FactorSet) -> bool:
    """Mon–Fri from the first to the last day hour (06–18); else evening/weekend."""
    first = factors[EconKey.TAXI_DAY_FIRST_HOUR]
    last = factors[EconKey.TAXI_DAY_LAST_HOUR]
    hour = start.hour + start.minute / 60.0 + start.second / 3600.0
    return start.weekday() < 5 and first <= hour < last


def taxi_option(
    distance_km: float, start: datetime, end: datetime, factors: FactorSet
) -> ExternalOption:
    hours = (end - start).total_seconds() / 3600.0
    start_key, km_key, hour_key = (
        _TAXI_DAY if is_taxi_day_tariff(start, factors) else _TAXI_EVENING
    )
    cost = (
        factors[start_key] + distance_km * factors[km_key] + hours * factors[hour_key]
    )
    co2e = _car_co2e_kg(
        distance_km, factors[EconKey.TAXI_KM_PER_L], Fuel.PETROL, factors
    )
    return ExternalOption("taxi", cost, co2e)


def rental_days(start: datetime, end: datetime) -> int:
    """Started 24-hour days, at least one."""
    return max(1, math.ceil((end - start).total_seconds() / 86_400.0))


def rental_option(
    distance_km: float, start: datetime, end: datetime, factors: FactorSet
) -> ExternalOption:
    days = rental_days(start, end)
    included_km = days * factors[EconKey.RENTAL_INCLUDED_KM_PER_DAY]
    kwh = distance_km * factors[EconKey.RENTAL_KWH_PER_KM]
    cost = (
        days * factors[EconKey.RENTAL_DKK_PER_DAY]
        + max(0.0, distance_km - included_km) * factors[EconKey.RENTAL_EXTRA_DKK_PER_KM]
        + kwh * factors[FactorKey.PRICE_ELECTRIC_DKK_PER_KWH]
    )
    basis_key = (
        FactorKey.CO2E_TTW_ELECTRIC_KG_PER_KWH
        if co2e_basis(factors) == EconOption.BASIS_TTW
        else FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH
    )
    return ExternalOption("rental", cost, kwh * electric_co2e_year1(factors, basis_key))


def allowance_option(
    distance_km: float,
    factors: FactorSet,
    *,
    allowance_km_before: float = 0.0,
    private_car_fuel: Fuel = Fuel.PETROL,
) -> ExternalOption:
    cost = _allowance_dkk(allowance_km_before, distance_km, factors)
    km_per_l = factors[FactorKey.PRIVATE_CAR_KM_PER_L]
    co2e = _car_co2e_kg(distance_km, km_per_l, private_car_fuel, factors)
    return ExternalOption("allowance", cost, co2e)


def external_options(
    distance_km: float,
    start: datetime,
    end: datetime,
    factors: FactorSet,
    *,
    allowance_km_before: float = 0.0,
    private_car_fuel: Fuel = Fuel.PETROL,
) -> list[ExternalOption]:
    """Taxi, rental and allowance for one trip, in that order.

    ``allowance_km_before`` is the allowance km already paid this year, so the trip
    is paid at the high rate past the threshold.
    """
    if distance_km < 0:
        raise ValueError(f"distance_km must be >= 0, got {distance_km}.")
    if end < start:
        raise ValueError("trip end is before its start.")
    return [
        taxi_option(distance_km, start, end, factors),
        rental_option(distance_km, start, end, factors),
        allowance_option(
            distance_km,
            factors,
            allowance_km_before=allowance_km_before,
            private_car_fuel=private_car_fuel,
        ),
    ]


def cheapest_external_option(
    distance_km: float,
    start: datetime,
    end: datetime,
    factors: FactorSet,
    *,
    allowed: Collection[str] | None = None,
    allowance_km_before: float = 0.0,
    private_car_fuel: Fuel = Fuel.PETROL,
    co2e_dkk_per_kg: float = 0.0,
) -> ExternalOption:
    """The cheapest allowed option by cost + CO2e × ``co2e_dkk_per_kg`` (the valued
    CO2e the allocation minimises; 0 = by cost alone). Ties: taxi, rental,
    allowance order."""
    kinds = set(KINDS if allowed is None else allowed)
    unknown = kinds - set(KINDS)
    if unknown:
        raise ValueError(f"unknown external options {sorted(unknown)}; use {KINDS}.")
    if not kinds:
        raise ValueError("allowed must name at least one external option.")
    options = external_options(
        distance_km,
        start,
        end,
        factors,
        allowance_km_before=allowance_km_before,
        private_car_fuel=private_car_fuel,
    )
    return min(
        (o for o in options if o.kind in kinds),
        key=lambda o: o.cost_dkk + o.co2e_kg * co2e_dkk_per_kg,
    )
