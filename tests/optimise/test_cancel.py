"""Cancel interrupts the optimiser's running MILP solve, not only the loop."""

from __future__ import annotations

import threading
import time

from fleetplan.economics import get_builtin_factor_set
from fleetplan.ingest.neutral_format import read_dataset
from fleetplan.optimise import (
    Method,
    OptimiseParams,
    OptimiseStatus,
    build_instance,
    optimise_fleet,
)
from fleetplan.simulate import make_input
from tests.conftest import reference_path


def test_cancel_ends_a_long_solve_within_two_seconds() -> None:
    """synth_50v_60d's MILP proven to gap 0 takes over a minute; a cancel 1 s into
    it ends the run within 2 s, with status limit and the reason."""
    data = read_dataset(reference_path("synth_50v_60d"))
    inp = make_input(
        data, None, get_builtin_factor_set("os2-defaults"), with_candidates=True
    )
    params = OptimiseParams(
        max_unallocated=inp.settings.slack_unallocated_trips,
        max_undriven_km=inp.settings.max_undriven_km,
        target_gap=0.0,
        time_limit_s=300.0,
        method=Method.MILP,
    )
    inst = build_instance(inp, params)
    stop = threading.Event()
    asked: list[float] = []

    def progress(stage: str, _percent: float) -> None:
        if stage == "optimise.solving" and not asked:
            asked.append(time.monotonic() + 1.0)
            threading.Timer(1.0, stop.set).start()

    result = optimise_fleet(
        inp, params, should_stop=stop.is_set, on_progress=progress, instance=inst
    )
    ended = time.monotonic()
    assert asked and stop.is_set()
    assert ended - asked[0] <= 2.0
    assert result.status is OptimiseStatus.LIMIT
    assert result.messages
