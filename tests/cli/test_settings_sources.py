"""Every CLI result says where its settings came from and which EVs ran with an
assumed range (os2_fixture_seed42: meta.json with OS2's 2022 prices, petrol 12.33
kr/l; EVs 0, 1, 6 in the fleet and candidate 5 have no range_km)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from fleetplan.cli import app
from tests.conftest import reference_path

runner = CliRunner()
PETROL = "price.petrol_dkk_per_l"


def _json(command: str, *args: str) -> dict:
    folder = str(reference_path("os2_fixture_seed42"))
    result = runner.invoke(app, [command, "--data", folder, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _row(out: dict, key: str) -> dict:
    return next(r for r in out["settings_sources"]["rows"] if r["key"] == key)


def test_simulate_names_the_source_of_each_value() -> None:
    """Default: petrol 12.33 from meta.json. --factors dk-2025: 13.60 from the set
    (meta's 12.33 unused), so the priced result differs. --ignore-meta: no value
    from meta, turnaround 5 min by default."""
    auto = _json("simulate")
    named = _json("simulate", "--factors", "dk-2025")
    bare = _json("simulate", "--ignore-meta")
    assert (_row(auto, PETROL)["value"], _row(auto, PETROL)["origin"]) == (
        12.33,
        "meta",
    )
    assert _row(named, PETROL) == {
        "key": PETROL,
        "value": 13.60,
        "unit": "DKK/l",
        "origin": "factor_set",
        "detail": "dk-2025",
        "unused_meta_value": 12.33,
    }
    assert named["simulated"]["total_cost_dkk"] != auto["simulated"]["total_cost_dkk"]
    assert bare["settings_sources"]["counts"]["meta"] == 0
    assert _row(bare, "turnaround_min")["value"] == 5.0
    assert _row(auto, "turnaround_min")["value"] == 4.0


def test_simulate_states_the_assumed_range_or_refuses() -> None:
    """EVs 0, 1, 6 run with the assumed 200 km; --require-range refuses and names
    them."""
    out = _json("simulate")
    assert out["missing_range"]["vehicles"] == ["0", "1", "6"]
    assert out["missing_range"]["assumed_range_km"] == 200.0
    folder = str(reference_path("os2_fixture_seed42"))
    result = runner.invoke(app, ["simulate", "--data", folder, "--require-range"])
    assert result.exit_code == 2
    assert "EVs 0, 1, 6 have no range_km" in result.output


def test_optimise_reports_sources_user_flags_and_candidates() -> None:
    """The optimiser's result carries the same block; --max-unallocated is the
    user's; candidate 5 (no range) is named too."""
    out = _json(
        "optimise", "--max-unallocated", "3", "--solutions", "1", "--time-limit", "5"
    )
    slack = _row(out, "slack_unallocated_trips")
    assert (slack["value"], slack["origin"], slack["detail"]) == (
        3.0,
        "user",
        "--max-unallocated",
    )
    assert out["missing_range"]["vehicles"] == ["0", "1", "5", "6"]
