"""The time decomposition (``benders``, ``blocks``, ``master``, ``flow``): blocks by
hand, the flow rows' peak by hand, and the decomposed optimum against brute-force
enumeration and against the one MILP on multi-day instances."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from fleetplan.domain import Period
from fleetplan.economics import get_builtin_factor_set
from fleetplan.optimise import Method, OptimiseParams, build_instance, optimise_fleet
from fleetplan.optimise import benders as benders_module
from fleetplan.optimise import time_blocks as blocks_module
from fleetplan.optimise.benders import DecomposedModel, use_decomposition
from fleetplan.optimise.blocks import time_blocks
from fleetplan.optimise.milp import MixModel
from fleetplan.simulate import SimulationInput, make_input
from fleetplan.simulate.load_flow import events, peak_overlap
from tests.optimise.brute_force import Model, best_by_weight, enumerate_fleets, weighted
from tests.optimise.helpers import DAY, car, dataset, ev, trip


def _days(trips: tuple, days: int) -> SimulationInput:  # type: ignore[type-arg]
    ds = dataset(current=(car("c1"), car("c2")), trips=trips)
    return make_input(
        ds,
        None,
        get_builtin_factor_set("dk-2025"),
        period=Period(DAY, DAY + timedelta(days=days)),
    )


def _params(**kw: object) -> OptimiseParams:
    base: dict[str, object] = {
        "max_unallocated": 1,
        "max_undriven_km": 19.0,
        "target_gap": 0.0,
        "num_solutions": 3,
        "pareto_weights": (0.0, 10.0),
        "min_pareto_points": 1,
    }
    base.update(kw)
    return OptimiseParams(**base)  # type: ignore[arg-type]


# day 1: 8-10, 9-11 overlap (peak 2); day 2: 8-9, 9:30-10 (busy till 9:05 then
# 10:05: no overlap, peak 1) — two time components a day apart
TWO_DAYS = (
    trip("a1", 8.0, 10.0, 12.0, "c1"),
    trip("a2", 9.0, 11.0, 30.0, "c2"),
    trip("b1", 32.0, 33.0, 8.0, "c1"),
    trip("b2", 33.5, 34.0, 25.0, "c2"),
)


def test_peak_overlap_and_events_by_hand() -> None:
    """[0,10) [5,15) [10,20): ends before starts at 10, so the peak is 2."""
    assert peak_overlap([0.0, 5.0, 10.0], [10.0, 15.0, 20.0]) == 2
    assert peak_overlap([], []) == 0
    ev = events([0.0, 5.0, 10.0], [10.0, 15.0, 20.0])
    assert ev.count == 5  # 0, 5, 10, 15, 20
    assert ev.start_event.tolist() == [0, 1, 2]
    assert ev.end_event.tolist() == [2, 3, 4]


def test_time_blocks_by_hand() -> None:
    """a1/a2 overlap (one component); b1 ends 9:05 before b2 starts 9:30 (two);
    merged to >= 2 trips: {a1, a2}, {b1, b2}."""
    inst = build_instance(_days(TWO_DAYS, 2), _params())
    ids = inst.problem.trips.trip_ids
    got = [sorted(ids[i] for i in b) for b in time_blocks(inst, 1)]
    assert got == [["a1", "a2"], ["b1"], ["b2"]]
    got = [sorted(ids[i] for i in b) for b in time_blocks(inst, 2)]
    assert got == [["a1", "a2"], ["b1", "b2"]]


@pytest.mark.parametrize("weight", [0.0, 5.0, 10.0])
def test_decomposed_equals_brute_force_over_blocks(
    weight: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two days in three blocks; the best 3 fleets equal the enumeration's."""
    monkeypatch.setattr(blocks_module, "MIN_BLOCK_TRIPS", 1)
    inp = _days(TWO_DAYS, 2)
    params = _params(weight=weight, method=Method.DECOMPOSED)
    res = optimise_fleet(inp, params)
    fleets = enumerate_fleets(
        inp,
        TWO_DAYS,
        [Model(car("c1"), 2, 2), Model(ev(), 0, 2)],
        max_unallocated=1,
        max_undriven_km=19.0,
    )
    ranked = best_by_weight(fleets, weight, res.today_cost_dkk, res.today_co2e_kg)
    want = [weighted(o, weight, res.today_cost_dkk, res.today_co2e_kg) for o in ranked]
    got = [s.objective for s in res.solutions]
    assert got == pytest.approx(want[:3], rel=1e-7)
    assert res.solutions[0].gap <= 1e-6


