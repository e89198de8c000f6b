"""Rapporter til politisk behandling in the browser (issue 20 item 4): each
council report downloaded from the Rapporter page as PDF and xlsx. The PDF's
pages are rendered to PNG with pdftoppm (one non-blank image per page, as many
as the footer's «Side n af N» says) and its text, read with pdftotext, has the
Danish title and the key figures of the analyses behind it.

Its own server: the demo municipality with two scenarios simulated on three
May days and stored up front (today's fleet; every fossil vehicle replaced by a
catalogue EV of its body)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from fleetplan.reports import Labels
from tests.browser.conftest import log_in, screenshot, serving
from tests.reports.conftest import _run, fossil_free_fleet

LABELS = Labels("da")


def _da(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftoppm, pdftotext) is not installed")
    from fleetplan.analytics.report_service import green_report
    from fleetplan.cli.web_commands import ensure_demo
    from fleetplan.domain import Scenario, ScenarioKind
    from fleetplan.store import create_engine_for, load_dataset, save_scenario

    folder = tmp_path_factory.mktemp("council")
    url = f"sqlite:///{folder / 'council.sqlite'}"
    password = ensure_demo(url)
    assert password is not None
    engine = create_engine_for(url)
    data = load_dataset(engine, with_segments=False)
    today = _run(data, None)
    green = _run(data, fossil_free_fleet(data))
    for name, results in (("Flåden i dag", today), ("Fossilfri flåde", green)):
        save_scenario(
            engine, Scenario(name, ScenarioKind.SIMULATION, "dk-2025", {}, results)
        )
    engine.dispose()
    accounts = green_report(data).accounts
    with serving(url, folder) as base_url:
        yield {
            "url": base_url,
            "password": password,
            "today": today,
            "green": green,
            "accounts": accounts,
            "catalogue": {v.vehicle_id for v in data.vehicles if v.is_candidate},
            "folder": folder,
        }


def _download(page, testid: str) -> bytes:
    with page.expect_download(timeout=120_000) as info:
        page.get_by_test_id(testid).click()
    return info.value.path().read_bytes()


def _pdf_pages(content: bytes, folder: Path, name: str) -> str:
    """The PDF's text; asserts pdftoppm renders one non-blank page per page the
    footer counts."""
    path = folder / f"{name}.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    pages = {int(n) for n in re.findall(r"Side \d+ af (\d+)", text)}
    assert len(pages) == 1, pages
    (count,) = pages
    prefix = folder / name
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(prefix)], check=True)
    images = sorted(folder.glob(f"{name}-*.png"))
    assert len(images) == count
    for image in images:
        darkest, _ = Image.open(image).convert("L").getextrema()
        assert darkest < 128, f"{image.name} is blank"
    return text


def test_council_reports_download_as_pdf_and_xlsx(browser, stored) -> None:
    context = browser.new_context(
        base_url=stored["url"],
        viewport={"width": 1400, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    folder: Path = stored["folder"]
    try:
        log_in(page, "admin", stored["password"])
        page.goto("/reports")
        page.get_by_test_id("council").wait_for(timeout=60_000)
        page.get_by_test_id("council").scroll_into_view_if_needed()
        screenshot(page, "reports-da-council")

        # klimavurdering: the two scenarios' fleets, chosen by default
        text = _pdf_pages(_download(page, "council-climate-pdf"), folder, "klima")
        assert LABELS("council.climate.title") in text
        for results in (stored["today"], stored["green"]):
            fleet = results["simulated"]
            lca = sum(v["co2e_lifecycle_t"] for v in fleet["vehicles"])
            wtw = sum(v["co2e_wtw_t"] for v in fleet["vehicles"])
            tco = fleet["total_cost_dkk"] - fleet["societal_co2_cost_dkk"]
            for figure in (_da(lca, 1), _da(wtw, 1), _da(tco, 0)):
                assert figure in text, figure
        book = load_workbook(io.BytesIO(_download(page, "council-climate-xlsx")))
        sheet = book[LABELS("council.climate.sheet")]
        assert {c.value for c in sheet[1][1:]} == {"Flåden i dag", "Fossilfri flåde"}

        # kravspecifikation of the newest scenario (the fossil-free fleet)
        text = _pdf_pages(_download(page, "council-procurement-pdf"), folder, "krav")
        assert LABELS("council.proc.title") in text
        vehicles = stored["green"]["simulated"]["vehicles"]
        catalogue = stored["catalogue"]
        new = sum(1 for v in vehicles if v["vehicle_id"].split("#")[0] in catalogue)
        counts = LABELS("council.proc.counts", total=len(vehicles), new=new)
        assert counts in " ".join(text.split())
        assert LABELS("council.proc.policy_heading") in text
        book = load_workbook(io.BytesIO(_download(page, "council-procurement-xlsx")))
        rows = book[LABELS("council.proc.groups_sheet")].iter_rows(
            min_row=2, values_only=True
        )
        assert sum(r[2] for r in rows) == len(vehicles)

        # grønt regnskab: the year's total km and life-cycle CO2e
        text = _pdf_pages(_download(page, "council-green-pdf"), folder, "groent")
        assert LABELS("council.green.title") in text
        total = stored["accounts"].total(2026)
        assert _da(total.distance_km, 0) in text
        assert _da(total.co2e_lifecycle_kg / 1000, 1) in text
        book = load_workbook(io.BytesIO(_download(page, "council-green-xlsx")))
        first = book[LABELS("council.green.total_sheet")]
        assert first.cell(row=2, column=2).value == round(total.distance_km)
    finally:
        context.close()
