"""Simulering's grouped fleet editor and per-user setups in the browser (issue
16): model × location lines with −/+ and search instead of 122 single rows, and
a reader neither sees nor can change an editor's setup."""

from __future__ import annotations

import re

from fleetplan.web.translate import translate
from tests.browser.conftest import READER_PASSWORD, Server, log_in, screenshot
from tests.browser.test_simulation import _only_the_town_hall_in_may, _run


def _simulated(page) -> int:
    text = page.get_by_test_id("sim-fleet-size").inner_text()
    found = re.search(r"har (\d+) køretøj", text)
    assert found, text
    return int(found.group(1))


def _lines(page) -> int:
    bottom = page.get_by_test_id("sim-fleet").locator(".q-table__bottom").inner_text()
    found = re.search(r"af (\d+)", bottom)
    assert found, bottom
    return int(found.group(1))


def test_grouped_editor_and_own_setups(browser, page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/simulation?new=1")
    page.get_by_test_id("sim-fleet").wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    everyone = _simulated(page)
    lines = _lines(page)
    assert lines < everyone  # grouped: fewer lines than vehicles
    # search narrows the lines to a model; + adds one of it, − takes it back
    search = page.get_by_test_id("sim-fleet-search")
    search.fill("Renault")
    page.wait_for_function(
        "n => !document.querySelector('[data-testid=sim-fleet] .q-table__bottom')"
        " || !document.querySelector('[data-testid=sim-fleet] .q-table__bottom')"
        ".innerText.includes('af ' + n)",
        arg=lines,
    )
    names = page.get_by_test_id("sim-fleet").locator("tbody tr").all_inner_texts()
    assert names and all("Renault" in n for n in names), names
    search.fill("")
    page.locator("[data-testid^=plus-cur]").first.click()
    page.get_by_test_id("sim-fleet-size").filter(
        has_text=f"har {everyone + 1} køretøjer"
    ).wait_for()
    page.locator("[data-testid^=minus-cur]").first.click()
    page.get_by_test_id("sim-fleet-size").filter(
        has_text=f"har {everyone} køretøjer"
    ).wait_for()

    # the admin's own run: the town hall for a week with one car extra
    cars = _only_the_town_hall_in_may(page)
    page.get_by_test_id("sim-end").fill("2026-05-03")
    page.locator("[data-testid^=plus-cur]").first.click()
    page.get_by_test_id("sim-fleet-size").filter(
        has_text=f"har {cars + 1} køretøjer"
    ).wait_for()
    _run(page)
    admin_job = page.url
    page.get_by_test_id("sim-figures").wait_for(timeout=180_000)
    screenshot(page, "fleet-editor-admin")

    # a reader opens Simulering: not the admin's setup, and no typing into it
    context = browser.new_context(base_url=server.base_url)
    reader = context.new_page()
    try:
        log_in(reader, "laeser", READER_PASSWORD)
        reader.goto("/simulation")
        reader.get_by_text(translate("da", "sim.no_runs")).wait_for(timeout=30_000)
        assert _simulated(reader) == everyone  # the defaults, not the town hall's
        assert reader.locator("[data-testid^=plus-cur]").first.is_disabled()
        count = reader.locator("input[data-testid^=count-cur]").first
        assert count.get_attribute("readonly") is not None
        reader.goto(admin_job)  # the admin's result by its link, not its setup
        reader.get_by_test_id("sim-figures").wait_for(timeout=60_000)
        assert _simulated(reader) == everyone
        screenshot(reader, "fleet-editor-reader")
    finally:
        context.close()
