"""``fleetplan tco`` on the reference datasets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleetplan.cli import app
from tests.conftest import reference_path

runner = CliRunner()


def _expected_current(folder: Path) -> dict[str, dict[str, float]]:
    expected = json.loads((folder / "expected.json").read_text())
    return {
        str(r["vehicle_id"]): r
        for r in expected["vehicle_usage"]["current"]
        if r["vehicle_id"] is not None
    }


def test_tco_json_reproduces_os2_fixture() -> None:
    """os2-defaults + meta overrides: yearly km and total per vehicle within 0.1 %."""
    folder = reference_path("os2_fixture_298")
    result = runner.invoke(
        app, ["tco", "--data", str(folder), "--factors", "os2-defaults", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["factor_set"] == "os2-defaults"
    # 365 / 30.631377 days of data span
    assert payload["annualisation_factor"] == pytest.approx(11.915886, abs=1e-6)
    expected = _expected_current(folder)
    rows = {r["vehicle_id"]: r for r in payload["vehicles"]}
    assert set(rows) == set(expected)
    for vehicle_id, want in expected.items():
        got = rows[vehicle_id]
        assert got["yearly_km"] == pytest.approx(want["yearly_km"], rel=1e-3, abs=0.5)
        assert got["total_dkk_per_year"] == pytest.approx(
            want["yearly_total_cost_dkk"], rel=1e-3
        )
    assert rows["204"]["tco_dkk_per_km"] is None  # no km: per-km is undefined


def test_tco_table_lists_every_vehicle() -> None:
    folder = reference_path("synth_20v_30d")
    result = runner.invoke(app, ["tco", "--data", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("factor set dk-2025")
    assert "TCO kr/km" in lines[1] and "LCA kg/km" in lines[1]
    assert len(lines) == 2 + 20 + 1  # header lines, 20 current vehicles, fleet total


def test_tco_period_option_changes_the_km() -> None:
    """Only roundtrips that start in the given window count."""
    folder = reference_path("os2_fixture_298")
    args = ["tco", "--data", str(folder), "--json", "--ignore-meta-factors"]
    whole = json.loads(runner.invoke(app, args).output)
    part = json.loads(
        runner.invoke(
            app,
            [*args, "--start", "2022-03-01T00:00:00", "--end", "2022-03-08T00:00:00"],
        ).output
    )
    assert part["annualisation_factor"] == pytest.approx(365 / 7)
    km_whole = sum(r["period_km"] for r in whole["vehicles"])
    km_part = sum(r["period_km"] for r in part["vehicles"])
    assert 0 < km_part < km_whole == pytest.approx(3_505.216, abs=0.01)


def test_unknown_factor_set_is_a_clear_error() -> None:
    folder = reference_path("os2_fixture_298")
    result = runner.invoke(app, ["tco", "--data", str(folder), "--factors", "xx"])
    assert result.exit_code == 2
    assert "unknown factor set 'xx'" in result.output
    assert "dk-2025" in result.output


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tco", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "Error" in result.output


def test_tco_from_database_uses_stored_factor_set(tmp_path: Path) -> None:
    """--db: the stored dataset, and a stored factor set wins over the built-in one.
    With the electricity price doubled (4.26 kr/kWh) vehicle 209's energy cost is
    2 × 5,742.4 = 11,484.9 kr/yr."""
    from fleetplan.domain import FactorKey
    from fleetplan.economics import get_builtin_factor_set
    from fleetplan.ingest import read_dataset
    from fleetplan.store import (
        create_engine_for,
        save_dataset,
        save_factor_set,
        upgrade_database,
    )

    url = f"sqlite:///{tmp_path / 'fleet.db'}"
    engine = create_engine_for(url)
    upgrade_database(engine)
    save_dataset(engine, read_dataset(reference_path("os2_fixture_298")))
    doubled = get_builtin_factor_set("os2-defaults").with_values(
        {FactorKey.PRICE_ELECTRIC_DKK_PER_KWH: 4.26}, "test"
    )
    save_factor_set(engine, doubled)
    engine.dispose()
    args = ["tco", "--db", url, "--factors", "os2-defaults", "--json"]
    result = runner.invoke(app, [*args, "--ignore-meta-factors"])
    assert result.exit_code == 0, result.output
    rows = {r["vehicle_id"]: r for r in json.loads(result.output)["vehicles"]}
    assert rows["209"]["energy_dkk_per_year"] == pytest.approx(11_484.9, abs=0.5)


def test_data_or_db_exactly_one() -> None:
    result = runner.invoke(app, ["tco"])
    assert result.exit_code == 2
    assert "exactly one of --data DIR and --db URL" in result.output


def test_factors_lists_and_shows_sets() -> None:
    listing = runner.invoke(app, ["factors"])
    assert listing.exit_code == 0
    assert listing.output.startswith("dk-2025 (default):")
    assert "os2-defaults:" in listing.output
    shown = runner.invoke(app, ["factors", "os2-defaults"])
    assert shown.exit_code == 0
    assert "price.electric_dkk_per_kwh" in shown.output
    assert "OS2FleetOptimiser simulation_settings defaults" in shown.output
    as_json = json.loads(runner.invoke(app, ["factors", "dk-2025", "--json"]).output)
    assert as_json["values"]["price.petrol_dkk_per_l"]["value"] == 13.60
    missing = runner.invoke(app, ["factors", "nope"])
    assert missing.exit_code == 2
