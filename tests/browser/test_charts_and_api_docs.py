"""Chart exports titled with period and selection, and the interactive offline
API page with roles (issue 16), in the browser."""

from __future__ import annotations

import re
import struct

from playwright.sync_api import TimeoutError

from tests.browser.conftest import Server, log_in, screenshot

BAND_PX = 56  # web.charts.TITLE_BAND_PX


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    return width, height


def test_png_has_a_title_band_with_period_and_selection(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/analysis?category=van")
    page.get_by_test_id("quality-counts").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")  # a page may reload once on connect
    page.get_by_test_id("quality-counts").wait_for(timeout=60_000)
    heat = page.get_by_test_id("chart-heatmap")
    heat.locator("canvas").first.wait_for()
    shown = heat.bounding_box()
    assert shown is not None
    png = b""
    for _ in range(3):  # a click during NiceGUI's reconnect is lost: click again
        try:
            with page.expect_download(timeout=15_000) as info:
                page.get_by_test_id("chart-heatmap-png").click()
        except TimeoutError:
            continue
        png = info.value.path().read_bytes()
        break
    _, height = _png_size(png)
    assert abs(height - 2 * (shown["height"] + BAND_PX)) <= 2, (height, shown)
    title = heat.get_attribute("data-png-title") or ""
    assert re.search(r"\d\d\.\d\d\.\d{4} – \d\d\.\d\d\.\d{4}", title), title
    assert heat.get_attribute("data-png-selection") == "Udvalg: Kategorier: Varebil"
    after = heat.bounding_box()  # the chart on the page is back to its size
    assert after is not None and abs(after["height"] - shown["height"]) < 1


def test_interactive_api_page_runs_offline_with_roles(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(server.base_url) else None
        ),
    )
    page.goto("/api/v1/docs")
    page.get_by_role("link", name="Try the API in the browser").click()
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 20
    assert "[role: admin]" in page.locator(".swagger-ui").inner_text()
    health = page.locator(".opblock-get", has_text="/api/v1/health").first
    health.locator(".opblock-summary").click()
    try_it = health.get_by_role("button", name="Try it out")
    if try_it.count():
        try_it.click()
    health.get_by_role("button", name="Execute").click()
    health.locator(".live-responses-table .response-col_status").first.wait_for()
    assert "200" in health.locator(".live-responses-table").inner_text()
    # a POST with the session's CSRF token, sent by the page's own script
    me = page.locator(".opblock-get", has_text="/api/v1/auth/me").first
    assert me.count() == 1
    screenshot(page, "api-docs-try")
    assert outside == []
