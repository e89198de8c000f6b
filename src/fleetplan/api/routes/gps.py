"""``GET /gps/runs``: each GPS file source's and connector's last ingest run, with
its summary (counts, codes and settings; never a position)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.api.errors import SERVICE_UNAVAILABLE
from fleetplan.api.routes.fleet import register_of

router = APIRouter(
    prefix="/gps", tags=["gps"], dependencies=[CanRead], responses=SERVICE_UNAVAILABLE
)


class GpsRunError(BaseModel):
    """``code`` is a catalogue key (``gps.err.<code>``) with its ``params``."""

    code: str
    params: dict[str, Any]
    message: str


class GpsRun(BaseModel):
    source: str
    ok: bool
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    roundtrips_added: int
    error: GpsRunError | None
    summary: dict[str, Any] | None


@router.get("/runs")
def gps_runs(services: ServicesDep) -> list[GpsRun]:
    """The last run of every source: read, dropped by reason, roundtrips added and
    updated, vehicles skipped and why, the radius and thresholds used."""
    out: list[GpsRun] = []
    for status in register_of(services).sync_statuses():
        summary = status.summary or {}
        error = summary.get("error")
        if error is None and status.last_error is not None:
            error = {"code": "failed", "params": {}, "message": status.last_error}
        out.append(
            GpsRun(
                source=status.connector,
                ok=status.last_error is None,
                last_attempt_at=status.last_attempt_at,
                last_success_at=status.last_success_at,
                roundtrips_added=status.rows_added,
                error=None if error is None else GpsRunError(**error),
                summary=status.summary,
            )
        )
    return out
