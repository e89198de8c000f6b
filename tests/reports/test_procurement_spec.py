"""Kravspecifikation: a hand-checked fleet of three vehicles (winter range,
home of a catalogue copy, the location's worst charging day), and on the demo
the PDF lists the scenario's counts and longest days."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from fleetplan.domain import (
    Dataset,
    Fuel,
    Location,
    Scenario,
    ScenarioKind,
    Vehicle,
    VehicleCategory,
    VehicleType,
)
from fleetplan.economics import get_builtin_factor_set
from fleetplan.reports import Labels, ReportFormat, ReportKind, council_report
from fleetplan.reports.procurement_data import procurement_data
from tests.reports.conftest import pdf_text

FACTORS = get_builtin_factor_set("dk-2025")  # lowest monthly range factor 0.80

VAN_EV = Vehicle(
    "ev-van",
    VehicleType.EV,
    Fuel.ELECTRIC,
    make="Ford",
    model="E-Transit Custom",
    range_km=337.0,
    wltp_wh_per_km=200.0,
    charge_kw=11.0,
    seats=3,
    cargo_m3=5.8,
    category=VehicleCategory.VAN,
    is_candidate=True,
)
OLD_VAN = Vehicle(
    "old-van",
    VehicleType.ICE,
    Fuel.DIESEL,
    make="VW",
    model="Transporter",
    wltp_km_per_l=14.0,
    location_id="L1",
    seats=3,
    cargo_m3=5.8,
    category=VehicleCategory.VAN,
)
CAR = Vehicle(
    "car",
    VehicleType.EV,
    Fuel.ELECTRIC,
    make="VW",
    model="ID.3",
    range_km=420.0,
    wltp_wh_per_km=150.0,
    charge_kw=11.0,
    seats=5,
    location_id="L2",
)
DATASET = Dataset(
    (Location("L1", name="Rådhuset"), Location("L2", name="Vejpladsen")),
    (VAN_EV, OLD_VAN, CAR),
)


def _trip(day: str, km: float, today: str, simulated: str) -> dict[str, Any]:
    return {
        "start": f"2026-05-{day}T08:00:00",
        "distance_km": km,
        "current_vehicle_id": today,
        "simulated_vehicle_id": simulated,
    }


def _scenario() -> Scenario:
    """Two copies of the catalogue van and the car. Copy #1 drives the old van's
    trips from L1: 100 + 20 km on the 4th, 60 km on the 5th; the car drives
    80 km on the 4th from L2; copy #2 drives nothing."""
    book = [
        _trip("04", 100.0, "old-van", "ev-van#1"),
        _trip("04", 20.0, "old-van", "ev-van#1"),
        _trip("05", 60.0, "old-van", "ev-van#1"),
        _trip("04", 80.0, "car", "car"),
    ]
    vehicles = [
        {"vehicle_id": "ev-van#1", "km_per_year": 21_900.0, "energy_per_year": 4_380.0},
        {"vehicle_id": "ev-van#2", "km_per_year": 0.0, "energy_per_year": 0.0},
        {"vehicle_id": "car", "km_per_year": 9_733.0, "energy_per_year": 1_460.0},
    ]
    results = {
        "period": {"start": "2026-05-04T00:00:00", "end": "2026-05-07T00:00:00"},
        "simulated": {"vehicles": vehicles},
        "driving_book": book,
    }
    return Scenario("Elvarebiler", ScenarioKind.SIMULATION, "dk-2025", {}, results)


def test_groups_winter_range_by_hand() -> None:
    """The vans' longest day is 120 km: the winter range must be 120 km and
    the WLTP range 120 / 0.80 = 150 km; the model gives 337 × 0.80 = 269.6 km."""
    data = procurement_data(_scenario(), DATASET, FACTORS)
    assert data.winter_factor == 0.80 and data.winter_month == 1
    van = next(g for g in data.groups if g.model == "Ford E-Transit Custom")
    assert (van.count, van.new, van.category) == (2, 2, "van")
    assert van.max_day_km == pytest.approx(120.0)
    assert data.required_wltp_km(van) == pytest.approx(150.0)
    assert data.winter_range_km(van) == pytest.approx(269.6)
    assert van.km_per_year == pytest.approx(21_900.0)


def test_charging_per_home_location_by_hand() -> None:
    """Copy #1 drives the old van's trips, so it lives at L1 (Rådhuset): its
    worst day is 120 km × 0.200 kWh/km ÷ 0.80 = 30 kWh, 30 / 11 kW = 2.73 h.
    The car at L2: 80 × 0.150 ÷ 0.80 = 15 kWh. Copy #2 has no home."""
    data = procurement_data(_scenario(), DATASET, FACTORS)
    by_name = {loc.location: loc for loc in data.locations}
    assert set(by_name) == {"Rådhuset", "Vejpladsen", None}
    town_hall = by_name["Rådhuset"]
    assert town_hall.evs == 1
    assert town_hall.worst_day_kwh == pytest.approx(30.0)
    assert town_hall.hours == pytest.approx(30.0 / 11.0)
    assert town_hall.energy_kwh_per_year == pytest.approx(4_380.0)
    assert by_name["Vejpladsen"].worst_day_kwh == pytest.approx(15.0)
    assert by_name[None].evs == 1 and by_name[None].worst_day_kwh == 0.0


def test_pdf_shows_the_requirements_and_the_policy(tmp_path: Path) -> None:
    pdf = council_report(
        ReportKind.PROCUREMENT,
        ReportFormat.PDF,
        "da",
        DATASET,
        options=[(_scenario(), "simulated")],
    )
    text = pdf_text(pdf.content, tmp_path)
    labels = Labels("da")
    assert labels("council.proc.title") in text
    # the outfitting, written the Danish way (the cell may wrap before "m³")
    assert "lastrum 5,8" in text and "5.8" not in text
    row = next(line for line in text.splitlines() if "E-Transit Custom" in line)
    # longest day 120, winter range 120, WLTP 150, the model's winter range 270
    assert all(n in row.split() for n in ("120", "150", "270"))
    assert "Klimakrav fra indkøbspolitikken" in text
    assert "klimavurdering" in text  # requirement 1: a climate assessment


def test_demo_spec_counts_and_longest_days(demo, scenarios, tmp_path: Path) -> None:
    _, green = scenarios
    options = [(green, "simulated")]
    xlsx = council_report(
        ReportKind.PROCUREMENT, ReportFormat.XLSX, "da", demo, options=options
    )
    labels = Labels("da")
    sheet = load_workbook(io.BytesIO(xlsx.content))[labels("council.proc.groups_sheet")]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sum(r[2] for r in rows) == len(green.results["simulated"]["vehicles"])
    # the longest day of each model, from the driving book apart from the report
    day_km: dict[tuple[str, str], float] = defaultdict(float)
    for entry in green.results["driving_book"]:
        if entry["simulated_vehicle_id"]:
            day_km[(entry["simulated_vehicle_id"], entry["start"][:10])] += entry[
                "distance_km"
            ]
    names = {v.vehicle_id: v.name for v in demo.vehicles}
    longest: dict[str, float] = defaultdict(float)
    for (vid, _), km in day_km.items():
        model = names[vid.split("#")[0]]
        longest[model] = max(longest[model], km)
    for row in rows:
        assert row[7] == round(longest[row[1]]), row[1]
    pdf = council_report(
        ReportKind.PROCUREMENT, ReportFormat.PDF, "da", demo, options=options
    )
    text = pdf_text(pdf.content, tmp_path)
    new = sum(r[3] for r in rows)
    total = sum(r[2] for r in rows)
    assert labels("council.proc.counts", total=total, new=new) in text
