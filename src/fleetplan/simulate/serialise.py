"""A simulation report as plain JSON-able data (CLI ``--json``, stored scenarios)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fleetplan.simulate.results import FleetFigures
from fleetplan.simulate.simulation import SimulationReport


def fleet_to_dict(fleet: FleetFigures) -> dict[str, Any]:
    return {
        "total_cost_dkk": fleet.total_cost_dkk,
        "fixed_cost_dkk": fleet.fixed_cost_dkk,
        "energy_cost_dkk": fleet.energy_cost_dkk,
        "societal_co2_cost_dkk": fleet.societal_co2_cost_dkk,
        "external_cost_dkk": fleet.external_cost_dkk,
        "external_cost_by_kind_dkk": dict(fleet.external_cost_by_kind_dkk),
        "external_km_by_kind": dict(fleet.external_km_by_kind),
        "co2e_t": fleet.co2e_t,
        "unallocated": fleet.unallocated,
        "unserved": fleet.unserved,
        "vehicles": [asdict(v) for v in fleet.vehicles],
    }


def report_to_dict(report: SimulationReport, *, book: bool = False) -> dict[str, Any]:
    """Summary, both sides' yearly figures, unallocated trips and histograms; the
    driving book only when ``book`` is set (it has one row per trip)."""
    result = report.allocation
    out: dict[str, Any] = {
        "trips": report.problem.num_trips,
        "roundtrips": sum(len(r) for r in report.problem.trips.roundtrip_ids),
        "unallocated": result.num_unallocated,
        "status": str(result.status),
        "method": str(result.method),
        "objective_dkk": result.objective_dkk,
        "bound_dkk": result.lower_bound_dkk,
        "gap": result.gap,
        "seconds": result.runtime_s,
        "components": result.components,
        "energy_repairs": result.energy_repairs,
        "messages": list(result.messages),
        "period": {
            "start": report.problem.period.start.isoformat(),
            "end": report.problem.period.end.isoformat(),
        },
        "current": fleet_to_dict(report.current),
        "simulated": fleet_to_dict(report.simulated),
        "unallocated_per_day": report.unallocated_per_day,
        "unallocated_reasons": report.unallocated_reasons,
        "histograms": report.histograms,
    }
    if book:
        out["driving_book"] = [
            {
                "trip_id": e.trip_id,
                "roundtrip_ids": list(e.roundtrip_ids),
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "distance_km": e.distance_km,
                "current_vehicle_id": e.current_vehicle_id,
                "simulated_vehicle_id": e.simulated_vehicle_id,
                "external_kind": e.external_kind,
            }
            for e in report.driving_book
        ]
    return out
