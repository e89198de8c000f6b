"""Analyse page in the browser: filters in the URL, PNG and xlsx downloads, both
languages, on the demo municipality."""

from __future__ import annotations

import io
import re
import time
from datetime import date, datetime
from urllib.parse import parse_qs, urlparse

from openpyxl import load_workbook

from fleetplan.web.translate import catalogue, translate
from tests.browser.conftest import Server, log_in, screenshot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _open(page, url: str) -> float:
    """Open ``url`` and wait for the last section; returns the seconds it took."""
    began = time.perf_counter()
    page.goto(url)
    page.get_by_test_id("quality-counts").wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    return time.perf_counter() - began


def _untranslated(text: str) -> list[str]:
    """Catalogue keys, and Danish texts of the Analyse catalogue, shown on an
    English page."""
    keys = re.findall(r"\b(?:analysis|common|nav)\.[a-z0-9_.]+\b", text)
    danish, english = catalogue("da"), catalogue("en")
    words = [
        value
        for key, value in danish.items()
        if key.startswith("analysis.")
        and "{" not in value
        and len(value) > 4
        and value != english[key]
        and value in text
    ]
    return keys + words


def test_analysis_filters_downloads_and_languages(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    seconds = _open(page, "/analysis")
    print(f"analysis page (cold) {seconds:.2f} s")
    for testid in ("chart-heatmap", "chart-time", "chart-peaks", "chart-short"):
        page.get_by_test_id(testid).locator("canvas").first.wait_for()
    assert "Ballerup Rådhus" in page.get_by_test_id("peaks").inner_text()
    # the heatmap's tooltip names day and hour and writes a Danish decimal comma
    heat = page.get_by_test_id("chart-heatmap")
    box = heat.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.3)
    day_hour = re.compile(
        r"^(Mandag|Tirsdag|Onsdag|Torsdag|Fredag) \d\d-\d\d: \d+(,\d)?$"
    )
    heat.get_by_text(day_hour).wait_for()
    screenshot(page, "analysis-da-tooltip")
    page.mouse.move(0, 0)
    folder = screenshot(page, "analysis-da").parent
    for name in ("heatmap", "time", "peaks", "short"):  # close-ups to read the axes
        page.get_by_test_id(f"chart-{name}").screenshot(
            path=str(folder / f"analysis-da-{name}.png")
        )

    # a filter changes the URL, and the URL alone gives the same view
    assert page.get_by_test_id("filter-start").input_value() == "01.05.2026"
    page.get_by_test_id("filter-start").fill("1.9.2026")  # as Danes type it
    page.get_by_test_id("filter-start").press("Enter")
    page.wait_for_url("**/analysis?start=2026-09-01*")
    page.get_by_test_id("quality-counts").wait_for()
    query = parse_qs(urlparse(page.url).query)
    assert query == {"start": ["2026-09-01"]}
    summary = page.get_by_test_id("analysis-summary").inner_text()
    assert "01.09.2026" in summary
    page.get_by_test_id("filter-location").click()
    page.get_by_role("option", name="Ballerup Rådhus").click()
    page.keyboard.press("Escape")
    page.wait_for_url("**location=1*")
    assert parse_qs(urlparse(page.url).query) == {
        "start": ["2026-09-01"],
        "location": ["1"],
    }
    page.get_by_test_id("peaks").wait_for()
    peaks = page.get_by_test_id("peaks").inner_text()
    assert "Ballerup Rådhus" in peaks
    assert "Hjemmeplejen Telegrafvej" not in peaks
    seconds = _open(page, page.url)  # a reload shows the same filtered view
    print(f"analysis page (reload, cached) {seconds:.2f} s")
    assert page.get_by_test_id("filter-start").input_value() == "01.09.2026"
    screenshot(page, "analysis-da-filtered")

    # one chart as PNG, one table as xlsx
    with page.expect_download() as png_info:
        page.get_by_test_id("chart-heatmap-png").click()
    assert png_info.value.suggested_filename == "fleetplan-aktivitet.png"
    assert png_info.value.path().read_bytes()[:8] == PNG_SIGNATURE
    with page.expect_download() as xlsx_info:
        page.get_by_test_id("peaks-xlsx").click()
    sheet = load_workbook(io.BytesIO(xlsx_info.value.path().read_bytes())).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == [
        translate("da", "analysis.col.location"),
        translate("da", "analysis.col.vehicles_seen"),
        translate("da", "analysis.col.max_concurrent"),
    ]
    locations = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert locations == ["Ballerup Rådhus", translate("da", "analysis.all_locations")]
    first_peak = sheet.cell(row=2, column=4).value  # a time Excel can sort and filter
    assert isinstance(first_peak, datetime)
    assert first_peak >= datetime(2026, 9, 1)

    # English keeps the filters
    page.get_by_test_id("lang-en").click()
    page.get_by_text(translate("en", "analysis.heatmap"), exact=True).wait_for()
    page.get_by_test_id("quality-counts").wait_for()
    page.wait_for_load_state("networkidle")
    assert parse_qs(urlparse(page.url).query)["start"] == ["2026-09-01"]
    assert page.get_by_test_id("filter-start").input_value() == "01/09/2026"
    assert _untranslated(page.locator("body").inner_text()) == []
    screenshot(page, "analysis-en")
    # the calendar sets the last day
    page.get_by_test_id("filter-end-pick").click()
    calendar = page.get_by_test_id("filter-end-calendar")
    calendar.get_by_text("October", exact=True).wait_for()  # the chosen month
    screenshot(page, "analysis-en-calendar")
    calendar.get_by_role("button", name="15", exact=True).click()
    page.wait_for_url("**end=2026-10-15*")
    page.get_by_test_id("quality-counts").wait_for()
    page.get_by_test_id("filter-reset").click()
    page.wait_for_url("**/analysis")
    page.get_by_test_id("quality-counts").wait_for()
    page.wait_for_load_state("networkidle")
    assert _untranslated(page.locator("body").inner_text()) == []
    screenshot(page, "analysis-en-all")
    page.get_by_test_id("lang-da").click()
    page.get_by_text(translate("da", "analysis.heatmap"), exact=True).wait_for()


def test_filters_that_match_nothing_say_what_to_do(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    options = page.request.get("/api/v1/analysis/options").json()
    first, last = (date.fromisoformat(options[k]) for k in ("start", "end"))
    page.goto("/analysis?start=2030-01-01&end=2030-01-31")
    notice = translate(
        "da", "analysis.no_trips", start=f"{first:%d.%m.%Y}", end=f"{last:%d.%m.%Y}"
    )
    page.get_by_text(notice).wait_for()
    assert page.get_by_test_id("filter-start").input_value() == "01.01.2030"
    assert page.get_by_test_id("chart-heatmap").count() == 0
    screenshot(page, "analysis-da-empty")
