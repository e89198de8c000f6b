"""The cancel token: a HiGHS solve watched by it stops soon after a cancel."""

from __future__ import annotations

import threading
import time

import highspy
import numpy as np

from fleetplan.simulate.highs_cancel import ABANDON_AFTER_S, CancelToken
from fleetplan.simulate.highs_model import new_highs


def _hard_knapsacks(n: int = 400, rows: int = 30, seed: int = 3) -> highspy.Highs:
    """A multi-dimensional 0/1 knapsack: HiGHS needs minutes to prove it."""
    rng = np.random.default_rng(seed)
    h = new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", 120.0)
    h.addVars(n, np.zeros(n), np.ones(n))
    idx = np.arange(n, dtype=np.int32)
    h.changeColsIntegrality(n, idx, np.full(n, highspy.HighsVarType.kInteger))
    h.changeColsCost(n, idx, -rng.integers(50, 100, n).astype(float))
    for _ in range(rows):
        w = rng.integers(20, 60, n).astype(float)
        h.addRow(-np.inf, float(w.sum()) / 2.0, n, idx, w)
    return h


def test_cancel_ends_a_long_solve_within_two_seconds() -> None:
    """A solve that would run for minutes returns within 2 s of the cancel."""
    h = _hard_knapsacks()
    token = CancelToken()
    timer = threading.Timer(1.0, token.cancel)
    began = time.monotonic()
    timer.start()
    token.run(h)
    assert time.monotonic() - began < 1.0 + 2.0
    timer.join()


def test_should_stop_is_polled_and_a_cancelled_token_runs_nothing() -> None:
    """The job's stop flag cancels the token; a cancelled token starts no solve."""
    stop = threading.Event()
    token = CancelToken(stop.is_set)
    assert not token()
    threading.Timer(0.5, stop.set).start()
    began = time.monotonic()
    finished = token.run(_hard_knapsacks())
    assert time.monotonic() - began < 0.5 + 2.0
    assert token() and token.is_cancelled()
    idle = _hard_knapsacks(n=20)
    assert token.run(idle) is False
    assert idle.getModelStatus() == highspy.HighsModelStatus.kNotset
    assert finished or ABANDON_AFTER_S <= 2.0


def test_a_solve_without_cancel_ends_normally_and_reports_its_gap() -> None:
    """Not cancelled: the solve runs to its own end and the gap arrives."""
    h = _hard_knapsacks(n=60, rows=5)
    h.setOptionValue("time_limit", 1.0)
    gaps: list[float] = []
    assert CancelToken().run(h, on_gap=gaps.append) is True
    assert h.getModelStatus() in (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kTimeLimit,
    )
    assert all(g >= 0.0 for g in gaps)
