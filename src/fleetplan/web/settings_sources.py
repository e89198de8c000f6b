"""Where a result's settings came from: the factor-set choice with its automatic
option, the "Kilder for indstillinger" table under every simulation and
optimisation result, and the warning for EVs run with an assumed range."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from fleetplan.economics import DEFAULT_FACTOR_SET_NAME
from fleetplan.simulate.ev_metadata import MissingEvRangeError
from fleetplan.texts.numbers import format_number
from fleetplan.web.factor_labels import factor_label, unit_label
from fleetplan.web.settings_factors import factor_entries
from fleetplan.web.translate import catalogue, current_language, t, translate

ORIGINS = ("user", "meta", "factor_set", "default")


def factor_choices() -> dict[str, str]:
    """The factor-set select: "" (not chosen: the dataset's values, else the
    default set's), then every set by name."""
    choices = {"": t("src.factors_auto", name=DEFAULT_FACTOR_SET_NAME)}
    choices.update({e.factor_set.name: e.factor_set.name for e in factor_entries()})
    return choices


def error_text(exc: ValueError) -> str:
    """A refused request's reason, translated where it has a catalogue key."""
    if isinstance(exc, MissingEvRangeError):
        return t(exc.code, **exc.params)
    return str(exc)


def _value(value: Any, language: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        decimals = len(f"{float(value):.4f}".rstrip("0").split(".")[1])
        return format_number(float(value), decimals, language)
    fuel = f"register.fuel.{value}"  # private_car_fuel's value is a fuel id
    return translate(language, fuel) if fuel in catalogue(language) else str(value)


def origin_label(row: dict[str, Any], factor_set: str) -> str:
    return t(f"src.origin.{row['origin']}", name=factor_set)


# the details ``ingest.provenance`` writes in English; others are names or keys
_DETAILS = {"shifts off": "fsrc.detail.shifts_off", "Fleetplan": "fsrc.detail.default"}


def detail_text(detail: str) -> str:
    return t(_DETAILS[detail]) if detail in _DETAILS else detail


def source_rows(sources: dict[str, Any], language: str) -> list[dict[str, Any]]:
    """The table rows, the user's and meta.json's first."""
    rank = {origin: index for index, origin in enumerate(ORIGINS)}
    rows = sorted(sources["rows"], key=lambda r: (rank[r["origin"]], r["key"]))
    return [
        {
            "key": r["key"],
            "label": factor_label(r["key"], language),
            "value": _value(r["value"], language),
            "unit": unit_label(r["unit"], language),
            "origin": origin_label(r, sources["factor_set"]),
            "detail": detail_text(r["detail"]),
            "unused": ""
            if r["unused_meta_value"] is None
            else _value(r["unused_meta_value"], language),
        }
        for r in rows
    ]


def missing_range_warning(result: dict[str, Any]) -> None:
    missing = result.get("missing_range")
    if not missing:
        return
    ui.label(
        t(
            "src.missing_range",
            vehicles=", ".join(missing["vehicles"]),
            km=format_number(missing["assumed_range_km"], 0, current_language()),
        )
    ).classes("text-warning").props('data-testid="missing-range"')


def settings_sources(result: dict[str, Any]) -> None:
    """The warning for assumed ranges and the expandable sources table."""
    missing_range_warning(result)
    sources = result.get("settings_sources")
    if not sources:
        return
    language = current_language()
    counts = sources["counts"]
    with (
        ui.expansion(t("src.title"), icon="fact_check")
        .classes("w-full")
        .props('data-testid="settings-sources"')
    ):
        ui.label(
            t(
                "src.summary",
                meta=counts["meta"],
                name=sources["factor_set"],
                factor_set=counts["factor_set"],
                user=counts["user"],
                default=counts["default"],
            )
        ).classes("text-caption")
        if sources["ignore_meta"]:
            ui.label(t("src.meta_ignored")).classes("text-caption")
        columns = [
            {"name": name, "label": t(f"src.col.{name}"), "field": name}
            for name in ("label", "value", "unit", "origin", "detail", "unused")
        ]
        ui.table(
            columns=columns,
            rows=source_rows(sources, language),
            row_key="key",
            pagination=15,
        ).classes("w-full").props("dense flat")
