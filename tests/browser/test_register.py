"""Køretøjer, catalogue and Indstillinger in the browser: create, edit and
deactivate a vehicle; a CSV import with an error row; copy and edit a factor set."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from fleetplan.ingest.tabular import VEHICLE_COLUMNS
from fleetplan.web.factor_labels import factor_label
from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot

NEW_ID = "REG-T1"


def _api_status(page, path: str) -> int:
    return int(page.evaluate(f"async () => (await fetch('{path}')).status"))


def _click_and_reload(page, test_id: str) -> None:
    """Click a button whose success reloads the page; wait for the new table."""
    with page.expect_navigation():
        page.get_by_test_id(test_id).click()
    page.get_by_test_id("vehicle-table").wait_for()


def _find(page, text: str) -> None:
    search = page.get_by_test_id("vehicle-search")
    search.fill(text)
    page.wait_for_timeout(400)


def test_create_edit_deactivate_a_vehicle(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/vehicles")
    page.get_by_test_id("vehicle-table").wait_for()
    page.get_by_test_id("vehicle-new").click()
    page.get_by_test_id("form-make").fill("Toyota")
    page.get_by_test_id("form-model").fill("Yaris testbil")
    page.get_by_test_id("vehicle-save").click()  # no id yet: a validation message
    error = page.get_by_test_id("vehicle-form-error")
    error.get_by_text("Id mangler").wait_for()
    screenshot(page, "register-da-form-error")
    page.get_by_test_id("form-vehicle_id").fill(NEW_ID)
    page.get_by_test_id("form-wltp_km_per_l").fill("21.5")
    # a vehicle needs a home location (8365340): Skovlunde, id 4, not the town
    # hall, whose fleet the simulation test counts (this test leaves the car there,
    # deactivated, for the browser tests after it); the field names it (not "4")
    page.get_by_test_id("form-location_id").click()
    page.get_by_role("option", name="Dagtilbud og klubber Skovlunde").click()
    _click_and_reload(page, "vehicle-save")
    _find(page, NEW_ID)
    row = page.get_by_test_id("vehicle-table").locator("tbody tr")
    row.get_by_text("Toyota Yaris testbil").wait_for()
    assert _api_status(page, f"/api/v1/vehicles/{NEW_ID}") == 200

    page.get_by_test_id(f"edit-{NEW_ID}").click()
    page.get_by_test_id("form-plate").fill("TE 12 345")
    _click_and_reload(page, "vehicle-save")
    _find(page, NEW_ID)
    page.get_by_test_id("vehicle-table").get_by_text("TE 12 345").wait_for()

    page.get_by_test_id(f"edit-{NEW_ID}").click()
    page.get_by_test_id("deactivate-reason").fill("solgt")
    screenshot(page, "register-da-edit-dialog")
    # Deactivating asks first (naming the vehicle); Cancel changes nothing.
    page.get_by_test_id("vehicle-deactivate").click()
    question = page.get_by_test_id("deactivate-question")
    assert NEW_ID in question.inner_text() and "Deaktivér" in question.inner_text()
    screenshot(page, "register-da-deactivate-confirm")
    page.get_by_test_id("deactivate-cancel").click()
    question.wait_for(state="hidden")
    page.get_by_test_id("vehicle-deactivate").click()
    _click_and_reload(page, "deactivate-confirm")
    _find(page, NEW_ID)
    chip = page.get_by_test_id("vehicle-table").locator(".status-chip")
    chip.get_by_text(translate("da", "status.deactivated")).wait_for()
    assert chip.count() == 1
    chip.hover()  # the chip explains itself: date and reason
    page.get_by_text("Taget ud af flåden").first.wait_for()
    legend = page.get_by_test_id("status-legend")
    legend.get_by_text(translate("da", "vehicles.legend.deactivated")).wait_for()
    assert row.get_by_text(translate("da", "register.fuel.petrol")).count() == 1
    screenshot(page, "register-da-deactivated")
    page.get_by_test_id("lang-en").click()
    page.get_by_test_id("vehicle-table").wait_for()
    _find(page, NEW_ID)
    page.get_by_test_id("vehicle-table").get_by_text("Deactivated").wait_for()
    screenshot(page, "register-en-deactivated")
    page.get_by_test_id("lang-da").click()
    page.get_by_test_id("vehicle-table").wait_for()


def _csv_with_an_error(folder: Path) -> Path:
    """Two vehicles; the second has petrol on an electric car (a row error)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=VEHICLE_COLUMNS)
    writer.writeheader()
    writer.writerow(
        dict.fromkeys(VEHICLE_COLUMNS, "")
        | {"vehicle_id": "CSV-OK", "vehicle_type": "ice", "fuel": "diesel"}
    )
    writer.writerow(
        dict.fromkeys(VEHICLE_COLUMNS, "")
        | {"vehicle_id": "CSV-BAD", "vehicle_type": "ev", "fuel": "petrol"}
    )
    path = folder / "nye-biler.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_csv_import_with_an_error_row_saves_nothing(
    page, server: Server, tmp_path: Path
) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/vehicles")
    page.get_by_text(translate("da", "import.title")).click()
    upload = page.get_by_test_id("import-upload").locator("input[type=file]")
    upload.set_input_files(str(_csv_with_an_error(tmp_path)))
    problems = page.get_by_test_id("import-problems")
    problems.wait_for(timeout=60_000)
    text = problems.inner_text()
    assert "nye-biler.csv" in text and "passer ikke til typen" in text
    assert page.get_by_test_id("import-save").count() == 0
    screenshot(page, "register-da-csv-errors")
    assert _api_status(page, "/api/v1/vehicles/CSV-OK") == 404


