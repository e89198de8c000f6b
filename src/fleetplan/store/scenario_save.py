"""Saving a named scenario from the app and listing scenarios without their results.

``catalog_repo`` stores and loads scenarios; this adds what the Simulering and
Scenarier pages need on top: a name check (named scenarios must be told apart
when they are reopened and compared) and a light list that does not read every
scenario's inputs and results (a result with its driving book is megabytes).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine, select

from fleetplan.domain import Scenario, ScenarioKind
from fleetplan.store import audit
from fleetplan.store.audit import AuditAction
from fleetplan.store.catalog_repo import save_scenario
from fleetplan.store.database import session_scope
from fleetplan.store.tables import ScenarioRow

MAX_NAME_CHARS = 120


class ScenarioNameError(ValueError):
    """A scenario name the user must change; ``code`` is a catalogue key."""

    def __init__(self, code: str, name: str) -> None:
        super().__init__(f"{code}: {name!r}")
        self.code = code
        self.name = name


def scenario_id_by_name(engine: Engine, name: str) -> int | None:
    with session_scope(engine) as session:
        return session.scalars(
            select(ScenarioRow.id).where(ScenarioRow.name == name)
        ).first()


def save_named_scenario(
    engine: Engine, scenario: Scenario, *, replace_existing: bool = False
) -> int:
    """Store ``scenario`` under its (trimmed) name and return its id.

    Raises ``ScenarioNameError`` with ``scen.name_empty``, ``scen.name_long`` or,
    unless ``replace_existing`` is set, ``scen.name_taken``; a replaced scenario
    keeps its id.
    """
    name = " ".join(scenario.name.split())
    if not name:
        raise ScenarioNameError("scen.name_empty", name)
    if len(name) > MAX_NAME_CHARS:
        raise ScenarioNameError("scen.name_long", name)
    existing = scenario_id_by_name(engine, name)
    if existing is not None and not replace_existing:
        raise ScenarioNameError("scen.name_taken", name)
    saved = save_scenario(
        engine, replace(scenario, name=name, scenario_id=existing, created_at=None)
    )
    detail = {"id": saved, "kind": str(scenario.kind), "replaced": existing is not None}
    audit.record(engine, AuditAction.SCENARIO_SAVE, name, detail)
    return saved


def scenario_headers(engine: Engine) -> list[Scenario]:
    """Every scenario's id, name, kind, factor set and time, newest first; inputs
    and results are left empty (load one with ``load_scenario``)."""
    with session_scope(engine) as session:
        rows = session.execute(
            select(
                ScenarioRow.id,
                ScenarioRow.name,
                ScenarioRow.kind,
                ScenarioRow.factor_set_name,
                ScenarioRow.created_at,
            ).order_by(ScenarioRow.created_at.desc(), ScenarioRow.id.desc())
        ).all()
    return [
        Scenario(
            name=name,
            kind=ScenarioKind(kind),
            factor_set_name=factors,
            inputs={},
            created_at=created,
            scenario_id=sid,
        )
        for sid, name, kind, factors, created in rows
    ]
