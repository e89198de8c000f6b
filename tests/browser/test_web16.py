"""Issue 16's last items in the browser, and the change log (issue 19, item 5):

- Lokationer: the map's names do not overlap, and «ikke målt» explains itself;
- a chart PNG on Køretøjer › Udnyttelse carries the page's selection and, when
  zoomed, the part of the axis it shows;
- on a demo database of its own: a car deactivated in the form is no longer in
  Optimering's «I dag», and the change log on Indstillinger names who did it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot, serving

RUN = {
    "locations": ["1"],
    "start": "2026-05-04",
    "end": "2026-05-16",
    "time_limit_s": 20.0,
}


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_map_labels_apart_and_precision_explained(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/locations")
    labels = page.get_by_test_id("location-map").locator(".leaflet-tooltip")
    labels.first.wait_for()
    page.wait_for_timeout(500)
    boxes = [b for b in (t.bounding_box() for t in labels.all()) if b is not None]
    assert len(boxes) == 5
    assert [
        (i, j) for i in range(5) for j in range(i) if _overlap(boxes[i], boxes[j])
    ] == []
    screenshot(page, "web16-location-labels")
    page.get_by_test_id("precision-hint-1").hover()
    why = translate("da", "locations.precision_why_no_gps")
    page.get_by_text(why).wait_for()
    assert "fleetplan" not in why  # no command line for the user to run


def test_indstillinger_names_factors_and_sources(page, server: Server) -> None:
    """The factor table reads in Danish: meanings, units and sources, no ids."""
    log_in(page, "admin", server.admin_password)
    page.goto("/settings")
    table = page.get_by_test_id("factor-table")
    table.locator("tbody tr").first.wait_for(timeout=30_000)
    text = table.inner_text()
    for words in ("Pris på diesel", "kr./l", "Elbilers rækkevidde i januar"):
        assert words in text, words
    assert re.findall(r"\b[a-z0-9]+\.[a-z0-9]*_[a-z0-9_]+\b", text) == []
    assert "estimate" not in text and "no published figure" not in text
    screenshot(page, "web16-factor-names")


def test_a_zoomed_png_names_the_page_selection_and_the_zoom(
    page, server: Server
) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/vehicles?tab=use")
    free = page.get_by_test_id("chart-free")
    free.locator("canvas").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    # zoom as the slider under the chart does (ECharts' own dataZoom action)
    page.evaluate(
        """() => {
          const id = document.querySelector('[data-testid=chart-free]').id;
          getElement(parseInt(id.slice(1))).chart.dispatchAction(
            {type: 'dataZoom', start: 25, end: 60});
        }"""
    )
    page.wait_for_timeout(300)
    for _ in range(3):  # a click during NiceGUI's reconnect is lost: click again
        try:
            with page.expect_download(timeout=15_000) as info:
                page.get_by_test_id("chart-free-png").click()
        except TimeoutError:
            continue
        assert info.value.path().read_bytes()[:4] == b"\x89PNG"
        break
    selection = free.get_attribute("data-png-selection") or ""
    assert selection.startswith("Udvalg: Periode: 01."), selection
    assert " · Zoom: " in selection, selection


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base url, admin password) of a server on a fresh demo database."""
    from fleetplan.cli.web_commands import ensure_demo

    folder = tmp_path_factory.mktemp("web16-today")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    password = ensure_demo(url)
    assert password is not None
    with serving(url, folder) as base_url:
        yield base_url, password


def _optimise(client: httpx.Client, csrf: dict[str, str]) -> tuple[str, Any]:
    job = client.post(
        "/api/v1/jobs", json={"kind": "optimise", "params": RUN}, headers=csrf
    ).json()
    for _ in range(1500):
        state = client.get(f"/api/v1/jobs/{job['job_id']}").json()
        if state["state"] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.2)
    assert state["state"] == "done", state
    result = client.get(f"/api/v1/jobs/{job['job_id']}/result").json()["result"]
    return str(job["job_id"]), result


def _today_column(page) -> dict[str, int]:
    """Optimering's «I dag» per model row (the figure rows at the foot left out)."""
    table = page.get_by_test_id("opt-solutions")
    table.locator("tbody tr").first.wait_for(timeout=60_000)
    out = {}
    for row in table.locator("tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        if cells[1].isdigit() and int(cells[1]) > 0:
            out[cells[0]] = int(cells[1])
    return out


def test_a_deactivated_car_leaves_todays_fleet_in_optimering(
    browser, own: tuple[str, str]
) -> None:
    context = browser.new_context(
        base_url=own[0], viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    client = httpx.Client(base_url=own[0], timeout=60)
    login = client.post(
        "/api/v1/auth/login", json={"username": "admin", "password": own[1]}
    )
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
    town_hall = [
        v for v in client.get("/api/v1/vehicles").json() if v["location_id"] == "1"
    ]
    _, before = _optimise(client, csrf)
    counts = before["today"]["counts"]
    assert sum(counts.values()) == len(town_hall)

    car = town_hall[0]["vehicle_id"]  # deactivated in the form, as a user would
    log_in(page, "admin", own[1])
    page.goto("/vehicles")
    page.get_by_test_id("vehicle-table").wait_for()
    page.get_by_test_id("vehicle-search").fill(car)
    page.wait_for_timeout(400)
    page.get_by_test_id(f"edit-{car}").click()
    page.get_by_test_id("deactivate-reason").fill("solgt")
    page.get_by_test_id("vehicle-deactivate").click()
    with page.expect_navigation():
        page.get_by_test_id("deactivate-confirm").click()

    job_id, after = _optimise(client, csrf)
    page.goto(f"/optimisation?job={job_id}")
    shown = _today_column(page)
    assert sum(shown.values()) == len(town_hall) - 1
    assert shown == {m: n for m, n in after["today"]["counts"].items() if n}
    fewer = [m for m, n in counts.items() if after["today"]["counts"].get(m, 0) < n]
    assert len(fewer) == 1 and shown.get(fewer[0], 0) == counts[fewer[0]] - 1
    # (today's cost may rise: the car's trips go to taxis and rental cars)
    screenshot(page, "web16-optimisation-today")

    page.goto("/settings")
    log = page.get_by_test_id("audit-table")
    log.wait_for(timeout=30_000)
    first = log.locator("tbody tr").first
    assert car in first.inner_text()
    assert "admin" in first.inner_text() and "Køretøj deaktiveret" in first.inner_text()
    assert "Årsag: solgt" in first.inner_text()
    screenshot(page, "web16-audit-log")
    context.close()
