"""Which cars can go (issue 16, item 2): Forside's cards open their lists, the
per-vehicle use table sorts and exports (Køretøjer and Analyse), and Køretøjer's
Udnyttelse tab shows the km-per-day heatmap, the free vehicles per location and a
vehicle's trip timeline."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot


def _rows(page, testid: str) -> list[list[str]]:
    table = page.get_by_test_id(testid)
    table.locator("tbody tr").first.wait_for(timeout=30_000)
    return [
        [cell.inner_text() for cell in row.locator("td").all()]
        for row in table.locator("tbody tr").all()
    ]


def test_idle_card_names_its_vehicles_and_the_table_sorts_and_exports(
    page, server: Server
) -> None:
    log_in(page, "admin", server.admin_password)
    card = page.get_by_test_id("kf-idle")
    card.wait_for(timeout=30_000)
    idle = int(card.locator(".text-h4").inner_text())
    assert idle > 0
    card.get_by_test_id("kf-idle-list").click()
    page.wait_for_url(re.compile(r".*/vehicles\?tab=use&month=\d{4}-\d\d&idle=1$"))
    rows = _rows(page, "vehicle-use")
    assert len(rows) == idle, rows  # the card's count, named one by one
    yes = translate("da", "use.yes")
    assert all(row[-1] == yes for row in rows)
    screenshot(page, "vehicle-use-idle")

    # the whole month: sorting by km puts the longest driver first
    page.get_by_test_id("use-idle-only").click()
    page.wait_for_url(re.compile(r".*tab=use&month=\d{4}-\d\d$"))
    table = page.get_by_test_id("vehicle-use")
    table.locator("tbody tr").first.wait_for(timeout=30_000)
    km_header = table.locator("th", has_text=translate("da", "use.col.km")).first
    km_header.click()
    km_header.click()  # descending
    km = [
        float(r[6].replace(".", "").replace(",", "."))
        for r in _rows(page, "vehicle-use")
    ]
    assert km == sorted(km, reverse=True) and km[0] > 0
    # Danish thousands: a column over 999 km reads "1.234", never "1,234"
    assert any(
        re.fullmatch(r"\d{1,3}(\.\d{3})+", r[6]) for r in _rows(page, "vehicle-use")
    )

    with page.expect_download() as info:
        page.get_by_test_id("vehicle-use-xlsx").click()
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == [
        translate("da", "use.col.vehicle"),
        translate("da", "use.col.location"),
        translate("da", "use.col.category"),
    ]
    assert sheet.max_row - 1 > idle  # every vehicle of the month, not the idle list
    km_column = header.index(translate("da", "use.col.km"))
    assert isinstance(sheet.cell(row=2, column=km_column + 1).value, float | int)


def test_vehicle_activity_free_vehicles_and_a_timeline(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/analysis")
    page.get_by_test_id("quality-counts").wait_for(timeout=60_000)
    assert _rows(page, "vehicle-use")  # the table on Analyse too
    page.get_by_test_id("use-charts-link").click()
    page.wait_for_url("**/vehicles?tab=use")
    for testid in ("chart-vehicle-km", "chart-free", "chart-timeline"):
        page.get_by_test_id(testid).locator("canvas").first.wait_for()
    assert _rows(page, "vehicle-use")
    # another vehicle's trips replace the chart's bars
    select = page.get_by_test_id("timeline-vehicle")
    before = select.inner_text()
    select.click()
    page.locator(".q-menu .q-item").nth(1).click()
    page.wait_for_function(
        "b => document.querySelector('[data-testid=timeline-vehicle]').innerText !== b",
        arg=before,
    )
    screenshot(page, "analysis-vehicle-use")
