"""Job kinds that need only a dataset (more kinds are added by simulate/optimise).

A kind is a factory: it checks the request's parameters and returns the job
function the runner runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from fleetplan.domain import Dataset
from fleetplan.jobs.runner import JobCancelled, JobContext, JobFunction


def dataset_summary_kind(
    load_dataset: Callable[[], Dataset],
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``dataset.summary``: km and roundtrips per vehicle, in vehicle-id order.

    Reports progress per vehicle and stops when cancelled.
    """

    def factory(params: Mapping[str, Any]) -> JobFunction:
        if params:
            raise ValueError(
                f"dataset.summary takes no parameters, got {sorted(params)}."
            )

        def run(ctx: JobContext) -> dict[str, Any]:
            ctx.on_progress("job.loading", 0.0)
            data = load_dataset()
            km: dict[str, float] = defaultdict(float)
            trips: dict[str, int] = defaultdict(int)
            for r in data.roundtrips:
                km[r.vehicle_id] += r.distance_km
                trips[r.vehicle_id] += 1
            ids = sorted(v.vehicle_id for v in data.current_vehicles)
            rows = []
            for index, vehicle_id in enumerate(ids, start=1):
                if ctx.should_stop():
                    raise JobCancelled
                rows.append(
                    {
                        "vehicle_id": vehicle_id,
                        "roundtrips": trips[vehicle_id],
                        "distance_km": round(km[vehicle_id], 3),
                    }
                )
                ctx.on_progress("job.summarising", 100.0 * index / len(ids))
            return {
                "vehicles": rows,
                "total_km": round(sum(km[i] for i in ids), 3),
                "roundtrips": sum(trips[i] for i in ids),
            }

        return run

    return factory
