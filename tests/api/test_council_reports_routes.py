"""The council report routes: each kind as a PDF or xlsx file, the options'
checks (2-4 scenarios, a missing one is a 404, a malformed one a 422), and the
figures in the file on the hand-made fleet of ``test_reports_routes``: F1
(petrol, Teknik) drives 80 km and E1 (EV, Social) 100 km in 2026, so 100 of
180 km are fossil-free (55.6 %)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from fleetplan.api import AppServices, Role
from fleetplan.domain import Scenario, ScenarioKind
from tests.api.conftest import login
from tests.api.test_reports_routes import DATA
from tests.reports.test_climate_assessment import _small

URL = "/api/v1/reports/council"


@pytest.fixture
def reader(services: AppServices, client: TestClient) -> TestClient:
    stored = {
        1: Scenario("Som i dag", ScenarioKind.SIMULATION, "dk-2025", {}, _small()),
        2: Scenario("Elbiler", ScenarioKind.SIMULATION, "dk-2025", {}, _small()),
    }
    services.load_dataset = lambda: DATA
    services.open_scenario = stored.get
    login(client, Role.READ)
    return client


def _text(content: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout


def test_green_accounts_pdf_in_danish(reader: TestClient, tmp_path: Path) -> None:
    response = reader.get(f"{URL}/green-accounts")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="groent-regnskab.pdf"' in response.headers["content-disposition"]
    text = _text(response.content, tmp_path)
    assert "Grønt regnskab – kommunens køretøjer" in text
    total = next(line for line in text.splitlines() if line.startswith("2026 "))
    assert total.split()[1] == "180" and total.endswith("55,6 %")


def test_green_accounts_xlsx_in_english(reader: TestClient) -> None:
    response = reader.get(
        f"{URL}/green-accounts",
        params={
            "format": "xlsx",
            "lang": "en",
            "start": "2026-01-01",
            "end": "2026-01-11",
        },
    )
    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Administrations"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [("Social", 100), ("Teknik", 80)]


def test_climate_assessment_of_two_scenarios(
    reader: TestClient, tmp_path: Path
) -> None:
    response = reader.get(
        f"{URL}/climate-assessment", params={"option": ["1:today", "2"], "lang": "en"}
    )
    assert response.status_code == 200, response.text
    text = _text(response.content, tmp_path)
    assert "Today (from «Som i dag»)" in text and "Elbiler" in text
    assert "100,000" in text  # the TCO of the small result, by hand


@pytest.mark.parametrize(
    ("kind", "options", "code"),
    [
        ("climate-assessment", ["1"], 422),  # one option is no comparison
        ("climate-assessment", ["1", "9"], 404),  # no scenario 9
        ("climate-assessment", ["1", "x;drop"], 422),
        ("procurement", [], 422),
        ("procurement", ["1", "2"], 422),
        ("nonsense", ["1"], 422),
    ],
)
def test_refused_options(
    reader: TestClient, kind: str, options: list[str], code: int
) -> None:
    response = reader.get(f"{URL}/{kind}", params={"option": options})
    assert response.status_code == code, response.text


def test_procurement_xlsx(reader: TestClient) -> None:
    response = reader.get(
        f"{URL}/procurement", params={"option": "2", "format": "xlsx"}
    )
    assert response.status_code == 200, response.text
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Rapport"


def test_needs_a_login(client: TestClient) -> None:
    assert client.get(f"{URL}/green-accounts").status_code == 401
