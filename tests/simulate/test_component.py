"""Bounds used by the class model."""

from __future__ import annotations

import numpy as np
import pytest

from fleetplan.simulate.km_caps import cumulative_km_caps, max_single_vehicle_km


def test_max_single_vehicle_km() -> None:
    """[0,10) 5 km, [5,15) 20 km, [10,20) 6 km: one vehicle takes 5 + 6 = 11 or 20;
    the best is 20."""
    s, e, km = np.array([0.0, 5, 10]), np.array([10.0, 15, 20]), np.array([5.0, 20, 6])
    assert max_single_vehicle_km(s, e, km) == 20.0


def test_cumulative_caps() -> None:
    """Same trips, 3 vehicles. Densities 0.5, 2, 0.6 km/min. Single vehicle: 20; one
    vehicle by density: [0,5) 0.5·5 + [5,10) 2·5 + [10,15) 2·5 + [15,20) 0.6·5 =
    25.5, so M1 = 20. Two: 2·20 = 40 vs density (0.5+2)·5 + 2·5... = 2.5+12.5+13+3 =
    31 = total km; three: 31."""
    s, e, km = np.array([0.0, 5, 10]), np.array([10.0, 15, 20]), np.array([5.0, 20, 6])
    caps = cumulative_km_caps(s, e, km, 3)
    assert caps == pytest.approx([20.0, 31.0, 31.0])


@pytest.mark.parametrize(("capacity", "best"), [(1, -2.0), (2, -3.0)])
def test_load_rows_allow_capacity_busy_at_once(capacity: int, best: float) -> None:
    """[0,10) [5,15) [10,20), each worth −1: one vehicle takes the first and last
    (the end at 10 frees it for the start at 10), two take all three."""
    from fleetplan.simulate.class_model import add_load_rows
    from fleetplan.simulate.highs_model import BinaryModel, solve_binary

    model = BinaryModel()
    cols = model.add_columns(-np.ones(3))
    start, end = np.array([0.0, 5.0, 10.0]), np.array([10.0, 15.0, 20.0])
    add_load_rows(model, cols, start, end, capacity)
    # no rows when the peak fits, else one per checkpoint: after 5, 10 and 20
    assert model.num_rows == (0 if capacity == 2 else 3)
    sol = solve_binary(model, time_limit_s=5.0)
    assert sol.optimal and sol.objective == pytest.approx(best)
    if capacity == 1:
        assert sol.values[cols].round().tolist() == [1.0, 0.0, 1.0]
