"""Yearly figures of a simulation: per vehicle and per fleet, current vs simulated.

Annualisation is explicit: yearly = period value × ``annualisation_factor`` (365 ÷
days of the selected period; the ``os2-defaults`` set uses the data span, first
start to last end, as OS2 FleetOptimiser does). Energy cost and societal CO2e cost
per km come from ``usage_rates`` (evaluated by the set's method); fixed cost from
``fixed_cost_dkk_per_year``; unallocated trips from the external option the
allocation chose for each (``from_dataset.external_option``: cost + CO2e valued
at the CO2 price × ``yearly_multiplier``, the allowance at its first band's rate
per trip), annualised like everything else. So the simulated total is exactly
fixed cost + annualisation × the allocation's objective (docs/methods.md, "One
cost"), but for the penalty of trips no external option may take: those are
counted as ``unserved`` and cost nothing here.

The *current* side puts each roundtrip on the vehicle that drove it; the current
fleet is every current vehicle of the selected locations (idle ones cost too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from fleetplan.domain import FactorKey, Vehicle
from fleetplan.economics import (
    ExternalOption,
    annualisation_factor,
    fixed_cost_dkk_per_year,
    lifecycle_co2e_kg_per_year,
    usage_rates,
    yearly_multiplier,
)
from fleetplan.simulate.from_dataset import SimulationInput

# an unallocated trip: its km and the external option it goes to (None: none
# allowed, the trip is unserved)
ExternalTrip = tuple[float, ExternalOption | None]

WORK_START_H = 7
WORK_END_H = 17


@dataclass(frozen=True, slots=True)
class VehicleFigures:
    """One vehicle's period counts and yearly figures."""

    vehicle_id: str
    name: str
    vehicle_type: str
    trips: int
    km: float
    km_per_year: float
    share_of_days_used: float
    share_of_working_hours_in_use: float
    energy_unit: str
    energy_per_year: float
    energy_cost_dkk: float
    co2e_ttw_t: float
    co2e_wtw_t: float
    co2e_lifecycle_t: float
    co2e_t: float
    societal_co2_cost_dkk: float
    fixed_cost_dkk: float
    total_cost_dkk: float
    tco_dkk_per_km: float | None


@dataclass(frozen=True, slots=True)
class FleetFigures:
    """Yearly totals of one side (current or simulated)."""

    vehicles: tuple[VehicleFigures, ...]
    fixed_cost_dkk: float
    energy_cost_dkk: float
    societal_co2_cost_dkk: float
    external_cost_dkk: float
    external_cost_by_kind_dkk: Mapping[str, float]
    external_km_by_kind: Mapping[str, float]
    co2e_t: float
    unallocated: int
    unserved: int = 0  # unallocated trips no external option may take
    total_cost_dkk: float = field(init=False)

    def __post_init__(self) -> None:
        total = (
            self.fixed_cost_dkk
            + self.energy_cost_dkk
            + self.societal_co2_cost_dkk
            + self.external_cost_dkk
        )
        object.__setattr__(self, "total_cost_dkk", total)


def yearly_factor(inp: SimulationInput) -> float:
    """Multiply a period figure by this: 365 ÷ days (period or data span)."""
    return annualisation_factor(inp.period, inp.data_span, inp.factors)


