"""Simulering's fleet editor: one row per model × location with −/+ and the
total, a search over model, location and vehicle ids, and the category filter
(the rules are in ``web.fleet_groups``). A read-only user sees it disabled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from fleetplan.web.fleet_groups import (
    FleetGroup,
    fleet_groups,
    matches,
    with_group_count,
)
from fleetplan.web.simulation_setup import SimulationSetup
from fleetplan.web.translate import t

COLUMNS = ("name", "category", "where", "vehicles", "count")
MAX_IDS_SHOWN = 8
PAGE_SIZE = 15

COUNT_SLOT = r"""
<q-td :props="props" class="text-right">
  <div class="row no-wrap items-center justify-end q-gutter-xs">
    <q-btn flat dense round icon="remove"
      :disable="!props.row.editable || props.row.count === 0"
      :data-testid="'minus-' + props.row.key"
      @click="() => $parent.$emit('step', {key: props.row.key, delta: -1})" />
    <q-input v-model.number="props.row.count" type="number" dense outlined
      debounce="400" style="max-width: 6em" input-class="text-right"
      :readonly="!props.row.editable" :data-testid="'count-' + props.row.key"
      @update:model-value="() => $parent.$emit('total',
        {key: props.row.key, count: props.row.count})" />
    <q-btn flat dense round icon="add" :disable="!props.row.editable"
      :data-testid="'plus-' + props.row.key"
      @click="() => $parent.$emit('step', {key: props.row.key, delta: 1})" />
  </div>
</q-td>
"""
NAME_SLOT = r"""
<q-td :props="props">
  {{ props.row.name }}
  <q-badge v-if="props.row.candidate" color="teal-7" class="q-ml-sm"
    :label="props.row.candidate_label" />
</q-td>
"""


def _ids(group: FleetGroup) -> str:
    ids = group.vehicle_ids
    if group.candidate:
        return ""
    shown = ", ".join(ids[:MAX_IDS_SHOWN])
    return shown + (
        f" … (+{len(ids) - MAX_IDS_SHOWN})" if len(ids) > MAX_IDS_SHOWN else ""
    )


def fleet_editor(
    state: dict[str, SimulationSetup],
    location_names: dict[str, str],
    current_ids: set[str],
    *,
    editable: bool,
    count_of: Callable[[Any], int | None],
    on_change: Callable[[], None],
) -> Callable[[], None]:
    """The editor; returns the function that redraws it from ``state``.

    ``count_of`` reads a typed total (None: refused, the message shown).
    """
    groups: dict[str, FleetGroup] = {}
    with ui.row().classes("w-full items-center gap-4"):
        search = ui.input(t("sim.fleet_search")).props(
            'clearable outlined dense data-testid="sim-fleet-search"'
        )
        search.classes("min-w-[18rem]")
        categories = sorted({r.category for r in state["setup"].rows})
        category = ui.select(
            {c: t(f"register.category.{c}") for c in categories},
            multiple=True,
            value=[],
            label=t("sim.filter.category"),
        ).classes("min-w-[16rem]")
        category.props('use-chips outlined dense data-testid="sim-filter-category"')

    def rows() -> list[dict[str, Any]]:
        groups.clear()
        chosen = set(category.value or ())
        out = []
        for group in fleet_groups(state["setup"]):
            if chosen and group.category not in chosen:
                continue
            if not matches(group, str(search.value or ""), location_names):
                continue
            groups[group.key] = group
            copy = group.candidate and group.rows[0].vehicle_id in current_ids
            out.append(
                {
                    "key": group.key,
                    "name": group.name,
                    "category": t(f"register.category.{group.category}")
                    if group.category
                    else "",
                    "where": location_names.get(group.where or "", t("sim.home_auto")),
                    "vehicles": _ids(group),
                    "count": group.count,
                    "candidate": group.candidate,
                    "candidate_label": t("sim.added_copy" if copy else "sim.candidate"),
                    "editable": editable,
                }
            )
        return out

    columns = [
        {"name": c, "label": t(f"sim.gcol.{c}"), "field": c, "align": "left"}
        for c in COLUMNS
    ]
    columns[-1]["align"] = "right"
    for column in columns[:-1]:
        column["sortable"] = True
    table = ui.table(rows=rows(), columns=columns, row_key="key", pagination=PAGE_SIZE)
    table.classes("w-full").props('dense flat bordered data-testid="sim-fleet"')
    table.add_slot("body-cell-count", COUNT_SLOT)
    table.add_slot("body-cell-name", NAME_SLOT)

    def redraw() -> None:
        table.rows = rows()
        table.update()

    def change(key: str, total: int) -> None:
        group = groups.get(key)
        if group is None or not editable:
            return
        state["setup"] = with_group_count(state["setup"], group, max(0, total))
        on_change()

    def step(event: Any) -> None:
        group = groups.get(str(event.args.get("key")))
        if group is not None:
            change(group.key, group.count + int(event.args.get("delta", 0)))

    def total(event: Any) -> None:
        count = count_of(event.args.get("count"))
        if count is None:
            redraw()  # a refused total shows the one kept
            return
        change(str(event.args.get("key")), count)

    table.on("step", step)
    table.on("total", total)
    search.on_value_change(redraw)
    category.on_value_change(redraw)
    return redraw
