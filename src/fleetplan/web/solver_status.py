"""A solver's status in plain words for the result pages.

The engines report ``optimal`` (within the target gap), ``limit`` (stopped by the
time limit or a cancel, with the gap between the plan and the lower bound) or
``infeasible``. A planner reads how far the plan can be from the best one:
"bevist optimal" only when the gap is nil, else "højst 0,45 % fra det bedste".
"""

from __future__ import annotations

from fleetplan.texts.numbers import format_number
from fleetplan.web.translate import translate

# Below this the plan and the lower bound agree up to rounding: proven optimal.
PROVEN_GAP = 1e-6


def status_text(status: str, gap: float | None, language: str) -> str:
    """``status`` with its ``gap`` (a share, 0.0045 = 0.45 %) as a sentence part."""
    if status == "infeasible":
        return translate(language, "solver.infeasible")
    if gap is None:
        key = "solver.optimal" if status == "optimal" else "solver.limit_unknown"
        return translate(language, key)
    percent = format_number(100.0 * max(gap, 0.0), 2, language)
    if status == "optimal":
        if gap <= PROVEN_GAP:
            return translate(language, "solver.optimal")
        return translate(language, "solver.within", gap=percent)
    if status == "limit":
        return translate(language, "solver.limit", gap=percent)
    raise ValueError(f"unknown solver status {status!r}.")
