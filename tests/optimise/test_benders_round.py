"""The decomposition's speed-ups at scale (``benders_sample``, ``benders_round``,
probes in ``blocks``): seeded from a sample, probed and stabilised, it still finds
the one MILP's optimum, every logged bound is below it and every logged value is
a fleet's true class-model value (so each reported gap is true)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from fleetplan.optimise import Method, build_instance
from fleetplan.optimise import benders as benders_module
from fleetplan.optimise import benders_sample as sample_module
from fleetplan.optimise import time_blocks as blocks_module
from fleetplan.optimise.benders import DecomposedModel
from fleetplan.optimise.benders_round import TrustRegion
from fleetplan.optimise.benders_sample import choose_sample
from fleetplan.optimise.blocks import time_blocks
from fleetplan.optimise.milp import MixModel
from tests.optimise.test_benders import _params, _random_days


@pytest.fixture
def small_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of >= 5 trips, rebuilt LPs, and a sample from 3 blocks up."""
    monkeypatch.setattr(blocks_module, "MIN_BLOCK_TRIPS", 5)
    monkeypatch.setattr(benders_module, "LIVE_MAX_PAIRS", 0)
    monkeypatch.setattr(sample_module, "SAMPLE_MIN_BLOCKS", 3)
    monkeypatch.setattr(sample_module, "SAMPLE_SPREAD", 2)
    monkeypatch.setattr(sample_module, "SAMPLE_PEAKS", 1)


@pytest.mark.usefixtures("small_scale")
@pytest.mark.parametrize("seed", [4, 5, 6, 7])
@pytest.mark.parametrize("probe_share", [0.0, 0.5])
def test_sampled_probed_decomposition_equals_one_milp(
    seed: int, probe_share: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five days of 8 random trips: with the sample's seed and probes of half
    of each count, the best and the next best fleet (after a no-good, which a
    probe's fleet must respect) have the one MILP's values; every round's bound
    is at most the optimum and every round's value at least it."""
    monkeypatch.setattr(benders_module, "PROBE_SHARE", probe_share)
    inp = _random_days(seed, 5, 8)
    params = _params(max_unallocated=3, method=Method.DECOMPOSED)
    inst = build_instance(inp, params)
    one = MixModel(inst, params)
    dec = DecomposedModel(inst, params)
    assert dec.sample is not None
    for w in (0.0, 5.0):
        for model in (one, dec):
            model.set_weight(w)
        a, b = one.solve(60.0), dec.solve(60.0)
        assert b.status == "optimal"
        assert b.objective == pytest.approx(a.objective, rel=1e-6)
        assert b.bound <= a.objective * (1 + 1e-9)
        full = [h for h in dec.history if h["phase"] == "full"]
        assert full
        for h in full:
            assert h["value"] >= a.objective * (1 - 1e-9)  # type: ignore[operator]
            if h["bound"] is not None:
                assert h["bound"] <= a.objective * (1 + 1e-9)  # type: ignore[operator]
        one.exclude(a.counts)
        dec.exclude(b.counts)
        assert dec.solve(60.0).objective == pytest.approx(
            one.solve(60.0).objective, rel=1e-6
        )
        for model in (one, dec):
            model.reset(model.mark() - 1)
        dec.history.clear()


@pytest.mark.usefixtures("small_scale")
def test_sample_spreads_and_holds_the_peak_block() -> None:
    """Ten days, each its own block; 2 spread blocks (each standing for 4.5 of
    the 9 blocks besides the peak) plus the block of the highest load."""
    inp = _random_days(3, 10, 8)
    inst = build_instance(inp, _params(method=Method.DECOMPOSED))
    blocks = time_blocks(inst)
    sample = choose_sample(inst, blocks)
    assert sample is not None
    trips = inst.problem.trips
    from fleetplan.simulate.load_flow import peak_overlap

    peaks = [peak_overlap(trips.start_min[b], trips.end_min[b]) for b in blocks]
    assert int(np.argmax(peaks)) in sample.blocks
    assert sample.weights.sum() == pytest.approx(len(blocks))
    costs = sample.costs(len(blocks))
    assert np.count_nonzero(costs) == len(sample.blocks)


def test_sample_not_used_on_a_short_horizon() -> None:
    """Below SAMPLE_MIN_BLOCKS blocks the loop starts at once."""
    inp = _random_days(3, 5, 8)
    inst = build_instance(inp, _params(method=Method.DECOMPOSED))
    assert choose_sample(inst, time_blocks(inst)) is None


def test_trust_region_moves_doubles_halves_and_widens() -> None:
    """Start 10 % of 40 = 4 around (20, 20); a better point on the edge moves the
    box and doubles it; a worse one halves it; widen quadruples."""
    region = TrustRegion(0.1)
    region.update((20, 20), 1.0, None)
    assert region.delta == 4 and region.box() == ([16, 16], [24, 24])
    assert region.inside((24, 17)) and not region.inside((25, 20))
    assert not region.inside((24, 17), margin=1)
    assert region.update((24, 20), 0.9, None)
    assert region.center == (24, 20) and region.delta == 8
    assert not region.update((20, 20), 0.95, None)
    assert region.center == (24, 20) and region.delta == 4
    region.widen()
    assert region.delta == 16


@pytest.mark.usefixtures("small_scale")
@pytest.mark.parametrize("weight", [0.0, 5.0, 10.0])
def test_sampled_probed_best_three_equal_brute_force(
    weight: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``test_benders``'s enumeration of two days in three blocks, now with the
    sample's seed and probes of half of each count: the best 3 fleets still
    equal the enumeration's (a probe's fleet already excluded by a no-good must
    not become the incumbent)."""
    from tests.optimise import test_benders

    monkeypatch.setattr(sample_module, "SAMPLE_MIN_BLOCKS", 2)
    monkeypatch.setattr(benders_module, "PROBE_SHARE", 0.5)
    test_benders.test_decomposed_equals_brute_force_over_blocks(weight, monkeypatch)


@pytest.mark.usefixtures("small_scale")
@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_full_loop_starts_at_the_sample_points_without_probes(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the sample, the first full rounds evaluate every block at the
    sample's best point and then at its other points nearest to it, one LP per
    block and no probe (probes on, at half of each count), before the master
    is asked; the optimum is still the one MILP's."""
    monkeypatch.setattr(benders_module, "PROBE_SHARE", 0.5)
    inp = _random_days(seed, 5, 8)
    params = _params(max_unallocated=3, method=Method.DECOMPOSED)
    inst = build_instance(inp, params)
    one = MixModel(inst, params)
    dec = DecomposedModel(inst, params)
    for model in (one, dec):
        model.set_weight(5.0)
    got = dec.solve(60.0)
    assert got.objective == pytest.approx(one.solve(60.0).objective, rel=1e-6)
    sample = [h for h in dec.history if h["phase"] == "sample"]
    full = [h for h in dec.history if h["phase"] == "full"]
    best = next(h["counts"] for h in sample if h["value"] == sample[-1]["value"])
    points = {tuple(h["counts"]) for h in sample}  # type: ignore[arg-type]
    k = min(1 + benders_module.SUPPORT_POINTS, len(points))
    if k < 2:
        pytest.skip("the sample tried one point only")
    assert full[0]["counts"] == best
    firsts = [tuple(h["counts"]) for h in full[:k]]  # type: ignore[arg-type]
    assert len(set(firsts)) == k and set(firsts) <= points
    solves = [sample[-1]["lp_solves"]] + [h["lp_solves"] for h in full[:k]]
    assert all(b - a == len(dec.blocks) for a, b in itertools.pairwise(solves))
