"""Scenarier in the browser (issue 16): figures in the list, rename, delete with
confirmation, and a warning when compared scenarios cover different periods.
Its own server, whose two scenarios (a month, a week) are stored up front."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from fleetplan.web.simulation_tables import FIGURES
from fleetplan.web.translate import translate
from tests.browser.conftest import log_in, screenshot, serving


def _report(start: str, end: str, trips: int, cost: float) -> dict[str, object]:
    def side(total: float) -> dict[str, object]:
        figures: dict[str, object] = {field: 0.0 for _, field, _ in FIGURES}
        figures.update(total_cost_dkk=total, fixed_cost_dkk=total, co2e_t=12.5)
        figures["vehicles"] = [{"name": "VW e-Up!"}]
        return figures

    return {
        "trips": trips,
        "period": {"start": start, "end": end},
        "current": side(cost + 83_200.0),
        "simulated": side(cost),
        "unallocated": [],
    }


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    from fleetplan.cli.web_commands import ensure_demo
    from fleetplan.domain import Scenario, ScenarioKind
    from fleetplan.store import create_engine_for
    from fleetplan.store.catalog_repo import save_scenario

    folder = tmp_path_factory.mktemp("scenarios")
    url = f"sqlite:///{folder / 'scen.sqlite'}"
    password = ensure_demo(url)
    assert password is not None
    engine = create_engine_for(url)
    for name, start, end, trips in (
        ("Maj", "2026-05-01T00:00:00", "2026-06-01T00:00:00", 2288),
        ("Uge", "2026-05-01T00:00:00", "2026-05-08T00:00:00", 362),
    ):
        save_scenario(
            engine,
            Scenario(
                name,
                ScenarioKind.SIMULATION,
                "dk-2025",
                {},
                _report(start, end, trips, 740_100.0),
            ),
        )
    engine.dispose()
    with serving(url, folder) as base_url:
        yield base_url, password


def test_list_figures_rename_delete_and_period_warning(browser, stored) -> None:
    base_url, password = stored
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    try:
        log_in(page, "admin", password)
        page.goto("/scenarios")
        table = page.get_by_test_id("scenario-table")
        table.wait_for()
        text = table.inner_text()
        for figure in ("01.05.2026 – 31.05.2026", "2.288", "740.100", "83.200", "12,5"):
            assert figure in text, text

        # compare the month with the week: the periods differ, the page says so
        page.goto("/scenarios?a=1&b=2")
        warning = page.get_by_test_id("scen-period-warning")
        warning.wait_for()
        assert (
            "2.288 ture" in warning.inner_text() and "362 ture" in warning.inner_text()
        )
        page.goto("/scenarios?a=1&b=1")
        page.get_by_test_id("scen-compare-figures").wait_for()
        assert page.get_by_test_id("scen-period-warning").count() == 0

        # rename the week; a name in use is refused with the catalogue's text
        page.goto("/scenarios")
        page.get_by_test_id("rename-2").click()
        page.get_by_test_id("scen-rename-name").fill("Maj")
        page.get_by_test_id("scen-rename-save").click()
        page.get_by_text(translate("da", "scen.name_taken", name="Maj")).wait_for()
        page.get_by_test_id("scen-rename-name").fill("Første uge af maj")
        page.get_by_test_id("scen-rename-save").click()
        page.get_by_test_id("scenario-table").filter(
            has_text="Første uge af maj"
        ).wait_for()

        # delete asks first; cancelling keeps it, confirming removes it
        page.get_by_test_id("delete-2").click()
        page.get_by_text(
            translate("da", "scen.delete_confirm", name="Første uge af maj")
        ).wait_for()
        page.get_by_test_id("scen-delete-cancel").click()
        assert "Første uge af maj" in page.get_by_test_id("scenario-table").inner_text()
        page.get_by_test_id("delete-2").click()
        page.get_by_test_id("scen-delete-confirm").click()
        # the page is already at /scenarios, so wait for the table to change
        expect(page.get_by_test_id("scenario-table")).not_to_contain_text(
            "Første uge af maj", timeout=15_000
        )
        assert "Maj" in page.get_by_test_id("scenario-table").inner_text()
        screenshot(page, "scenarios-managed")
    finally:
        context.close()
