"""Business case: how many vehicles must go each year to pay for the tool.

Follows the break-even sheet of the FleetOptimiser final report (seed 002, §5): the
yearly cost of running the tool (plus a one-off start-up cost in the first year,
and optionally a fleet-management subscription per vehicle) divided by what one
phased-out vehicle costs to run per year. Every input is editable; the defaults are
the sheet's example (300 fossil cars, 2025 prices), which gives 2.8 vehicles in
year 1 and 2.0 in later years.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class VehicleRunningCost:
    """Yearly cost of running one car (the sheet's "Parametre drift af én bil")."""

    lease_dkk_per_month: float = 3_200.0
    km_per_year: float = 20_000.0
    km_per_l: float = 18.0  # 0 for an EV
    fuel_dkk_per_l: float = 13.0
    wh_per_km: float = 0.0  # the sheet's 180 Wh/km applies when an EV is costed
    electricity_dkk_per_kwh: float = 0.0
    service_dkk_per_month: float = 350.0
    owner_tax_dkk_per_half_year: float = 370.0
    insurance_dkk_per_year: float = 4_200.0
    co2e_kg_per_l: float = 2.52
    co2e_kg_per_kwh: float = 0.09
    co2_price_dkk_per_t: float = 0.0

    def breakdown_dkk(self) -> dict[str, float]:
        litres = self.km_per_year / self.km_per_l if self.km_per_l > 0 else 0.0
        kwh = self.km_per_year * self.wh_per_km / 1000.0
        co2e_t = (litres * self.co2e_kg_per_l + kwh * self.co2e_kg_per_kwh) / 1000.0
        return {
            "lease": 12 * self.lease_dkk_per_month,
            "service": 12 * self.service_dkk_per_month,
            "owner_tax": 2 * self.owner_tax_dkk_per_half_year,
            "insurance": self.insurance_dkk_per_year,
            "fuel": litres * self.fuel_dkk_per_l,
            "electricity": kwh * self.electricity_dkk_per_kwh,
            "co2_valuation": co2e_t * self.co2_price_dkk_per_t,
        }

    @property
    def total_dkk_per_year(self) -> float:
        return sum(self.breakdown_dkk().values())


# The sheet's running costs of the tool per year (ex. VAT), which sum to 123,040 kr:
# hosting 15,000; support agreement 10,000; maintenance/GDPR 7,500; 40 support hours
# at 1,000; development pool 30,000; product secretariat 11,000; OS2 fee 9,540.
SHEET_TOOL_DKK_PER_YEAR = 123_040.0
SHEET_ONE_OFF_DKK = 50_000.0  # start-up (integration and KOMBIT SSO), year 1 only


@dataclass(frozen=True, slots=True)
class BusinessCaseInputs:
    vehicles: int = 300
    tool_dkk_per_year: float = SHEET_TOOL_DKK_PER_YEAR
    one_off_dkk: float = SHEET_ONE_OFF_DKK
    include_fleet_management: bool = False
    # 500-1,200 kr per vehicle per year (reference/factors.md); the sheet uses 850
    fleet_management_dkk_per_vehicle_year: float = 850.0
    # None: the running cost of one vehicle (``running``) is what a removal saves
    saving_per_removed_vehicle_dkk: float | None = None
    running: VehicleRunningCost = VehicleRunningCost()
    years: int = 5

    def __post_init__(self) -> None:
        if self.vehicles <= 0:
            raise ValueError(f"vehicles must be > 0, got {self.vehicles}.")
        if self.years <= 0:
            raise ValueError(f"years must be > 0, got {self.years}.")


@dataclass(frozen=True, slots=True)
class BreakEvenYear:
    year: int  # 1 = the first year, with the one-off cost
    cost_dkk: float
    vehicles_to_phase_out: float
    share_of_fleet: float


@dataclass(frozen=True, slots=True)
class BusinessCase:
    inputs: BusinessCaseInputs
    saving_per_removed_vehicle_dkk: float
    cost_per_fleet_vehicle_dkk: float  # year-1 cost spread over the fleet
    years: tuple[BreakEvenYear, ...]
    scenario: ScenarioSaving | None = None  # the yearly saving of a chosen scenario

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": asdict(self.inputs),
            "running_cost_breakdown_dkk": self.inputs.running.breakdown_dkk(),
            "saving_per_removed_vehicle_dkk": round(
                self.saving_per_removed_vehicle_dkk, 2
            ),
            "cost_per_fleet_vehicle_dkk": round(self.cost_per_fleet_vehicle_dkk, 2),
            "years": self.to_rows()["break_even"],
            "scenario": self.scenario.to_dict() if self.scenario else None,
        }

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        rows = {
            "break_even": [
                {
                    "year": y.year,
                    "cost_dkk": round(y.cost_dkk, 2),
                    "vehicles_to_phase_out": round(y.vehicles_to_phase_out, 2),
                    "share_of_fleet": round(y.share_of_fleet, 4),
                }
                for y in self.years
            ]
        }
        if self.scenario is not None:
            rows["scenario"] = [self.scenario.to_dict()]
        return rows


