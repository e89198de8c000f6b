"""Named scenarios: save from the app, list without results, reopen as saved."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from fleetplan.domain import Scenario, ScenarioKind
from fleetplan.store import load_scenario
from fleetplan.store.scenario_save import (
    ScenarioNameError,
    save_named_scenario,
    scenario_headers,
)

SETUP = {
    "start": "2026-05-01",
    "end": "2026-05-31",
    "locations": ["1"],
    "fleet": {"12": 0, "13": 2, "124": 1},
    "homes": {"124": "1"},
    "shifts": False,
    "transfer_minutes": 10.0,
}
RESULTS = {
    "trips": 335,
    "unallocated": 2,
    "current": {"total_cost_dkk": 1000.5, "vehicles": []},
    "simulated": {"total_cost_dkk": 900.25, "vehicles": [{"vehicle_id": "13#1"}]},
    "driving_book": [{"trip_id": "t1", "simulated_vehicle_id": None}],
}


def _scenario(name: str, results: dict | None = None) -> Scenario:
    return Scenario(name, ScenarioKind.SIMULATION, "dk-2025", SETUP, results or RESULTS)


def test_saved_scenario_reopens_with_setup_and_results(engine: Engine) -> None:
    scenario_id = save_named_scenario(engine, _scenario("  Flere   elbiler "))
    reopened = load_scenario(engine, scenario_id)
    assert reopened.name == "Flere elbiler"  # spaces trimmed and collapsed
    assert reopened.factor_set_name == "dk-2025"
    assert dict(reopened.inputs) == SETUP
    assert dict(reopened.results) == RESULTS
    assert reopened.created_at is not None


def test_names_must_be_given_short_and_free(engine: Engine) -> None:
    save_named_scenario(engine, _scenario("A"))
    with pytest.raises(ScenarioNameError) as taken:
        save_named_scenario(engine, _scenario("A"))
    assert taken.value.code == "scen.name_taken"
    with pytest.raises(ScenarioNameError) as empty:
        save_named_scenario(engine, _scenario("   "))
    assert empty.value.code == "scen.name_empty"
    with pytest.raises(ScenarioNameError) as long:
        save_named_scenario(engine, _scenario("x" * 121))
    assert long.value.code == "scen.name_long"


def test_replace_keeps_the_id_and_headers_leave_results_out(engine: Engine) -> None:
    first = save_named_scenario(engine, _scenario("A"))
    second = save_named_scenario(engine, _scenario("B"))
    again = save_named_scenario(
        engine, _scenario("A", {"trips": 1}), replace_existing=True
    )
    assert again == first
    assert dict(load_scenario(engine, first).results) == {"trips": 1}
    headers = scenario_headers(engine)
    assert {h.scenario_id for h in headers} == {first, second}
    assert all(dict(h.results) == {} and dict(h.inputs) == {} for h in headers)
    assert {h.name for h in headers} == {"A", "B"}
