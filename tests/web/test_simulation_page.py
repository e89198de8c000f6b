"""Simulering and Scenarier: the setup rules, chart and table rows, comparison,
and the pages with a saved scenario reopened and two compared."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from fleetplan.api import AppServices, Role
from fleetplan.domain import Dataset, Scenario, ScenarioKind
from fleetplan.jobs import InMemoryJobStore, JobRunner
from fleetplan.jobs.kinds import simulation_kind
from fleetplan.web.scenario_compare import (
    comparison_rows,
    comparison_xlsx,
    fleet_comparison,
)
from fleetplan.web.simulation_charts import (
    cost_bars,
    cost_options,
    histogram_options,
    unallocated_options,
)
from fleetplan.web.simulation_setup import (
    default_setup,
    fleet_size,
    last_day,
    setup_from_params,
    setup_to_params,
    with_candidate,
    with_count,
    with_locations,
)
from fleetplan.web.simulation_tables import (
    book_entries,
    book_page,
    figure_rows,
    is_report,
    table_columns,
    vehicle_rows,
)
from tests.api.conftest import _dataset
from tests.api.conftest import services as services  # the fixture
from tests.web.test_pages import _login
from tests.web.test_pages import web as web  # the fixture


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """os2_fixture_seed42: locations 1-3, current 0,1,2,3,6, candidates 4 and 5."""
    return _dataset()


def _side(total: float, vehicles: list[dict[str, Any]], **extra: float) -> dict:
    side = {
        "total_cost_dkk": total,
        "fixed_cost_dkk": 100.0,
        "energy_cost_dkk": 20.0,
        "societal_co2_cost_dkk": 5.0,
        "external_cost_dkk": 0.0,
        "co2e_t": 1.25,
        "unallocated": 0,
        "vehicles": vehicles,
    }
    side.update(extra)
    return side


def _vehicle(vehicle_id: str, name: str) -> dict[str, Any]:
    return {"vehicle_id": vehicle_id, "name": name}


def _result(simulated_total: float, sim_vehicles: list[dict[str, Any]]) -> dict:
    return {
        "trips": 3,
        "unallocated": 1,
        "period": {"start": "2026-03-02T00:00:00", "end": "2026-03-03T00:00:00"},
        "current": _side(1000.0, [_vehicle("A", "VW Up"), _vehicle("B", "VW Up")]),
        "simulated": _side(
            simulated_total, sim_vehicles, external_cost_dkk=70.5, unallocated=1
        ),
        "unallocated_per_day": {"2026-03-04": 2, "2026-03-02": 1},
        "histograms": {
            "ev": {"edges_km": [0.0, 5.0, 10.0], "counts": [2, 0]},
            "external:taxi": {"edges_km": [0.0, 5.0, 10.0], "counts": [0, 1]},
        },
        "driving_book": [
            {
                "start": "2026-03-02T08:00:00",
                "end": "2026-03-02T10:00:00",
                "distance_km": 4.26,
                "current_vehicle_id": "A",
                "simulated_vehicle_id": "C#1",
                "external_kind": None,
            },
            {
                "start": "2026-03-02T09:00:00",
                "end": "2026-03-02T11:00:00",
                "distance_km": 8.0,
                "current_vehicle_id": "B",
                "simulated_vehicle_id": None,
                "external_kind": "taxi",
            },
        ],
    }


def test_default_setup_is_the_meta_period_every_location_each_car_once(
    dataset: Dataset,
) -> None:
    """meta period 2026-05-18 .. 2026-06-01 00:00, so the last day is 31 May."""
    setup = default_setup(dataset)
    assert (setup.start, setup.end) == (date(2026, 5, 18), date(2026, 5, 31))
    assert setup.locations == ("1", "2", "3")
    assert [(r.vehicle_id, r.count) for r in setup.rows] == [
        ("0", 1),
        ("1", 1),
        ("2", 1),
        ("3", 1),
        ("6", 1),
    ]
    assert fleet_size(setup) == (5, 5)


def test_fleet_form_to_job_parameters(dataset: Dataset) -> None:
    """Location 1 keeps cars 0, 3, 6; car 3 set to 0 stays in the table at 0;
    two Kona (5) at location 1, then one more; the bike (4) added and removed."""
    setup = with_count(default_setup(dataset), "3", 0)
    setup = with_locations(setup, dataset, ["1"])
    setup = with_candidate(setup, dataset.vehicle("5"), 2, "1")
    setup = with_candidate(setup, dataset.vehicle("5"), 1, None)
    setup = with_candidate(setup, dataset.vehicle("4"), 1, "1")
    setup = with_count(setup, "4@1", 0)
    assert fleet_size(setup) == (3, 5)  # 0 + 6 + 3 Kona
    params = setup_to_params(setup)
    assert params == {
        "start": "2026-05-18",
        "end": "2026-05-31",
        "locations": ["1"],
        "fleet": {"0": 1, "3": 0, "6": 1, "5@1": 3},
        "shifts": True,
        "limit_km": False,
        "time_limit_s": 60.0,
    }  # no factors: not chosen, so the dataset's meta.json values apply
    simulation_kind(lambda: dataset)(params)  # the job accepts what the form gives
    assert setup_from_params(dataset, params) == setup
    with pytest.raises(ValueError, match="count"):
        with_count(setup, "0", -1)


def test_one_model_at_two_homes_and_extra_copies_of_a_current_car(
    dataset: Dataset,
) -> None:
    """Kona (5) at locations 1 and 2 are two rows; an optimised fleet's ``0@2``
    (two more of current car 0, homed at 2) reads as an added row; older saved
    parameters with ``homes`` still read."""
    setup = with_candidate(default_setup(dataset), dataset.vehicle("5"), 1, "1")
    setup = with_candidate(setup, dataset.vehicle("5"), 2, "2")
    assert [(r.key, r.count) for r in setup.rows if r.candidate] == [
        ("5@1", 1),
        ("5@2", 2),
    ]
    setup = with_count(setup, "5@1", 0)
    assert [r.key for r in setup.rows if r.candidate] == ["5@2"]
    params = {"locations": ["1", "2"], "fleet": {"0": 1, "0@2": 2}}
    rows = setup_from_params(dataset, params).rows
    assert [(r.key, r.count, r.candidate) for r in rows] == [
        ("0", 1, False),
        ("0@2", 2, True),
    ]
    old = {"locations": ["1"], "fleet": {"0": 1, "5": 2}, "homes": {"5": "1"}}
    assert setup_to_params(setup_from_params(dataset, old))["fleet"] == {
        "0": 1,
        "5@1": 2,
    }


def test_pooling_and_settings_round_trip(dataset: Dataset) -> None:
    params = setup_to_params(default_setup(dataset)) | {
        "transfer_minutes": 10.0,
        "shifts": False,
        "limit_km": True,
        "time_limit_s": 5.0,
        "factors": "os2-defaults",
        "ignore_meta": True,
        "require_range": True,
    }
    again = setup_to_params(setup_from_params(dataset, params))
    assert again == params


def test_chart_options_hold_the_result_numbers() -> None:
    result = _result(900.0, [_vehicle("C#1", "Kia Niro")])
    cost = cost_options(result, "da")
    assert cost["xAxis"]["data"] == ["Nuværende", "Simuleret"]
    assert [s["data"] for s in cost["series"]] == [
        [100, 100],
        [20, 20],
        [5, 5],
        [0, 70],  # round(70.5) is 70 (banker's rounding in Python)
    ]
    assert {s["stack"] for s in cost["series"]} == {"cost"}
    hist = histogram_options(result, "en")
    assert hist["xAxis"]["data"] == ["0–5", "5–10"]
    assert [(s["name"], s["data"]) for s in hist["series"]] == [
        ("Electric car", [2, 0]),
        ("External: taxi", [0, 1]),
    ]
    days = unallocated_options(result, "da")
    assert days["xAxis"]["data"] == ["2026-03-02", "2026-03-04"]
    assert days["series"][0]["data"] == [1, 2]


def test_figures_book_and_report_shape() -> None:
    result = _result(900.0, [_vehicle("C#1", "Kia Niro")])
    assert is_report(result)
    assert not is_report({"trips": 3})
    total = figure_rows(result, "da")[0]
    assert total == {
        "figure": "Samlede omkostninger (kr.)",
        "current": "1.000",
        "simulated": "900",
        "change": "-100",
    }
    rows = book_entries(result, "da")
    assert rows == [
        ["2026-03-02 08:00", "2026-03-02 10:00", 4.3, "A · VW Up", "C#1 · Kia Niro"],
        ["2026-03-02 09:00", "2026-03-02 11:00", 8.0, "B · VW Up", "Ekstern: taxa"],
    ]
    many = rows * 26  # 52 rows: pages of 25, 25 and 2
    page, number, pages = book_page(many, 9, "en")
    assert (number, pages, len(page)) == (3, 3, 2)
    assert page[0]["row"] == 50 and page[0]["distance_km"] == "4.3"


def test_last_day_of_a_period_end() -> None:
    """A period ending at midnight ends the day before; any later time, that day."""
    assert last_day(datetime(2026, 6, 1)) == date(2026, 5, 31)
    assert last_day(datetime(2026, 6, 1, 0, 1)) == date(2026, 6, 1)


def test_vehicle_table_sorts_numbers_by_value_not_by_text() -> None:
    """Formatted "908" sorts after "14.811" as text; the raw numbers do not."""
    vehicle = {
        "vehicle_id": "124#2",
        "name": "Renault 5",
        "trips": 30,
        "km_per_year": 14_811.4,
        "share_of_days_used": 0.613,
        "total_cost_dkk": 45_516.0,
        "co2e_t": 0.2,
        "tco_dkk_per_km": None,  # a vehicle that drove nothing has no km price
    }
    result = _result(900.0, [vehicle])
    row = vehicle_rows(result, "da")[0]
    assert row["km_per_year"] == "14.811"
    assert row["raw"]["km_per_year"] == 14_811.4
    assert row["raw"]["tco_dkk_per_km"] == 0
    assert "vehicle_id" not in row["raw"] and "name" not in row["raw"]
    columns = table_columns(
        ("vehicle_id", "km_per_year"), ("Id", "Km"), ("km_per_year",)
    )
    assert columns[1][":sort"] == (
        "(a, b, rowA, rowB) => rowA.raw.km_per_year - rowB.raw.km_per_year"
    )
    assert columns[1]["align"] == "right" and columns[0]["align"] == "left"
    assert "numeric: true" in columns[0][":sort"]  # "2" before "10"


def test_cost_bars_stack_each_side_given() -> None:
    """Scenarier compares two simulated sides with the same stacked bars."""
    a = _result(900.0, [])["simulated"]
    b = _side(0.0, [], fixed_cost_dkk=300.0, energy_cost_dkk=7.6)
    options = cost_bars([("A: Elbiler", a), ("B: Cykler", b)], "en")
    assert options["xAxis"]["data"] == ["A: Elbiler", "B: Cykler"]
    assert [s["data"] for s in options["series"]] == [
        [100, 300],
        [20, 8],
        [5, 5],
        [70, 0],  # round(70.5) is 70
    ]
    assert "en-GB" in options["yAxis"]["axisLabel"][":formatter"]


def test_comparison_of_two_results_is_b_minus_a() -> None:
    a = _result(900.0, [_vehicle("C#1", "Kia Niro"), _vehicle("C#2", "Kia Niro")])
    b = _result(1250.5, [_vehicle("A", "VW Up"), _vehicle("X", "Citybike")])
    assert fleet_comparison(a, b) == [
        ("Citybike", 0, 1),
        ("Kia Niro", 2, 0),
        ("VW Up", 0, 1),
    ]
    figures, fleet = comparison_rows(a, b, "en")
    assert figures[1] == {
        "label": "Total cost (DKK)",
        "a": "900",
        "b": "1,250",  # 1,250.5 rounds half to even
        "diff": "350",
    }
    assert fleet[1] == {"label": "Kia Niro", "a": "2", "b": "0", "diff": "-2"}
    assert fleet[0]["diff"] == "+1"
    same = comparison_rows(a, a, "en")[1]
    assert {row["diff"] for row in same} == {"0"}  # no "+0"
    book = comparison_xlsx(
        Scenario("Elbiler", ScenarioKind.SIMULATION, "dk-2025", {}, a),
        Scenario("Cykler", ScenarioKind.SIMULATION, "dk-2025", {}, b),
        "da",
    )
    sheet = load_workbook(io.BytesIO(book)).active
    assert [c.value for c in sheet[1]] == [
        "Nøgletal",
        "Elbiler",
        "Cykler",
        "Forskel (B − A)",
    ]
    assert [c.value for c in sheet[3]] == [
        "Samlede omkostninger (kr.)",
        900,
        1250.5,
        350.5,
    ]


@pytest.fixture
def bound_store(tmp_path: Path) -> Iterator[None]:
    from fleetplan.store import create_engine_for, upgrade_database
    from fleetplan.web.scenario_service import bind_scenario_store

    engine = create_engine_for(f"sqlite:///{tmp_path / 'scen.sqlite'}")
    upgrade_database(engine)
    bind_scenario_store(engine)
    yield
    bind_scenario_store(None)
    engine.dispose()


def test_saved_scenario_reopens_and_two_compare(
    web: TestClient, services: AppServices, bound_store: None, dataset: Dataset
) -> None:
    """A real run on location 1 with two extra Kona, saved, reopened on Simulering
    with its counts, and compared with the current fleet on Scenarier."""
    from fleetplan.store.scenario_save import ScenarioNameError
    from fleetplan.web.scenario_service import save_result

    runner = JobRunner(InMemoryJobStore(), max_workers=1)
    try:
        kind = simulation_kind(lambda: dataset)
        setup = with_candidate(
            with_locations(default_setup(dataset), dataset, ["1"]),
            dataset.vehicle("5"),
            2,
            "1",
        )
        first = runner.wait(
            runner.submit("simulate.current", kind(setup_to_params(setup)), owner="w"),
            timeout_s=120,
        )
        second = runner.wait(
            runner.submit("simulate.current", kind({"locations": ["1"]}), owner="w"),
            timeout_s=120,
        )
    finally:
        runner.shutdown()
    assert first.result is not None and second.result is not None
    kona = save_result("To Kona ekstra", first.result)
    today = save_result("Som i dag", second.result)
    with pytest.raises(ScenarioNameError):
        save_result("Som i dag", second.result)
    from fleetplan.store import list_scenarios
    from fleetplan.web.scenario_service import _bound

    services.list_scenarios = lambda: list_scenarios(_bound())
    _login(web, Role.READ)
    page = web.get(f"/simulation?scenario={kona}").text
    assert "To Kona ekstra" in page and "sim-figures" in page and "sim-book" in page
    assert "Hyundai Kona" in page  # the candidate is in the fleet table
    assert "scen-save" not in page  # readers do not get the save form
    page = web.get(f"/scenarios?a={today}&b={kona}").text
    assert "scen-compare-figures" in page and "scen-compare-fleet" in page
    assert "A «Som i dag» mod B «To Kona ekstra»" in page
    assert "Hyundai Kona" in page  # a fleet row: 0 in A, 2 in B


def test_new_setup_ignores_the_newest_result(
    web: TestClient, services: AppServices
) -> None:
    """``?new=1`` shows the default form without the newest job's result; the
    result page links there."""
    job_id = services.jobs.submit(
        "simulate.current",
        services.job_kinds["simulate.current"]({"locations": ["1"]}),
        owner="writeer",
    )
    assert services.jobs.wait(job_id, timeout_s=120).result is not None
    _login(web, Role.WRITE)
    shown = web.get("/simulation").text
    assert "sim-figures" in shown and "/simulation?new=1" in shown
    fresh = web.get("/simulation?new=1").text
    assert "sim-fleet" in fresh and "sim-figures" not in fresh
    assert "sim-new" not in fresh
    assert "ingen simuleringer endnu" not in fresh  # there is one; none is shown


def test_a_deactivated_car_starts_at_zero_but_stays_listed(dataset: Dataset) -> None:
    """Car 3 left the fleet on 1 June 2026 (before today), car 6 leaves in 2999."""
    meta = {
        **dataset.meta,
        "register": {
            "deactivated": {
                "3": {"on": "2026-06-01", "reason": "sold"},
                "6": {"on": "2999-01-01"},
            }
        },
    }
    setup = default_setup(replace(dataset, meta=meta))
    assert [(r.vehicle_id, r.count) for r in setup.rows] == [
        ("0", 1),
        ("1", 1),
        ("2", 1),
        ("3", 0),
        ("6", 1),
    ]