def test_csv_import_of_a_good_file_adds_the_vehicle(
    page, server: Server, tmp_path: Path
) -> None:
    """A good CSV previews without problems, saves, and adds to the register
    (the tables it does not hold are kept as they are)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=VEHICLE_COLUMNS)
    writer.writeheader()
    writer.writerow(
        dict.fromkeys(VEHICLE_COLUMNS, "")
        | {
            "vehicle_id": "CSV-NEW",
            "vehicle_type": "ev",
            "fuel": "electric",
            "make": "Renault",
            "model": "Zoe csvtest",
            "location_id": "1",
            "wltp_wh_per_km": "170",
        }
    )
    path = tmp_path / "ny-elbil.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    log_in(page, "admin", server.admin_password)
    page.goto("/locations")
    locations = page.get_by_test_id("location-table").locator("tbody tr").count()
    page.goto("/vehicles")
    page.get_by_text(translate("da", "import.title")).click()
    upload = page.get_by_test_id("import-upload").locator("input[type=file]")
    upload.set_input_files(str(path))
    page.get_by_test_id("import-summary").wait_for(timeout=60_000)
    assert page.get_by_test_id("import-problems").count() == 0
    assert _api_status(page, "/api/v1/vehicles/CSV-NEW") == 404  # dry run only
    screenshot(page, "register-da-csv-preview")
    page.get_by_test_id("import-save").click()
    page.wait_for_url("**/vehicles?imported=1", timeout=120_000)
    page.get_by_test_id("import-saved").wait_for(timeout=60_000)
    page.get_by_test_id("vehicle-table").wait_for()
    _find(page, "CSV-NEW")
    row = page.get_by_test_id("vehicle-table").locator("tbody tr")
    row.get_by_text("Renault Zoe csvtest").wait_for()
    assert _api_status(page, "/api/v1/vehicles/CSV-NEW") == 200
    screenshot(page, "register-da-csv-saved")
    page.goto("/locations")
    table = page.get_by_test_id("location-table")
    table.wait_for()
    assert table.locator("tbody tr").count() == locations


def _write_status(page, method: str, path: str, body: str) -> int:
    """The status of a write sent with the page's own session and CSRF token."""
    return int(
        page.evaluate(
            """async ([method, path, body]) => {
                const token = (await (await fetch('/api/v1/auth/me')).json())
                    .csrf_token;
                const r = await fetch(path, {method,
                    headers: {'Content-Type': 'application/json',
                              'X-CSRF-Token': token},
                    body});
                return r.status;
            }""",
            [method, path, body],
        )
    )


