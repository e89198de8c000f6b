"""Fleet mix: choose how many vehicles of each model to hold (exact MILP on HiGHS,
verified by the exact allocation), with the best fleets and the cost–CO2e front.

The slider weight w (0-10, a = w/10) minimises
``(1 − a + 0.01) C / C_ref + (a + 0.01) E / E_ref`` where C is the yearly total cost
(fixed + energy + societal CO2e cost + external options) and E the yearly CO2e (the
factor set's basis, tank-to-wheel, or life cycle), and C_ref, E_ref today's fleet's
values. Details: ``optimise.milp`` (model), ``optimise.solve`` (check-and-cut,
gaps, front).
"""

from fleetplan.optimise.contracts import ContractTerms as ContractTerms
from fleetplan.optimise.instance import MixInstance as MixInstance
from fleetplan.optimise.instance import build_instance as build_instance
from fleetplan.optimise.naming import class_labels as class_labels
from fleetplan.optimise.params import Co2eBasis as Co2eBasis
from fleetplan.optimise.params import CurrentMode as CurrentMode
from fleetplan.optimise.params import Method as Method
from fleetplan.optimise.params import OptimiseParams as OptimiseParams
from fleetplan.optimise.result import FleetSolution as FleetSolution
from fleetplan.optimise.result import OptimiseResult as OptimiseResult
from fleetplan.optimise.result import OptimiseStatus as OptimiseStatus
from fleetplan.optimise.result import ParetoPoint as ParetoPoint
from fleetplan.optimise.solve import optimise_fleet as optimise_fleet

__all__ = [
    "Co2eBasis",
    "ContractTerms",
    "CurrentMode",
    "FleetSolution",
    "Method",
    "MixInstance",
    "OptimiseParams",
    "OptimiseResult",
    "OptimiseStatus",
    "ParetoPoint",
    "build_instance",
    "class_labels",
    "optimise_fleet",
]
