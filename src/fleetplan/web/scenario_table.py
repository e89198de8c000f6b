"""A table of saved scenarios (name, kind, factor set, created), newest first."""

from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui

from fleetplan.domain import Scenario
from fleetplan.web.translate import t

COLUMNS = ("name", "kind", "factors", "created")


def scenario_table(scenarios: Sequence[Scenario]) -> None:
    rows = [
        {
            "id": s.scenario_id if s.scenario_id is not None else index,
            "name": s.name,
            "kind": t(f"scen.kind.{s.kind.value}"),
            "factors": s.factor_set_name,
            "created": f"{s.created_at:%Y-%m-%d %H:%M}" if s.created_at else "",
        }
        for index, s in enumerate(scenarios)
    ]
    columns = [
        {"name": c, "label": t(f"scen.col.{c}"), "field": c, "align": "left"}
        for c in COLUMNS
    ]
    ui.table(rows=rows, columns=columns, row_key="id").classes("w-full").props(
        'dense flat bordered data-testid="scenario-table"'
    )
