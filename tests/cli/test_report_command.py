"""``fleetplan report``: the green accounts from a dataset folder, the climate
assessment from scenarios stored in a database, and the refusals."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.domain import Scenario, ScenarioKind
from fleetplan.reports import Labels
from tests.conftest import reference_path
from tests.reports.test_climate_assessment import _small

runner = CliRunner()


def test_green_accounts_xlsx_from_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "accounts.xlsx"
    result = runner.invoke(
        app,
        [
            "report",
            "green-accounts",
            "--data",
            str(reference_path("os2_fixture_seed42")),
            "--format",
            "xlsx",
            "--lang",
            "en",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    labels = Labels("en")
    assert book.sheetnames[:2] == ["Report", labels("council.green.total_sheet")]
    assert book["Report"]["A1"].value == labels("council.green.title")


@pytest.fixture
def database(tmp_path: Path) -> str:
    from fleetplan.store import create_engine_for, save_scenario, upgrade_database

    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    engine = create_engine_for(url)
    upgrade_database(engine)
    for name in ("Som i dag", "Elbiler"):
        save_scenario(
            engine, Scenario(name, ScenarioKind.SIMULATION, "dk-2025", {}, _small())
        )
    engine.dispose()
    return url


def test_climate_assessment_pdf_from_stored_scenarios(
    database: str, tmp_path: Path
) -> None:
    out = tmp_path / "k.pdf"
    args = ["report", "climate-assessment", "--db", database, "--out", str(out)]
    result = runner.invoke(app, [*args, "--scenario", "1:today", "--scenario", "2"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("scenarios", "message"),
    [
        (["1"], "2-4 options"),
        (["1", "9"], "scenario 9 is not in the database"),
        (["1", "1:tomorrow"], "give an id, or ID:today"),
    ],
)
def test_refusals(database: str, scenarios: list[str], message: str) -> None:
    args = ["report", "climate-assessment", "--db", database]
    for option in scenarios:
        args += ["--scenario", option]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
