"""The three planning reports on a dataset: transition plan, green accounts and
business case, with the inputs a user may edit. The web page, the API and tests
call these; they hold the only wiring between the analyses.

Candidates are scored at the median yearly km of the fossil vehicles (20,000 km
when none drove), as ``service.plan`` does; yearly km are the selected period's
km annualised (× 365 / days).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from fleetplan.analytics.business_case import BusinessCaseInputs
from fleetplan.analytics.fuel_accounts import FuelAccounts, fuel_accounts
from fleetplan.analytics.green_accounts import GreenAccounts, green_accounts
from fleetplan.analytics.plan_business import PlanBusinessCase, plan_business_case
from fleetplan.analytics.plan_inputs import PlanInputs, plan_inputs
from fleetplan.analytics.plan_outlook import (
    PlanOutlook,
    plan_outlook,
    today_charge_points,
)
from fleetplan.analytics.rates import candidate_scores, rates_for
from fleetplan.analytics.selection import (
    AnalysisFilter,
    Selection,
    factor_set_for,
    select,
    yearly_km_by_vehicle,
)
from fleetplan.analytics.service import business_case
from fleetplan.analytics.transition import TransitionPlan, transition_plan
from fleetplan.domain import Dataset, FactorKey, FactorSet, Period
from fleetplan.economics import EconKey, monthly_range_factors

TYPICAL_KM_WITHOUT_TRIPS = 20_000.0


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """The transition plan's editable inputs."""

    target_year: int = 2030
    range_percentile: float = 95.0
    charger_kw: float = 11.0
    overnight_h: float = 12.0
    co2_price_dkk_per_t: float | None = None  # None: the factor set's price
    # read by the MILP planner only (``optimise.transition_plan``)
    co2e_view: str = "wtw"  # "wtw" or "lca": which CO2e is valued
    budget_dkk_per_year: float | None = None  # new fixed costs, fees, points
    max_points_per_location: int | None = None  # charge points, today's included
    early_return_all: bool = False  # every lease may go before its end (its fee)

    def __post_init__(self) -> None:
        if self.co2e_view not in ("wtw", "lca"):
            raise ValueError(f"co2e_view must be wtw or lca, got {self.co2e_view!r}.")
        if self.budget_dkk_per_year is not None and self.budget_dkk_per_year < 0:
            raise ValueError("budget_dkk_per_year must be >= 0.")
        cap = self.max_points_per_location
        if cap is not None and cap < 0:
            raise ValueError("max_points_per_location must be >= 0.")
        if not 2000 <= self.target_year <= 2100:
            raise ValueError(f"target_year must be 2000-2100, got {self.target_year}.")
        if not 0 < self.range_percentile <= 100:
            raise ValueError(
                f"range_percentile must be in (0, 100], got {self.range_percentile}."
            )
        if self.charger_kw <= 0:
            raise ValueError(f"charger_kw must be > 0, got {self.charger_kw}.")
        if not 0 < self.overnight_h <= 24:
            raise ValueError(f"overnight_h must be in (0, 24], got {self.overnight_h}.")
        if self.co2_price_dkk_per_t is not None and self.co2_price_dkk_per_t < 0:
            raise ValueError("co2_price_dkk_per_t must be >= 0.")


class Planner(Protocol):
    """Another engine for the plan (``optimise.transition_plan``: the MILP), given
    the rule's plan as its baseline; returns its plan and a summary row (status,
    total, bound, gap, the rule's total). Passed in by the API, web and CLI, which
    may import ``optimise``; analytics may not."""

    def __call__(
        self,
        sel: Selection,
        factors: FactorSet,
        today: date,
        settings: PlanSettings,
        rule: TransitionPlan,
        inputs: PlanInputs | None = None,
    ) -> tuple[TransitionPlan, dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class TransitionReport:
    plan: TransitionPlan
    outlook: PlanOutlook
    period: Period
    engine: dict[str, Any] | None = None  # the planner's summary (None: the rule)

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "plan": [s.to_dict() for s in self.plan.steps],
            **self.outlook.to_rows(),
            **({"engine": [self.engine]} if self.engine else {}),
        }


@dataclass(frozen=True, slots=True)
class GreenReport:
    accounts: GreenAccounts
    fuels: FuelAccounts
    period: Period

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {**self.accounts.to_rows(), **self.fuels.to_rows()}


