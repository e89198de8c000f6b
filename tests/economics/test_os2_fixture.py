"""os2-defaults reproduces OS2 FleetOptimiser's current-fleet figures (0.1 %)."""

from __future__ import annotations

import json

import pytest

from fleetplan.economics import annualisation_factor, get_builtin_factor_set, tco
from fleetplan.ingest import factor_overrides_from_meta, read_dataset
from tests.conftest import reference_path

FIELDS = (
    ("yearly_km", "yearly_km"),
    ("yearly_energy_cost_dkk", "energy_dkk_per_year"),
    ("yearly_co2e_kg", "co2e_kg_per_year"),
    ("yearly_societal_co2e_cost_dkk", "societal_co2e_dkk_per_year"),
    ("yearly_total_cost_dkk", "total_dkk_per_year"),
)


def test_current_fleet_yearly_figures() -> None:
    """Per vehicle: km = Σ of its roundtrips, × 365 / 30.6314 (data span); then the
    one-year OS2 method. Every figure within 0.1 % (or 0.5 for rounded zeros)."""
    folder = reference_path("os2_fixture_298")
    data = read_dataset(folder)
    factors = get_builtin_factor_set("os2-defaults").with_values(
        factor_overrides_from_meta(data.meta), "os2_fixture_298 meta.json"
    )
    span = data.data_span()
    assert span is not None
    to_year = annualisation_factor(span, span, factors)
    expected = json.loads((folder / "expected.json").read_text())
    rows = [r for r in expected["vehicle_usage"]["current"] if r["vehicle_id"]]
    assert len(rows) == 6
    for row in rows:
        vehicle = data.vehicle(str(row["vehicle_id"]))
        km = sum(
            r.distance_km for r in data.roundtrips if r.vehicle_id == vehicle.vehicle_id
        )
        result = tco(vehicle, km * to_year, factors)
        for expected_key, attr in FIELDS:
            want = row[expected_key]
            got = getattr(result, attr)
            assert got == pytest.approx(want, rel=1e-3, abs=0.5), (
                vehicle.vehicle_id,
                expected_key,
            )


def test_simulated_fleet_figures_from_stored_assignment() -> None:
    """The stored greedy assignment (expected_assignment.csv) priced with
    os2-defaults gives the stored simulated-fleet figures per vehicle instance, and
    the stored savings: current 223,501 − simulated 222,936 = 565 kr/yr and
    0.023 t CO2e/yr (every figure within 0.1 %, savings within 1 kr / 1 kg)."""
    import csv

    folder = reference_path("os2_fixture_298")
    data = read_dataset(folder)
    factors = get_builtin_factor_set("os2-defaults").with_values(
        factor_overrides_from_meta(data.meta), "os2_fixture_298 meta.json"
    )
    span = data.data_span()
    assert span is not None
    to_year = annualisation_factor(span, span, factors)
    km_of_trip = {r.roundtrip_id: r.distance_km for r in data.roundtrips}
    instance_km: dict[tuple[str, int], float] = {}
    with (folder / "expected_assignment.csv").open() as handle:
        for row in csv.DictReader(handle):
            key = (row["simulated_vehicle_id"], int(row["simulated_vehicle_instance"]))
            instance_km[key] = (
                instance_km.get(key, 0.0) + km_of_trip[row["roundtrip_id"]]
            )
    expected = json.loads((folder / "expected.json").read_text())
    fleet = expected["request"]["simulation_vehicles"]
    instances = [
        (str(v["id"]), i) for v in fleet for i in range(1, v["simulation_count"] + 1)
    ]
    simulated = [
        tco(data.vehicle(vid), instance_km.get((vid, i), 0.0) * to_year, factors)
        for vid, i in instances
    ]
    stored = [r for r in expected["vehicle_usage"]["simulation"] if r["wltp"] != 20]
    # stored rows are in the same model order, busiest instance first per model
    assert len(stored) == len(simulated) == 6
    for want, got in zip(stored, simulated, strict=True):
        assert got.yearly_km == pytest.approx(want["yearly_km"], rel=1e-3, abs=0.5)
        assert got.total_dkk_per_year == pytest.approx(
            want["yearly_total_cost_dkk"], rel=1e-3
        )
        assert got.co2e_kg_per_year == pytest.approx(
            want["yearly_co2e_kg"], rel=1e-3, abs=0.5
        )
    current = [
        tco(
            vehicle,
            to_year
            * sum(
                r.distance_km
                for r in data.roundtrips
                if r.vehicle_id == vehicle.vehicle_id
            ),
            factors,
        )
        for vehicle in data.current_vehicles
    ]
    totals = expected["totals"]
    saving_dkk = sum(r.total_dkk_per_year for r in current) - sum(
        r.total_dkk_per_year for r in simulated
    )
    saving_t = (
        sum(r.co2e_kg_per_year for r in current)
        - sum(r.co2e_kg_per_year for r in simulated)
    ) / 1000
    assert saving_dkk == pytest.approx(
        totals["financial_savings_dkk_per_year"], abs=1.0
    )
    assert saving_t == pytest.approx(totals["co2e_savings_t_per_year"], abs=0.001)
