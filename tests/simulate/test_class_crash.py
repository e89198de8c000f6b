"""The class model's cold-LP start (``class_crash``): on every LP that random
allocations solve (overlap rows, flow rows, km segments and budgets, split
vehicles with charge rows), the basis is a basis, dual feasible, HiGHS takes it,
and the LP's optimum from it is the slack start's."""

from __future__ import annotations

import highspy
import numpy as np
import pytest

from fleetplan.simulate import class_model, highs_setup
from fleetplan.simulate.class_crash import cheapest_basis
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.highs_model import BinaryModel
from fleetplan.simulate.result import AllocationParams
from tests.simulate.test_engine import make_problem, random_instance

_S = highspy.HighsBasisStatus


def _models(monkeypatch: pytest.MonkeyPatch, flow: bool) -> list[BinaryModel]:
    """Every model whose LP the allocations of the random instances solve cold."""
    seen: list[BinaryModel] = []
    real = highs_setup.cheapest_basis

    def record(model: BinaryModel, csr: object = None) -> highspy.HighsBasis | None:
        seen.append(model)
        return real(model, csr)  # type: ignore[arg-type]

    monkeypatch.setattr(highs_setup, "cheapest_basis", record)
    if flow:
        monkeypatch.setattr(class_model, "CLIQUE_MAX_VEHICLES", 0)
    for seed in range(3):
        rts, fleet = random_instance(seed, trips=9, vehicles=4)
        allocate(make_problem(rts, fleet), AllocationParams(limit_km=False))
    return seen


def _check_dual_feasible(model: BinaryModel, basis: highspy.HighsBasis) -> None:
    """B is square and nonsingular; the reduced costs c − Aᵀy with Bᵀy = c_B
    have the sign each nonbasic column's bound needs (slacks: y of a nonbasic
    row of an inequality has the sign of its bound)."""
    n, m = model.num_cols, model.num_rows
    starts, index, value = model.csr()
    a = np.zeros((m, n))
    rows = np.repeat(np.arange(m), np.diff(starts))
    np.add.at(a, (rows, index), value)
    full = np.hstack([a, -np.eye(m)])  # row activity r = Ax: columns of −I
    col = np.array([int(s) for s in basis.col_status])
    row = np.array([int(s) for s in basis.row_status])
    status = np.concatenate([col, row])
    basic = status == int(_S.kBasic)
    assert basic.sum() == m
    b = full[:, basic]
    assert abs(np.linalg.det(b)) > 1e-9
    cost = np.concatenate([np.concatenate(model.costs), np.zeros(m)])
    y = np.linalg.solve(b.T, cost[basic])
    d = cost - full.T @ y
    lower = np.concatenate([np.zeros(n), np.concatenate(model.row_lower)])
    upper = np.concatenate(
        [np.concatenate(model.uppers), np.concatenate(model.row_upper)]
    )
    free_side = lower < upper
    at_lower = (status == int(_S.kLower)) & free_side
    at_upper = (status == int(_S.kUpper)) & free_side
    assert (d[at_lower] >= -1e-7).all()
    assert (d[at_upper] <= 1e-7).all()
    assert np.isfinite(lower[at_lower]).all() and np.isfinite(upper[at_upper]).all()


@pytest.mark.parametrize("flow", [False, True])
def test_the_start_is_a_dual_feasible_basis_with_the_cold_optimum(
    monkeypatch: pytest.MonkeyPatch, flow: bool
) -> None:
    models = _models(monkeypatch, flow)
    with_pivots = 0
    for model in models[:40]:
        basis = cheapest_basis(model)
        if model.trip_rows is None:
            continue
        assert basis is not None
        with_pivots += bool(model.pivots)
        _check_dual_feasible(model, basis)
        h = highs_setup.load_highs(model, 10.0, integer=False, run=False)
        assert [int(s) for s in h.getBasis().col_status] == [
            int(s) for s in basis.col_status
        ]  # ``load_highs`` starts from it
        h.run()
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        cold = highspy.Highs()
        cold.setOptionValue("output_flag", False)
        cold.passModel(h.getLp())
        cold.run()
        assert h.getInfo().objective_function_value == pytest.approx(
            cold.getInfo().objective_function_value, abs=1e-6
        )
    assert with_pivots >= 3  # km rows (and the flow's rows) were exercised
