"""Klimavurdering: hand-checked figures of a small result, and on the demo the
PDF's and the workbook's figures equal the scenarios' own."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from fleetplan.domain import Scenario, ScenarioKind
from fleetplan.economics import get_builtin_factor_set
from fleetplan.reports import Labels, ReportFormat, ReportKind, council_report
from fleetplan.reports.climate_assessment import climate_assessment, option_figures
from fleetplan.reports.document import format_number
from tests.reports.conftest import pdf_text

FACTORS = get_builtin_factor_set("dk-2025")


def _small() -> dict[str, Any]:
    vehicles = [
        {
            "vehicle_id": "F1",
            "co2e_lifecycle_t": 1.5,
            "co2e_wtw_t": 1.25,
            "co2e_ttw_t": 1.0,
            "co2e_t": 1.25,
        },
        {
            "vehicle_id": "E1",
            "co2e_lifecycle_t": 2.25,
            "co2e_wtw_t": 0.5,
            "co2e_ttw_t": 0.0,
            "co2e_t": 0.5,
        },
    ]
    side = {
        "total_cost_dkk": 103_000.0,
        "societal_co2_cost_dkk": 3_000.0,
        "co2e_t": 2.25,
        "unallocated": 2,
        "unserved": 1,
        "vehicles": vehicles,
    }
    return {
        "trips": 10,
        "period": {"start": "2026-05-04T00:00:00", "end": "2026-05-07T00:00:00"},
        "simulated": side,
        "current": {**side, "vehicles": vehicles[:1], "co2e_t": 1.25, "unserved": 0},
    }


def test_option_figures_by_hand() -> None:
    """TCO = 103,000 − 3,000 valued CO2e; LCA = 1.5 + 2.25; WTW = 1.25 + 0.5;
    external = 2.25 − (1.25 + 0.5) = 0.5 t; served 9 of 10 trips, 8 by the fleet."""
    fig = option_figures("A", _small(), "simulated")
    assert fig.tco_dkk == 100_000.0
    assert fig.co2_cost_dkk == 3_000.0
    assert fig.co2e_lifecycle_t == pytest.approx(3.75)
    assert fig.co2e_wtw_t == pytest.approx(1.75)
    assert fig.co2e_ttw_t == pytest.approx(1.0)
    assert fig.co2e_external_t == pytest.approx(0.5)
    assert fig.service_level == pytest.approx(0.9)
    assert fig.fleet_share == pytest.approx(0.8)
    assert fig.vehicles == 2
    today = option_figures("A", _small(), "current")
    assert today.co2e_lifecycle_t == 1.5 and today.service_level == 1.0


@pytest.mark.parametrize("count", [1, 5])
def test_two_to_four_options(count: int) -> None:
    scenario = Scenario("A", ScenarioKind.SIMULATION, "dk-2025", {}, _small())
    with pytest.raises(ValueError, match="2-4 options"):
        climate_assessment([(scenario, "simulated")] * count, FACTORS)


def test_assumptions_name_the_factor_sets_sources() -> None:
    scenario = Scenario("A", ScenarioKind.SIMULATION, "dk-2025", {}, _small())
    result = climate_assessment(
        [(scenario, "current"), (scenario, "simulated")], FACTORS
    )
    by_key = {a.key: a for a in result.assumptions}
    price = by_key["price.petrol_dkk_per_l"]
    assert price.values == (FACTORS[price.key],) * 2
    assert price.source == FACTORS.values[price.key].source and price.source


def _da(value: float, decimals: int) -> str:
    """Danish number writing, spelled out apart from the report's formatter."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def test_demo_pdf_and_xlsx_carry_the_scenarios_figures(
    demo, scenarios, tmp_path: Path
) -> None:
    today, green = scenarios
    options = [(today, "current"), (green, "simulated")]
    pdf = council_report(
        ReportKind.CLIMATE, ReportFormat.PDF, "da", demo, options=options
    )
    text = pdf_text(pdf.content, tmp_path)
    assert "Klimavurdering af flådeforslag" in text
    # the assumptions by name in Danish, not by key
    price = Labels("da").factor("co2_price_dkk_per_t")
    assert price != "co2_price_dkk_per_t" and price in text
    for scenario, side in options:
        fleet = scenario.results[side]
        vehicles = fleet["vehicles"]
        tco = fleet["total_cost_dkk"] - fleet["societal_co2_cost_dkk"]
        lca = sum(v["co2e_lifecycle_t"] for v in vehicles)
        wtw = sum(v["co2e_wtw_t"] for v in vehicles)
        served = 1 - fleet["unserved"] / scenario.results["trips"]
        for expected in (_da(tco, 0), _da(lca, 1), _da(wtw, 1), _da(served * 100, 1)):
            assert expected in text, expected
    # the fossil-free option drives no fossil km: no exhaust CO2e
    assert sum(v["co2e_ttw_t"] for v in green.results["simulated"]["vehicles"]) == 0

    xlsx = council_report(
        ReportKind.CLIMATE, ReportFormat.XLSX, "en", demo, options=options
    )
    labels = Labels("en")
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book[labels("council.climate.sheet")]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    lca_row = rows[labels("council.fig.lca")]
    for value, (scenario, side) in zip(lca_row, options, strict=True):
        vehicles = scenario.results[side]["vehicles"]
        assert value == pytest.approx(sum(v["co2e_lifecycle_t"] for v in vehicles))
    assert format_number(lca_row[0], 1, "en") in pdf_text(
        council_report(
            ReportKind.CLIMATE, ReportFormat.PDF, "en", demo, options=options
        ).content,
        tmp_path,
    )
