"""Job kinds that need only a dataset (more kinds are added by simulate/optimise).

A kind is a factory: it checks the request's parameters and returns the job
function the runner runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from fleetplan.domain import Dataset, Period
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.jobs.runner import JobCancelled, JobContext, JobFunction
from fleetplan.simulate import make_input
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.serialise import report_to_dict
from fleetplan.simulate.simulation import simulate


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


def _period_param(params: Mapping[str, Any]) -> Period | None:
    start, end = params.get("start"), params.get("end")
    if start is None and end is None:
        return None
    if not (isinstance(start, str) and isinstance(end, str)):
        raise ValueError("give both start and end as ISO dates (YYYY-MM-DD).")
    try:
        first = datetime.fromisoformat(start)
        last = datetime.fromisoformat(end)
    except ValueError as exc:
        raise ValueError(f"start/end must be ISO dates: {exc}.") from exc
    if len(end.strip()) <= 10:
        last += timedelta(days=1)  # a date-only end includes that day
    if last <= first:
        raise ValueError(f"end ({end}) must be after start ({start}).")
    return Period(first, last)


def simulation_kind(
    load_dataset: Callable[[], Dataset],
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``simulate.current``: the current fleet on the period's trips (exact).

    Parameters (all optional): ``start``/``end`` (ISO dates), ``locations`` (ids),
    ``factors`` (a built-in factor set name), ``time_limit_s``, ``limit_km``
    (enforce each vehicle's allowed km/year; off by default, as in the CLI, because
    a fleet that already drives over its allowances would show those trips as
    unallocated rather than the allocation question asked). The result is
    ``report_to_dict`` of the simulation report.
    """

    def factory(params: Mapping[str, Any]) -> JobFunction:
        known = {"start", "end", "locations", "factors", "time_limit_s", "limit_km"}
        unknown = set(params) - known
        if unknown:
            raise ValueError(f"unknown parameters: {sorted(unknown)}.")
        period = _period_param(params)
        locations = params.get("locations")
        if locations is not None and not (
            isinstance(locations, list) and all(isinstance(x, str) for x in locations)
        ):
            raise ValueError("locations must be a list of location ids.")
        try:
            factors = get_builtin_factor_set(
                str(params.get("factors", DEFAULT_FACTOR_SET_NAME))
            )
        except KeyError as exc:
            raise ValueError(str(exc)) from exc
        time_limit_s = float(params.get("time_limit_s", 60.0))
        allocation = AllocationParams(
            time_limit_s=time_limit_s, limit_km=bool(params.get("limit_km", False))
        )

        def run(ctx: JobContext) -> dict[str, Any]:
            ctx.on_progress("job.loading", 0.0)
            data = load_dataset()
            inp = make_input(data, None, factors, period=period, locations=locations)
            report = simulate(
                inp,
                allocation,
                should_stop=ctx.should_stop,
                on_progress=ctx.on_progress,
            )
            return report_to_dict(report)

        return run

    return factory
