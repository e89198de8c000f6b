"""Tables of the Plan og rapporter page: columns, display text and xlsx rows.

Pure helpers (no NiceGUI): the page turns the report services' records into a
``Table`` and shows, exports or bundles it. Values stay numbers in xlsx; the
screen shows them with the language's separators.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from openpyxl import Workbook

from fleetplan.domain import Period, Vehicle
from fleetplan.ingest import append_row
from fleetplan.texts.numbers import format_number, format_share
from fleetplan.web.translate import catalogue, translate


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    decimals: int | None = None  # None: shown as text
    share: bool = False  # 0..1 shown as a percentage
    values: str | None = None  # translate values with keys "<values>.<value>"
    wraps: bool = False  # long text (names) may wrap on screen


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # labels: "rep.table.<name>" and "rep.col.<name>.<field>"
    columns: tuple[Column, ...]
    records: tuple[Mapping[str, Any], ...]


def value_label(language: str, prefix: str, value: Any) -> str:
    """The catalogue text of ``<prefix>.<value>`` ("(unknown)" -> "unknown"); the
    value itself when the catalogue has no such key."""
    key = f"{prefix}.{str(value).strip('()')}"
    return catalogue(language).get(key, str(value))


def headers(table: Table, language: str) -> list[str]:
    return [
        translate(language, f"rep.col.{table.name}.{c.field}") for c in table.columns
    ]


def _raw(column: Column, value: Any, language: str) -> Any:
    if value is None:
        return ""
    if column.values:
        return value_label(language, column.values, value)
    return value


def display(column: Column, value: Any, language: str) -> str:
    if value is None or value == "":
        return translate(language, "common.none")
    if column.values:
        return value_label(language, column.values, value)
    if column.share:
        return format_share(float(value), language)
    if column.decimals is not None:
        return format_number(float(value), column.decimals, language)
    return str(value)


def xlsx_rows(table: Table, language: str) -> list[list[Any]]:
    return [
        [_raw(c, r.get(c.field), language) for c in table.columns]
        for r in table.records
    ]


def display_rows(table: Table, language: str) -> list[dict[str, str]]:
    """One dict per record (column field -> text) plus a row key ``_key``."""
    return [
        {
            "_key": str(index),
            **{c.field: display(c, r.get(c.field), language) for c in table.columns},
        }
        for index, r in enumerate(table.records)
    ]


def workbook(tables: Sequence[Table], language: str) -> bytes:
    """One xlsx with a sheet per table (sheet names from ``rep.table.<name>``)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in tables:
        title = translate(language, f"rep.table.{table.name}")[:31]
        sheet = book.create_sheet(title=title)
        append_row(sheet, headers(table, language))
        for row in xlsx_rows(table, language):
            append_row(sheet, row)
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(50, width + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def period_days(period: Period) -> tuple[date, date]:
    """The first and the last day of ``period`` (its end is exclusive)."""
    return period.start.date(), (period.end - timedelta(microseconds=1)).date()


def day_label(day: date, language: str) -> str:
    """A date as a reader of ``language`` writes it: 1.5.2026 / 1 May 2026."""
    if language == "da":
        return f"{day.day}.{day.month}.{day.year}"
    return f"{day.day} {day:%b} {day.year}"


def year_label(year: int | None, language: str) -> str:
    """A plan year, or "today" for the current fleet's row."""
    return translate(language, "rep.today") if year is None else str(year)


# The columns of each table, in the services' record fields.
PLAN = (
    Column("year"),
    Column("vehicle_id"),
    Column("plate"),
    Column("model", wraps=True),
    Column("location", wraps=True),
    Column("fuel", values="rep.fuel"),
    Column("lease_end"),
    Column("needed_range_km", 0),
    Column("action", values="rep.action", wraps=True),
    Column("replacement_name", wraps=True),
)
FLEET = (
    Column("year"),
    Column("replaced", 0),
    Column("removed", 0),
    Column("fossil_vehicles", 0),
    Column("fossil_free_vehicles", 0),
    Column("fossil_km", 0),
    Column("fossil_free_km", 0),
    Column("cost_dkk", 0),
    Column("co2e_ttw_t", 1),
    Column("co2e_wtw_t", 1),
)
CHARGERS = (
    Column("location", wraps=True),
    Column("evs", 0),
    Column("overnight_points", 0),
    Column("daytime_points", 0),
    Column("charge_points", 0),
    Column("today_points", 0),
    Column("new_points", 0),
    Column("charger_kw", 0),
    Column("total_kw", 0),
)
GREEN = (
    Column("year"),
    Column("administration", values="rep.admin", wraps=True),
    Column("distance_km", 0),
    Column("fossil_free_share", share=True),
    Column("co2e_ttw_t", 2),
    Column("co2e_wtw_t", 2),
    Column("co2e_lifecycle_t", 2),
)
FUELS = (
    Column("year"),
    Column("fuel", values="rep.fuel"),
    Column("vehicles", 0),
    Column("distance_km", 0),
    Column("fuel_l", 0),
    Column("electricity_kwh", 0),
    Column("co2e_ttw_t", 2),
    Column("co2e_wtw_t", 2),
)
BUSINESS = (
    Column("year"),
    Column("tool_cost_dkk", 0),
    Column("charge_points_dkk", 0),
    Column("fleet_saving_dkk", 0),
    Column("net_saving_dkk", 0),
    Column("cumulative_dkk", 0),
    Column("co2e_reduction_t", 1),
    Column("vehicles_to_phase_out", 1),
    Column("vehicles_removed", 0),
)


ASSUMPTIONS = (Column("name"), Column("value"))


def assumptions_table(items: Sequence[tuple[str, Any]]) -> Table:
    """The inputs and key figures behind a report, as (label, value) rows."""
    return Table(
        "assumptions",
        ASSUMPTIONS,
        tuple({"name": name, "value": value} for name, value in items),
    )


def with_location_names(
    records: Sequence[Mapping[str, Any]], names: Mapping[str, str]
) -> tuple[dict[str, Any], ...]:
    """Records with a ``location`` field: the location's name, else its id."""
    return tuple(
        {**r, "location": names.get(str(r.get("location_id")), r.get("location_id"))}
        for r in records
    )


def with_vehicle_labels(
    records: Sequence[Mapping[str, Any]], vehicles: Mapping[str, Vehicle]
) -> tuple[dict[str, Any], ...]:
    """Records with ``plate`` and ``model`` (make and model) of their vehicle."""
    out = []
    for r in records:
        vehicle = vehicles.get(str(r.get("vehicle_id")))
        out.append(
            {
                **r,
                "plate": vehicle.plate if vehicle else None,
                "model": vehicle.name if vehicle else None,
            }
        )
    return tuple(out)


def with_year_labels(
    records: Sequence[Mapping[str, Any]], language: str
) -> tuple[dict[str, Any], ...]:
    return tuple({**r, "year": year_label(r.get("year"), language)} for r in records)
