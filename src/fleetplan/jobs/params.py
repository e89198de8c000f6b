"""Typed parameters of each job kind (pydantic), so the API documents them.

Each model checks types and ranges; the kind's factory then checks what needs
the dataset (ids exist, homes, ranges). Values are strict (``"true"`` is not a
bool), as the hand-written checks were. A kind receives the fields the request
set (``model_dump(exclude_unset=True)``): ``factors`` given or not changes
which settings win over ``meta.json``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAX_PARAMS = 64
MAX_IDS = 2_000
Ids = Annotated[list[Annotated[str, Field(max_length=128)]], Field(max_length=MAX_IDS)]
Day = Annotated[str, Field(max_length=32, description="YYYY-MM-DD (or ISO time)")]
Counts = Annotated[dict[str, int], Field(max_length=MAX_IDS)]


class KindParams(BaseModel):
    """Common rules: no unknown parameter, and few of them."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _few(cls, data: Any) -> Any:
        if isinstance(data, dict) and len(data) > MAX_PARAMS:
            raise ValueError(f"at most {MAX_PARAMS} parameters, got {len(data)}.")
        return data


class DatasetSummaryParams(KindParams):
    """``dataset.summary`` takes no parameters."""


class ScopeParams(KindParams):
    start: Day | None = None
    end: Day | None = None
    locations: Ids | None = None
    factors: str | None = Field(None, max_length=128, description="factor set")
    limit_km: bool | None = None
    ignore_meta: bool | None = None
    require_range: bool | None = None


class SimulationParams(ScopeParams):
    """``simulate.current``: a fleet (today's by default) on the period's trips."""

    time_limit_s: float | None = Field(None, ge=1.0, le=3600.0)
    fleet: Counts | None = Field(
        None, description="{vehicle id or 'id@location': count}"
    )
    homes: dict[str, str] | None = Field(None, max_length=MAX_IDS)
    shifts: bool | None = None
    transfer_minutes: float | None = Field(None, ge=0.0, le=240.0)


class FleetSimulationParams(ScopeParams):
    """``simulate.fleet``: a chosen fleet (an optimised solution) on the trips."""

    fleet: Counts = Field(description="{vehicle id or 'id@location': count}")
    use_shifts: bool | None = None
    transfer_minutes: float | None = Field(None, ge=0.0)
    time_limit_s: float | None = Field(None, ge=0.1, le=600.0)
    source: Any = Field(None, description="free-form, returned as given")


class OptimiseJobParams(ScopeParams):
    """``optimise``: the best fleets at the weight and the cost–CO2e front."""

    candidates: Literal["all"] | Ids | None = None
    current: Literal["reduce", "free"] | None = None
    weight: float | None = Field(None, ge=0.0, le=10.0)
    max_unallocated: int | None = Field(None, ge=0)
    max_undriven_km: float | None = Field(None, ge=0.0)
    keep: Ids | None = None
    fossil_free_share_pct: float | None = Field(None, ge=0.0, le=100.0)
    max_new_vehicles: int | None = Field(None, ge=0)
    budget_dkk_per_year: float | None = Field(None, ge=0.0)
    use_shifts: bool | None = None
    transfer_minutes: float | None = Field(None, ge=0.0)
    co2e_basis: Literal["set", "ttw", "lifecycle"] | None = None
    time_limit_s: float | None = Field(None, ge=0.1, le=600.0)
    min_difference: int | None = Field(None, ge=1, description="fleets shown differ by")
    early_return: bool | Ids | None = Field(
        None, description="true: every lease may end early; or the vehicle ids"
    )
    termination_fee_dkk: dict[str, float] | None = Field(
        None, max_length=MAX_IDS, description="{vehicle id: one-off kr}"
    )


class ImportParams(KindParams):
    """``dataset.import``: an upload stored by the web app (pages only)."""

    upload_id: str = Field(max_length=64)
    dry_run: bool = True
    actor: str | None = Field(None, max_length=255, description="for the audit log")


class SummaryStart(BaseModel):
    kind: Literal["dataset.summary"]
    params: DatasetSummaryParams = Field(default_factory=DatasetSummaryParams)


class SimulationStart(BaseModel):
    kind: Literal["simulate.current"]
    params: SimulationParams = Field(default_factory=SimulationParams)


class FleetSimulationStart(BaseModel):
    kind: Literal["simulate.fleet"]
    params: FleetSimulationParams


class OptimiseStart(BaseModel):
    kind: Literal["optimise"]
    params: OptimiseJobParams = Field(default_factory=OptimiseJobParams)


# The body of ``POST /jobs``: one schema per kind, told apart by ``kind``.
JobStartBody = Annotated[
    SummaryStart | SimulationStart | FleetSimulationStart | OptimiseStart,
    Field(discriminator="kind"),
]

KIND_PARAMS: dict[str, type[KindParams]] = {
    "dataset.summary": DatasetSummaryParams,
    "simulate.current": SimulationParams,
    "simulate.fleet": FleetSimulationParams,
    "optimise": OptimiseJobParams,
    "dataset.import": ImportParams,
}


def checked_params(kind: str, raw: Any) -> dict[str, Any]:
    """The parameters as set, after the kind's model checked them (a pydantic
    ``ValidationError``, which is a ``ValueError``, when they are wrong)."""
    model = KIND_PARAMS.get(kind)
    if model is None:
        return dict(raw or {})
    return model.model_validate(raw or {}).model_dump(exclude_unset=True)
