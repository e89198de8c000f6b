"""A table of saved scenarios, newest first: name, kind, factor set, created, and
the figures that tell them apart (period, trips, yearly cost, saving, CO2e);
for editors a rename and a delete (with confirmation) per row."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from fleetplan.domain import Scenario
from fleetplan.store.scenario_edit import ScenarioFigures
from fleetplan.texts.numbers import format_date, format_moment, format_number
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.plain_table import plain_table
from fleetplan.web.translate import current_language, t, translate

COLUMNS = (
    "name",
    "kind",
    "factors",
    "created",
    "period",
    "trips",
    "total_cost",
    "saving",
    "co2e_t",
)
REOPEN_SLOT = r"""
<q-td :props="props">
  <a :href="'/simulation?scenario=' + props.row.id" class="text-teal-9"
     :data-testid="'reopen-' + props.row.id">{{ props.row.reopen }}</a>
</q-td>
"""
MANAGE_SLOT = r"""
<q-td :props="props">
  <q-btn flat dense round icon="edit" :data-testid="'rename-' + props.row.id"
    @click="() => $parent.$emit('rename', props.row.id)" />
  <q-btn flat dense round icon="delete" color="negative"
    :data-testid="'delete-' + props.row.id"
    @click="() => $parent.$emit('delete', props.row.id)" />
</q-td>
"""


def figures_from_results(results: Mapping[str, Any]) -> ScenarioFigures:
    """The list's figures of a loaded scenario (the database reads them itself)."""
    period = results.get("period") or {}
    simulated = results.get("simulated") or {}
    current = results.get("current") or {}
    return ScenarioFigures(
        period.get("start"),
        period.get("end"),
        results.get("trips"),
        simulated.get("total_cost_dkk"),
        current.get("total_cost_dkk"),
        simulated.get("co2e_t"),
    )


def period_text(start: str | None, end: str | None, language: str) -> str:
    """ "01.05.2026 – 31.05.2026" of a result's period (its end is exclusive)."""
    if not start or not end:
        return ""
    last = datetime.fromisoformat(end) - timedelta(microseconds=1)
    first = datetime.fromisoformat(start)
    return f"{format_date(first, language)} – {format_date(last, language)}"


def _number(value: float | None, decimals: int, language: str) -> str:
    return "" if value is None else format_number(value, decimals, language)


def _cells(s: Scenario, f: ScenarioFigures | None, language: str) -> list[str]:
    f = f or figures_from_results(s.results)
    return [
        s.name,
        translate(language, f"scen.kind.{s.kind.value}"),
        s.factor_set_name,
        format_moment(s.created_at, language) if s.created_at else "",
        period_text(f.start, f.end, language),
        _number(f.trips, 0, language),
        _number(f.total_cost_dkk, 0, language),
        _number(f.saving_dkk, 0, language),
        _number(f.co2e_t, 1, language),
    ]


def scenarios_xlsx(
    scenarios: Sequence[Scenario],
    language: str,
    figures: Mapping[int, ScenarioFigures] | None = None,
) -> bytes:
    figures = figures or {}
    return rows_to_xlsx(
        translate(language, "scen.sheet"),
        [translate(language, f"scen.col.{c}") for c in COLUMNS],
        [_cells(s, figures.get(s.scenario_id or -1), language) for s in scenarios],
    )


def scenario_table(
    scenarios: Sequence[Scenario],
    *,
    reopen: bool = False,
    figures: Mapping[int, ScenarioFigures] | None = None,
    on_rename: Callable[[int], None] | None = None,
    on_delete: Callable[[int], None] | None = None,
) -> None:
    """The table; with ``reopen`` each row links to Simulering with its setup,
    with ``on_rename``/``on_delete`` each row has the two buttons."""
    language = current_language()
    figures = figures or {}
    rows: list[dict[str, Any]] = []
    for index, s in enumerate(scenarios):
        cells = _cells(s, figures.get(s.scenario_id or -1), language)
        row: dict[str, Any] = dict(zip(COLUMNS, cells, strict=True))
        row["id"] = s.scenario_id if s.scenario_id is not None else index
        row["reopen"] = t("scen.reopen")
        rows.append(row)
    manage = on_rename is not None and on_delete is not None
    names = (
        *COLUMNS,
        *(("reopen",) if reopen else ()),
        *(("manage",) if manage else ()),
    )
    columns = [
        {"name": c, "label": t(f"scen.col.{c}"), "field": c, "align": "left"}
        for c in names
    ]
    table = plain_table(rows, columns, "id").classes("w-full")
    table.props('dense flat bordered data-testid="scenario-table"')
    if reopen:
        table.add_slot("body-cell-reopen", REOPEN_SLOT)
    if manage:
        assert on_rename is not None and on_delete is not None
        table.add_slot("body-cell-manage", MANAGE_SLOT)
        table.on("rename", lambda e: on_rename(int(e.args)))
        table.on("delete", lambda e: on_delete(int(e.args)))
