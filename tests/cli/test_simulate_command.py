"""``fleetplan simulate`` end to end on the reference datasets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleetplan.cli import app
from tests.conftest import reference_path

runner = CliRunner()


def _run(*args: str) -> dict:
    result = runner.invoke(app, ["simulate", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_os2_fixture_current_fleet_matches_expected(tmp_path: Path) -> None:
    """The current side reproduces expected.json's per-vehicle yearly figures within
    0.1 % (e.g. vehicle 209: 1,426.06 km in 30.6314 days = 16,993 km/yr; × 0.165 kWh
    × 2.13 kr ÷ 1.04 = 5,742.4 kr; × 0.165 × 0.089 = 249.5 kg; × 1.5 kr/kg ÷ 1.04 =
    359.9 kr)."""
    folder = reference_path("os2_fixture_298")
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("vehicle_id,count\n204,3\n235,2\n240,1\n", encoding="utf-8")
    out = _run(
        "--data",
        str(folder),
        "--fleet",
        str(fleet),
        "--start",
        "2022-03-01T07:33:59",
        "--end",
        "2022-03-31T22:43:10",
        "--factors",
        "os2-defaults",
    )
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    ours = {v["vehicle_id"]: v for v in out["current"]["vehicles"]}
    checked = 0
    for row in expected["vehicle_usage"]["current"]:
        if row["vehicle_id"] is None:
            continue
        mine = ours[str(row["vehicle_id"])]
        for key, theirs in (
            ("km_per_year", row["yearly_km"]),
            ("energy_cost_dkk", row["yearly_energy_cost_dkk"]),
            ("societal_co2_cost_dkk", row["yearly_societal_co2e_cost_dkk"]),
            ("total_cost_dkk", row["yearly_total_cost_dkk"]),
        ):
            assert mine[key] == pytest.approx(theirs, rel=1e-3, abs=0.6), key
        assert mine["co2e_t"] * 1000 == pytest.approx(row["yearly_co2e_kg"], rel=1e-3)
        checked += 1
    assert checked == 6
    assert out["trips"] == 298 and out["unallocated"] == 0
    assert out["bound_dkk"] <= out["objective_dkk"] + 1e-6
    saving = out["current"]["total_cost_dkk"] - out["simulated"]["total_cost_dkk"]
    assert 0 < saving < 2_000  # the anchor's greedy saves 565-577 kr/yr


def test_shifts_merge_and_fleet_errors(tmp_path: Path) -> None:
    """With shifts fewer trips than roundtrips; an unknown vehicle id names the row."""
    folder = reference_path("synth_20v_30d")
    with_shifts = _run("--data", str(folder), "--factors", "os2-defaults")
    assert with_shifts["trips"] < with_shifts["roundtrips"] == 952
    bad = tmp_path / "bad.csv"
    bad.write_text("vehicle_id,count\nnope,1\n", encoding="utf-8")
    result = runner.invoke(
        app, ["simulate", "--data", str(folder), "--fleet", str(bad)]
    )
    assert result.exit_code == 2
    assert "row 2" in result.output and "nope" in result.output


def test_candidate_fleet_from_the_database_is_saved(tmp_path: Path) -> None:
    """A candidate (Kona, id 23, no home) gets the only location; --db reads the stored
    dataset and --save stores a scenario with its figures."""
    from fleetplan.ingest import read_dataset
    from fleetplan.store import (
        create_engine_for,
        list_scenarios,
        save_dataset,
        upgrade_database,
    )

    url = f"sqlite:///{tmp_path / 'fp.db'}"
    engine = create_engine_for(url)
    upgrade_database(engine)
    save_dataset(engine, read_dataset(reference_path("synth_20v_30d")))
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("vehicle_id,count\n23,12\n", encoding="utf-8")
    out = _run(
        "--db",
        url,
        "--fleet",
        str(fleet),
        "--no-shifts",
        "--save",
        "konas",
        "--start",
        "2026-03-02",
        "--end",
        "2026-03-08",
    )
    assert out["scenario_id"] >= 1
    assert {v["vehicle_id"] for v in out["simulated"]["vehicles"]} == {
        f"23#{k}" for k in range(1, 13)
    }
    saved = list_scenarios(engine)
    assert [s.name for s in saved] == ["konas"]
    assert saved[0].results["trips"] == out["trips"]
    engine.dispose()
