"""Blocks solved ahead on threads (``ahead``) give the answers of solving them in
turn, bit for bit, and a block whose start the real state does not leave as fresh
is solved again."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import fleetplan.simulate.ahead as ahead
from fleetplan.simulate.ahead import BlocksAhead, starts_fresh
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.state import MINUTES_PER_DAY, FleetState
from tests.simulate.random_instances import generate

THREADS = AllocationParams(time_limit_s=60.0, limit_km=False, block_threads=2)
IN_TURN = dataclasses.replace(THREADS, block_threads=1)


def _same(a: object, b: object) -> None:
    assert np.array_equal(a.vehicle_index, b.vehicle_index)  # type: ignore[attr-defined]
    assert a.objective_dkk == b.objective_dkk  # type: ignore[attr-defined]
    assert a.lower_bound_dkk == b.lower_bound_dkk  # type: ignore[attr-defined]
    assert a.status == b.status  # type: ignore[attr-defined]


def _count_pools(monkeypatch: pytest.MonkeyPatch) -> list[BlocksAhead]:
    made: list[BlocksAhead] = []
    plain = BlocksAhead.__init__

    def init(self: BlocksAhead, *args: object, **kw: object) -> None:
        plain(self, *args, **kw)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(BlocksAhead, "__init__", init)
    return made


# instances solved in well under a second (each block's time limit never binds:
# a bound cut off by it depends on the machine's load, threads or not), of
# several blocks, with EVs that charge binds on and daily-limited bikes
FAST_SEEDS = (0, 1, 2, 5, 6, 13, 17, 20, 22, 31, 32, 37)


@pytest.mark.parametrize("seed", FAST_SEEDS)
def test_threads_give_the_answers_in_turn(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EVs that charge binds on, bikes' daily km, several days: the same vehicle
    per trip, objective and bound with 2 threads as in turn."""
    problem = generate(seed, large=True).problem()
    made = _count_pools(monkeypatch)
    threaded = allocate(problem, THREADS)
    _same(threaded, allocate(problem, IN_TURN))
    # the first block starts fresh; a later one may start with an EV still
    # charging (the block-start window cuts read its charge): solved again
    assert len(made) == 1 and made[0].reused >= 1
    assert made[0].reused + made[0].rejected == threaded.components


