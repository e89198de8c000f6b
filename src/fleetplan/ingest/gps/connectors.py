"""Connectors to fleet-management systems and their configuration file.

A connector lists vehicles and fetches points or trips since a time. Connectors
are configured per organisation in a TOML or JSON file named by the environment
variable ``FLEETPLAN_CONNECTORS_FILE``::

    [[connectors]]
    name = "fleetco-ballerup"
    organisation = "Ballerup Kommune"
    type = "http_json"
    kind = "points"                      # or "trips"
    base_url = "https://api.fleetco.example/v2"
    vehicles_path = "/vehicles"
    vehicles_key = "data"                # where the list is in the response
    vehicle_id_field = "id"
    data_path = "/vehicles/{vehicle_id}/positions"
    items_key = "data"
    since_param = "from"
    timeout_s = 30
    auth_header = "Authorization"
    auth_value = "env:FLEETCO_TOKEN"     # "env:NAME" reads the environment
    [connectors.paging]
    mode = "token"                       # "none", "token" or "page"
    token_key = "next"                   # response key holding the next token
    token_param = "page_token"
    [connectors.fields]                  # our column = their field
    time = "ts"
    lat = "latitude"
    lon = "longitude"

Credentials stay in this file or the environment, never in the database.
"""

from __future__ import annotations

import json
import os
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError

ENV_CONNECTORS_FILE = "FLEETPLAN_CONNECTORS_FILE"


class ConnectorError(RuntimeError):
    """A connector run failed; the message names the connector and what to check."""


class Connector(Protocol):
    """A source of GPS points or trips for the vehicles of one organisation."""

    name: str
    kind: Literal["points", "trips"]

    def list_vehicles(self) -> list[str]: ...

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        """Points (``POINT_SCHEMA``) or trips (``TRIP_SCHEMA``) after ``since``."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class PagingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["none", "token", "page"] = "none"
    token_key: str = "next"
    token_param: str = "page_token"
    page_param: str = "page"
    first_page: int = 1
    max_pages: int = Field(default=10_000, gt=0)


class ConnectorConfig(BaseModel):
    """One configured connector (see the module docstring for the file format)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    organisation: str = ""
    type: Literal["http_json"] = "http_json"
    kind: Literal["points", "trips"] = "points"
    base_url: str
    vehicles_path: str = "/vehicles"
    vehicles_key: str = "data"
    vehicle_id_field: str = "id"
    data_path: str
    items_key: str = "data"
    since_param: str = "since"
    timeout_s: float = Field(default=30.0, gt=0)
    auth_header: str | None = None
    auth_value: str | None = None
    paging: PagingConfig = Field(default_factory=PagingConfig)
    fields: dict[str, str] = Field(default_factory=dict)

    def credential(self) -> str | None:
        """The auth header value, reading ``env:NAME`` from the environment."""
        value = self.auth_value
        if value is None or not value.startswith("env:"):
            return value
        env_name = value[4:]
        if env_name not in os.environ:
            raise ConnectorError(
                f"connector {self.name}: environment variable {env_name} with its "
                f"credential is not set."
            )
        return os.environ[env_name]


def load_connector_configs(path: Path | None = None) -> list[ConnectorConfig]:
    """Connectors from ``path`` or the file named by ``FLEETPLAN_CONNECTORS_FILE``;
    none when neither is given."""
    if path is None:
        env = os.environ.get(ENV_CONNECTORS_FILE)
        if not env:
            return []
        path = Path(env)
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:
        raise ConnectorError(f"{path}: cannot read the connector file: {exc}") from exc
    entries = raw.get("connectors", []) if isinstance(raw, dict) else raw
    configs: list[ConnectorConfig] = []
    for k, entry in enumerate(entries, start=1):
        try:
            configs.append(ConnectorConfig.model_validate(entry))
        except ValidationError as exc:
            raise ConnectorError(f"{path}: connector {k} is invalid: {exc}") from exc
    names = [c.name for c in configs]
    if len(set(names)) != len(names):
        raise ConnectorError(f"{path}: connector names must be unique, got {names}.")
    return configs
