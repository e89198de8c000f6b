"""Vehicle category filters in the browser (issue 16): the register, Analyse and
Simulering's fleet editor each narrow to one body (car, van, minibus, ...)."""

from __future__ import annotations

import re

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot


def _count(text: str) -> int:
    found = re.search(r"(\d+)", text.replace(".", ""))
    assert found, text
    return int(found.group(1))


def _choose(page, testid: str, label: str) -> None:
    page.get_by_test_id(testid).click()
    page.get_by_role("option", name=label, exact=True).click()


def test_register_analysis_and_simulation_filter_by_category(
    page, server: Server
) -> None:
    log_in(page, "admin", server.admin_password)
    van = translate("da", "register.category.van")

    page.goto("/vehicles")
    table = page.get_by_test_id("vehicle-table")
    table.wait_for()
    counter = page.locator("text=/^\\d+ køretøjer?$/").first
    everyone = _count(counter.inner_text())
    _choose(page, "filter-category", van)
    page.wait_for_url(re.compile(r".*/vehicles\?category=van$"))
    page.get_by_test_id("vehicle-table").wait_for()
    vans = _count(page.locator("text=/^\\d+ køretøjer?$/").first.inner_text())
    assert 0 < vans < everyone

    page.goto("/analysis")
    summary = page.get_by_test_id("analysis-summary")
    summary.wait_for(timeout=60_000)
    all_text = summary.inner_text()
    page.goto("/analysis?category=van")
    page.get_by_test_id("analysis-summary").wait_for(timeout=60_000)
    van_text = page.get_by_test_id("analysis-summary").inner_text()
    for _ in range(100):  # the figures replace the spinner over the websocket
        if f": {vans} køretøjer" in van_text:
            break
        page.wait_for_timeout(300)
        van_text = page.get_by_test_id("analysis-summary").inner_text()
    assert f": {vans} køretøjer" in van_text, (van_text, all_text)
    chips = page.get_by_test_id("filter-category").inner_text()
    assert van in chips  # the URL's filter is shown as chosen

    page.goto("/simulation")
    fleet = page.get_by_test_id("sim-fleet")
    fleet.wait_for(timeout=30_000)
    pager = fleet.locator(".q-table__bottom").first
    before = pager.inner_text()
    _choose(page, "sim-filter-category", van)
    page.keyboard.press("Escape")
    page.wait_for_function(
        "b => document.querySelector('[data-testid=sim-fleet] .q-table__bottom')"
        ".innerText !== b",
        arg=before,
    )
    shown = re.search(r"af (\d+)", pager.inner_text())
    assert shown and 0 < int(shown.group(1)) <= vans, pager.inner_text()
    screenshot(page, "simulation-category-filter")
