"""Rows of the Simulering result tables and their xlsx files.

Each table has display rows (numbers formatted for the language) and export rows
(plain numbers, so Excel can add them up). The result is ``report_to_dict``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fleetplan.texts.numbers import format_number, format_share
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.simulation_charts import external_name
from fleetplan.web.translate import translate

# (catalogue key suffix, field of a side, decimals)
FIGURES = (
    ("total_cost", "total_cost_dkk", 0),
    ("fixed_cost", "fixed_cost_dkk", 0),
    ("energy_cost", "energy_cost_dkk", 0),
    ("co2_cost", "societal_co2_cost_dkk", 0),
    ("external_cost", "external_cost_dkk", 0),
    ("co2e_t", "co2e_t", 1),
    ("unallocated", "unallocated", 0),
    ("unserved", "unserved", 0),  # unallocated with no allowed external option
)
FIGURE_COLUMNS = ("figure", "current", "simulated", "change")
VEHICLE_COLUMNS = (
    "vehicle_id",
    "name",
    "trips",
    "km_per_year",
    "share_of_days_used",
    "total_cost_dkk",
    "co2e_t",
    "tco_dkk_per_km",
)
NUMERIC_VEHICLE_COLUMNS = VEHICLE_COLUMNS[2:]
BOOK_COLUMNS = ("start", "end", "distance_km", "current", "simulated")
BOOK_PAGE_SIZE = 25
REPORT_KEYS = frozenset({"trips", "period", "current", "simulated", "unallocated"})


def is_report(result: object) -> bool:
    """Whether ``result`` has the ``report_to_dict`` shape this page shows."""
    return (
        isinstance(result, dict)
        and set(result) >= REPORT_KEYS
        and all(
            isinstance(result[s], dict) and "vehicles" in result[s]
            for s in ("current", "simulated")
        )
    )


def figure_values(result: dict[str, Any]) -> list[tuple[str, float, float, int]]:
    """(catalogue key suffix, current, simulated, decimals) per key figure."""
    return [
        (
            key,
            float(result["current"].get(field, 0)),  # older results lack unserved
            float(result["simulated"].get(field, 0)),
            d,
        )
        for key, field, d in FIGURES
    ]


def figure_rows(result: dict[str, Any], language: str) -> list[dict[str, str]]:
    return [
        {
            "figure": translate(language, f"sim.row.{key}"),
            "current": format_number(now, decimals, language),
            "simulated": format_number(sim, decimals, language),
            "change": format_number(sim - now, decimals, language),
        }
        for key, now, sim, decimals in figure_values(result)
    ]


def figures_xlsx(result: dict[str, Any], language: str) -> bytes:
    return rows_to_xlsx(
        translate(language, "sim.results_sheet"),
        [translate(language, f"sim.col.{c}") for c in FIGURE_COLUMNS],
        [
            [translate(language, f"sim.row.{key}"), now, sim, sim - now]
            for key, now, sim, _ in figure_values(result)
        ],
    )


# The browser sorts a column by ``row.raw`` (numbers, not the formatted text,
# which would put "908" after "14.811"); ids sort naturally ("2" before "10").
NATURAL_SORT = (
    "(a, b) => String(a).localeCompare(String(b), undefined, {numeric: true})"
)


def table_columns(
    names: Sequence[str], labels: Sequence[str], numeric: Sequence[str]
) -> list[dict[str, Any]]:
    """Sortable Quasar columns; ``numeric`` ones are right-aligned and sorted by
    the row's ``raw`` values."""
    columns = []
    for name, label in zip(names, labels, strict=True):
        column: dict[str, Any] = {
            "name": name,
            "label": label,
            "field": name,
            "align": "left",
            "sortable": True,
        }
        if name in numeric:
            column["align"] = "right"
            column[":sort"] = f"(a, b, rowA, rowB) => rowA.raw.{name} - rowB.raw.{name}"
        else:
            column[":sort"] = NATURAL_SORT
        columns.append(column)
    return columns


def vehicle_rows(result: dict[str, Any], language: str) -> list[dict[str, Any]]:
    return [
        {
            "raw": {c: v[c] or 0 for c in NUMERIC_VEHICLE_COLUMNS},
            "vehicle_id": v["vehicle_id"],
            "name": v["name"],
            "trips": v["trips"],
            "km_per_year": format_number(v["km_per_year"], 0, language),
            "share_of_days_used": format_share(v["share_of_days_used"], language),
            "total_cost_dkk": format_number(v["total_cost_dkk"], 0, language),
            "co2e_t": format_number(v["co2e_t"], 2, language),
            "tco_dkk_per_km": format_number(v["tco_dkk_per_km"] or 0.0, 2, language),
        }
        for v in result["simulated"]["vehicles"]
    ]


def vehicles_xlsx(result: dict[str, Any], language: str) -> bytes:
    return rows_to_xlsx(
        translate(language, "sim.vehicles_sheet"),
        [translate(language, f"sim.vcol.{c}") for c in VEHICLE_COLUMNS],
        [[v.get(c) for c in VEHICLE_COLUMNS] for v in result["simulated"]["vehicles"]],
    )


def vehicle_names(result: dict[str, Any]) -> dict[str, str]:
    """vehicle id (simulated ids such as ``124#2`` too) -> make and model."""
    names = {}
    for side in ("current", "simulated"):
        for v in result[side]["vehicles"]:
            names[str(v["vehicle_id"])] = str(v["name"])
    return names


def _who(vehicle_id: str | None, names: dict[str, str]) -> str:
    if vehicle_id is None:
        return ""
    name = names.get(vehicle_id)
    return f"{vehicle_id} · {name}" if name else vehicle_id


def book_entries(result: dict[str, Any], language: str) -> list[list[Any]]:
    """The driving book as plain rows: start, end, km, current vehicle, and the
    simulated vehicle or the external option that takes the trip."""
    names = vehicle_names(result)
    rows = []
    for e in result.get("driving_book") or []:
        simulated = _who(e["simulated_vehicle_id"], names)
        if not simulated:
            simulated = translate(
                language,
                "sim.external",
                kind=external_name(str(e["external_kind"] or "?"), language),
            )
        rows.append(
            [
                str(e["start"])[:16].replace("T", " "),
                str(e["end"])[:16].replace("T", " "),
                round(float(e["distance_km"]), 1),
                _who(e["current_vehicle_id"], names),
                simulated,
            ]
        )
    return rows


def book_page(
    rows: list[list[Any]], page: int, language: str, size: int = BOOK_PAGE_SIZE
) -> tuple[list[dict[str, Any]], int, int]:
    """Display rows of page ``page`` (1-based, clamped), the page and the count of
    pages; the page slices rows on the server, so the browser never gets all."""
    pages = max(1, -(-len(rows) // size))
    page = min(max(1, page), pages)
    chosen = rows[(page - 1) * size : page * size]
    out = []
    for index, row in enumerate(chosen, start=(page - 1) * size):
        item: dict[str, Any] = dict(zip(BOOK_COLUMNS, row, strict=True))
        item["distance_km"] = format_number(float(row[2]), 1, language)
        item["row"] = index
        out.append(item)
    return out, page, pages


def book_xlsx(result: dict[str, Any], language: str) -> bytes:
    return rows_to_xlsx(
        translate(language, "sim.book_sheet"),
        [translate(language, f"sim.bcol.{c}") for c in BOOK_COLUMNS],
        book_entries(result, language),
    )