def test_a_reader_sees_no_edit_controls_and_the_server_refuses(
    page, server: Server
) -> None:
    log_in(page, "laeser", "reader password 1")
    page.goto("/locations")
    page.get_by_test_id("location-table").wait_for()
    assert page.locator("[data-testid^=edit-radius-]").count() == 0
    page.goto("/settings")
    page.get_by_test_id("factor-table").wait_for()
    assert page.get_by_test_id("factor-copy").count() == 0
    assert page.get_by_test_id("bike-save").count() == 0
    page.get_by_test_id("roles-help").wait_for()
    writes = [
        ("POST", "/api/v1/vehicles", '{"vehicle_id": "R1", "vehicle_type": "ice"}'),
        ("PATCH", "/api/v1/vehicles/1", '{"plate": "XX 1"}'),
        ("PATCH", "/api/v1/locations/1", '{"home_radius_m": 300}'),
        ("POST", "/api/v1/factor-sets/dk-2025/copy", '{"new_name": "x"}'),
        ("PUT", "/api/v1/settings/bike-rules", "{}"),
    ]
    assert [_write_status(page, *w) for w in writes] == [403] * len(writes)


def test_catalogue_tab_and_export(page, server: Server) -> None:
    log_in(page, "laeser", "reader password 1")
    page.goto("/vehicles")
    assert page.get_by_test_id("vehicle-new").count() == 0  # readers do not edit
    page.get_by_test_id("tab-catalogue").click()
    table = page.get_by_test_id("catalogue-table")
    table.wait_for()
    table.get_by_text(translate("da", "register.class.cargo_bike")).first.wait_for()
    with page.expect_download() as download_info:
        page.get_by_test_id("catalogue-export").click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes())).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == [
        translate("da", f"register.catalogue.col.{c}") for c in ("id", "name", "class")
    ]
    assert sheet.max_row > 5
    screenshot(page, "register-da-catalogue")


def test_copy_and_edit_a_factor_set(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/settings")
    page.get_by_test_id("factor-table").wait_for()
    page.get_by_test_id("factor-copy-name").fill("Kommunens sæt 2026")
    page.get_by_test_id("factor-copy").click()
    page.wait_for_url("**/settings?fs=*")
    key = "price.electric_dkk_per_kwh"
    page.get_by_test_id("factor-table").wait_for()
    page.get_by_test_id(f"edit-factor-{key}").click()
    page.get_by_test_id("factor-value").fill("1.95")
    page.get_by_test_id("factor-source").fill("Kommunens elaftale 2026")
    page.get_by_test_id("factor-save").click()
    page.wait_for_load_state("networkidle")
    label = factor_label(key, "da")  # the row shows the meaning, not the key
    row = page.get_by_test_id("factor-table").locator("tr", has_text=label)
    row.get_by_text("Kommunens elaftale 2026").wait_for()
    assert "1.95" in row.inner_text()
    page.get_by_test_id("bike-max_km_per_trip").wait_for()
    screenshot(page, "register-da-settings")
    page.get_by_test_id("lang-en").click()
    page.get_by_test_id("factor-table").wait_for()
    page.get_by_text("Bike rules", exact=True).wait_for()
    screenshot(page, "register-en-settings")
    page.get_by_test_id("lang-da").click()
    page.get_by_test_id("factor-table").wait_for()


def _outside_requests(page) -> list[str]:
    """Every request the page makes to a host other than the test server."""
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    return outside


def test_home_and_locations_in_both_languages(page, server: Server) -> None:
    outside = _outside_requests(page)
    log_in(page, "admin", server.admin_password)
    for kf in ("kf-vehicles", "kf-km", "kf-co2e", "kf-fossil-free", "kf-idle"):
        page.get_by_test_id(kf).wait_for()
    page.get_by_test_id("lowest-use").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "register-da-home")
    page.goto("/locations")
    page.get_by_test_id("location-map").locator(".leaflet-marker-icon").first.wait_for()
    table = page.get_by_test_id("location-table")
    table.get_by_text("Ballerup Rådhus").wait_for()
    assert table.get_by_text(translate("da", "locations.precision_unknown")).count() > 0
    assert page.get_by_test_id("location-map").locator(".leaflet-tile").count() == 0
    page.wait_for_load_state("networkidle")
    screenshot(page, "register-da-locations")
    page.get_by_test_id("lang-en").click()
    page.get_by_test_id("location-table").get_by_text("Home radius, m").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "register-en-locations")
    page.goto("/")
    page.get_by_test_id("kf-km").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "register-en-home")
    page.get_by_test_id("lang-da").click()
    page.get_by_test_id("kf-km").wait_for()
    assert outside == []
