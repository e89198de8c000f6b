"""A table of saved scenarios (name, kind, factor set, created), newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nicegui import ui

from fleetplan.domain import Scenario
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.numbers import format_moment
from fleetplan.web.translate import current_language, t, translate

COLUMNS = ("name", "kind", "factors", "created")
REOPEN_SLOT = r"""
<q-td :props="props">
  <a :href="'/simulation?scenario=' + props.row.id" class="text-teal-9"
     :data-testid="'reopen-' + props.row.id">{{ props.row.reopen }}</a>
</q-td>
"""


def _cells(s: Scenario, language: str) -> list[str]:
    return [
        s.name,
        translate(language, f"scen.kind.{s.kind.value}"),
        s.factor_set_name,
        format_moment(s.created_at, language) if s.created_at else "",
    ]


def scenarios_xlsx(scenarios: Sequence[Scenario], language: str) -> bytes:
    return rows_to_xlsx(
        translate(language, "scen.sheet"),
        [translate(language, f"scen.col.{c}") for c in COLUMNS],
        [_cells(s, language) for s in scenarios],
    )


def scenario_table(scenarios: Sequence[Scenario], *, reopen: bool = False) -> None:
    """The table; with ``reopen`` each row links to Simulering with its setup."""
    language = current_language()
    rows: list[dict[str, Any]] = []
    for index, s in enumerate(scenarios):
        row: dict[str, Any] = dict(zip(COLUMNS, _cells(s, language), strict=True))
        row["id"] = s.scenario_id if s.scenario_id is not None else index
        row["reopen"] = t("scen.reopen")
        rows.append(row)
    names = (*COLUMNS, "reopen") if reopen else COLUMNS
    columns = [
        {"name": c, "label": t(f"scen.col.{c}"), "field": c, "align": "left"}
        for c in names
    ]
    table = ui.table(rows=rows, columns=columns, row_key="id").classes("w-full")
    table.props('dense flat bordered data-testid="scenario-table"')
    if reopen:
        table.add_slot("body-cell-reopen", REOPEN_SLOT)
