"""Simulering in the browser: a run with "Se bort fra datasættets indstillinger"
shows where its settings came from (none from meta.json) under the result."""

from __future__ import annotations

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot
from tests.browser.test_simulation import _only_the_town_hall_in_may, _run, _wait_result


def test_result_lists_the_sources_of_its_settings(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/simulation?new=1")
    page.get_by_test_id("sim-fleet").wait_for()
    page.wait_for_load_state("networkidle")
    _only_the_town_hall_in_may(page)
    page.get_by_test_id("sim-ignore-meta").click()
    _run(page)
    _wait_result(page)
    sources = page.get_by_test_id("settings-sources")
    sources.get_by_text(translate("da", "src.title")).click()
    sources.get_by_text(translate("da", "src.meta_ignored")).wait_for()
    sources.get_by_text("0 fra datasættets indstillinger", exact=False).wait_for()
    sources.get_by_text(translate("da", "src.origin.default")).first.wait_for()
    screenshot(page, "simulation-da-settings-sources")
