"""Scenarier (issue 16): rename, figures in the list, and a warning when two
compared scenarios cover different periods."""

from __future__ import annotations

import pytest

from fleetplan.domain import Scenario, ScenarioKind
from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.catalog_repo import save_scenario
from fleetplan.store.scenario_edit import rename_scenario, scenario_figures
from fleetplan.store.scenario_save import ScenarioNameError
from fleetplan.web.pages.scenarios import period_warning
from fleetplan.web.scenario_table import _cells, figures_from_results

MAY = {"start": "2026-05-01T00:00:00", "end": "2026-06-01T00:00:00"}
WEEK = {"start": "2026-05-01T00:00:00", "end": "2026-05-08T00:00:00"}


def _result(period: dict[str, str], trips: int) -> dict[str, object]:
    return {
        "period": period,
        "trips": trips,
        "simulated": {"total_cost_dkk": 740_100.0, "co2e_t": 53.8},
        "current": {"total_cost_dkk": 823_300.0},
    }


@pytest.fixture
def engine():
    engine = create_engine_for("sqlite:///:memory:")
    upgrade_database(engine)
    return engine


def _save(engine, name: str, results: dict[str, object]) -> int:
    return save_scenario(
        engine,
        Scenario(name, ScenarioKind.SIMULATION, "dk-2025", {}, results),
    )


def test_figures_are_read_without_loading_results(engine) -> None:
    sid = _save(engine, "Rådhuset", _result(MAY, 2288))
    empty = _save(engine, "Tom", {})
    figures = scenario_figures(engine)
    assert figures[sid] == figures_from_results(_result(MAY, 2288))
    assert figures[sid].saving_dkk == pytest.approx(83_200.0)
    assert figures[empty].trips is None and figures[empty].saving_dkk is None
    scenario = Scenario("Rådhuset", ScenarioKind.SIMULATION, "dk-2025", {})
    cells = _cells(scenario, figures[sid], "da")
    assert cells[4:] == [
        "01.05.2026 – 31.05.2026",
        "2.288",
        "740.100",
        "83.200",
        "53,8",
    ]


def test_rename_checks_the_name_like_saving(engine) -> None:
    first = _save(engine, "A", {})
    _save(engine, "B", {})
    assert rename_scenario(engine, first, "  Rådhuset   maj ") == "Rådhuset maj"
    assert rename_scenario(engine, first, "Rådhuset maj") == "Rådhuset maj"  # itself
    for bad, code in (("B", "scen.name_taken"), (" ", "scen.name_empty")):
        with pytest.raises(ScenarioNameError) as caught:
            rename_scenario(engine, first, bad)
        assert caught.value.code == code
    with pytest.raises(KeyError):
        rename_scenario(engine, 999, "C")


def test_different_periods_are_warned_about() -> None:
    warning = period_warning(_result(MAY, 2288), _result(WEEK, 362), "da")
    assert warning is not None
    assert "A: 01.05.2026 – 31.05.2026, 2.288 ture" in warning
    assert "B: 01.05.2026 – 07.05.2026, 362 ture" in warning
    assert period_warning(_result(MAY, 2288), _result(MAY, 2000), "da") is None
