"""The demo municipality and two scenarios simulated on it: three May days with
today's fleet, and the same days with every fossil vehicle replaced by a
catalogue EV of its body (a fossil-free option). Built once per session."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from fleetplan.demo import build_demo_dataset
from fleetplan.domain import Dataset, Period, Scenario, ScenarioKind, category_of
from fleetplan.economics import get_builtin_factor_set
from fleetplan.simulate import FleetEntry, make_input
from fleetplan.simulate.input_report import input_report
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.serialise import report_to_dict
from fleetplan.simulate.simulation import simulate

PERIOD = Period(datetime(2026, 5, 4), datetime(2026, 5, 7))
# the demo catalogue's EVs by body: MG4 (car), E-Transit Custom (van), Proace
# Verso (minibus) and the Proace with a lift
EV_FOR = {"car": "125", "van": "131", "minibus": "133"}
EV_WITH_LIFT = "134"


@pytest.fixture(scope="session")
def demo() -> Dataset:
    return build_demo_dataset()


def _run(dataset: Dataset, entries: list[FleetEntry] | None) -> dict[str, Any]:
    factors = get_builtin_factor_set("dk-2025")
    inp = make_input(dataset, entries, factors, period=PERIOD)
    report = simulate(inp, AllocationParams(time_limit_s=20.0))
    return {**report_to_dict(report, book=True), **input_report(inp)}


def fossil_free_fleet(dataset: Dataset) -> list[FleetEntry]:
    by_id = {v.vehicle_id: v for v in dataset.vehicles}
    entries = []
    for vehicle in dataset.current_vehicles:
        if vehicle.is_candidate:
            continue
        if vehicle.is_fossil:
            choice = EV_WITH_LIFT if vehicle.wheelchair_lift else None
            choice = choice or EV_FOR.get(str(category_of(vehicle)), "125")
            entries.append(FleetEntry(by_id[choice], 1, vehicle.location_id))
        else:
            entries.append(FleetEntry(vehicle, 1, vehicle.location_id))
    return entries


@pytest.fixture(scope="session")
def scenarios(demo: Dataset) -> tuple[Scenario, Scenario]:
    today = _run(demo, None)
    green = _run(demo, fossil_free_fleet(demo))
    return (
        Scenario("Flåden i dag", ScenarioKind.SIMULATION, "dk-2025", {}, today),
        Scenario("Fossilfri flåde", ScenarioKind.SIMULATION, "dk-2025", {}, green),
    )


def pdf_text(content: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it (layout kept)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout
