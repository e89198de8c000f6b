"""``GET /connectors``: each fleet-system connector's daily schedule and last
run (its settings without credentials; counts only, never a position)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel

from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.api.errors import SERVICE_UNAVAILABLE
from fleetplan.api.routes.fleet import register_of
from fleetplan.ingest.gps.connectors import ConnectorError

router = APIRouter(
    prefix="/connectors",
    tags=["connectors"],
    dependencies=[CanRead],
    responses=SERVICE_UNAVAILABLE,
)


class ConnectorOut(BaseModel):
    name: str
    type: str
    organisation: str
    enabled: bool
    daily_at: str  # HH:MM in ``timezone``
    timezone: str
    next_run_at: datetime | None  # wall-clock time in ``timezone``
    running: bool
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    roundtrips_added: int
    last_summary: dict[str, Any] | None


@router.get("")
def list_connectors(services: ServicesDep) -> list[ConnectorOut]:
    """Every configured connector: when it runs next, whether it runs now, and
    what its last run did."""
    try:
        statuses = register_of(services).connector_statuses()
    except ConnectorError as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "The connector file cannot be read; run fleetplan connector list.",
        ) from exc
    return [ConnectorOut(**s.as_dict()) for s in statuses]
