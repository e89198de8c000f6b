"""The register's settings a GPS ingest reads from the dataset meta: apart from
``settings_edit`` (which writes them) because that module loads the field rules'
pydantic models and the economics, a third of a header-only ingest's start."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fleetplan.domain.fleet_today import REGISTER_META_KEY


def home_radii(meta: Mapping[str, Any]) -> dict[str, float]:
    """The home radius registered per location id (others use the default)."""
    block = meta.get(REGISTER_META_KEY)
    raw = block.get("home_radius_m") if isinstance(block, Mapping) else None
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): float(v) for k, v in raw.items()}
