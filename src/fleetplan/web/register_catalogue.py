"""The catalogue tab on Køretøjer: candidate models with their key figures."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from fleetplan.api.derived import derived
from fleetplan.domain import Dataset, Vehicle, VehicleCategory, VehicleType, category_of
from fleetplan.texts.numbers import format_plain
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.plain_table import plain_table, replace_rows
from fleetplan.web.shell import empty_state
from fleetplan.web.translate import current_language, t, translate

CATALOGUE_COLUMNS = (
    "id",
    "name",
    "class",
    "fuel",
    "consumption",
    "range_km",
    "battery_kwh",
    "charge_kw",
    "seats",
    "cargo_m3",
    "lift",
    "annual_cost_dkk",
    "production_co2e_kg",
)
CLASSES = (
    "car",
    "ev_car",
    "van",
    "minibus",
    "truck",
    "special",
    "ebike",
    "cargo_bike",
    "bike",
)


NUMBER_COLUMNS = frozenset(
    (
        "range_km",
        "battery_kwh",
        "charge_kw",
        "seats",
        "cargo_m3",
        "annual_cost_dkk",
        "production_co2e_kg",
    )
)


def model_class(vehicle: Vehicle) -> str:
    """The catalogue group of a model: its category (``domain.category``, the one
    the engine uses), cars split into electric and petrol/diesel."""
    category = category_of(vehicle)
    if category is VehicleCategory.CAR:
        return "ev_car" if vehicle.vehicle_type is VehicleType.EV else "car"
    return category.value


def _consumption(vehicle: Vehicle, language: str = "da") -> str:
    if vehicle.wltp_wh_per_km is not None:
        return f"{format_plain(vehicle.wltp_wh_per_km, language)} Wh/km"
    if vehicle.wltp_km_per_l is not None:
        return f"{format_plain(vehicle.wltp_km_per_l, language)} km/l"
    return ""


def _number(value: float | int | None) -> float | int | str:
    return "" if value is None else value


def catalogue_rows(data: Dataset, language: str | None = None) -> list[dict[str, Any]]:
    """One row per candidate model, in the dataset's order, with raw numbers
    (consumption as text in ``language``, by default the page's)."""
    language = language or current_language()
    return [
        {
            "id": v.vehicle_id,
            "name": v.name,
            "class": model_class(v),
            "fuel": v.fuel.value,
            "consumption": _consumption(v, language),
            "range_km": _number(v.range_km),
            "battery_kwh": _number(v.battery_kwh),
            "charge_kw": _number(v.charge_kw),
            "seats": _number(v.seats),
            "cargo_m3": _number(v.cargo_m3),
            "lift": bool(v.wheelchair_lift),
            "annual_cost_dkk": _number(v.annual_cost_dkk),
            "production_co2e_kg": _number(v.production_co2e_kg),
        }
        for v in data.candidate_vehicles
    ]


def shown_catalogue_rows(data: Dataset, language: str) -> list[dict[str, Any]]:
    """``catalogue_rows`` with the labels and numbers as ``language`` shows them
    (raw numbers sort, the ``__shown`` texts show)."""
    rows = catalogue_rows(data, language)
    for row in rows:
        row["class_label"] = translate(language, f"register.class.{row['class']}")
        row["fuel_label"] = translate(language, f"register.fuel.{row['fuel']}")
        row["lift_label"] = translate(language, "settings.yes") if row["lift"] else ""
        for key in NUMBER_COLUMNS:
            value = row[key]
            row[f"{key}__shown"] = format_plain(value, language) if value != "" else ""
    return rows


def catalogue_section(data: Dataset) -> None:
    """Group filter, the table and its xlsx export."""
    language = current_language()
    rows = derived(  # read-only: shared by every load of this copy
        data,
        ("catalogue_rows", language),
        lambda: shown_catalogue_rows(data, language),
    )
    if not rows:
        empty_state("register.catalogue.empty")
        return
    headers = [t(f"register.catalogue.col.{c}") for c in CATALOGUE_COLUMNS]
    shown = {"class": "class_label", "fuel": "fuel_label", "lift": "lift_label"}
    columns = [
        {
            "name": c,
            "label": h,
            "field": shown.get(c, c),
            "sortable": True,
            "align": "left",
            **(
                {":format": f"(v, row) => row['{c}__shown']"}
                if c in NUMBER_COLUMNS
                else {}
            ),
        }
        for c, h in zip(CATALOGUE_COLUMNS, headers, strict=True)
    ]
    present = [c for c in CLASSES if any(r["class"] == c for r in rows)]
    with ui.row().classes("items-center gap-4 w-full"):
        group = ui.select(
            {"": t("vehicles.filter.all")}
            | {c: t(f"register.class.{c}") for c in present},
            value="",
            label=t("register.catalogue.group"),
        ).props('outlined dense data-testid="catalogue-group"')
        group.classes("min-w-[12rem]")

        def download() -> None:
            chosen = [r for r in rows if not group.value or r["class"] == group.value]
            content = rows_to_xlsx(
                t("register.catalogue.title"),
                headers,
                [[r[shown.get(c, c)] for c in CATALOGUE_COLUMNS] for r in chosen],
            )
            ui.download.content(content, "fleetplan-catalogue.xlsx")

        ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
            'data-testid="catalogue-export"'
        )
    ui.label(t("register.catalogue.caption", count=len(rows))).classes("text-caption")
    table = plain_table(rows, columns, "id", pagination=25)
    table.classes("w-full").props('dense flat bordered data-testid="catalogue-table"')

    def regroup() -> None:
        replace_rows(
            table, (r for r in rows if not group.value or r["class"] == group.value)
        )

    group.on_value_change(regroup)
