"""Run the analyses on a dataset with filters (period, locations, administrations,
departments, vehicles, shifts), with the dataset's own settings and factors.

Data quality reads per-location precision (share of GPS km in complete roundtrips,
from GPS ingestion) from ``meta["precision_by_location"]`` when the dataset has it.

Filters: see ``fleetplan.analytics.selection``. Thresholds a user may edit are in
``AnalysisOptions``.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from fleetplan.analytics.business_case import (
    BusinessCase,
    BusinessCaseInputs,
    ScenarioSaving,
    break_even,
)
from fleetplan.analytics.data_quality import data_quality
from fleetplan.analytics.green_accounts import green_accounts
from fleetplan.analytics.peaks import peak_concurrency
from fleetplan.analytics.rates import ZERO_RATES, KmRates, candidate_scores, rates_for
from fleetplan.analytics.selection import (
    AnalysisFilter,
    Selection,
    factor_set_for,
    select,
    yearly_km_by_vehicle,
)
from fleetplan.analytics.short_trips import short_trips
from fleetplan.analytics.transition import TransitionPlan, transition_plan
from fleetplan.analytics.utilisation import utilisation
from fleetplan.domain import (
    Dataset,
    FactorKey,
    FactorSet,
    Vehicle,
    VehicleType,
    retired_ids,
)
from fleetplan.economics import monthly_range_factors
from fleetplan.ingest import run_settings_from_meta


class AnalysisKind(StrEnum):
    UTILISATION = "utilisation"
    PEAKS = "peaks"
    SHORT_TRIPS = "short-trips"
    DATA_QUALITY = "data-quality"
    TRANSITION_PLAN = "transition-plan"
    GREEN_ACCOUNTS = "green-accounts"
    BUSINESS_CASE = "business-case"


class AnalysisResult(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """Thresholds of the analyses (defaults as documented in each module)."""

    used_threshold_km: float = 1.0  # utilisation: a day counts as used from here
    idle_below_share: float = 0.2  # utilisation: idle below this share of workdays
    short_max_km: float = 6.0  # short trips: under this many km
    short_max_duration_h: float = 2.0  # bike potential: at most this long
    inactive_days: int = 14  # data quality
    range_percentile: float = 95.0  # transition plan: needed range
    target_year: int = 2030  # transition plan: fossil-free by
    pool_of_location: Mapping[str, str] | None = (
        None  # peaks: locations counted together
    )


def analyse(
    kind: AnalysisKind | str,
    dataset: Dataset,
    flt: AnalysisFilter | None = None,
    *,
    factors: FactorSet | None = None,
    today: date | None = None,
    business_inputs: BusinessCaseInputs | None = None,
    scenario: ScenarioSaving | None = None,
    options: AnalysisOptions | None = None,
) -> AnalysisResult:
    """Run one analysis; the result has ``to_dict()`` and ``to_rows()``."""
    opt = options or AnalysisOptions()
    kind = AnalysisKind(kind)
    flt = flt or AnalysisFilter()
    sel = select(dataset, flt)
    today = today or date.today()
    settings = run_settings_from_meta(dataset.meta, use_shifts=flt.use_shifts)
    if kind is AnalysisKind.PEAKS:
        return peak_concurrency(
            sel.roundtrips, sel.period, pool_of_location=opt.pool_of_location
        )
    if kind is AnalysisKind.UTILISATION:
        return utilisation(
            sel.vehicles,
            sel.roundtrips,
            sel.period,
            used_threshold_km=opt.used_threshold_km,
            idle_below_share=opt.idle_below_share,
            shifts=settings.shifts,
        )
    if kind is AnalysisKind.DATA_QUALITY:
        precision = dataset.meta.get("precision_by_location") if dataset.meta else None
        return data_quality(
            sel.vehicles,
            sel.roundtrips,
            today=today,
            locations=dataset.locations,
            inactive_days=opt.inactive_days,
            precision_by_location=precision if isinstance(precision, dict) else None,
            retired=retired_ids(dataset.meta, flt.today),
        )
    if kind is AnalysisKind.BUSINESS_CASE:
        return business_case(
            sel, factors or factor_set_for(dataset), business_inputs, scenario
        )
    factors = factors or factor_set_for(dataset)
    rates = rates_for(sel.vehicles, factors, yearly_km_by_vehicle(sel))
    if kind is AnalysisKind.SHORT_TRIPS:
        bike_id, bike_rates = ebike_rates(sel.candidates, factors)
        return short_trips(
            sel.roundtrips,
            max_km=opt.short_max_km,
            max_duration_h=opt.short_max_duration_h,
            bike=settings.bike,
            rates=rates,
            bike_rates=bike_rates,
            bike_vehicle_id=bike_id,
            yearly_factor=sel.yearly_factor,
        )
    if kind is AnalysisKind.GREEN_ACCOUNTS:
        return green_accounts(sel.vehicles, sel.roundtrips, rates)
    return plan(sel, factors, today, opt)


def ebike_rates(
    candidates: Sequence[Vehicle], factors: FactorSet
) -> tuple[str | None, KmRates]:
    """The e-bike (else cargo/city bike) candidate with the lowest energy cost per
    km, and its rates; zero rates when the catalogue has no bike."""
    bikes = [c for c in candidates if c.is_bike]
    rates = rates_for(bikes, factors)
    if not rates:
        return None, ZERO_RATES
    order = sorted(
        rates,
        key=lambda vid: (
            next(b for b in bikes if b.vehicle_id == vid).vehicle_type
            is not VehicleType.EBIKE,
            rates[vid].energy_cost_dkk_per_km,
            vid,
        ),
    )
    return order[0], rates[order[0]]


def plan(
    selection: Selection,
    factors: FactorSet,
    today: date,
    options: AnalysisOptions | None = None,
) -> TransitionPlan:
    """Transition plan; candidates are scored at the median yearly km of the fossil
    vehicles (20,000 km when none drove)."""
    yearly = yearly_km_by_vehicle(selection)
    fossil_km = [
        yearly.get(v.vehicle_id, 0.0) for v in selection.vehicles if v.is_fossil
    ]
    typical_km = statistics.median(fossil_km) if any(fossil_km) else 20_000.0
    return transition_plan(
        selection.vehicles,
        selection.roundtrips,
        selection.candidates,
        candidate_scores(selection.candidates, factors, max(typical_km, 1.0)),
        first_year=today.year,
        target_year=(options or AnalysisOptions()).target_year,
        range_percentile=(options or AnalysisOptions()).range_percentile,
        co2_price_dkk_per_t=factors.get(FactorKey.CO2_PRICE_DKK_PER_T, 1_500.0) or 0.0,
        range_factor_by_month=monthly_range_factors(factors),
    )


def business_case(
    selection: Selection,
    factors: FactorSet,
    inputs: BusinessCaseInputs | None,
    scenario: ScenarioSaving | None = None,
) -> BusinessCase:
    """Break-even for the selected fleet. Unless given, the saving per removed
    vehicle is the mean fixed yearly cost plus yearly energy cost of its vehicles."""
    fleet_size = max(1, len(selection.vehicles))
    inputs = inputs or BusinessCaseInputs()
    inputs = replace(inputs, vehicles=fleet_size)
    if inputs.saving_per_removed_vehicle_dkk is None and selection.vehicles:
        rates = rates_for(selection.vehicles, factors)
        yearly = yearly_km_by_vehicle(selection)
        costs = [
            (v.annual_cost_dkk or 0.0)
            + yearly.get(v.vehicle_id, 0.0)
            * (
                rates[v.vehicle_id].energy_cost_dkk_per_km
                if v.vehicle_id in rates
                else 0
            )
            for v in selection.vehicles
        ]
        if sum(costs) > 0:
            inputs = replace(
                inputs, saving_per_removed_vehicle_dkk=statistics.fmean(costs)
            )
    return break_even(inputs, scenario)


def analyse_all(
    dataset: Dataset, flt: AnalysisFilter | None = None, *, today: date | None = None
) -> dict[str, AnalysisResult]:
    """Every analysis on one selection (used by reports and the benchmark)."""
    return {k.value: analyse(k, dataset, flt, today=today) for k in AnalysisKind}


__all__ = [
    "AnalysisKind",
    "AnalysisOptions",
    "AnalysisResult",
    "analyse",
    "analyse_all",
]
