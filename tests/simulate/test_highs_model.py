from __future__ import annotations

import highspy
import numpy as np

from fleetplan.simulate.highs_model import BinaryModel, new_highs, solve_binary


def _pick_one_of_two() -> BinaryModel:
    """min 3a + 2b subject to a + b = 1, a, b binary: optimum b = 1, cost 2."""
    model = BinaryModel()
    model.add_columns(np.array([3.0, 2.0]))
    model.add_row(np.array([0, 1]), np.ones(2), 1.0, 1.0)
    return model


def test_solves_after_another_highs_user_ran_with_default_options() -> None:
    """Regression: a HiGHS instance run elsewhere in the process with the default
    thread setting must not make later allocation models fail (HiGHS has one global
    scheduler per process)."""
    other = highspy.Highs()
    other.setOptionValue("output_flag", False)
    other.addVar(0.0, 1.0)
    other.changeColCost(0, 1.0)
    other.run()
    sol = solve_binary(_pick_one_of_two(), time_limit_s=5.0)
    assert sol.solved and sol.optimal
    assert sol.objective == 2.0
    assert new_highs() is not None
