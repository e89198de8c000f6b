"""Fleet mix: choose how many vehicles of each model to hold (exact MILP on HiGHS,
verified by the exact allocation), with the best fleets and the cost–CO2e front.

The slider weight w (0-10, a = w/10) minimises
``(1 − a + 0.01) C / C_ref + (a + 0.01) E / E_ref`` where C is the yearly total cost
(fixed + energy + societal CO2e cost + external options) and E the yearly CO2e (the
factor set's basis, tank-to-wheel, or life cycle), and C_ref, E_ref today's fleet's
values. Details: ``optimise.milp`` (model), ``optimise.solve`` (check-and-cut,
gaps, front).

The transition plan to a fossil-free fleet (issue 20) is a separate multi-year
MILP: ``optimise.transition_milp`` (model), ``transition_plan`` (the planner the
reports use, with the rule as its baseline).
"""

from fleetplan.optimise.block_parts import BlockPool as BlockPool
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
from fleetplan.optimise.transition_build import Co2eView as Co2eView
from fleetplan.optimise.transition_build import TransitionSettings as TransitionSettings
from fleetplan.optimise.transition_build import (
    build_transition_instance as build_transition_instance,
)
from fleetplan.optimise.transition_milp import TransitionParams as TransitionParams
from fleetplan.optimise.transition_milp import solve_transition as solve_transition
from fleetplan.optimise.transition_plan import milp_planner as milp_planner
from fleetplan.optimise.transition_plan import run_plan as run_plan
from fleetplan.optimise.transition_result import (
    TransitionSolution as TransitionSolution,
)

__all__ = [
    "BlockPool",
    "Co2eBasis",
    "Co2eView",
    "ContractTerms",
    "CurrentMode",
    "FleetSolution",
    "Method",
    "MixInstance",
    "OptimiseParams",
    "OptimiseResult",
    "OptimiseStatus",
    "ParetoPoint",
    "TransitionParams",
    "TransitionSettings",
    "TransitionSolution",
    "build_instance",
    "build_transition_instance",
    "class_labels",
    "milp_planner",
    "optimise_fleet",
    "run_plan",
    "solve_transition",
]
