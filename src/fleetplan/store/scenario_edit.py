"""Renaming saved scenarios and reading the few figures the list shows.

The list must not load each scenario's results (a driving book is megabytes), so
the figures are read with the database's JSON path functions (SQLite's
``json_extract``, PostgreSQL's ``#>>``), through SQLAlchemy's JSON index.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from fleetplan.store import audit
from fleetplan.store.audit import AuditAction
from fleetplan.store.database import session_scope
from fleetplan.store.scenario_save import (
    MAX_NAME_CHARS,
    ScenarioNameError,
    scenario_id_by_name,
)
from fleetplan.store.tables import ScenarioRow


@dataclass(frozen=True, slots=True)
class ScenarioFigures:
    """A scenario's headline figures; None where its results lack them."""

    start: str | None  # ISO times of the simulated period (end exclusive)
    end: str | None
    trips: int | None
    total_cost_dkk: float | None  # per year, simulated fleet
    current_cost_dkk: float | None  # per year, today's fleet
    co2e_t: float | None  # per year, simulated fleet

    @property
    def saving_dkk(self) -> float | None:
        if self.total_cost_dkk is None or self.current_cost_dkk is None:
            return None
        return self.current_cost_dkk - self.total_cost_dkk


def rename_scenario(engine: Engine, scenario_id: int, name: str) -> str:
    """Give scenario ``scenario_id`` the (trimmed) ``name``; returns it.

    Raises ``ScenarioNameError`` as saving does (empty, too long, taken by
    another scenario) and ``KeyError`` when there is no such scenario.
    """
    clean = " ".join(name.split())
    if not clean:
        raise ScenarioNameError("scen.name_empty", clean)
    if len(clean) > MAX_NAME_CHARS:
        raise ScenarioNameError("scen.name_long", clean)
    other = scenario_id_by_name(engine, clean)
    if other is not None and other != scenario_id:
        raise ScenarioNameError("scen.name_taken", clean)
    with session_scope(engine) as session:
        done = session.execute(
            update(ScenarioRow).where(ScenarioRow.id == scenario_id).values(name=clean)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise KeyError(scenario_id)
        detail = {"id": scenario_id}
        audit.record(session, AuditAction.SCENARIO_RENAME, clean, detail)
    return clean


def scenario_figures(engine: Engine) -> dict[int, ScenarioFigures]:
    """The list's figures of every scenario, by id."""
    results = ScenarioRow.results
    with session_scope(engine) as session:
        rows = session.execute(
            select(
                ScenarioRow.id,
                results[("period", "start")].as_string(),
                results[("period", "end")].as_string(),
                results["trips"].as_integer(),
                results[("simulated", "total_cost_dkk")].as_float(),
                results[("current", "total_cost_dkk")].as_float(),
                results[("simulated", "co2e_t")].as_float(),
            )
        ).all()
    return {int(row[0]): ScenarioFigures(*row[1:]) for row in rows}
