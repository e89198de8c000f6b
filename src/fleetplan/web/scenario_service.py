"""Where the Simulering and Scenarier pages save, list and reopen scenarios.

``build_services`` binds the app's database engine here (``bind_scenario_store``);
``AppServices`` carries only a list function, and saving needs the engine.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from fleetplan.domain import Scenario, ScenarioKind
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME
from fleetplan.store import NotFoundError, load_scenario
from fleetplan.store.scenario_save import save_named_scenario, scenario_headers

_engine: Engine | None = None


def bind_scenario_store(engine: Engine | None) -> None:
    """Use ``engine`` for scenarios in this process (None unbinds)."""
    global _engine
    _engine = engine


def scenario_store_bound() -> bool:
    return _engine is not None


def _bound() -> Engine:
    if _engine is None:
        raise RuntimeError("no database bound for scenarios (bind_scenario_store).")
    return _engine


def save_result(name: str, result: dict[str, Any], *, replace: bool = False) -> int:
    """Store a simulation result with the setup it ran with and its factor set.

    Raises ``ScenarioNameError`` when the name is empty, too long or taken.
    """
    scenario = Scenario(
        name=name,
        kind=ScenarioKind.SIMULATION,
        factor_set_name=str(result.get("factors") or DEFAULT_FACTOR_SET_NAME),
        inputs=dict(result.get("setup") or {}),
        results=result,
    )
    return save_named_scenario(_bound(), scenario, replace_existing=replace)


def open_scenario(scenario_id: int) -> Scenario | None:
    try:
        return load_scenario(_bound(), scenario_id)
    except NotFoundError:
        return None


def list_headers() -> list[Scenario]:
    """Every scenario without inputs and results, newest first."""
    return scenario_headers(_bound())


def rename(scenario_id: int, name: str) -> str:
    """Rename a scenario (``ScenarioNameError`` as saving; ``KeyError``: gone)."""
    from fleetplan.store.scenario_edit import rename_scenario

    return rename_scenario(_bound(), scenario_id, name)


def delete(scenario_id: int) -> None:
    from fleetplan.store import delete_scenario

    delete_scenario(_bound(), scenario_id)


def list_figures() -> dict[int, Any]:
    """Every scenario's list figures by id (``store.scenario_edit``)."""
    from fleetplan.store.scenario_edit import scenario_figures

    return scenario_figures(_bound())
