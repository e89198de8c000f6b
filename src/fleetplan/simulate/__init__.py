"""Simulation: allocate the trips of a period to a given fleet (exact), with results."""

from fleetplan.simulate.engine import allocate as allocate
from fleetplan.simulate.fleet import FleetEntry as FleetEntry
from fleetplan.simulate.fleet import FleetType as FleetType
from fleetplan.simulate.fleet import FleetVehicle as FleetVehicle
from fleetplan.simulate.fleet import build_fleet_types as build_fleet_types
from fleetplan.simulate.from_dataset import SimulationInput as SimulationInput
from fleetplan.simulate.from_dataset import (
    co2e_value_dkk_per_kg as co2e_value_dkk_per_kg,
)
from fleetplan.simulate.from_dataset import current_fleet as current_fleet
from fleetplan.simulate.from_dataset import external_option as external_option
from fleetplan.simulate.from_dataset import make_input as make_input
from fleetplan.simulate.from_dataset import problem_from_input as problem_from_input
from fleetplan.simulate.problem import AllocationProblem as AllocationProblem
from fleetplan.simulate.problem import ProblemParams as ProblemParams
from fleetplan.simulate.problem import build_problem as build_problem
from fleetplan.simulate.result import AllocationParams as AllocationParams
from fleetplan.simulate.result import AllocationResult as AllocationResult
from fleetplan.simulate.result import Method as Method
from fleetplan.simulate.result import SolveStatus as SolveStatus
from fleetplan.simulate.results import FleetFigures as FleetFigures
from fleetplan.simulate.results import VehicleFigures as VehicleFigures
from fleetplan.simulate.serialise import report_to_dict as report_to_dict
from fleetplan.simulate.simulation import BookEntry as BookEntry
from fleetplan.simulate.simulation import SimulationReport as SimulationReport
from fleetplan.simulate.simulation import build_report as build_report
from fleetplan.simulate.simulation import simulate as simulate
from fleetplan.simulate.trips import TripSet as TripSet
from fleetplan.simulate.trips import build_trips as build_trips
from fleetplan.simulate.trips import select_roundtrips as select_roundtrips
from fleetplan.simulate.trips import shift_key as shift_key

__all__ = [
    "AllocationParams",
    "AllocationProblem",
    "AllocationResult",
    "BookEntry",
    "FleetEntry",
    "FleetFigures",
    "FleetType",
    "FleetVehicle",
    "Method",
    "ProblemParams",
    "SimulationInput",
    "SimulationReport",
    "SolveStatus",
    "TripSet",
    "VehicleFigures",
    "allocate",
    "build_fleet_types",
    "build_problem",
    "build_report",
    "build_trips",
    "co2e_value_dkk_per_kg",
    "current_fleet",
    "external_option",
    "make_input",
    "problem_from_input",
    "report_to_dict",
    "select_roundtrips",
    "shift_key",
    "simulate",
]