def _day_spans(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    spans = []
    cursor = start
    while cursor < end:
        midnight = datetime.combine(
            cursor.date() + timedelta(days=1), datetime.min.time()
        )
        spans.append((cursor, min(end, midnight)))
        cursor = midnight
    return spans or [(start, end)]


def working_minutes(start: datetime, end: datetime) -> float:
    """Minutes of [start, end) inside Mon–Fri 07:00–17:00."""
    total = 0.0
    for a, b in _day_spans(start, end):
        if a.weekday() >= 5:
            continue
        day = datetime.combine(a.date(), datetime.min.time())
        lo = max(a, day + timedelta(hours=WORK_START_H))
        hi = min(b, day + timedelta(hours=WORK_END_H))
        total += max(0.0, (hi - lo).total_seconds() / 60.0)
    return total


def vehicle_figures(
    inp: SimulationInput,
    vehicle_id: str,
    vehicle: Vehicle,
    spans: Sequence[tuple[datetime, datetime, float]],
    factor: float,
) -> VehicleFigures:
    """Figures of one vehicle from its (start, end, km) trips in the period."""
    rates = usage_rates(vehicle, inp.factors)
    km = float(sum(s[2] for s in spans))
    yearly_km = km * factor
    period_days = max(1, int(np.ceil(inp.period.days)))
    days_used = len({d.date() for s in spans for d, _ in _day_spans(s[0], s[1])})
    work_total = working_minutes(inp.period.start, inp.period.end)
    work_used = sum(working_minutes(s[0], s[1]) for s in spans)
    fixed = fixed_cost_dkk_per_year(vehicle, inp.factors)
    energy_cost = yearly_km * rates.energy_cost_dkk_per_km
    societal = yearly_km * rates.societal_co2e_cost_dkk_per_km
    total = fixed + energy_cost + societal
    return VehicleFigures(
        vehicle_id=vehicle_id,
        name=vehicle.name,
        vehicle_type=str(vehicle.vehicle_type),
        trips=len(spans),
        km=km,
        km_per_year=yearly_km,
        share_of_days_used=min(1.0, days_used / period_days),
        share_of_working_hours_in_use=min(1.0, work_used / work_total)
        if work_total > 0
        else 0.0,
        energy_unit=rates.energy_unit,
        energy_per_year=yearly_km * rates.energy_per_km,
        energy_cost_dkk=energy_cost,
        co2e_ttw_t=yearly_km * rates.co2e_ttw_kg_per_km / 1000.0,
        co2e_wtw_t=yearly_km * rates.co2e_wtw_kg_per_km / 1000.0,
        co2e_lifecycle_t=lifecycle_co2e_kg_per_year(vehicle, inp.factors, yearly_km)
        / 1000.0,
        co2e_t=yearly_km * rates.co2e_kg_per_km / 1000.0,
        societal_co2_cost_dkk=societal,
        fixed_cost_dkk=fixed,
        total_cost_dkk=total,
        tco_dkk_per_km=total / yearly_km if yearly_km > 0 else None,
    )


def external_figures(
    trips: Sequence[ExternalTrip], factor: float
) -> tuple[dict[str, float], dict[str, float], float, int]:
    """Yearly external cost and km by kind, yearly CO2e (t) and the number of
    unserved trips, from each unallocated trip's chosen option × ``factor``."""
    cost: dict[str, float] = {}
    km: dict[str, float] = {}
    co2e_kg = 0.0
    unserved = 0
    for distance, option in trips:
        if option is None:
            unserved += 1
            continue
        km[option.kind] = km.get(option.kind, 0.0) + distance * factor
        cost[option.kind] = cost.get(option.kind, 0.0) + option.cost_dkk * factor
        co2e_kg += option.co2e_kg * factor
    return cost, km, co2e_kg / 1000.0, unserved


def fleet_figures(
    inp: SimulationInput,
    vehicles: Sequence[tuple[str, Vehicle]],
    spans_of: Mapping[str, Sequence[tuple[datetime, datetime, float]]],
    unallocated: Sequence[ExternalTrip],
) -> FleetFigures:
    factor = yearly_factor(inp)
    figures = tuple(
        vehicle_figures(inp, vid, v, spans_of.get(vid, ()), factor)
        for vid, v in vehicles
    )
    ext_cost, ext_km, ext_co2e, unserved = external_figures(unallocated, factor)
    ext_societal = (
        ext_co2e
        * inp.factors[FactorKey.CO2_PRICE_DKK_PER_T]
        * yearly_multiplier(inp.factors)
    )
    return FleetFigures(
        vehicles=figures,
        fixed_cost_dkk=sum(f.fixed_cost_dkk for f in figures),
        energy_cost_dkk=sum(f.energy_cost_dkk for f in figures),
        societal_co2_cost_dkk=sum(f.societal_co2_cost_dkk for f in figures)
        + ext_societal,
        external_cost_dkk=sum(ext_cost.values()),
        external_cost_by_kind_dkk=ext_cost,
        external_km_by_kind=ext_km,
        co2e_t=sum(f.co2e_t for f in figures) + ext_co2e,
        unallocated=len(unallocated),
        unserved=unserved,
    )
