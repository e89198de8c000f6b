"""Leases: a vehicle under lease stays unless early return is allowed, and then its
early-termination cost is in the objective; checked against brute force."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fleetplan.domain import LeaseType, Vehicle
from fleetplan.jobs.optimise_kind import solution_fleets
from fleetplan.optimise import (
    ContractTerms,
    Method,
    MixInstance,
    OptimiseParams,
    build_instance,
    optimise_fleet,
)
from tests.optimise.brute_force import Model, best_by_weight, enumerate_fleets, weighted
from tests.optimise.helpers import TRIPS, car, dataset, ev, make

AS_OF = date(2026, 3, 2)
LEASE_END = date(2030, 3, 2)
YEARS_LEFT = (LEASE_END - AS_OF).days / 365.0
SHARE = 0.5  # dk-2025's lease.early_termination_share


def _cars() -> tuple[Vehicle, ...]:
    """c1 owned and cheap; c2 and c3 leased to 2030, c3 the dearest: without
    lease rules the cost optimum drops c3."""
    c1 = replace(car("c1", 25_000.0), model="Yaris A", lease_type=LeaseType.OWNED)
    leased = {"lease_type": LeaseType.OPERATIONAL, "lease_end": LEASE_END}
    c2 = replace(car("c2", 30_000.0), model="Yaris B", **leased)
    c3 = replace(car("c3", 32_000.0), model="Yaris C", **leased)
    return c1, c2, c3


def _params(weight: float) -> OptimiseParams:
    return OptimiseParams(
        weight=weight,
        max_unallocated=1,
        max_undriven_km=19.0,
        target_gap=0.0,
        num_solutions=1,
        pareto_weights=(weight,),
        min_pareto_points=1,
    )


def _oracle(
    weight: float, terms: ContractTerms, ref_cost: float, ref_kg: float
) -> tuple[float, set[str]]:
    """Enumerate every fleet (each car 0/1, Zoe 0..3) and every assignment; a
    leased car not held is refused without leave, else costs its fee spread over
    the years left: the user's fee, else SHARE x its payment x years left."""
    cars = _cars()
    inp = make(dataset(current=cars))
    models = [Model(c, 1, 1) for c in cars] + [Model(ev(), 0, 3)]
    fleets = enumerate_fleets(
        inp, TRIPS, models, max_unallocated=1, max_undriven_km=19.0
    )
    best: tuple[float, set[str]] | None = None
    for o in best_by_weight(fleets, weight, ref_cost, ref_kg):
        cost = o.cost_dkk
        for c, n in zip(cars, o.counts, strict=False):
            if n or c.lease_type is LeaseType.OWNED:
                continue
            if not (terms.early_return_all or c.vehicle_id in terms.early_return):
                break
            own = terms.termination_fee_dkk.get(c.vehicle_id)
            fee = own if own is not None else SHARE * c.annual_cost_dkk * YEARS_LEFT
            cost += fee / YEARS_LEFT
        else:
            value = weighted(replace(o, cost_dkk=cost), weight, ref_cost, ref_kg)
            if best is None or value < best[0] - 1e-12:
                held = {c.vehicle_id for c, n in zip(cars, o.counts, strict=False) if n}
                best = (value, held | {f"zoe x{o.counts[-1]}"})
    assert best is not None
    return best


TERMS = [
    ContractTerms(as_of=AS_OF),
    ContractTerms(early_return_all=True, as_of=AS_OF),
    ContractTerms(early_return=frozenset({"c3"}), as_of=AS_OF),
    ContractTerms(
        early_return_all=True, termination_fee_dkk={"c3": 1_000.0}, as_of=AS_OF
    ),
    ContractTerms(
        early_return=frozenset({"c2"}),
        termination_fee_dkk={"c2": 0.0},
        as_of=AS_OF,
    ),
]


@pytest.mark.parametrize("method", [Method.MILP, Method.DECOMPOSED])
@pytest.mark.parametrize("weight", [0.0, 5.0])
@pytest.mark.parametrize("terms", TERMS, ids=["none", "all", "c3", "c3-fee", "c2-free"])
def test_lease_rules_equal_brute_force(
    weight: float, terms: ContractTerms, method: Method
) -> None:
    """The best fleet's weighted value and counts are the enumeration's, with
    leases refused or priced as allowed, and its gap is proven (the bound holds
    the fees' constant too), by the one MILP and by the decomposition."""
    inp = make(dataset(current=_cars()))
    params = replace(_params(weight), method=method)
    inst = build_instance(inp, params, contracts=terms)
    res = optimise_fleet(inp, params, instance=inst)
    value, held = _oracle(weight, terms, res.today_cost_dkk, res.today_co2e_kg)
    assert res.solutions[0].objective == pytest.approx(value, rel=1e-7)
    assert _held(inst, res.solutions[0].counts) == held
    assert res.solutions[0].gap <= 1e-6


def _held(inst: MixInstance, counts: dict[str, int]) -> set[str]:
    """Today's vehicle ids the fleet holds, and how many Zoe it adds."""
    fleet = solution_fleets(inst, [counts])[0]
    zoe = sum(n for key, n in fleet.items() if key.startswith("zoe@"))
    return {key for key in fleet if "@" not in key} | {f"zoe x{zoe}"}


def test_a_running_lease_is_never_removed_without_leave() -> None:
    """Without leave c2 and c3 are in every fleet found (best and front), and the
    result says they stay; with leave the cheapest fleet drops one of them."""
    inp = make(dataset(current=_cars()))
    params = replace(_params(0.0), num_solutions=3, pareto_weights=(0.0, 10.0))
    bound = optimise_fleet(
        inp, params, instance=build_instance(inp, params, contracts=TERMS[0])
    )
    fleets = [s.counts for s in bound.solutions] + [
        p.solution.counts for p in bound.pareto
    ]
    inst = build_instance(inp, params, contracts=TERMS[0])
    assert all({"c2", "c3"} <= _held(inst, f) for f in fleets)
    assert any(
        getattr(m, "code", "") == "optimiser.leases_kept" for m in bound.messages
    )
    free = optimise_fleet(
        inp, params, instance=build_instance(inp, params, contracts=TERMS[3])
    )
    inst = build_instance(inp, params, contracts=TERMS[3])
    assert "c3" not in _held(inst, free.solutions[0].counts)
    assert any(
        getattr(m, "code", "") == "optimiser.early_returns" for m in free.messages
    )


def test_the_web_form_and_the_job_carry_the_leave() -> None:
    """The form's switch becomes the job's ``early_return``, which the job reads
    as leave for every lease; ids and fees name current vehicles only."""
    from fleetplan.jobs.optimise_kind import parse_optimise_params
    from fleetplan.web.optimisation_view import (
        form_defaults,
        form_to_params,
        params_to_form,
    )

    ds = dataset(current=_cars())
    values = form_defaults(ds)
    assert not parse_optimise_params(form_to_params(values), ds).contracts.allows(
        _cars()[2]
    )
    values["early_return"] = True
    params = form_to_params(values)
    assert params["early_return"] is True
    assert parse_optimise_params(params, ds).contracts.early_return_all
    assert params_to_form(ds, params)["early_return"] is True
    named = parse_optimise_params(
        {"early_return": ["c3"], "termination_fee_dkk": {"c3": 5_000}}, ds
    ).contracts
    assert named.allows(_cars()[2]) and not named.allows(_cars()[1])
    assert named.termination_fee_dkk == {"c3": 5_000.0}
    with pytest.raises(ValueError, match="not current vehicles"):
        parse_optimise_params({"early_return": ["zoe"]}, ds)
