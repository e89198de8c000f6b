"""``GET /health``: is the process up (public, no data)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from fleetplan.api.schemas import Health

router = APIRouter(prefix="/health", tags=["health"])


@router.get("")
def health() -> Health:
    try:
        package_version = version("fleetplan")
    except PackageNotFoundError:
        package_version = "unknown"
    return Health(status="ok", version=package_version)