def break_even(
    inputs: BusinessCaseInputs | None = None, scenario: ScenarioSaving | None = None
) -> BusinessCase:
    """Vehicles to phase out per year for the tool to pay for itself.

    Sheet example: one car costs 38,400 + 4,200 + 740 + 4,200 + 20,000/18 × 13
    = 61,984.44 kr/yr; year 1 costs 123,040 + 50,000 = 173,040 kr -> 2.79 cars
    (0.93 % of 300); later years 123,040 kr -> 1.99 cars.
    """
    inputs = inputs or BusinessCaseInputs()
    saving = inputs.saving_per_removed_vehicle_dkk
    if saving is None:
        saving = inputs.running.total_dkk_per_year
    if saving <= 0:
        raise ValueError("the saving per removed vehicle must be > 0.")
    yearly = tool_cost_dkk_per_year(inputs)
    years = []
    for year in range(1, inputs.years + 1):
        cost = yearly + (inputs.one_off_dkk if year == 1 else 0.0)
        vehicles = cost / saving
        years.append(BreakEvenYear(year, cost, vehicles, vehicles / inputs.vehicles))
    return BusinessCase(
        inputs=inputs,
        saving_per_removed_vehicle_dkk=saving,
        cost_per_fleet_vehicle_dkk=years[0].cost_dkk / inputs.vehicles,
        years=tuple(years),
        scenario=scenario,
    )


def tool_cost_dkk_per_year(inputs: BusinessCaseInputs) -> float:
    """The yearly running cost of the tool, plus fleet management when included."""
    fleet_management = (
        inputs.fleet_management_dkk_per_vehicle_year * inputs.vehicles
        if inputs.include_fleet_management
        else 0.0
    )
    return inputs.tool_dkk_per_year + fleet_management


@dataclass(frozen=True, slots=True)
class ScenarioSaving:
    """Yearly saving of a scenario: current minus simulated totals, net of the tool."""

    current_cost_dkk_per_year: float
    simulated_cost_dkk_per_year: float
    tool_cost_dkk_per_year: float
    current_co2e_t_per_year: float
    simulated_co2e_t_per_year: float

    @property
    def gross_saving_dkk_per_year(self) -> float:
        return self.current_cost_dkk_per_year - self.simulated_cost_dkk_per_year

    @property
    def net_saving_dkk_per_year(self) -> float:
        return self.gross_saving_dkk_per_year - self.tool_cost_dkk_per_year

    @property
    def co2e_saving_t_per_year(self) -> float:
        return self.current_co2e_t_per_year - self.simulated_co2e_t_per_year

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "gross_saving_dkk_per_year": round(self.gross_saving_dkk_per_year, 2),
            "net_saving_dkk_per_year": round(self.net_saving_dkk_per_year, 2),
            "co2e_saving_t_per_year": round(self.co2e_saving_t_per_year, 4),
        }
