"""Pure helpers of the Optimering page: form defaults and parameters, the slider's
meaning, the solutions table, xlsx rows, the Pareto chart and a fleet's request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from fleetplan.domain import Dataset, Location, Roundtrip
from fleetplan.web.optimisation_view import (
    figure_rows,
    fleet_params,
    form_defaults,
    form_to_params,
    model_rows,
    params_to_form,
    pareto_options,
    signed,
    weight_shares,
    xlsx_rows,
)
from tests.optimise.helpers import car

RESULT: dict[str, Any] = {
    "status": "optimal",
    "weight": 5.0,
    "today": {"counts": {"Yaris": 3, "Up": 1}, "total_cost_dkk": 100.0, "co2e_t": 9.0},
    "solutions": [
        {
            "counts": {"Yaris": 2, "Zoe": 1, "Up": 1},
            "total_cost_dkk": 90.0,
            "co2e_t": 5.0,
            "unallocated": 1,
            "gap": 0.0,
        },
        {
            "counts": {"Yaris": 3, "Up": 1},
            "total_cost_dkk": 99.0,
            "co2e_t": 8.5,
            "unallocated": 0,
            "gap": 0.0123,
        },
    ],
    "pareto": [
        {"total_cost_dkk": 99.0, "co2e_t": 8.5},
        {"total_cost_dkk": 90.0, "co2e_t": 5.0},
        {"total_cost_dkk": 120.0, "co2e_t": 2.0},
    ],
    "fleets": [{"c1": 1, "c2": 1, "zoe@L1": 1, "u1": 1}, {"c1": 1}],
    "params": {
        "start": "2026-03-01",
        "end": "2026-03-28",
        "weight": 5.0,
        "use_shifts": False,
        "max_unallocated": 1,
    },
}


def test_form_defaults_are_the_last_four_weeks_and_meta_settings() -> None:
    """Trips from 1 Jan to 10 Mar 2026: the form starts on 11 Feb (28 days
    including 10 Mar); meta slack 2 and 15 km; shifts set, so shifts are on."""
    trips = (
        Roundtrip(
            "r1", "c1", "L1", datetime(2026, 1, 1, 8), datetime(2026, 1, 1, 9), 5
        ),
        Roundtrip(
            "r2", "c1", "L1", datetime(2026, 3, 10, 8), datetime(2026, 3, 10, 9), 5
        ),
    )
    meta = {
        "settings": {
            "slack_unallocated_trips": 2,
            "max_undriven_km": 15,
            "shifts": [{"start": "07:00", "end": "15:00", "break": None}],
        }
    }
    data = Dataset((Location("L1"),), (car("c1"),), trips, meta=meta)
    values = form_defaults(data)
    assert (values["start"], values["end"]) == ("2026-02-11", "2026-03-10")
    assert (values["max_unallocated"], values["max_undriven_km"]) == (2, 15.0)
    assert values["use_shifts"] is True
    assert values["candidate_mode"] == "all"
    assert values["weight"] == 5.0


def test_a_short_data_span_starts_at_the_first_trip() -> None:
    trips = (
        Roundtrip(
            "r1", "c1", "L1", datetime(2026, 3, 8, 8), datetime(2026, 3, 8, 9), 5
        ),
        Roundtrip(
            "r2", "c1", "L1", datetime(2026, 3, 10, 8), datetime(2026, 3, 10, 9), 5
        ),
    )
    values = form_defaults(Dataset((Location("L1"),), (car("c1"),), trips))
    assert (values["start"], values["end"]) == ("2026-03-08", "2026-03-10")
    assert values["use_shifts"] is False  # no shifts in the (missing) meta


def test_form_to_params_leaves_empty_fields_to_the_job() -> None:
    values = {
        "start": "2026-03-01",
        "end": "2026-03-28",
        "locations": [],
        "candidate_mode": "all",
        "candidates": ["x"],
        "current": "free",
        "max_unallocated": 3.0,
        "max_undriven_km": None,
        "keep": ["c1"],
        "fossil_free_share_pct": 50,
        "max_new_vehicles": "",
        "budget_dkk_per_year": None,
        "use_shifts": True,
        "pooling": False,
        "transfer_minutes": 15,
        "factors": "dk-2025",
        "weight": 7.5,
        "time_limit_s": 5,
    }
    assert form_to_params(values) == {
        "start": "2026-03-01",
        "end": "2026-03-28",
        "current": "free",
        "weight": 7.5,
        "keep": ["c1"],
        "fossil_free_share_pct": 50.0,
        "use_shifts": True,
        "factors": "dk-2025",
        "max_unallocated": 3,
        "time_limit_s": 5.0,
    }
    chosen = form_to_params(
        {**values, "candidate_mode": "chosen", "pooling": True, "locations": ["L1"]}
    )
    assert chosen["candidates"] == ["x"]
    assert chosen["transfer_minutes"] == 15.0
    assert chosen["locations"] == ["L1"]


def test_params_to_form_is_form_to_params_inverse() -> None:
    """A shown run's parameters fill the form; sending it again gives the same
    parameters. Fields the run left out take the defaults (meta slack 2)."""
    trips = (
        Roundtrip(
            "r1", "c1", "L1", datetime(2026, 3, 10, 8), datetime(2026, 3, 10, 9), 5
        ),
    )
    meta = {"settings": {"slack_unallocated_trips": 2, "max_undriven_km": 15}}
    data = Dataset((Location("L1"),), (car("c1"),), trips, meta=meta)
    params = {
        "start": "2026-03-01",
        "end": "2026-03-09",
        "current": "free",
        "weight": 7.5,
        "keep": ["c1"],
        "fossil_free_share_pct": 40.0,
        "use_shifts": False,
        "factors": "os2-defaults",
        "locations": ["L1"],
        "candidates": ["zoe"],
        "transfer_minutes": 10.0,
        "max_new_vehicles": 3,
        "budget_dkk_per_year": 900_000.0,
        "time_limit_s": 4.0,
    }
    values = params_to_form(data, params)
    assert (values["candidate_mode"], values["pooling"]) == ("chosen", True)
    assert form_to_params(values) == {
        **params,
        "max_unallocated": 2,
        "max_undriven_km": 15.0,
    }
    bare = params_to_form(data, {"start": "2026-03-05", "end": "2026-03-06"})
    assert (bare["candidate_mode"], bare["pooling"], bare["locations"]) == (
        "all",
        False,
        [],
    )


@pytest.mark.parametrize(
    ("weight", "cost", "co2e"),
    [
        # a = w/10; cost side 1 - a + 0.01, CO2e side a + 0.01, over their sum 1.02
        (0.0, 100 * 1.01 / 1.02, 100 * 0.01 / 1.02),
        (5.0, 50.0, 50.0),
        (7.5, 100 * 0.26 / 1.02, 100 * 0.76 / 1.02),
        (10.0, 100 * 0.01 / 1.02, 100 * 1.01 / 1.02),
    ],
)
def test_weight_shares(weight: float, cost: float, co2e: float) -> None:
    assert weight_shares(weight) == pytest.approx((cost, co2e))


def test_model_rows_put_changed_models_first() -> None:
    """Up is unchanged in both (1), Yaris 3 -> 2 and 3, Zoe 0 -> 1 and 0."""
    rows = model_rows(RESULT)
    assert [r["model"] for r in rows] == ["Yaris", "Zoe", "Up"]
    assert rows[0] == {
        "model": "Yaris",
        "today": 3,
        "counts": [2, 3],
        "changes": [-1, 0],
    }
    assert rows[1]["changes"] == [1, -0]
    assert rows[2]["changes"] == [0, 0]
    assert [signed(n) for n in (2, 0, -3)] == ["+2", "±0", "−3"]


def test_model_rows_leave_out_models_no_fleet_uses() -> None:
    """A catalogue model at 0 today and in every solution is not a row."""
    result = {
        **RESULT,
        "solutions": [
            {**s, "counts": {**s["counts"], "Kangoo": 0}} for s in RESULT["solutions"]
        ],
    }
    assert [r["model"] for r in model_rows(result)] == ["Yaris", "Zoe", "Up"]


def test_pareto_axes_use_the_language_separators() -> None:
    labels = {"x": "kr", "y": "t", "front": "F", "today": "T", "chosen": "C"}
    options = pareto_options(RESULT, labels, "en")
    assert "'en-GB'" in options["xAxis"]["axisLabel"][":formatter"]
    assert "maximumFractionDigits: 1" in options["yAxis"]["axisLabel"][":formatter"]


def test_figure_rows_and_xlsx_rows() -> None:
    """Gap 0.0123 shows as 1.23 %; today has cost and CO2e only."""
    figures = figure_rows(RESULT)
    assert figures[0] == ("total_cost", [90.0, 99.0], 100.0)
    assert figures[3] == ("gap", [0.0, pytest.approx(1.23)], None)
    labels = {k: k.upper() for k in ("total_cost", "co2e_t", "unallocated", "gap")}
    headers, rows = xlsx_rows(RESULT, labels)
    assert headers == ["model", "today", "#1", "#1 ±", "#2", "#2 ±"]
    assert rows[0] == ["Yaris", 3, 2, -1, 3, 0]
    assert rows[3] == ["TOTAL_COST", 100.0, 90.0, None, 99.0, None]
    assert rows[-1] == ["GAP", None, 0.0, None, 1.23, None]


def test_pareto_options_sort_the_front_and_mark_the_choice() -> None:
    labels = {"x": "kr", "y": "t", "front": "F", "today": "T", "chosen": "C"}
    options = pareto_options(RESULT, labels)
    front, today, chosen = options["series"]
    assert front["data"] == [[90.0, 5.0], [99.0, 8.5], [120.0, 2.0]]
    assert today["data"] == [[100.0, 9.0]]
    assert (chosen["name"], chosen["data"]) == ("C", [[90.0, 5.0]])
    assert options["xAxis"]["name"] == "kr"


def test_fleet_params_take_the_optimisation_scope() -> None:
    params = fleet_params(RESULT, 1, "job1")
    assert params == {
        "start": "2026-03-01",
        "end": "2026-03-28",
        "use_shifts": False,
        "fleet": {"c1": 1, "c2": 1, "zoe@L1": 1, "u1": 1},
        "source": {"job": "job1", "solution": 1},
    }
    with pytest.raises(ValueError, match="no solution #3"):
        fleet_params(RESULT, 3, "job1")


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_fleet_figure_has_a_label(language: str) -> None:
    """Optimering's fleet table names each of Simulering's figures it shows
    (a new one, 'unserved', made the opened fleet a 500 page)."""
    from fleetplan.web.optimisation_results import SIM_FIGURES
    from fleetplan.web.translate import catalogue

    missing = [
        k for k, _f, _d in SIM_FIGURES if f"opt.sim.{k}" not in catalogue(language)
    ]
    assert missing == []
