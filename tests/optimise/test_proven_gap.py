"""Every bound path against brute force on 3 cars (2 leased) and up to 3 Zoe.

The optimiser proves a gap with several bounds: the warm LP's per region
(``alternatives.lp_path``), the MILP's per region (``alternatives.milp_path``),
the check-and-cut's (``_Search.run``, also for the decomposition) and each front
weight's (``front.lp_front``). Each must be a lower bound on every fleet that
could stand in the place it proves (so the reported gap is at least the true
gap), and with early return allowed it must hold the early-termination fees'
constant (else the bound is low by the fees and the best fleet's gap reads tens
of per cent). Values by enumeration (``brute_force``): every fleet, every
assignment, operated at the weight (its least weighted assignment, as the
verification operates a fleet), plus the fee of each leased car not held.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from fleetplan.domain import LeaseType
from fleetplan.optimise import (
    ContractTerms,
    Method,
    MixInstance,
    OptimiseParams,
    build_instance,
)
from fleetplan.optimise.alternatives import Ranked, lp_path, milp_path
from fleetplan.optimise.front import lp_front
from fleetplan.optimise.relaxation import Relaxation, distance
from fleetplan.optimise.solve import _Search
from fleetplan.optimise.verifier import Verifier
from tests.optimise.brute_force import Model, best_by_weight, enumerate_fleets, weighted
from tests.optimise.helpers import TRIPS, dataset, ev, make
from tests.optimise.test_contracts import AS_OF, SHARE, YEARS_LEFT, _cars

Counts = tuple[int, ...]
TOL = 1e-9


def _params(weight: float, method: Method) -> OptimiseParams:
    return OptimiseParams(
        weight=weight,
        max_unallocated=1,
        max_undriven_km=19.0,
        target_gap=0.01,
        num_solutions=3,
        min_difference=1,
        pareto_weights=(0.0, 5.0, 10.0),
        method=method,
    )


def _values(
    inst: MixInstance, weight: float, terms: ContractTerms
) -> dict[Counts, float]:
    """Weighted value of every fleet allowed, keyed by the optimiser's class
    counts: the enumeration's least weighted operation plus the fees (spread over the
    years left) of the leased cars it does not hold."""
    cars = _cars()
    inp = make(dataset(current=cars))
    models = [Model(c, 1, 1) for c in cars] + [Model(ev(), 0, 3)]
    fleets = enumerate_fleets(
        inp, TRIPS, models, max_unallocated=1, max_undriven_km=19.0
    )
    ids = [c.vehicle_id for c in cars]
    # the brute-force models each class of the optimiser holds (a class holds
    # its cheapest n, so its count n is worth the best of the subsets of size n)
    members = [
        [ids.index(v.vehicle_id) for v in cls.current] if cls.current else [3]
        for cls in inst.classes
    ]
    out: dict[Counts, float] = {}
    for o in best_by_weight(fleets, weight, inst.ref_cost_dkk, inst.ref_co2e_kg):
        cost = o.cost_dkk
        allowed = True
        for c, n in zip(cars, o.counts, strict=False):
            if n or c.lease_type is LeaseType.OWNED:
                continue
            if not terms.allows(c):
                allowed = False
                break
            own = terms.termination_fee_dkk.get(c.vehicle_id)
            fee = own if own is not None else SHARE * c.annual_cost_dkk * YEARS_LEFT
            cost += fee / YEARS_LEFT
        if allowed:
            key = tuple(sum(o.counts[j] for j in m) for m in members)
            value = weighted(
                replace(o, cost_dkk=cost), weight, inst.ref_cost_dkk, inst.ref_co2e_kg
            )
            out[key] = min(value, out.get(key, math.inf))
    return out


def _check_ranked(
    ranked: list[Ranked],
    values: dict[Counts, float],
    search: _Search,
    weight: float,
    at_least: int,
) -> None:
    """Position p's bound is at most every fleet allowed beside #1..#p−1, and
    each shown fleet's value is the enumeration's."""
    assert ranked
    shown: list[Counts] = []
    for r in ranked:
        counts = r.ev.counts
        assert search.value(r.ev, weight) == pytest.approx(values[counts], rel=1e-7)
        rest = [
            v
            for c, v in values.items()
            if all(distance(c, s) >= at_least for s in shown)
        ]
        assert r.bound <= min(rest) + TOL
        shown.append(counts)


TERMS = [
    ContractTerms(early_return_all=True, as_of=AS_OF),
    ContractTerms(early_return=frozenset({"c3"}), as_of=AS_OF),
    ContractTerms(
        early_return_all=True, termination_fee_dkk={"c2": 9_000.0}, as_of=AS_OF
    ),
]


@pytest.mark.parametrize("method", [Method.MILP, Method.DECOMPOSED])
@pytest.mark.parametrize("weight", [0.0, 5.0])
@pytest.mark.parametrize("terms", TERMS, ids=["all", "c3", "c2-fee"])
def test_every_bound_path_holds_the_fees(
    weight: float, terms: ContractTerms, method: Method
) -> None:
    """LP regions, MILP regions, the check-and-cut and the front weights: each
    bound is valid (at most the enumeration's best of what it proves) and tight
    here (the best fleet's gap within the target: a bound without the fees'
    constant is ~25 % low)."""
    params = _params(weight, method)
    inp = make(dataset(current=_cars()))
    inst = build_instance(inp, params, contracts=terms)
    assert sum(c.removal_total_dkk for c in inst.classes) > 0  # fees in play
    values = _values(inst, weight, terms)
    best = min(values.values())

    search = _Search(inst, params, None)
    lp = Relaxation(inst, params, search.cancel)
    verifier = Verifier(inst, params, search.pool, search.cancel, lambda: math.inf)
    try:
        lp.set_weight(weight)
        assert lp.bound() <= best + TOL
        assert lp.bound() >= best * (1 - params.target_gap)
        ranked = lp_path(search, lp, verifier, weight, 3, 1)
        if ranked is not None:  # None: the MILP path takes over, checked below
            _check_ranked(ranked, values, search, weight, 1)
        for w, bound in lp_front(search, lp, verifier, [0.0, 5.0, 10.0], 2).items():
            front_values = _values(inst, w, terms)
            assert bound <= min(front_values.values()) + TOL
            assert bound >= min(front_values.values()) * (1 - params.target_gap)
    finally:
        verifier.close()
    if method is Method.MILP:
        ranked = milp_path(search, weight, 3, 1)
        _check_ranked(ranked, values, search, weight, 1)
        first = ranked[0]
        assert first.bound >= best * (1 - params.target_gap)
    found, bound = search.run(weight, 1)
    assert search.value(found[0], weight) == pytest.approx(best, rel=1e-7)
    # every fleet but the one returned is at least the bound
    others = [v for c, v in values.items() if c != found[0].counts]
    assert min(best, bound) <= min(others) + TOL
    assert min(best, bound) >= best * (1 - params.target_gap)
