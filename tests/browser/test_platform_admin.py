"""The platform administrator (issue 19 item 1), in a real browser: creates an
organisation and its administrator on Organisationer; that administrator logs
in and finds an empty fleet; the platform administrator sees none of the demo
municipality's fleet on Køretøjer or through the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import log_in, screenshot, serving

PLATFORM_PASSWORD = "platform password 1"
HERLEV_PASSWORD = "herlev password 1"


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str, str]]:
    """The demo municipality (organisation 'default') and a platform
    administrator, served; yields the base url, one of the demo's number
    plates (shown on Køretøjer to its users) and its admin's password."""
    from fleetplan.api import Role, SqlUserRepository, UserAccount
    from fleetplan.api.security import hash_password
    from fleetplan.cli.web_commands import ensure_demo
    from fleetplan.store import create_engine_for, load_dataset

    folder: Path = tmp_path_factory.mktemp("platform")
    url = f"sqlite:///{folder / 'platform.sqlite'}"
    admin_password = ensure_demo(url)
    assert admin_password is not None
    engine = create_engine_for(url)
    plate = str(load_dataset(engine, with_segments=False).vehicles[0].plate)
    SqlUserRepository(engine).save(
        UserAccount(
            "platform",
            Role.ADMIN,
            hash_password(PLATFORM_PASSWORD),
            platform_admin=True,
        )
    )
    engine.dispose()
    with serving(url, folder) as base_url:
        yield base_url, plate, admin_password


def _new_page(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1400, "height": 900}
    )
    return context.new_page()


def _sees_no_fleet(page, plate: str) -> None:  # type: ignore[no-untyped-def]
    api = page.request.get("/api/v1/vehicles")
    assert api.ok and api.json() == []
    page.goto("/vehicles")
    page.wait_for_load_state("networkidle")
    content = page.content()
    assert plate not in content and "Server error" not in content


def test_platform_admin_creates_an_organisation_and_its_admin(
    browser, platform
) -> None:
    base_url, plate, admin_password = platform
    demo = _new_page(browser, base_url)  # the plate is there to be seen
    try:
        log_in(demo, "admin", admin_password)
        demo.goto("/vehicles")
        demo.get_by_text(plate).first.wait_for()
    finally:
        demo.context.close()
    page = _new_page(browser, base_url)
    try:
        log_in(page, "platform", PLATFORM_PASSWORD)
        page.get_by_test_id("nav-platform").click()
        table = page.get_by_test_id("org-table")
        table.wait_for()
        page.get_by_test_id("org-slug").fill("Herlev Kommune")
        page.get_by_test_id("org-create").click()  # not a slug: refused, in Danish
        page.get_by_text("kan ikke bruges som kortnavn").wait_for()
        page.get_by_test_id("org-slug").fill("herlev")
        page.get_by_test_id("org-name").fill("Herlev Kommune")
        page.get_by_test_id("org-create").click()
        table.get_by_text("Herlev Kommune").wait_for()
        page.get_by_test_id("org-choose").click()
        page.get_by_role("option", name="Herlev Kommune").click()
        page.get_by_test_id("org-admin-username").fill("admin@herlev")
        page.get_by_test_id("org-admin-password").fill(HERLEV_PASSWORD)
        page.get_by_test_id("org-admin-add").click()
        table.get_by_text("admin@herlev").wait_for()
        screenshot(page, "platform-organisations")
        _sees_no_fleet(page, plate)  # the platform's view: no fleet
    finally:
        page.context.close()
    herlev = _new_page(browser, base_url)
    try:
        log_in(herlev, "admin@herlev", HERLEV_PASSWORD)
        assert herlev.get_by_test_id("nav-platform").count() == 0
        _sees_no_fleet(herlev, plate)  # a new organisation: an empty fleet
        screenshot(herlev, "platform-new-organisation-vehicles")
    finally:
        herlev.context.close()
