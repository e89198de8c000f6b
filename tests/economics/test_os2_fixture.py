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
