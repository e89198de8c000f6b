"""Log in, visit every page in Danish and English, export xlsx, role checks."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from fleetplan.web.shell import NAVIGATION
from fleetplan.web.translate import translate
from tests.browser.conftest import READER_PASSWORD, Server, log_in, screenshot


def _slug(path: str) -> str:
    return path.strip("/") or "home"


def test_login_page_and_wrong_password(page, server: Server) -> None:
    page.goto("/")
    page.wait_for_url("**/login")
    screenshot(page, "00-login")
    page.get_by_test_id("username").fill("admin")
    page.get_by_test_id("password").fill("not the password")
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("login-error").wait_for()
    assert translate("da", "login.failed") in page.content()
    screenshot(page, "01-login-error")


def test_every_page_in_danish_then_english(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    for index, (path, key, _icon) in enumerate(NAVIGATION):
        page.goto(path)
        page.get_by_text(translate("da", key), exact=True).last.wait_for()
        page.wait_for_load_state("networkidle")
        screenshot(page, f"da-{index:02d}-{_slug(path)}")
    page.goto("/")
    page.get_by_test_id("kf-km").wait_for()
    page.get_by_test_id("lang-en").click()
    page.get_by_text("Vehicles in the fleet").wait_for()
    for index, (path, key, _icon) in enumerate(NAVIGATION):
        page.goto(path)
        page.get_by_text(translate("en", key), exact=True).last.wait_for()
        page.wait_for_load_state("networkidle")
        screenshot(page, f"en-{index:02d}-{_slug(path)}")
    page.get_by_test_id("lang-da").click()
    page.get_by_text("Brugere og roller").wait_for()


def test_vehicle_search_and_xlsx_export(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/vehicles")
    table = page.get_by_test_id("vehicle-table")
    table.wait_for()
    page.locator(".status-chip").first.wait_for()
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    content = download_info.value.path().read_bytes()
    sheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[0] == translate("da", "vehicles.col.id")
    assert sheet.max_row > 10
    first_id = str(sheet.cell(row=2, column=1).value)
    first_plate = str(sheet.cell(row=2, column=5).value)
    page.get_by_test_id("vehicle-search").fill(first_plate)
    page.wait_for_timeout(500)
    rows = table.locator("tbody tr")
    assert rows.count() == 1
    assert first_id in rows.first.inner_text()
    screenshot(page, "vehicles-search")


def test_reader_cannot_see_users_or_write(page, server: Server) -> None:
    log_in(page, "laeser", READER_PASSWORD)
    page.goto("/settings")
    page.get_by_text(translate("da", "settings.users_admin_only")).wait_for()
    assert page.get_by_test_id("user-table").count() == 0
    status = page.evaluate(
        """async () => {
            const token = (await (await fetch('/api/v1/auth/me')).json())
                .csrf_token;
            const r = await fetch('/api/v1/jobs', {method: 'POST',
                headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token},
                body: JSON.stringify({kind: 'dataset.summary'})});
            return r.status;
        }"""
    )
    assert status == 403
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/login")
    page.goto("/vehicles")
    page.wait_for_url("**/login")


def test_admin_creates_a_user_in_the_browser(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/settings")
    page.get_by_test_id("new-username").fill("klimamedarbejder")
    page.get_by_test_id("new-password").fill("en lang adgangskode")
    page.get_by_test_id("save-user").click()  # without the admin's own password
    page.get_by_text(translate("da", "users.err.current_password")).wait_for()
    assert (
        page.get_by_test_id("user-table").get_by_text("klimamedarbejder").count() == 0
    )
    page.get_by_test_id("current-password").fill(server.admin_password)
    page.get_by_test_id("save-user").click()
    page.get_by_test_id("user-table").get_by_text("klimamedarbejder").wait_for()
    screenshot(page, "settings-user-created")
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/login")
    log_in(page, "klimamedarbejder", "en lang adgangskode")
    page.get_by_test_id("kf-vehicles").wait_for()


def test_import_shows_row_errors_then_saves_a_good_file(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/vehicles")
    page.get_by_text(translate("da", "import.title")).click()
    upload = page.get_by_test_id("import-upload").locator("input[type=file]")
    upload.set_input_files(str(server.bad_xlsx))
    problems = page.get_by_test_id("import-problems")
    problems.wait_for(timeout=60_000)
    assert "annual_cost_dkk" in problems.inner_text()
    assert page.get_by_test_id("import-save").count() == 0
    screenshot(page, "import-errors")
    page.goto("/vehicles")
    page.get_by_text(translate("da", "import.title")).click()
    upload = page.get_by_test_id("import-upload").locator("input[type=file]")
    upload.set_input_files(str(server.good_xlsx))
    page.get_by_test_id("import-summary").wait_for(timeout=60_000)
    assert page.get_by_test_id("import-problems").count() == 0
    page.get_by_test_id("import-save").click()
    page.wait_for_url("**/vehicles?imported=1", timeout=120_000)
    page.get_by_test_id("import-saved").wait_for(timeout=60_000)
    screenshot(page, "import-saved")
    page.get_by_test_id("vehicle-table").wait_for()
