"""Factor sets, scenarios and shift sets: saved and reopened as domain objects."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import Engine, delete, func, select

from fleetplan.domain import FactorSet, Scenario, ScenarioKind, Shift, ShiftSet
from fleetplan.store import audit
from fleetplan.store.audit import AuditAction
from fleetplan.store.database import session_scope
from fleetplan.store.scoped import SCOPED_OPTION, resolve_organisation
from fleetplan.store.tables import (
    Base,
    FactorSetRow,
    ScenarioRow,
    ShiftSetRow,
)


class NotFoundError(LookupError):
    """A named or numbered object is not in the database."""


def save_factor_set(engine: Engine, factor_set: FactorSet) -> None:
    """Insert the factor set, or replace the stored one of the same name."""
    with session_scope(engine) as session:
        row = session.scalars(
            select(FactorSetRow).where(FactorSetRow.name == factor_set.name)
        ).one_or_none()
        if row is None:
            row = FactorSetRow(name=factor_set.name)
            session.add(row)
        row.valid_from = factor_set.valid_from
        row.payload = factor_set.to_dict()


def load_factor_set(engine: Engine, name: str) -> FactorSet:
    with session_scope(engine) as session:
        payload = session.scalars(
            select(FactorSetRow.payload).where(FactorSetRow.name == name)
        ).one_or_none()
    if payload is None:
        raise NotFoundError(f"factor set {name!r} is not in the database.")
    return FactorSet.from_dict(payload)


def list_factor_sets(engine: Engine) -> list[FactorSet]:
    """Every stored factor set, newest ``valid_from`` first."""
    with session_scope(engine) as session:
        payloads = session.scalars(
            select(FactorSetRow.payload).order_by(
                FactorSetRow.valid_from.desc(), FactorSetRow.name
            )
        ).all()
    return [FactorSet.from_dict(p) for p in payloads]


def save_scenario(engine: Engine, scenario: Scenario) -> int:
    """Store a scenario and return its id (a scenario with an id is overwritten)."""
    with session_scope(engine) as session:
        row = None
        if scenario.scenario_id is not None:
            row = session.get(ScenarioRow, scenario.scenario_id)
        if row is None:
            row = ScenarioRow()
            session.add(row)
        row.name = scenario.name
        row.kind = ScenarioKind(scenario.kind).value
        row.factor_set_name = scenario.factor_set_name
        row.inputs = dict(scenario.inputs)
        row.results = dict(scenario.results)
        row.created_at = scenario.created_at or datetime.now().replace(microsecond=0)
        session.flush()
        return row.id


def _scenario(row: ScenarioRow) -> Scenario:
    return Scenario(
        name=row.name,
        kind=ScenarioKind(row.kind),
        factor_set_name=row.factor_set_name,
        inputs=row.inputs,
        results=row.results,
        created_at=row.created_at,
        scenario_id=row.id,
    )


def load_scenario(engine: Engine, scenario_id: int) -> Scenario:
    with session_scope(engine) as session:
        row = session.get(ScenarioRow, scenario_id)
        if row is None:
            raise NotFoundError(f"scenario {scenario_id} is not in the database.")
        return _scenario(row)


def list_scenarios(engine: Engine) -> list[Scenario]:
    """Every stored scenario, newest first."""
    with session_scope(engine) as session:
        rows = session.scalars(
            select(ScenarioRow).order_by(
                ScenarioRow.created_at.desc(), ScenarioRow.id.desc()
            )
        ).all()
        return [_scenario(row) for row in rows]


def delete_scenario(engine: Engine, scenario_id: int) -> None:
    with session_scope(engine) as session:
        name = session.scalar(
            select(ScenarioRow.name).where(ScenarioRow.id == scenario_id)
        )
        session.execute(delete(ScenarioRow).where(ScenarioRow.id == scenario_id))
        if name is not None:
            detail = {"id": scenario_id}
            audit.record(session, AuditAction.SCENARIO_DELETE, name, detail)


def _hhmm(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def save_shift_sets(engine: Engine, shift_sets: list[ShiftSet]) -> None:
    """Replace the stored shift sets with these."""
    with session_scope(engine) as session:
        session.execute(delete(ShiftSetRow))
        for shift_set in shift_sets:
            session.add(
                ShiftSetRow(
                    location_id=shift_set.location_id,
                    shifts=[
                        {
                            "start": _hhmm(s.start),
                            "end": _hhmm(s.end),
                            "break": _hhmm(s.break_at),
                        }
                        for s in shift_set.shifts
                    ],
                )
            )


def load_shift_sets(engine: Engine) -> list[ShiftSet]:
    with session_scope(engine) as session:
        rows = session.scalars(select(ShiftSetRow).order_by(ShiftSetRow.id)).all()
        return [
            ShiftSet(
                shifts=tuple(
                    Shift(
                        start=time.fromisoformat(s["start"]),
                        end=time.fromisoformat(s["end"]),
                        break_at=time.fromisoformat(s["break"]) if s["break"] else None,
                    )
                    for s in row.shifts
                ),
                location_id=row.location_id,
            )
            for row in rows
        ]


def table_counts(engine: Engine) -> dict[str, int]:
    """Number of rows in every table, by table name: the organisation's rows of
    the tables of a fleet, every row of the others."""
    counts = {}
    with engine.connect() as connection:
        for name, table in sorted(Base.metadata.tables.items()):
            stmt = select(func.count()).select_from(table)
            if "organisation_id" in table.c and name != "users":
                org_id = resolve_organisation(connection)
                stmt = stmt.where(table.c.organisation_id == org_id).execution_options(
                    **{SCOPED_OPTION: True}  # filtered by hand, just above
                )
            counts[name] = connection.execute(stmt).scalar_one()
    return counts
