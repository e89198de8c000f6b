"""Business case of a transition plan: investment, yearly saving, payback, CO2e.

Joins the break-even sheet (``business_case``) with the fleet year by year
(``plan_outlook``). Year i of the break-even sheet is plan year ``first_year + i - 1``.

- investment = the tool's one-off start-up cost + new charge points × price per
  point (new = beyond what today's EVs already use, see ``plan_outlook``; all
  bought in the first year: the plan gives the points needed at its end, not when);
- per year: fleet saving = today's fleet cost − that year's fleet cost; tool cost =
  the sheet's cost of that year (with the one-off in year 1); net = fleet saving −
  tool cost − (first year) the charge points; cumulative net; CO2e reduction =
  today's WTW CO2e − that year's;
- payback year: the first year whose cumulative net is >= 0 (None within the plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fleetplan.analytics.business_case import BusinessCase
from fleetplan.analytics.plan_outlook import PlanOutlook


@dataclass(frozen=True, slots=True)
class BusinessYear:
    year: int
    tool_cost_dkk: float
    charge_points_dkk: float
    fleet_saving_dkk: float
    net_saving_dkk: float
    cumulative_dkk: float
    co2e_reduction_t: float
    vehicles_to_phase_out: float  # break-even: removals that pay for the tool
    vehicles_removed: int  # by the plan, up to and including this year

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "tool_cost_dkk": round(self.tool_cost_dkk, 2),
            "charge_points_dkk": round(self.charge_points_dkk, 2),
            "fleet_saving_dkk": round(self.fleet_saving_dkk, 2),
            "net_saving_dkk": round(self.net_saving_dkk, 2),
            "cumulative_dkk": round(self.cumulative_dkk, 2),
            "co2e_reduction_t": round(self.co2e_reduction_t, 4),
            "vehicles_to_phase_out": round(self.vehicles_to_phase_out, 2),
            "vehicles_removed": self.vehicles_removed,
        }


@dataclass(frozen=True, slots=True)
class PlanBusinessCase:
    case: BusinessCase
    years: tuple[BusinessYear, ...]
    investment_dkk: float
    payback_year: int | None
    new_charge_points: int = 0  # beyond today's EVs' need; priced in the investment

    @property
    def final(self) -> BusinessYear:
        return self.years[-1]

    def summary(self) -> dict[str, Any]:
        return {
            "investment_dkk": round(self.investment_dkk, 2),
            "new_charge_points": self.new_charge_points,
            "tool_cost_dkk_per_year": round(self.years[-1].tool_cost_dkk, 2),
            "saving_per_removed_vehicle_dkk": round(
                self.case.saving_per_removed_vehicle_dkk, 2
            ),
            "final_year": self.final.year,
            "final_net_saving_dkk": round(self.final.net_saving_dkk, 2),
            "final_co2e_reduction_t": round(self.final.co2e_reduction_t, 4),
            "payback_year": self.payback_year,
        }

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "summary": [self.summary()],
            "per_year": [y.to_dict() for y in self.years],
        }


def plan_business_case(
    outlook: PlanOutlook, case: BusinessCase, charge_point_dkk: float | None = 0.0
) -> PlanBusinessCase:
    """The plan's business case (see module); ``case`` must cover the plan years.

    ``charge_point_dkk`` prices each new charge point; None takes each location's
    price from the outlook (the factor set's installation + grid per kW).
    """
    if len(case.years) < len(outlook.years):
        raise ValueError(
            f"the break-even sheet has {len(case.years)} years; the plan has "
            f"{len(outlook.years)}."
        )
    if charge_point_dkk is not None and charge_point_dkk < 0:
        raise ValueError(f"charge_point_dkk must be >= 0, got {charge_point_dkk}.")
    new_points = sum(c.new_points for c in outlook.chargers)
    if charge_point_dkk is None:
        points_dkk = sum(c.new_points * c.point_cost_dkk for c in outlook.chargers)
    else:
        points_dkk = charge_point_dkk * new_points
    today = outlook.today
    rows = []
    cumulative = 0.0
    removed = 0
    payback: int | None = None
    for index, (fleet, sheet) in enumerate(
        zip(outlook.years, case.years, strict=False)
    ):
        points = points_dkk if index == 0 else 0.0
        saving = today.cost_dkk - fleet.cost_dkk
        net = saving - sheet.cost_dkk - points
        cumulative += net
        removed += fleet.removed
        if payback is None and cumulative >= 0:
            payback = fleet.year
        rows.append(
            BusinessYear(
                year=int(fleet.year or 0),
                tool_cost_dkk=sheet.cost_dkk,
                charge_points_dkk=points,
                fleet_saving_dkk=saving,
                net_saving_dkk=net,
                cumulative_dkk=cumulative,
                co2e_reduction_t=(today.co2e_wtw_kg - fleet.co2e_wtw_kg) / 1000.0,
                vehicles_to_phase_out=sheet.vehicles_to_phase_out,
                vehicles_removed=removed,
            )
        )
    return PlanBusinessCase(
        case=case,
        years=tuple(rows),
        investment_dkk=case.inputs.one_off_dkk + points_dkk,
        payback_year=payback,
        new_charge_points=new_points,
    )