def _plan(
    sel: Selection,
    factors: FactorSet,
    today: date,
    settings: PlanSettings,
    planner: Planner | None = None,
) -> tuple[TransitionPlan, PlanOutlook, dict[str, Any] | None]:
    if settings.target_year < today.year:
        raise ValueError(
            f"target_year ({settings.target_year}) is before this year ({today.year})."
        )
    yearly = yearly_km_by_vehicle(sel)
    fossil_km = [yearly.get(v.vehicle_id, 0.0) for v in sel.vehicles if v.is_fossil]
    typical = statistics.median(fossil_km) if any(fossil_km) else 0.0
    typical = typical if typical > 0 else TYPICAL_KM_WITHOUT_TRIPS
    co2_price = settings.co2_price_dkk_per_t
    if co2_price is None:
        co2_price = factors.get(FactorKey.CO2_PRICE_DKK_PER_T, 1_500.0) or 0.0
    point_dkk = factors.get(EconKey.CHARGE_POINT_DKK, 0.0) or 0.0
    grid_dkk_per_kw = factors.get(EconKey.CHARGER_GRID_DKK_PER_KW, 0.0) or 0.0
    # the rule and the MILP read one suitability and one plug-in schedule
    inputs = selection_plan_inputs(sel, factors, settings)
    range_factors = monthly_range_factors(factors)
    plan = transition_plan(
        sel.vehicles,
        sel.roundtrips,
        sel.candidates,
        candidate_scores(sel.candidates, factors, typical),
        first_year=today.year,
        target_year=settings.target_year,
        co2_price_dkk_per_t=co2_price,
        range_percentile=settings.range_percentile,
        charger_kw=settings.charger_kw,
        overnight_h=settings.overnight_h,
        range_factor_by_month=range_factors,
        point_dkk=point_dkk,
        grid_dkk_per_kw=grid_dkk_per_kw,
        suitable=inputs.suitable,
    )
    engine = None
    if planner is not None:
        plan, engine = planner(sel, factors, today, settings, plan, inputs)
    rates = rates_for([*sel.vehicles, *sel.candidates], factors, yearly)
    outlook = plan_outlook(
        plan,
        sel.vehicles,
        sel.candidates,
        rates,
        yearly,
        charger_kw=settings.charger_kw,
        today_points=today_charge_points(
            sel.vehicles,
            sel.roundtrips,
            charger_kw=settings.charger_kw,
            overnight_h=settings.overnight_h,
            range_factor_by_month=range_factors,
        ),
        point_dkk=point_dkk,
        grid_dkk_per_kw=grid_dkk_per_kw,
    )
    return plan, outlook, engine


def selection_plan_inputs(
    sel: Selection, factors: FactorSet, settings: PlanSettings
) -> PlanInputs:
    """The suitability and plug-in sessions the rule and the MILP both plan with."""
    return plan_inputs(
        sel.vehicles,
        sel.roundtrips,
        sel.candidates,
        charger_kw=settings.charger_kw,
        overnight_h=settings.overnight_h,
        range_factor_by_month=monthly_range_factors(factors),
    )


def transition_report(
    dataset: Dataset,
    flt: AnalysisFilter | None = None,
    *,
    factors: FactorSet | None = None,
    today: date | None = None,
    settings: PlanSettings | None = None,
    planner: Planner | None = None,
) -> TransitionReport:
    """The plan, the fleet year by year and the charge points per location
    (by ``planner`` when given, else by the rule)."""
    sel = select(dataset, flt)
    plan, outlook, engine = _plan(
        sel,
        factors or factor_set_for(dataset),
        today or date.today(),
        settings or PlanSettings(),
        planner,
    )
    return TransitionReport(plan, outlook, sel.period, engine)


def green_report(
    dataset: Dataset,
    flt: AnalysisFilter | None = None,
    *,
    factors: FactorSet | None = None,
) -> GreenReport:
    """Green-accounts figures per year: by administration and by fuel."""
    # the accounts report the past: every vehicle that drove then counts, also
    # one deactivated since (on date.min no deactivation has happened yet)
    sel = select(dataset, replace(flt or AnalysisFilter(), today=date.min))
    factors = factors or factor_set_for(dataset)
    rates = rates_for(sel.vehicles, factors, yearly_km_by_vehicle(sel))
    return GreenReport(
        green_accounts(sel.vehicles, sel.roundtrips, rates),
        fuel_accounts(sel.vehicles, sel.roundtrips, factors),
        sel.period,
    )


def business_report(
    dataset: Dataset,
    flt: AnalysisFilter | None = None,
    *,
    factors: FactorSet | None = None,
    today: date | None = None,
    settings: PlanSettings | None = None,
    inputs: BusinessCaseInputs | None = None,
    charge_point_dkk: float | None = None,
    planner: Planner | None = None,
) -> PlanBusinessCase:
    """The break-even sheet over the plan's years joined with the plan's savings;
    a new charge point costs ``charge_point_dkk``, or (None) the factor set's
    price per point plus its kW of grid connection."""
    sel = select(dataset, flt)
    factors = factors or factor_set_for(dataset)
    today = today or date.today()
    _, outlook, _ = _plan(sel, factors, today, settings or PlanSettings(), planner)
    inputs = replace(inputs or BusinessCaseInputs(), years=max(1, len(outlook.years)))
    case = business_case(sel, factors, inputs)
    return plan_business_case(outlook, case, charge_point_dkk)
