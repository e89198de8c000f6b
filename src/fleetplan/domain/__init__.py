"""Typed, pure domain models (no I/O)."""

from fleetplan.domain.category import body_fits as body_fits
from fleetplan.domain.category import category_of as category_of
from fleetplan.domain.category import derive_category as derive_category
from fleetplan.domain.dataset import Dataset as Dataset
from fleetplan.domain.dataset import Period as Period
from fleetplan.domain.external_rules import EXTERNAL_KINDS as EXTERNAL_KINDS
from fleetplan.domain.external_rules import ExternalRules as ExternalRules
from fleetplan.domain.factors import FactorKey as FactorKey
from fleetplan.domain.factors import FactorSet as FactorSet
from fleetplan.domain.factors import FactorValue as FactorValue
from fleetplan.domain.fleet_today import Deactivation as Deactivation
from fleetplan.domain.fleet_today import deactivations as deactivations
from fleetplan.domain.fleet_today import fleet_on as fleet_on
from fleetplan.domain.fleet_today import retired_ids as retired_ids
from fleetplan.domain.fleet_today import todays_vehicles as todays_vehicles
from fleetplan.domain.location import Department as Department
from fleetplan.domain.location import Location as Location
from fleetplan.domain.location import ParkingPoint as ParkingPoint
from fleetplan.domain.period_bounds import (
    DEFAULT_MAX_PERIOD_YEARS as DEFAULT_MAX_PERIOD_YEARS,
)
from fleetplan.domain.period_bounds import FIRST_DAY as FIRST_DAY
from fleetplan.domain.period_bounds import LAST_DAY as LAST_DAY
from fleetplan.domain.period_bounds import check_day as check_day
from fleetplan.domain.period_bounds import check_period as check_period
from fleetplan.domain.period_bounds import parse_iso_day as parse_iso_day
from fleetplan.domain.roundtrip import Roundtrip as Roundtrip
from fleetplan.domain.roundtrip import Segment as Segment
from fleetplan.domain.rules import BikeRules as BikeRules
from fleetplan.domain.rules import RunSettings as RunSettings
from fleetplan.domain.scenario import Scenario as Scenario
from fleetplan.domain.scenario import ScenarioKind as ScenarioKind
from fleetplan.domain.shift import Shift as Shift
from fleetplan.domain.shift import ShiftSet as ShiftSet
from fleetplan.domain.vehicle import ALLOWED_FUELS as ALLOWED_FUELS
from fleetplan.domain.vehicle import FOSSIL_FUELS as FOSSIL_FUELS
from fleetplan.domain.vehicle import Fuel as Fuel
from fleetplan.domain.vehicle import LeaseType as LeaseType
from fleetplan.domain.vehicle import Vehicle as Vehicle
from fleetplan.domain.vehicle import VehicleCategory as VehicleCategory
from fleetplan.domain.vehicle import VehicleType as VehicleType

__all__ = [
    "ALLOWED_FUELS",
    "DEFAULT_MAX_PERIOD_YEARS",
    "EXTERNAL_KINDS",
    "FIRST_DAY",
    "FOSSIL_FUELS",
    "LAST_DAY",
    "BikeRules",
    "Dataset",
    "Deactivation",
    "Department",
    "ExternalRules",
    "FactorKey",
    "FactorSet",
    "FactorValue",
    "Fuel",
    "LeaseType",
    "Location",
    "ParkingPoint",
    "Period",
    "Roundtrip",
    "RunSettings",
    "Scenario",
    "ScenarioKind",
    "Segment",
    "Shift",
    "ShiftSet",
    "Vehicle",
    "VehicleCategory",
    "VehicleType",
    "body_fits",
    "category_of",
    "check_day",
    "check_period",
    "deactivations",
    "derive_category",
    "fleet_on",
    "parse_iso_day",
    "retired_ids",
    "todays_vehicles",
]
