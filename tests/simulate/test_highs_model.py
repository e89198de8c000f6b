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
    """Two threads (the optimiser's block LPs) making the process's first HiGHS
    at once leave fd 1 on the real stdout (not on the /dev/null that hides the
    banner)."""
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
