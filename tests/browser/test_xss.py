"""Stored XSS: every free-text field of every importable table, a scenario name
and a factor set name hold HTML/script payloads; an admin opens every page and
hovers its map and charts, and no payload runs or becomes markup.

Its own server on its own database (the demo plus the payloads), so the other
browser tests keep their clean demo data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.browser.conftest import serving

# Each payload marks what it would create with data-xss and counts a run in
# window.__xss; the Vue one shows "xssprobe" if it were compiled as a template.
# short enough for the register's text fields (make and model: 64 characters)
_RUN = "__xss=(self.__xss|0)+1"
PAYLOADS = (
    f'<img data-xss src=x onerror="{_RUN}">',
    f'<svg data-xss onload="{_RUN}">',
    "<script data-xss>window.__xss=1</script>",
    "{{ 'xss' + 'probe' }}",
)
PAGES = (
    "/",
    "/vehicles",
    "/locations",
    "/analysis",
    "/simulation",
    "/optimisation",
    "/scenarios",
    "/reports",
    "/settings",
)
_CHECK = """() => ({
    ran: window.__xss === undefined ? 0 : window.__xss,
    markup: document.querySelectorAll('[data-xss]').length,
    vue: document.body.innerText.includes('xssprobe'),
    payloads: document.body.innerText.split('data-xss').length - 1,
})"""


# the plate holds at most 32 characters (ingest.field_rules): markup and a template
SHORT_PAYLOADS = ("<i data-xss>P</i>", "{{ 'xss' + 'probe' }}")


def _payload(i: int, tag: str) -> str:
    """A value of the field: a readable prefix, then one of the payloads."""
    return f"{tag}{PAYLOADS[i % len(PAYLOADS)]}"


def _short(i: int, tag: str) -> str:
    return f"{tag}{SHORT_PAYLOADS[i % len(SHORT_PAYLOADS)]}"


def _poison(url: str, folder: Path) -> None:
    """Import (through the normal validation) the demo's locations and vehicles
    with every text field replaced by a payload, plus a location, a vehicle and
    a trip whose ids are payloads; store a scenario and a factor set so named."""
    from fleetplan.domain import Dataset, Scenario, ScenarioKind
    from fleetplan.economics.factor_sets import DEFAULT_FACTOR_SET_NAME
    from fleetplan.ingest.neutral_writer import write_tables
    from fleetplan.store import create_engine_for, import_path, load_dataset
    from fleetplan.store.catalog_repo import save_scenario
    from fleetplan.store.settings_edit import copy_factor_set

    engine = create_engine_for(url)
    data = load_dataset(engine, with_segments=False)
    locations = [
        replace(loc, name=_payload(i, "L"), address=_payload(i + 1, "A"))
        for i, loc in enumerate(data.locations)
    ]
    vehicles = [
        replace(
            v,
            plate=_short(i, "P"),
            make=_payload(i + 1, "M"),
            model=_payload(i + 2, "T"),
            department=_payload(i % 3, "D"),
            administration=_payload(i % 2, "F"),
        )
        for i, v in enumerate(data.vehicles)
    ]
    home = locations[0]
    locations.append(replace(home, location_id=_payload(0, "i"), lat=home.lat))
    vehicles.append(
        replace(vehicles[0], vehicle_id=_payload(1, "v"), location_id=_payload(0, "i"))
    )
    trip = data.roundtrips[-1]
    trips = (
        replace(
            trip,
            roundtrip_id=_payload(2, "r"),
            vehicle_id=_payload(1, "v"),
            location_id=_payload(0, "i"),
            end_time=trip.start_time + timedelta(hours=1),
            segments=(),
        ),
    )
    write_tables(Dataset(tuple(locations), tuple(vehicles), trips), folder / "poison")
    report = import_path(engine, folder / "poison")
    assert report.written, report
    copy_factor_set(engine, DEFAULT_FACTOR_SET_NAME, _payload(0, "S"))
    save_scenario(
        engine,
        Scenario(
            name=_payload(1, "N"),
            kind=ScenarioKind.SIMULATION,
            factor_set_name=_payload(0, "S"),
            inputs={},
        ),
    )
    engine.dispose()


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """``fleetplan serve`` on the demo with payloads; (base url, admin password)."""
    from fleetplan.cli.web_commands import ensure_demo

    folder = tmp_path_factory.mktemp("xss")
    url = f"sqlite:///{folder / 'xss.sqlite'}"
    password = ensure_demo(url)
    assert password is not None
    _poison(url, folder)
    with serving(url, folder) as base_url:
        yield base_url, password


def _hover_everything(page) -> None:
    """Hover the map's markers and a few points of every chart (tooltips)."""
    for marker in page.locator(".leaflet-marker-icon").all()[:5]:
        marker.hover(force=True)
    for chart in page.locator(".nicegui-echart").all()[:6]:
        box = chart.bounding_box()
        if not box or box["width"] < 10:
            continue
        for fx, fy in ((0.3, 0.5), (0.5, 0.4), (0.7, 0.6)):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(150)


def test_no_payload_runs_or_renders_as_markup(browser, poisoned) -> None:
    base_url, password = poisoned
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    blocked: list[str] = []  # the policy refused something: broken page or payload
    page.on(
        "console",
        lambda m: (
            blocked.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.goto("/login")
    page.get_by_test_id("username").fill("admin")
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/")
    seen: dict[str, dict[str, object]] = {}
    for path in PAGES:
        response = page.goto(path)
        assert "'nonce-" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(800)
        _hover_everything(page)
        seen[path] = page.evaluate(_CHECK)
    context.close()
    bad = {p: s for p, s in seen.items() if s["ran"] or s["markup"] or s["vue"]}
    assert not bad, bad
    assert not dialogs
    assert not blocked, blocked[:3]
    # The payloads were on the pages, as text (the test looked at real data).
    assert seen["/vehicles"]["payloads"] > 0
    assert seen["/locations"]["payloads"] > 0
