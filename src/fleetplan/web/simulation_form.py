"""The Simulering setup form: period, locations, fleet table, settings, run.

The form keeps a ``SimulationSetup`` (``web.simulation_setup``) and changes it
only through that module's functions; ``on_run`` gets the setup to start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from nicegui import ui

from fleetplan.domain import Dataset
from fleetplan.ingest.field_rules import FleetCount, field_problems, parse_number
from fleetplan.web.field_messages import message_text, problem_text
from fleetplan.web.fleet_editor import fleet_editor
from fleetplan.web.settings_sources import factor_choices
from fleetplan.web.simulation_setup import (
    SimulationSetup,
    fleet_size,
    vehicle_name,
    with_candidate,
    with_locations,
)
from fleetplan.web.translate import current_language, t


def _count(value: Any) -> int | str:
    """A count typed in the table, checked by the one set of input rules: a
    whole number 0-500, else the Danish/English message naming «Antal» (blank,
    -3 or "tre" are refused, never read as 0, which removed the vehicle)."""
    number = parse_number(value)
    problems = field_problems(FleetCount, {"count": number})
    if problems:
        return problem_text(problems[0], "sim.fcol.count", current_language())
    return int(number)


def _counted(value: Any, apply: Callable[[int], None]) -> None:
    count = _count(value)
    if isinstance(count, str):
        ui.notify(count, type="negative")
    else:
        apply(count)


def _typed_count(value: Any) -> int | None:
    """A total typed in the editor, or None (refused, the message shown)."""
    count = _count(value)
    if isinstance(count, str):
        ui.notify(count, type="negative")
        return None
    return count


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def setup_form(
    dataset: Dataset,
    initial: SimulationSetup,
    *,
    can_run: bool,
    on_run: Callable[[SimulationSetup], None],
) -> None:
    """The form in a card; the run button only when ``can_run``."""
    state = {"setup": initial}
    location_names = {
        loc.location_id: loc.name or loc.location_id for loc in dataset.locations
    }
    candidates = {v.vehicle_id: vehicle_name(v) for v in dataset.candidate_vehicles}
    current_ids = {v.vehicle_id for v in dataset.current_vehicles}

    def refresh() -> None:
        redraw()
        current, simulated = fleet_size(state["setup"])
        size.set_text(t("sim.fleet_size", current=current, simulated=simulated))

    with ui.card().classes("w-full").props('data-testid="sim-setup"'):
        ui.label(t("sim.setup")).classes("text-h6")
        with ui.row().classes("w-full items-start gap-4"):
            start = ui.input(t("sim.start"), value=initial.start.isoformat())
            start.props('type=date outlined dense data-testid="sim-start"')
            end = ui.input(t("sim.end"), value=initial.end.isoformat())
            end.props('type=date outlined dense data-testid="sim-end"')
            locations = ui.select(
                location_names,
                value=list(initial.locations),
                multiple=True,
                label=t("sim.locations"),
            ).classes("min-w-[28rem]")
            locations.props('use-chips outlined dense data-testid="sim-locations"')

        def change_locations() -> None:
            chosen = [x for x in location_names if x in (locations.value or [])]
            state["setup"] = with_locations(state["setup"], dataset, chosen)
            refresh()

        locations.on_value_change(change_locations)

        ui.label(t("sim.fleet")).classes("text-subtitle1 q-mt-sm")
        ui.label(t("sim.fleet_help")).classes("text-caption")
        redraw = fleet_editor(
            state,
            location_names,
            current_ids,
            editable=can_run,
            count_of=_typed_count,
            on_change=lambda: refresh(),
        )
        size = ui.label().classes("text-body2").props('data-testid="sim-fleet-size"')

        with ui.row().classes("w-full items-center gap-3"):
            model = ui.select(candidates, label=t("sim.add_model")).classes("min-w-80")
            model.props('outlined dense data-testid="sim-candidate"')
            # no min or precision: ui.number would clamp or round without a word
            count = ui.number(t("sim.add_count"), value=1)
            count.classes("w-28").props('outlined dense data-testid="sim-add-count"')
            home = ui.select(
                location_names,
                value=next(iter(initial.locations), None),
                label=t("sim.add_home"),
            ).classes("min-w-64")
            home.props('outlined dense data-testid="sim-add-home"')

            def add() -> None:
                if not model.value:
                    ui.notify(t("sim.pick_model"), type="warning")
                    return

                def apply(number: int) -> None:
                    if number < 1:  # adding none is no change; say so
                        label = t("sim.add_count")
                        params = {"low": "1", "value": str(number)}
                        text = message_text("min", label, params, current_language())
                        ui.notify(text, type="negative")
                        return
                    state["setup"] = with_candidate(
                        state["setup"],
                        dataset.vehicle(str(model.value)),
                        number,
                        home.value,
                    )

                _counted(count.value, apply)
                refresh()

            ui.button(t("sim.add"), icon="add", on_click=add).props(
                'outline data-testid="sim-add"'
            )

        ui.label(t("sim.settings")).classes("text-subtitle1 q-mt-sm")
        with ui.row().classes("w-full items-center gap-6"):
            shifts = ui.switch(t("sim.shifts"), value=initial.shifts)
            shifts.props('data-testid="sim-shifts"')
            pooling = ui.switch(
                t("sim.pooling"), value=initial.transfer_minutes is not None
            ).props('data-testid="sim-pooling"')
            transfer = ui.number(
                t("sim.transfer"),
                value=initial.transfer_minutes or 15,
                min=0,
                max=240,
                precision=0,
            ).classes("w-40")
            transfer.props("outlined dense").bind_visibility_from(pooling, "value")
            limit_km = ui.switch(t("sim.limit_km"), value=initial.limit_km)
            limit_km.props('data-testid="sim-limit-km"')
            time_limit = ui.number(
                t("sim.time_limit"), value=initial.time_limit_s, min=1, max=3600
            ).classes("w-40")
            time_limit.props("outlined dense")
            factors = ui.select(
                factor_choices(),
                value=initial.factors,
                label=t("sim.factors"),
            ).classes("min-w-48")
            factors.props('outlined dense data-testid="sim-factors"')
            ignore_meta = ui.switch(t("src.ignore_meta"), value=initial.ignore_meta)
            ignore_meta.props('data-testid="sim-ignore-meta"').tooltip(
                t("src.ignore_meta.help")
            )
            require_range = ui.switch(
                t("src.require_range"), value=initial.require_range
            )
            require_range.props('data-testid="sim-require-range"').tooltip(
                t("src.require_range.help")
            )

        def run() -> None:
            first, last = _day(start.value), _day(end.value)
            if first is None or last is None or last < first:
                ui.notify(t("sim.bad_dates"), type="negative")
                return
            if not locations.value:
                ui.notify(t("sim.pick_location"), type="negative")
                return
            setup = replace(
                state["setup"],
                start=first,
                end=last,
                shifts=bool(shifts.value),
                transfer_minutes=float(transfer.value or 0) if pooling.value else None,
                limit_km=bool(limit_km.value),
                time_limit_s=float(time_limit.value or 60),
                factors=str(factors.value or ""),
                ignore_meta=bool(ignore_meta.value),
                require_range=bool(require_range.value),
            )
            if fleet_size(setup)[1] == 0:
                ui.notify(t("sim.empty_fleet"), type="negative")
                return
            on_run(setup)

        if can_run:
            ui.button(t("sim.run"), icon="play_arrow", on_click=run).props(
                'data-testid="sim-run"'
            )
    refresh()
