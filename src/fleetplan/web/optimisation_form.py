"""The Optimering page's constraints form: period, scope, service level,
constraints, rules, factor set and the cost↔CO2e slider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from fleetplan.domain import Dataset, todays_vehicles
from fleetplan.texts.numbers import format_number
from fleetplan.web.optimisation_view import form_defaults, weight_shares
from fleetplan.web.settings_sources import factor_choices
from fleetplan.web.translate import current_language, t


def _explanation(weight: float) -> str:
    cost, co2e = weight_shares(weight)
    language = current_language()
    return t(
        "opt.weight_meaning",
        weight=format_number(weight, 1, language),
        cost=format_number(cost, 0, language),
        co2e=format_number(co2e, 0, language),
    )


def constraints_form(
    dataset: Dataset,
    on_run: Callable[[dict[str, Any]], None],
    initial: dict[str, Any] | None = None,
) -> None:
    """Build the form filled with ``initial`` (default ``form_defaults``);
    ``on_run`` gets the form's values in the same shape."""
    start = initial or form_defaults(dataset)
    fields: dict[str, Any] = {}
    locations = {
        loc.location_id: loc.name or loc.location_id for loc in dataset.locations
    }
    candidates = {v.vehicle_id: v.name for v in dataset.candidate_vehicles}
    current = {
        v.vehicle_id: f"{v.vehicle_id} · {v.name}" for v in todays_vehicles(dataset)
    }
    with ui.card().classes("w-full max-w-5xl").props('data-testid="opt-form"'):
        ui.label(t("opt.form")).classes("text-h6")
        with ui.row().classes("w-full gap-4 items-end"):
            fields["start"] = ui.input(t("opt.start"), value=start["start"]).props(
                'type=date data-testid="opt-start"'
            )
            fields["end"] = ui.input(t("opt.end"), value=start["end"]).props(
                'type=date data-testid="opt-end"'
            )
            fields["locations"] = (
                ui.select(
                    locations,
                    multiple=True,
                    value=list(start["locations"]),
                    label=t("opt.locations"),
                )
                .classes("min-w-[18rem]")
                .props('use-chips clearable data-testid="opt-locations"')
            )
        ui.label(t("opt.period_hint")).classes("text-caption")
        with ui.row().classes("w-full gap-4 items-center"):
            ui.label(t("opt.current")).classes("text-body2")
            fields["current"] = ui.toggle(
                {"reduce": t("opt.current.reduce"), "free": t("opt.current.free")},
                value=start["current"],
            ).props('data-testid="opt-current"')
            ui.label(t("opt.candidates")).classes("text-body2")
            fields["candidate_mode"] = ui.toggle(
                {"all": t("opt.candidates.all"), "chosen": t("opt.candidates.chosen")},
                value=start["candidate_mode"],
            ).props('data-testid="opt-candidate-mode"')
            fields["candidates"] = (
                ui.select(
                    candidates,
                    multiple=True,
                    value=list(start["candidates"]),
                    label=t("opt.chosen"),
                )
                .classes("min-w-[20rem]")
                .props("use-chips")
                .bind_visibility_from(fields["candidate_mode"], "value", value="chosen")
            )
        with ui.row().classes("w-full gap-4 items-end"):
            fields["max_unallocated"] = (
                ui.number(
                    t("opt.max_unallocated"),
                    value=start["max_unallocated"],
                    min=0,
                    step=1,
                )
                .classes("w-44")
                .props('data-testid="opt-max-unallocated"')
            )
            fields["max_undriven_km"] = ui.number(
                t("opt.max_undriven_km"), value=start["max_undriven_km"], min=0
            ).classes("w-52")
            fields["fossil_free_share_pct"] = (
                ui.number(
                    t("opt.fossil_free"),
                    value=start["fossil_free_share_pct"],
                    min=0,
                    max=100,
                    step=5,
                )
                .classes("w-40")
                .props('suffix="%"')
            )
            fields["max_new_vehicles"] = ui.number(
                t("opt.max_new"), value=start["max_new_vehicles"], min=0, step=1
            ).classes("w-40")
            fields["budget_dkk_per_year"] = (
                ui.number(
                    t("opt.budget"),
                    value=start["budget_dkk_per_year"],
                    min=0,
                    step=100_000,
                )
                .classes("w-56")
                .props('suffix="kr."')
            )
        fields["keep"] = (
            ui.select(
                current,
                multiple=True,
                value=list(start["keep"]),
                label=t("opt.keep"),
                with_input=True,
            )
            .classes("w-full max-w-3xl")
            .props("use-chips")
        )
        with ui.row().classes("w-full gap-4 items-center"):
            fields["use_shifts"] = ui.switch(t("opt.shifts"), value=start["use_shifts"])
            fields["early_return"] = ui.switch(
                t("opt.early_return"), value=start.get("early_return", False)
            ).props('data-testid="opt-early-return"')
            fields["early_return"].tooltip(t("opt.early_return.help"))
            fields["pooling"] = ui.switch(
                t("opt.pooling"), value=start["pooling"]
            ).props('data-testid="opt-pooling"')
            fields["transfer_minutes"] = (
                ui.number(
                    t("opt.transfer_minutes"),
                    value=start["transfer_minutes"],
                    min=0,
                    step=5,
                )
                .props('suffix="min"')
                .bind_visibility_from(fields["pooling"], "value")
            )
            fields["factors"] = ui.select(
                factor_choices(), value=start["factors"], label=t("opt.factors")
            ).classes("min-w-[12rem]")
            fields["ignore_meta"] = ui.switch(
                t("src.ignore_meta"), value=start["ignore_meta"]
            ).props('data-testid="opt-ignore-meta"')
            fields["ignore_meta"].tooltip(t("src.ignore_meta.help"))
            fields["require_range"] = ui.switch(
                t("src.require_range"), value=start["require_range"]
            ).props('data-testid="opt-require-range"')
            fields["require_range"].tooltip(t("src.require_range.help"))
            fields["time_limit_s"] = (
                ui.number(
                    t("opt.time_limit"), value=start["time_limit_s"], min=1, max=600
                )
                .classes("w-44")
                .props('suffix="s" data-testid="opt-time-limit"')
            )
        with ui.column().classes("w-full max-w-3xl gap-0"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(t("opt.weight_cost")).classes("text-body2")
                ui.label(t("opt.weight_co2e")).classes("text-body2")
            fields["weight"] = ui.slider(
                min=0, max=10, step=0.5, value=start["weight"]
            ).props('label-always data-testid="opt-weight"')
            meaning = ui.label(_explanation(start["weight"])).classes("text-caption")
            meaning.props('data-testid="opt-weight-meaning"')
            fields["weight"].on_value_change(
                lambda e: meaning.set_text(_explanation(float(e.value)))
            )

        def run() -> None:
            on_run({key: element.value for key, element in fields.items()})

        ui.button(t("opt.run"), icon="play_arrow", on_click=run).props(
            'data-testid="opt-run"'
        )
