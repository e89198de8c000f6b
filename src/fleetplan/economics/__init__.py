"""Economics: energy and emissions, TCO, life-cycle CO2e, external options and the
built-in factor sets. Pure: takes and returns domain objects and numbers.

Formulas and their sources: ``docs/methods.md``.
"""

from fleetplan.economics.energy import UsageRates as UsageRates
from fleetplan.economics.energy import consumption_per_km as consumption_per_km
from fleetplan.economics.energy import usage_rates as usage_rates
from fleetplan.economics.external import ExternalOption as ExternalOption
from fleetplan.economics.external import (
    allowance_cost_dkk_per_year as allowance_cost_dkk_per_year,
)
from fleetplan.economics.external import (
    cheapest_external_option as cheapest_external_option,
)
from fleetplan.economics.external import external_options as external_options
from fleetplan.economics.external import is_taxi_day_tariff as is_taxi_day_tariff
from fleetplan.economics.external import rental_days as rental_days
from fleetplan.economics.factor_sets import (
    DEFAULT_FACTOR_SET_NAME as DEFAULT_FACTOR_SET_NAME,
)
from fleetplan.economics.factor_sets import OS2_FACTOR_SET_NAME as OS2_FACTOR_SET_NAME
from fleetplan.economics.factor_sets import builtin_factor_sets as builtin_factor_sets
from fleetplan.economics.factor_sets import (
    get_builtin_factor_set as get_builtin_factor_set,
)
from fleetplan.economics.fleet_table import VehicleEconomics as VehicleEconomics
from fleetplan.economics.fleet_table import fleet_economics as fleet_economics
from fleetplan.economics.fleet_table import km_by_vehicle as km_by_vehicle
from fleetplan.economics.keys import EconKey as EconKey
from fleetplan.economics.keys import EconOption as EconOption
from fleetplan.economics.lifecycle import SizeClass as SizeClass
from fleetplan.economics.lifecycle import battery_kwh as battery_kwh
from fleetplan.economics.lifecycle import (
    lifecycle_co2e_kg_per_km as lifecycle_co2e_kg_per_km,
)
from fleetplan.economics.lifecycle import (
    lifecycle_co2e_kg_per_year as lifecycle_co2e_kg_per_year,
)
from fleetplan.economics.lifecycle import production_co2e_kg as production_co2e_kg
from fleetplan.economics.lifecycle import size_class as size_class
from fleetplan.economics.method import annualisation_factor as annualisation_factor
from fleetplan.economics.method import annuity_factor as annuity_factor
from fleetplan.economics.method import yearly_multiplier as yearly_multiplier
from fleetplan.economics.tco import TcoResult as TcoResult
from fleetplan.economics.tco import TcoYear as TcoYear
from fleetplan.economics.tco import fixed_cost_dkk_per_year as fixed_cost_dkk_per_year
from fleetplan.economics.tco import (
    purchase_annuity_dkk_per_year as purchase_annuity_dkk_per_year,
)
from fleetplan.economics.tco import tco as tco
from fleetplan.economics.winter import (
    monthly_range_factors as monthly_range_factors,
)
from fleetplan.economics.winter import range_factor_key as range_factor_key

__all__ = [
    "DEFAULT_FACTOR_SET_NAME",
    "OS2_FACTOR_SET_NAME",
    "EconKey",
    "EconOption",
    "ExternalOption",
    "SizeClass",
    "TcoResult",
    "TcoYear",
    "UsageRates",
    "VehicleEconomics",
    "allowance_cost_dkk_per_year",
    "annualisation_factor",
    "annuity_factor",
    "battery_kwh",
    "builtin_factor_sets",
    "cheapest_external_option",
    "consumption_per_km",
    "external_options",
    "fixed_cost_dkk_per_year",
    "fleet_economics",
    "get_builtin_factor_set",
    "is_taxi_day_tariff",
    "km_by_vehicle",
    "lifecycle_co2e_kg_per_km",
    "lifecycle_co2e_kg_per_year",
    "monthly_range_factors",
    "production_co2e_kg",
    "purchase_annuity_dkk_per_year",
    "range_factor_key",
    "rental_days",
    "size_class",
    "tco",
    "usage_rates",
    "yearly_multiplier",
]
