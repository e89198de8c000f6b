"""The transition plan's MILP against the rule (issue 20, item 1).

Sizes: the reference sets ``synth_20v_30d``, ``synth_50v_60d``, ``synth_100v_90d``
and the demo municipality (``demo``, 62 fossil vehicles, 11 EV candidates,
2026-2035). Timed: building and solving the MILP (``optimise.transition_plan``)
from the selection, the factor set and the rule's plan; baseline: the rule's
whole transition report. The line carries the MILP's status, proven gap, total,
the rule's total priced by the same cost function and the saving.

``python -m benchmarks transition_plan --size demo`` or
``python -m benchmarks.transition_plan_bench`` (the demo, one JSON line).
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.registry import BenchCase, register
from fleetplan.analytics.report_service import PlanSettings, transition_report
from fleetplan.analytics.selection import Selection, factor_set_for, select
from fleetplan.analytics.transition import TransitionPlan
from fleetplan.demo import build_demo_dataset
from fleetplan.domain import Dataset, FactorSet
from fleetplan.ingest import read_dataset
from fleetplan.optimise.transition_plan import run_plan

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
TODAY = date(2026, 12, 7)
SIZES = ("synth_20v_30d", "synth_50v_60d", "synth_100v_90d", "demo")


@dataclass(frozen=True, slots=True)
class PlanInputs:
    data: Dataset
    sel: Selection
    factors: FactorSet
    rule: TransitionPlan


def setup(size: str) -> PlanInputs:
    data = build_demo_dataset() if size == "demo" else read_dataset(REFERENCE / size)
    rule = transition_report(data, today=TODAY).plan
    return PlanInputs(data, select(data), factor_set_for(data), rule)


def run(inputs: PlanInputs) -> dict[str, Any]:
    out = run_plan(inputs.sel, inputs.factors, TODAY, PlanSettings(), inputs.rule)
    sol = out.solution
    total = sol.cost.total_dkk if sol.cost else None
    rule = out.rule_cost.total_dkk if out.rule_cost else None
    return {
        "status": sol.status,
        "gap": round(sol.gap, 6),
        "solve_s": round(sol.runtime_s, 3),
        "fossil_vehicles": len(out.instance.vehicles),
        "years": f"{out.instance.years[0]}-{out.instance.years[-1]}",
        "milp_total_dkk": round(total, 2) if total is not None else None,
        "rule_total_dkk": round(rule, 2) if rule is not None else None,
        "rule_feasible": out.rule_cost.feasible if out.rule_cost else None,
        "saving_vs_rule": round(1.0 - total / rule, 4) if total and rule else 0.0,
    }


def baseline(inputs: PlanInputs) -> Any:
    return transition_report(inputs.data, today=TODAY)


register(
    BenchCase(
        name="transition_plan",
        group="plan",
        sizes=SIZES,
        setup=setup,
        run=run,
        baseline=baseline,
        default_sizes=("demo",),
    )
)


def main() -> None:
    """One JSON line for the demo: the median of 3 runs and the figures."""
    inputs = setup("demo")
    times = []
    figures: dict[str, Any] = {}
    for _ in range(3):
        began = time.perf_counter()
        figures = run(inputs)
        times.append(time.perf_counter() - began)
    line = {
        "case": "transition_plan",
        "size": "demo",
        "median_s": round(statistics.median(times), 3),
        "runs": len(times),
        **figures,
        "machine": f"{platform.machine()} {platform.python_version()}",
    }
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
