"""Plan og rapporter in the browser: each tab, the whole-report xlsx, a table's
xlsx, a chart's PNG, an edited input, and screenshots in Danish and English."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot

TABLES = ("plan", "fleet", "chargers", "green", "fuels", "business")


def _open_tab(page, part: str, ready: str) -> None:
    page.get_by_test_id(f"tab-{part}").click()
    page.get_by_test_id(ready).wait_for(timeout=60_000)
    page.wait_for_timeout(700)  # charts finish drawing


def test_reports_tabs_exports_and_languages(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/reports")
    page.get_by_test_id("table-fleet").wait_for(timeout=60_000)
    page.wait_for_timeout(700)
    screenshot(page, "reports-da-transition")

    with page.expect_download() as info:
        page.get_by_test_id("chart-fleet-png").click()
    png = info.value.path().read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000

    with page.expect_download() as info:
        page.get_by_test_id("xlsx-plan").click()
    sheet = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[0] == translate("da", "rep.col.plan.year")
    assert sheet.max_row > 10  # the demo has ~60 fossil vehicles
    action = header.index(translate("da", "rep.col.plan.action")) + 1
    actions = {
        sheet.cell(row=r, column=action).value for r in range(2, sheet.max_row + 1)
    }
    assert translate("da", "rep.action.replace") in actions
    plates = header.index(translate("da", "rep.col.plan.plate")) + 1
    assert all(sheet.cell(row=r, column=plates).value for r in range(2, 6))

    _open_tab(page, "green", "table-green")
    screenshot(page, "reports-da-green")
    _open_tab(page, "business", "table-business")
    screenshot(page, "reports-da-business")

    # the factor set prices the new charge points (no warning); an own price
    # replaces it and changes the investment
    investment = page.get_by_test_id("bc-investment").inner_text()
    assert page.get_by_test_id("bc-points-warning").count() == 0
    page.get_by_test_id("in-charge-point").fill("25000")
    page.get_by_test_id("run-business").click()
    page.get_by_test_id("bc-investment").wait_for()
    # the box is rebuilt: wait for the new figure, not the old one being removed
    page.wait_for_function(
        "old => { const e = document.querySelector('[data-testid=bc-investment]');"
        " return e !== null && e.innerText !== old; }",
        arg=investment,
    )
    with page.expect_download() as info:
        page.get_by_test_id("chart-business-png").click()
    assert info.value.path().read_bytes().startswith(b"\x89PNG")

    with page.expect_download() as info:
        page.get_by_test_id("xlsx-all").click()
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    assert book.sheetnames == [
        translate("da", f"rep.table.{n}")[:31] for n in ("assumptions", *TABLES)
    ]
    facts = {
        row[0]: row[1] for row in book.worksheets[0].iter_rows(2, values_only=True)
    }
    assert facts[translate("da", "rep.in.target_year")] == 2030
    assert facts[translate("da", "rep.in.charge_point")] == 25_000
    payback = page.get_by_test_id("bc-payback").locator("div").first.inner_text()
    assert str(facts[translate("da", "rep.fig.payback")]) == payback
    fleet = book[translate("da", "rep.table.fleet")]
    years = [fleet.cell(row=r, column=1).value for r in range(2, fleet.max_row + 1)]
    assert years[0] == translate("da", "rep.today") and years[-1] == "2030"

    # an earlier target year shortens the plan
    _open_tab(page, "transition", "table-fleet")
    page.get_by_test_id("in-target-year").fill("")
    page.get_by_test_id("run-transition").click()
    label = translate("da", "rep.in.target_year")
    # the one set of field rules names the empty field (ingest.field_rules)
    page.get_by_text(translate("da", "register.err.required", field=label)).wait_for()
    page.get_by_test_id("in-target-year").fill("2028")
    page.get_by_test_id("run-transition").click()
    page.get_by_test_id("table-fleet").get_by_text("2028", exact=True).wait_for()
    rows = page.get_by_test_id("table-fleet").locator("tbody tr")
    assert rows.last.locator("td").first.inner_text() == "2028"

    page.goto("/lang/en?next=/reports")
    page.get_by_text(translate("en", "rep.tab.green"), exact=True).wait_for()
    page.get_by_test_id("table-fleet").wait_for(timeout=60_000)
    page.wait_for_timeout(700)
    screenshot(page, "reports-en-transition")
    _open_tab(page, "green", "table-green")
    screenshot(page, "reports-en-green")
    _open_tab(page, "business", "table-business")
    screenshot(page, "reports-en-business")
    page.goto("/lang/da?next=/reports")
