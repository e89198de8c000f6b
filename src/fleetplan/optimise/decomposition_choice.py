"""Whether ``solve`` decomposes the count model in time (``benders``): only when
every constraint decomposes by block, and by default only for a large instance."""

from __future__ import annotations

from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.params import Method, OptimiseParams

# auto: decompose when the one MILP would have more trip-class pairs than this
AUTO_MIN_PAIRS = 30_000


def supports(inst: MixInstance, params: OptimiseParams) -> bool:
    """True when every constraint of ``params`` decomposes by block."""
    km_limited = params.limit_km and any(
        c.allowed_km_per_year and c.upper for c in inst.classes
    )
    return (
        params.budget_dkk_per_year is None
        and params.external_budget_dkk_per_year is None
        and not km_limited
    )


def use_decomposition(inst: MixInstance, params: OptimiseParams) -> bool:
    """Whether ``solve`` uses ``DecomposedModel`` (else ``milp.MixModel``)."""
    if params.method is Method.MILP or not supports(inst, params):
        return False
    if params.method is Method.DECOMPOSED:
        return True
    return int(inst.feasible.sum()) > AUTO_MIN_PAIRS
