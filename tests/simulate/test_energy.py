"""State of charge in km of range."""

from __future__ import annotations

import numpy as np

from fleetplan.simulate.cliques import colour_intervals, maximal_cliques
from fleetplan.simulate.energy import simulate_soc


def test_soc_recharges_while_parked_and_caps_at_full() -> None:
    """Cap 100 km, 1 km/min. Trip 1 at 0-30 uses 50 (→ 50); parked 30-200 adds 170
    but caps at 100 (window restarts at trip 2); trip 2 uses 90 → 10; parked 10 min
    → 20; trip 3 uses 30 → -10: violated, window starting at trip 2 (index 1)."""
    check = simulate_soc(
        100.0,
        -np.inf,
        100.0,
        1.0,
        np.array([0.0, 200.0, 300.0]),
        np.array([30.0, 290.0, 330.0]),
        np.array([50.0, 90.0, 30.0]),
        np.ones(3),
    )
    assert check.soc_after_km.tolist() == [50.0, 10.0, -10.0]
    assert (check.violation, check.window_start) == (2, 1)


def test_winter_factor_lowers_the_full_charge() -> None:
    """Range factor 0.8: a full 100 km battery holds 80; an 85 km trip fails."""
    check = simulate_soc(
        100.0,
        -np.inf,
        100.0,
        1.0,
        np.array([0.0]),
        np.array([60.0]),
        np.array([85.0]),
        np.array([0.8]),
    )
    assert check.violation == 0


def test_cliques_and_colouring() -> None:
    """[0,10) [5,15) [10,20): maximal overlaps {0,1} and {1,2} (half-open: 0 ends
    when 2 starts); two colours suffice and 2 reuses 0's colour."""
    s, e = np.array([0.0, 5, 10]), np.array([10.0, 15, 20])
    assert [sorted(c.tolist()) for c in maximal_cliques(s, e)] == [[0, 1], [1, 2]]
    assert colour_intervals(s, e).tolist() == [0, 1, 0]
