"""A whole simulation: problem, allocation, yearly figures and the driving book."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from fleetplan.domain import Vehicle
from fleetplan.simulate.engine import OnProgress, ShouldStop, allocate
from fleetplan.simulate.from_dataset import (
    SimulationInput,
    co2e_value_dkk_per_kg,
    external_option,
    problem_from_input,
)
from fleetplan.simulate.problem import AllocationProblem, ProblemParams
from fleetplan.simulate.result import AllocationParams, AllocationResult
from fleetplan.simulate.results import ExternalTrip, FleetFigures, fleet_figures

HISTOGRAM_BINS = 20
Span = tuple[datetime, datetime, float]


@dataclass(frozen=True, slots=True)
class BookEntry:
    """One trip of the driving book: who drove it, who would in the simulation."""

    trip_id: str
    roundtrip_ids: tuple[str, ...]
    start: datetime
    end: datetime
    distance_km: float
    current_vehicle_id: str
    simulated_vehicle_id: str | None
    external_kind: str | None


@dataclass(frozen=True, slots=True)
class SimulationReport:
    problem: AllocationProblem
    allocation: AllocationResult
    current: FleetFigures
    simulated: FleetFigures
    driving_book: tuple[BookEntry, ...]
    unallocated_per_day: dict[str, int]
    unallocated_reasons: dict[str, int]
    histograms: dict[str, dict[str, list[float]]]


def _histograms(
    labels: list[str], distance_km: np.ndarray
) -> dict[str, dict[str, list[float]]]:
    """20 equal bins from 0 to the longest trip, per label (vehicle type)."""
    top = float(distance_km.max()) if len(distance_km) else 1.0
    edges = np.linspace(0.0, max(top, 1e-9), HISTOGRAM_BINS + 1)
    out = {}
    for label in sorted(set(labels)):
        mask = np.array([lab == label for lab in labels])
        counts, _ = np.histogram(distance_km[mask], bins=edges)
        out[label] = {"edges_km": edges.tolist(), "counts": counts.tolist()}
    return out


def _today(
    inp: SimulationInput, problem: AllocationProblem, drivers: dict[str, Vehicle]
) -> tuple[list[tuple[str, Vehicle]], dict[str, list[Span]], list[ExternalTrip]]:
    """Today's side of the report: today's fleet (of the selected locations, and
    any other vehicle of today's fleet that drove a selected trip) with the
    roundtrips it drove. A trip driven by a vehicle deactivated since
    (``inp.retired``) costs its external option, as in the optimiser's today."""
    chosen = set(inp.locations) if inp.locations else None
    vehicles = [
        (v.vehicle_id, v)
        for v in inp.dataset.current_vehicles
        if (chosen is None or v.location_id in chosen)
        and v.vehicle_id not in inp.retired
    ]
    spans: dict[str, list[Span]] = {}
    external: list[ExternalTrip] = []
    value = co2e_value_dkk_per_kg(inp)
    rt_ids = {r for group in problem.trips.roundtrip_ids for r in group}
    for r in inp.dataset.roundtrips:
        if r.roundtrip_id not in rt_ids:
            continue
        span = (r.start_time, r.end_time, r.distance_km)
        if r.vehicle_id in inp.retired:
            driver = drivers.get(r.vehicle_id)
            option = external_option(inp, r.distance_km, *span[:2], driver, value)
            external.append((r.distance_km, option))
        else:
            spans.setdefault(r.vehicle_id, []).append(span)
    known = {vid for vid, _ in vehicles}
    for vid in sorted(set(spans) - known):
        if vid in drivers:
            vehicles.append((vid, drivers[vid]))
    return vehicles, spans, external


def simulate(
    inp: SimulationInput,
    params: AllocationParams | None = None,
    problem_params: ProblemParams | None = None,
    *,
    should_stop: ShouldStop | None = None,
    on_progress: OnProgress | None = None,
    allocator: Callable[..., AllocationResult] = allocate,
) -> SimulationReport:
    """Build the problem, allocate, and compute both sides' yearly figures."""
    problem = problem_from_input(inp, problem_params)
    result = allocator(
        problem, params, should_stop=should_stop, on_progress=on_progress
    )
    return build_report(inp, problem, result)


def build_report(
    inp: SimulationInput, problem: AllocationProblem, result: AllocationResult
) -> SimulationReport:
    """Yearly figures of both sides, the driving book and unallocated trips."""
    trips = problem.trips
    fleet: list[tuple[str, Vehicle]] = [
        (fv.vehicle_id, fv.template) for t in problem.types for fv in t.vehicles
    ]
    sim_spans: dict[str, list[Span]] = {}
    unallocated: list[ExternalTrip] = []
    drivers = {v.vehicle_id: v for v in inp.dataset.vehicles}
    value = co2e_value_dkk_per_kg(inp)
    book = []
    reasons: Counter[str] = Counter()
    per_day: Counter[str] = Counter()
    labels = []
    for i, tid in enumerate(trips.trip_ids):
        span = (trips.start_times[i], trips.end_times[i], float(trips.distance_km[i]))
        v = int(result.vehicle_index[i])
        kind = None
        if v >= 0:
            vid = result.vehicle_ids[v]
            sim_spans.setdefault(vid, []).append(span)
            labels.append(str(fleet[v][1].vehicle_type))
        else:
            vid = None
            driver = drivers.get(trips.current_vehicle_ids[i])
            option = external_option(inp, span[2], span[0], span[1], driver, value)
            unallocated.append((span[2], option))
            kind = option.kind if option is not None else "none"
            labels.append(f"external:{kind}")
            per_day[span[0].date().isoformat()] += 1
            if option is None:
                reasons["no_external_option"] += 1
            elif not problem.feasible[i].any():
                reasons["no_suitable_vehicle"] += 1
            else:
                reasons["no_free_vehicle"] += 1
        book.append(
            BookEntry(
                tid,
                trips.roundtrip_ids[i],
                span[0],
                span[1],
                span[2],
                trips.current_vehicle_ids[i],
                vid,
                kind,
            )
        )
    current_vehicles, current_spans, retired_trips = _today(inp, problem, drivers)
    return SimulationReport(
        problem=problem,
        allocation=result,
        current=fleet_figures(inp, current_vehicles, current_spans, retired_trips),
        simulated=fleet_figures(inp, fleet, sim_spans, unallocated),
        driving_book=tuple(book),
        unallocated_per_day=dict(sorted(per_day.items())),
        unallocated_reasons=dict(reasons),
        histograms=_histograms(labels, trips.distance_km),
    )
