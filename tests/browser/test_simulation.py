"""Simulering and Scenarier in the browser: set up a fleet, run with progress and
cancel, read the result, export the driving book, save, reopen and compare."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot

RENAULT_5 = "124"  # a candidate model in the demo catalogue
RENAULT_5_AT_TOWN_HALL = "124@1"  # its row in the fleet table, homed at location 1
OTHER_LOCATIONS = (
    "Hjemmeplejen Telegrafvej",
    "Plejecenter Egely (botilbud og plejecentre)",
    "Dagtilbud og klubber Skovlunde",
    "Driftsgården Måløv (vej og park, teknik og miljø)",
)


def _xlsx_rows(download) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _wait_result(page) -> None:
    page.get_by_test_id("sim-figures").wait_for(timeout=180_000)
    page.get_by_test_id("chart-cost").wait_for()
    page.wait_for_load_state("networkidle")


def _only_the_town_hall_in_may(page) -> int:
    """Keep location 1 and one month, so a run takes seconds; return the town
    hall's number of cars (21 in the demo; other browser tests may change the
    register)."""
    size = page.get_by_test_id("sim-fleet-size")
    everywhere = size.inner_text()
    page.get_by_test_id("sim-locations").click()
    for name in OTHER_LOCATIONS:
        page.get_by_role("option", name=name).click()
    page.keyboard.press("Escape")
    page.get_by_test_id("sim-start").fill("2026-05-01")
    page.get_by_test_id("sim-end").fill("2026-05-31")
    for _ in range(50):
        if size.inner_text() != everywhere:
            break
        page.wait_for_timeout(200)
    found = re.match(r"(\d+) nuværende", size.inner_text())
    assert found, size.inner_text()
    return int(found.group(1))


def _run(page) -> None:
    """Start a run and wait for its own page (the previous result stays on
    screen until the browser navigates to the new job)."""
    before = page.url
    page.get_by_test_id("sim-run").click()
    page.wait_for_url(lambda url: url != before and "job=" in url)


def _count(page, vehicle_id: str):
    return page.get_by_test_id(f"count-{vehicle_id}")


def _save(page, name: str) -> None:
    page.get_by_test_id("scen-name").fill(name)
    page.get_by_test_id("scen-save").click()
    page.get_by_text(translate("da", "scen.saved", name=name)).wait_for()


def test_simulation_setup_run_book_save_reopen_compare(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/simulation")
    page.get_by_test_id("sim-fleet").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "simulation-da-setup")

    # The whole demo (29,000 trips) runs long enough to be cancelled; start from
    # the default setup (another test may have left a shorter run newest).
    page.goto("/simulation?new=1")
    page.get_by_test_id("sim-fleet").wait_for()
    assert page.get_by_test_id("sim-figures").count() == 0
    _run(page)
    page.get_by_test_id("job-progress").wait_for()
    page.get_by_test_id("job-cancel").click()
    page.get_by_text(translate("da", "jobstate.cancelled"), exact=True).wait_for(
        timeout=60_000
    )
    page.get_by_text(translate("da", "sim.cancelled_hint")).wait_for()
    screenshot(page, "simulation-da-cancelled")

    # Town hall, May: one car less, two Renault 5 more.
    cars = _only_the_town_hall_in_may(page)
    page.locator("[data-testid^=minus-cur]").first.click()  # one car less
    size = page.get_by_test_id("sim-fleet-size")
    size.filter(has_text=f"har {cars - 1} køretøjer").wait_for()
    page.get_by_test_id("sim-candidate").click()
    page.get_by_role("option", name="Renault 5 E-Tech 52 kWh").click()
    page.get_by_test_id("sim-add-count").fill("2")
    page.get_by_test_id("sim-add").click()
    size.filter(has_text=f"har {cars + 1} køretøjer").wait_for()
    assert _count(page, RENAULT_5_AT_TOWN_HALL).input_value() == "2"
    screenshot(page, "simulation-da-fleet-changed")
    _run(page)
    # one location's month is allocated in about a second now, so the progress
    # bar may be gone before it is looked for (the cancel above shows it)
    _wait_result(page)
    screenshot(page, "simulation-da-result")

    # The driving book: pages on the server, the whole book in xlsx.
    book_page = page.get_by_test_id("book-page")
    assert re.match(r"Side 1 af \d+ \(\d+ ture\)", book_page.inner_text())
    page.get_by_test_id("book-next").click()
    book_page.filter(has_text="Side 2 af").wait_for()
    with page.expect_download() as download:
        page.get_by_test_id("export-book-xlsx").click()
    rows = _xlsx_rows(download.value)
    assert rows[0] == [
        translate("da", f"sim.bcol.{c}")
        for c in ("start", "end", "distance_km", "current", "simulated")
    ]
    assert len(rows) > 100
    assert any(str(r[4]).startswith(f"{RENAULT_5}#") for r in rows[1:])
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert _xlsx_rows(download.value)[0][0] == translate("da", "sim.vcol.vehicle_id")
    _save(page, "Rådhuset med to Renault 5")

    # A second scenario: the same without the Renault 5 (count 0 removes it).
    _count(page, RENAULT_5_AT_TOWN_HALL).fill("0")
    size.filter(has_text=f"har {cars - 1} køretøjer").wait_for()
    _run(page)
    _wait_result(page)
    _save(page, "Rådhuset med en bil mindre")

    page.goto("/scenarios")
    page.get_by_test_id("scenario-table").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "scenarios-da-list")
    page.locator('[data-testid^="reopen-"]').nth(1).click()  # newest first
    page.get_by_test_id("sim-scenario-name").filter(
        has_text="Rådhuset med to Renault 5"
    ).wait_for()
    assert _count(page, RENAULT_5_AT_TOWN_HALL).input_value() == "2"
    _wait_result(page)
    screenshot(page, "simulation-da-reopened")

    page.goto("/scenarios")
    page.get_by_test_id("scen-compare").click()
    page.get_by_test_id("scen-compare-figures").wait_for()
    page.locator('[data-testid="chart-compare-cost"] canvas').wait_for()
    page.wait_for_load_state("networkidle")
    compare_url = page.url
    assert "a=" in compare_url and "b=" in compare_url
    screenshot(page, "scenarios-da-compare")
    with page.expect_download() as download:
        page.get_by_test_id("export-compare-xlsx").click()
    rows = _xlsx_rows(download.value)
    assert rows[0][1:3] == ["Rådhuset med to Renault 5", "Rådhuset med en bil mindre"]
    assert [r[1:] for r in rows if r[0] == "Renault 5 E-Tech 52 kWh"] == [[2, 0, -2]]

    page.get_by_test_id("lang-en").click()  # the same comparison in English
    page.get_by_text(translate("en", "scen.fleet_heading")).wait_for()
    assert page.url == compare_url
    page.wait_for_load_state("networkidle")
    screenshot(page, "scenarios-en-compare")
    page.goto("/simulation")
    _wait_result(page)
    page.get_by_text(translate("en", "sim.book"), exact=True).wait_for()
    screenshot(page, "simulation-en-result")
