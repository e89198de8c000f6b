"""Scenarios: a saved simulation or optimisation with its inputs and results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ScenarioKind(StrEnum):
    SIMULATION = "simulation"
    OPTIMISATION = "optimisation"


@dataclass(frozen=True, slots=True)
class Scenario:
    """Inputs and results are plain JSON-able mappings so they store and reopen as-is.

    ``factor_set_name`` records which factor set the run used.
    """

    name: str
    kind: ScenarioKind
    factor_set_name: str
    inputs: Mapping[str, Any]
    results: Mapping[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    scenario_id: int | None = None