@pytest.mark.parametrize("seed", range(4))
def test_a_block_not_fresh_is_solved_again(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the check says a block's start is not fresh, its solution from the
    fresh state is dropped and the block solved on the real state."""
    problem = generate(seed, large=True).problem()
    in_turn = allocate(problem, IN_TURN)
    made = _count_pools(monkeypatch)
    monkeypatch.setattr(ahead, "starts_fresh", lambda *_: False)
    _same(allocate(problem, THREADS), in_turn)
    assert made[0].reused == 0 and made[0].rejected == in_turn.components


def test_km_budgets_solve_in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """A binding km budget couples the blocks: no threads then."""
    problem = generate(5, large=True).problem()
    made = _count_pools(monkeypatch)
    budgets = dataclasses.replace(THREADS, limit_km=True)
    result = allocate(problem, budgets)
    if np.isfinite(FleetState.initial(problem, True).budget_km).any():
        assert not made
    _same(result, allocate(problem, dataclasses.replace(budgets, block_threads=1)))


def _ev_block(seed: int) -> tuple[AllocationProblem, FleetState, int, np.ndarray]:
    """A problem whose trips' range factors differ, a fresh state, an EV and the
    trips its type can serve."""
    problem = generate(seed, large=True).problem()
    rf = np.linspace(0.7, 1.0, problem.num_trips)
    problem = dataclasses.replace(problem, range_factor=rf)
    state = FleetState.initial(problem, False)
    v = int(np.flatnonzero(np.isfinite(state.cap_km))[0])
    idx = np.flatnonzero(problem.feasible[:, state.type_of[v]]).astype(np.int64)
    assert len(idx) > 1 and rf[idx].min() < rf[idx].max()
    return problem, state, v, idx


def test_fresh_state_starts_fresh() -> None:
    problem, state, _, idx = _ev_block(1)
    assert starts_fresh(problem, state, idx)


def test_ev_full_at_the_highest_range_factor() -> None:
    """Charged to exactly cap × the block's highest range factor at its first
    start: fresh; a hair less, a lower factor's full, or parked after the block's
    first start: not."""
    problem, state, v, idx = _ev_block(1)
    s0 = float(problem.trips.start_min[idx].min())
    full = float(state.cap_km[v]) * float(problem.range_factor[idx].max())
    state.last_end[v], state.soc_km[v] = s0, full
    assert starts_fresh(problem, state, idx)
    state.soc_km[v] = np.nextafter(full, -np.inf)
    assert not starts_fresh(problem, state, idx)
    # full for the first trip's factor, not for the block's highest
    low = float(state.cap_km[v]) * float(problem.range_factor[idx[0]])
    state.soc_km[v] = low
    assert low < full and not starts_fresh(problem, state, idx)
    # recharged while parked before the block: an hour at its rate
    hour = 60.0 * float(state.rate_km_per_min[v])
    state.last_end[v], state.soc_km[v] = s0 - 60.0, full - hour - 1e-6
    assert hour > 0 and not starts_fresh(problem, state, idx)
    state.soc_km[v] = full - hour + 1e-6
    assert starts_fresh(problem, state, idx)
    state.last_end[v], state.soc_km[v] = s0 + 1.0, full
    assert not starts_fresh(problem, state, idx)


def test_vehicles_that_cannot_serve_the_block_are_not_read() -> None:
    """An EV drained at the block's start: not fresh for a block its type can
    serve, fresh for one of trips it cannot serve."""
    for seed in range(40):
        problem, state, v, idx = _ev_block(seed)
        others = np.flatnonzero(~problem.feasible[:, state.type_of[v]])
        if len(others):
            break
    else:
        pytest.fail("no instance with trips the EV cannot serve")
    state.last_end[v], state.soc_km[v] = float(problem.trips.start_min[idx].min()), 0.0
    assert not starts_fresh(problem, state, idx)
    assert starts_fresh(problem, state, others.astype(np.int64))


def test_bike_km_on_the_block_days() -> None:
    for seed in range(40):
        problem = generate(seed, large=True).problem()
        state = FleetState.initial(problem, False)
        bikes = np.flatnonzero(np.isfinite(state.day_cap_km))
        if len(bikes):
            break
    else:
        pytest.fail("no instance with a daily-limited bike")
    v = int(bikes[0])
    idx = np.flatnonzero(problem.feasible[:, state.type_of[v]]).astype(np.int64)
    day = int(problem.trips.start_min[idx].min() // MINUTES_PER_DAY)
    state.day_km[(v, day - 1)] = 3.0
    assert starts_fresh(problem, state, idx)
    state.day_km[(v, day)] = 3.0
    assert not starts_fresh(problem, state, idx)


def test_a_finite_budget_is_not_fresh() -> None:
    problem, state, v, idx = _ev_block(1)
    state.budget_km[v] = 1e6
    assert not starts_fresh(problem, state, idx)


_BANNER_RACE = """
import threading
import highspy
import fleetplan.simulate.highs_model as hm

plain = highspy.Highs
calls = []
inside, second_in, first_done = (threading.Event() for _ in range(3))

def slow():
    calls.append(1)
    if len(calls) == 1:  # the first instance, made while fd 1 is on /dev/null:
        inside.set()  # it waits (2 s at most) for the second thread to get in
        second_in.wait(2.0)
    else:  # the second: back only once the first thread has restored fd 1
        second_in.set()
        first_done.wait(10.0)
    return plain()

def first_thread():
    hm.new_highs()
    first_done.set()

hm.highspy.Highs = slow
first = threading.Thread(target=first_thread)
first.start()
inside.wait()
second = threading.Thread(target=hm.new_highs)
second.start()
first.join()
second.join()
print("stdout kept")
"""


def test_two_threads_first_highs_keep_stdout() -> None:
    """Two blocks' threads making the process's first HiGHS at once leave fd 1 on
    the real stdout (not on the /dev/null that hides the banner)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _BANNER_RACE],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "stdout kept"