def _random_days(seed: int, days: int, per_day: int) -> SimulationInput:
    rng = random.Random(seed)
    trips = []
    for d in range(days):
        for k in range(per_day):
            start = 24.0 * d + rng.uniform(7, 15)
            end = start + rng.uniform(0.5, 3)
            who = f"c{1 + k % 2}"
            trips.append(trip(f"t{d}_{k}", start, end, rng.uniform(2, 40), who))
    return _days(tuple(trips), days)


@pytest.mark.parametrize("seed", [4, 5])
@pytest.mark.parametrize("cap", [False, True])
@pytest.mark.parametrize(("live", "workers"), [(True, 1), (True, 2), (False, 2)])
def test_decomposed_equals_one_milp(
    seed: int, cap: bool, live: bool, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five days of 8 random trips, blocks of >= 5 trips: the decomposed model's
    optimum (and its bound) equals the one MILP's, with and without a CO2e cap
    halfway between the weight-0 and weight-10 optima; also with block LPs
    rebuilt from their basis for each solve (not live), and with the block LPs
    solved on one thread or two."""
    monkeypatch.setattr(blocks_module, "MIN_BLOCK_TRIPS", 5)
    monkeypatch.setattr(benders_module, "LIVE_MAX_PAIRS", 10**9 if live else 0)
    monkeypatch.setattr(benders_module, "BLOCK_WORKERS", workers)
    inp = _random_days(seed, 5, 8)
    params = _params(max_unallocated=3, method=Method.DECOMPOSED)
    inst = build_instance(inp, params)
    assert use_decomposition(inst, params)
    one = MixModel(inst, params)
    dec = DecomposedModel(inst, params)
    assert len(dec.blocks) >= 4  # enough for two threads
    assert all((b.h is not None) == live for b in dec.blocks)
    limit = None
    if cap:
        kg = []
        for w in (0.0, 10.0):
            one.set_weight(w)
            kg.append(one.solve(60.0).co2e_kg)
        limit = 0.5 * (kg[0] + kg[1])
    for w in (0.0, 5.0):
        for model in (one, dec):
            model.set_weight(w)
            model.set_co2e_cap(limit)
        a, b = one.solve(60.0), dec.solve(60.0)
        assert b.status == "optimal"
        assert b.objective == pytest.approx(a.objective, rel=1e-6)
        assert b.bound <= a.objective * (1 + 1e-6)
        # the next best after excluding the optimum agrees too
        one.exclude(a.counts)
        dec.exclude(b.counts)
        assert dec.solve(60.0).objective == pytest.approx(
            one.solve(60.0).objective, rel=1e-6
        )
        for model in (one, dec):
            model.reset(model.mark() - 1)


def test_time_limit_ends_after_the_first_round_with_a_valid_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no time left the loop still completes its first round (the first
    fleet), then stops: status "limit", and its bound is below the true optimum."""
    monkeypatch.setattr(blocks_module, "MIN_BLOCK_TRIPS", 5)
    inp = _random_days(4, 5, 8)
    params = _params(max_unallocated=3, method=Method.DECOMPOSED)
    inst = build_instance(inp, params)
    one = MixModel(inst, params)
    one.set_weight(5.0)
    best = one.solve(60.0).objective
    dec = DecomposedModel(inst, params)
    dec.set_weight(5.0)
    cut_short = dec.solve(0.0)
    assert dec.rounds == 1
    assert cut_short.status == "limit"
    assert cut_short.bound <= best * (1 + 1e-9) <= cut_short.objective * (1 + 1e-9)
    assert dec.solve(60.0).objective == pytest.approx(best, rel=1e-6)


def test_checkpoint_rows_by_hand() -> None:
    """[0,10) [5,15) [10,20) [30,40): events 0 5 10 15 20 30 40; the load peaks
    after 5 (next event 10 has an end) and after 10 (15 has an end) and after 30;
    the last event 40 closes. Rows: {0,5} {10} {15,20,30} {40}."""
    from fleetplan.simulate.load_flow import checkpoint_rows

    ev = checkpoint_rows(events([0.0, 5.0, 10.0, 30.0], [10.0, 15.0, 20.0, 40.0]))
    assert ev.count == 4
    assert ev.start_event.tolist() == [0, 0, 1, 2]
    assert ev.end_event.tolist() == [1, 2, 2, 3]
