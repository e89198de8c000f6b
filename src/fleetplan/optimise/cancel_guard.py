"""A count model whose ``solve`` polls no cancel token (the decomposed model's
rounds), run under one: a cancel returns control within ``ABANDON_AFTER_S``.

The solve runs in a helper thread (``CancelToken.call``); one left running after
a cancel makes the model ``abandoned``: its state is the running solve's, so every
later change is skipped and every later solve answers "cancelled". Other
attributes are the model's own.
"""

from __future__ import annotations

import math
from typing import Any

from fleetplan.optimise.milp import MilpSolution
from fleetplan.simulate.highs_cancel import CancelToken


class CancelGuard:
    """``model`` with ``MixModel``'s interface, its solves cancellable."""

    def __init__(self, model: Any, cancel: CancelToken) -> None:
        self._model = model
        self._cancel = cancel
        self.abandoned = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def _cancelled(self) -> MilpSolution:
        m = len(self._model.inst.classes)
        return MilpSolution(
            "cancelled", (0,) * m, math.inf, -math.inf, math.inf, math.inf, 0
        )

    def solve(self, time_limit_s: float) -> MilpSolution:
        if self.abandoned:
            return self._cancelled()
        done, sol = self._cancel.call(lambda: self._model.solve(time_limit_s))
        if not done or sol is None:
            self.abandoned = True
            return self._cancelled()
        return sol

    def set_weight(self, weight: float) -> None:
        if not self.abandoned:
            self._model.set_weight(weight)

    def set_co2e_cap(self, cap_kg: float | None) -> None:
        if not self.abandoned:
            self._model.set_co2e_cap(cap_kg)

    def mark(self) -> int:
        return 0 if self.abandoned else int(self._model.mark())

    def reset(self, mark: int) -> None:
        if not self.abandoned:
            self._model.reset(mark)

    def exclude(self, counts: tuple[int, ...]) -> None:
        if not self.abandoned:
            self._model.exclude(counts)

    def require_more(self, counts: tuple[int, ...]) -> None:
        if not self.abandoned:
            self._model.require_more(counts)
