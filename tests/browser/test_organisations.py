"""Two organisations in one deployment (issue 19): their administrators, logged in
side by side in two browsers, each see only their own fleet on Køretøjer, in its
xlsx export and through the API with their own session."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fleetplan.web.shell import NAVIGATION
from fleetplan.web.translate import translate
from tests.browser.conftest import log_in, screenshot, serving


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    """``fleetplan demo --organisations 2`` on a temporary SQLite file, served."""
    from fleetplan.cli.org_commands import ensure_national_demo

    folder: Path = tmp_path_factory.mktemp("orgs")
    url = f"sqlite:///{folder / 'national.sqlite'}"
    passwords = ensure_national_demo(url, 2)
    assert len(passwords) == 2
    with serving(url, folder) as base_url:
        yield base_url, passwords


def _exported_ids(page) -> list[str]:
    page.goto("/vehicles")
    page.get_by_test_id("vehicle-table").wait_for()
    page.locator(".status-chip").first.wait_for()
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes())).active
    return [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_two_administrators_side_by_side_see_only_their_own_fleet(
    browser, national
) -> None:
    base_url, passwords = national
    pages = {}
    for username, password in passwords.items():
        context = browser.new_context(  # a browser of its own: its own cookies
            base_url=base_url,
            viewport={"width": 1400, "height": 900},
            accept_downloads=True,
        )
        page = context.new_page()
        log_in(page, username, password)
        pages[username] = page
    try:
        seen = {}
        for username, page in pages.items():
            prefix = username.split("@", 1)[1] + "-"
            ids = _exported_ids(page)
            screenshot(page, f"orgs-{prefix.rstrip('-')}-vehicles")
            assert ids, f"{username} sees no vehicles"
            assert all(i.startswith(prefix) for i in ids), (
                f"{username} sees another fleet"
            )
            api = page.request.get("/api/v1/vehicles")
            assert api.ok
            rows = api.json()
            rows = rows if isinstance(rows, list) else rows.get("items", rows)
            api_ids = {str(r["vehicle_id"]) for r in rows}
            assert api_ids and all(i.startswith(prefix) for i in api_ids)
            seen[username] = set(ids)
        first, second = seen.values()
        assert not first & second
        # every page loads for both (a page's work in a thread keeps its
        # organisation: ``web/background.py``)
        for username, page in pages.items():
            for path, key, _icon in NAVIGATION:
                page.goto(path)
                page.get_by_text(translate("da", key), exact=True).last.wait_for()
                page.wait_for_load_state("networkidle")
                assert "Server error" not in page.content(), f"{username}: {path}"
    finally:
        for page in pages.values():
            page.context.close()
