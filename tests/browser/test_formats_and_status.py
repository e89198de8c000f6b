"""Formats and solver words in the browser (issue 16): one date format per
language, Danish numbers in the catalogue, and a simulation's status as a
sentence instead of "Status: limit, afstand til nedre grænse"."""

from __future__ import annotations

import re

from tests.browser.conftest import Server, log_in, screenshot
from tests.browser.test_simulation import _only_the_town_hall_in_may, _run


def test_dates_and_numbers_follow_the_language(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/vehicles?tab=catalogue")
    table = page.get_by_test_id("catalogue-table")
    table.locator("tbody tr").first.wait_for(timeout=30_000)
    text = table.inner_text()
    assert re.search(r"\b\d{1,3}\.\d{3}\b", text), text  # 36.000, not 36000
    assert not re.search(r"\b\d+\.\d km/l", text), text  # 21,1 km/l, not 21.1
    page.goto("/analysis")
    summary = page.get_by_test_id("analysis-summary")
    summary.wait_for(timeout=60_000)
    assert re.search(r"\b\d\d\.\d\d\.\d{4} – \d\d\.\d\d\.\d{4}\b", summary.inner_text())
    page.get_by_test_id("lang-en").click()
    page.get_by_test_id("analysis-summary").wait_for(timeout=60_000)
    english = page.get_by_test_id("analysis-summary").inner_text()
    assert re.search(r"\b\d\d/\d\d/\d{4} – \d\d/\d\d/\d{4}\b", english), english
    assert re.search(r"\b\d{1,3}(,\d{3})+ trips\b", english), english
    page.get_by_test_id("lang-da").click()
    page.get_by_test_id("analysis-summary").wait_for(timeout=60_000)


def test_a_simulation_says_how_good_its_allocation_is(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/simulation")
    page.get_by_test_id("sim-fleet").wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    _only_the_town_hall_in_may(page)
    page.get_by_test_id("sim-end").fill("2026-05-07")
    _run(page)
    page.get_by_test_id("sim-figures").wait_for(timeout=180_000)
    line = page.get_by_text(re.compile(r"ture fra .* til og med")).first.inner_text()
    assert re.search(
        r"fordelingen er (bevist optimal|bevist højst [\d,]+ % fra det bedste"
        r"|stoppet ved tidsgrænsen – højst [\d,]+ % fra det bedste)",
        line,
    ), line
    assert "Status:" not in line and "nedre grænse" not in line
    assert re.search(r"fra 01\.05\.2026 til og med 07\.05\.2026", line), line
    screenshot(page, "simulation-status-words")
