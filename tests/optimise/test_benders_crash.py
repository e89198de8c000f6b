"""The block LP's cold start (``block_crash``): each trip on its cheapest option is
a basis HiGHS accepts, it is dual feasible before any pivot, and the LP solved
from it has the slack basis's optimum."""

from __future__ import annotations

import highspy
import numpy as np
import pytest

from fleetplan.optimise import Method, build_instance
from fleetplan.optimise.block_crash import cheapest_basis
from fleetplan.optimise.blocks import BlockLP, class_intervals, time_blocks
from fleetplan.optimise.milp import objective_weights
from tests.optimise.test_benders import _params, _random_days


def _block(seed: int, weight: float) -> BlockLP:
    inp = _random_days(seed, 3, 12)
    params = _params(max_unallocated=2, method=Method.DECOMPOSED)
    inst = build_instance(inp, params)
    trips = np.concatenate(time_blocks(inst, min_trips=10**6))
    block = BlockLP(inst, params, trips, class_intervals(inst), live=False)
    block.set_weight(*objective_weights(weight, inst))
    return block


def _crash(block: BlockLP) -> highspy.HighsBasis:
    return cheapest_basis(
        block._costs,
        block.pair_trip,
        block.u0,
        block.z0,
        len(block._lp[1]),
        (block.u_row, block.e_row),
    )


@pytest.mark.parametrize("seed", [4, 5, 6])
@pytest.mark.parametrize("weight", [0.0, 5.0, 10.0])
def test_cheapest_basis_is_a_dual_feasible_basis(seed: int, weight: float) -> None:
    """Loaded with no pivot allowed, the basis is kept (HiGHS rejects a singular
    or miscounted one) and has no dual infeasibility: no option of any trip is
    cheaper than the one it is on."""
    block = _block(seed, weight)
    h = block._highs()
    h.setOptionValue("simplex_iteration_limit", 0)
    assert h.setBasis(_crash(block)) == highspy.HighsStatus.kOk
    h.run()
    info = h.getInfo()
    assert info.simplex_iteration_count == 0
    assert info.num_dual_infeasibilities == 0


@pytest.mark.parametrize("seed", [4, 5, 6])
@pytest.mark.parametrize("counts", [(0, 0), (1, 0), (1, 1), (2, 2)])
def test_solve_from_cheapest_basis_has_the_slack_start_optimum(
    seed: int, counts: tuple[int, int]
) -> None:
    """A block's first solve (which starts from the crash basis) gives the value
    and peak use of the same LP solved from HiGHS's own slack start."""
    block = _block(seed, 5.0)
    n = tuple(counts) + (0,) * (block.m - len(counts))
    got = block.solve(n, 1.0, None)
    plain = block._new_highs()
    plain.changeColsCost(
        block.num_cols, np.arange(block.num_cols, dtype=np.int32), block._costs
    )
    block._set_counts(plain, n)
    plain.changeRowBounds(block.u_row, -np.inf, 1.0)
    ref, _ = block._run(plain, 1.0, None)
    assert got.cut.value == pytest.approx(ref.value, rel=1e-9, abs=1e-12)
