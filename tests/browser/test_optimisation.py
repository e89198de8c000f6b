"""Optimering in the browser: set a short period, run with progress, see the 5
best fleets and the Pareto chart, export xlsx, open a fleet as a full result,
in Danish and English."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot

RUN_TIMEOUT_MS = 300_000


def _field(page, testid: str):
    """Quasar puts a q-input's attributes on its native input."""
    return page.get_by_test_id(testid)


def test_optimise_open_a_fleet_and_export(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/optimisation")
    page.get_by_test_id("opt-form").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "opt-da-01-form")
    # a short period: the last 5 days of the data, at the town hall only
    end = date.fromisoformat(_field(page, "opt-end").input_value())
    _field(page, "opt-start").fill((end - timedelta(days=4)).isoformat())
    page.get_by_test_id("opt-locations").click()
    page.get_by_role("option", name="Ballerup Rådhus").click()
    page.keyboard.press("Escape")
    _field(page, "opt-time-limit").fill("5")
    meaning = page.get_by_test_id("opt-weight-meaning")
    assert "50 %" in meaning.inner_text()
    page.get_by_test_id("opt-run").click()
    page.wait_for_url(re.compile(r".*/optimisation\?job=[0-9a-f]+$"))
    # progress while it runs (a fast run may already be done: then no panel)
    stages = {
        translate("da", k)
        for k in (
            "optimise.building",
            "optimise.solving",
            "optimise.verifying",
            "optimise.pareto",
            "job.loading",
        )
    }
    panel = page.get_by_test_id("job-panel")
    if panel.count():
        page.get_by_test_id("job-progress").wait_for()
        text = page.get_by_test_id("job-stage").inner_text()
        # queued, or running: a stage, or none yet (taken, first report to come)
        no_stage_yet = f"{translate('da', 'jobstate.running')}: ("
        assert (
            any(s in text for s in stages)
            or "I kø" in text
            or text.startswith(no_stage_yet)
        ), text
        screenshot(page, "opt-da-02-progress")
    table = page.get_by_test_id("opt-solutions")
    table.wait_for(timeout=RUN_TIMEOUT_MS)
    page.get_by_test_id("opt-pareto").wait_for()
    page.wait_for_load_state("networkidle")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[:2] == ["Model", "I dag"]
    assert headers[2:] == [f"#{i}" for i in range(1, len(headers) - 1)]
    assert 1 <= len(headers) - 2 <= 5
    assert page.locator('[data-testid="opt-pareto"] canvas').count() == 1
    screenshot(page, "opt-da-03-results")

    with page.expect_download() as download_info:
        page.get_by_test_id("opt-export-xlsx").click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes())).active
    first = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert first[:4] == ["Model", "I dag", "#1", "#1 ±"]
    labels = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert translate("da", "opt.fig.total_cost") in labels

    page.get_by_test_id("opt-open-1").click()
    page.wait_for_url(re.compile(r".*&sim=[0-9a-f]+$"))
    figures = page.get_by_test_id("opt-sim-figures")
    figures.wait_for(timeout=RUN_TIMEOUT_MS)
    page.get_by_test_id("opt-sim-vehicles").wait_for()
    assert translate("da", "opt.sim.title", number=1) in page.content()
    assert page.get_by_test_id("opt-sim-vehicles").locator("tbody tr").count() > 0
    page.wait_for_load_state("networkidle")
    screenshot(page, "opt-da-04-fleet")
    url = page.url

    # the same run on Simulering: its charts and driving book
    page.get_by_test_id("opt-sim-link").click()
    page.wait_for_url(re.compile(r".*/simulation\?job=[0-9a-f]+$"))
    page.get_by_test_id("sim-figures").wait_for()
    page.get_by_test_id("book-page").wait_for()
    # the form holds the optimised fleet: today's cars it drops at 0
    page.locator("input[data-testid^=count-]").first.wait_for()
    assert "0" in [
        x.input_value() for x in page.locator("input[data-testid^=count-]").all()
    ]
    page.wait_for_load_state("networkidle")
    screenshot(page, "opt-da-05-fleet-on-simulation")

    page.goto(url)
    page.get_by_test_id("opt-sim-figures").wait_for()
    page.get_by_test_id("lang-en").click()  # the same page (query kept) in English
    page.get_by_text("The best fleets").wait_for()
    page.get_by_test_id("opt-sim-figures").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "opt-en-04-fleet")
    page.get_by_test_id("opt-new").click()
    page.get_by_test_id("opt-form").wait_for()
    page.wait_for_timeout(500)
    screenshot(page, "opt-en-01-form")
    page.get_by_test_id("lang-da").click()
    page.get_by_text("De bedste flåder").wait_for()
