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
    # or, instead of auth_header/auth_value, a token from a login call:
    # [connectors.token_login]
    # path = "/oauth/token"
    # fields = { grant_type = "client_credentials", client_id = "env:ID",
    #            client_secret = "env:SECRET" }
    [connectors.fields]                  # our column = their field
    time = "ts"
    lat = "latitude"
    lon = "longitude"

Vendor connectors (``ingest/gps/vendors``) take ``type = "samsara"`` etc., their
secrets under ``[connectors.credentials]`` (``"env:NAME"`` reads the environment)
and vendor settings under ``[connectors.options]``. Every connector runs once a
day at ``daily_at`` (``HH:MM`` in ``timezone``) under ``fleetplan sync --due``.

Credentials stay in this file or the environment, never in the database or logs.
"""

from __future__ import annotations

import json
import os
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

ENV_CONNECTORS_FILE = "FLEETPLAN_CONNECTORS_FILE"
ConnectorType = Literal[
    "http_json",
    "mygeotab",
    "webfleet",
    "samsara",
    "skyhost",
    "fleetcomplete",
    "gamfleet",
    "mileagebook",
    "clevertrack",
]
CONNECTOR_TYPES: tuple[str, ...] = ConnectorType.__args__


class ConnectorError(RuntimeError):
    """A connector run failed; the message names the connector and what to check."""


class Connector(Protocol):
    """A source of GPS points or trips for the vehicles of one organisation.

    A vendor connector (``vendors.VendorConnector``) also has ``vehicles()``, the
    fleet system's metadata, and may have ``prepare(cursors)``, called once before
    ``fetch`` when the system gives all vehicles' data in one call.
    """

    name: str
    kind: Literal["points", "trips"]

    def list_vehicles(self) -> list[str]: ...

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        """Points (``POINT_SCHEMA``) or trips (``TRIP_SCHEMA``) after ``since``."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class TokenLoginConfig(BaseModel):
    """A token from a login call (OAuth2 client credentials and the like): POST
    ``fields`` (``"env:NAME"`` values read the environment) to ``path``; the
    answer's ``token_field`` goes in ``header`` after ``prefix`` and is renewed
    ``expires_field`` seconds later, or when the API answers 401."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(min_length=1)
    fields: dict[str, SecretStr] = Field(default_factory=dict)
    as_json: bool = False  # form-encoded by default, as OAuth2 wants
    token_field: str = "access_token"
    expires_field: str = "expires_in"
    header: str = "Authorization"
    prefix: str = "Bearer "


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
    type: ConnectorType = "http_json"
    kind: Literal["points", "trips"] = "points"
    base_url: str = ""  # a vendor connector has its vendor's default
    vehicles_path: str = "/vehicles"
    vehicles_key: str = "data"
    vehicle_id_field: str = "id"
    data_path: str = ""  # http_json only
    items_key: str = "data"
    since_param: str = "since"
    timeout_s: float = Field(default=30.0, gt=0)
    auth_header: str | None = None
    auth_value: str | None = Field(default=None, repr=False)
    paging: PagingConfig = Field(default_factory=PagingConfig)
    token_login: TokenLoginConfig | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    credentials: dict[str, SecretStr] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)
    daily_at: str = "02:00"
    timezone: str = "Europe/Copenhagen"
    enabled: bool = True
    rate_limit_per_s: float | None = Field(default=None, ge=0)
    max_attempts: int = Field(default=5, ge=1, le=20)
    backoff_s: float = Field(default=1.0, ge=0)
    retry_max_wait_s: float = Field(default=120.0, ge=0)

    @field_validator("daily_at")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit()) or not (
            0 <= int(hours) < 24 and 0 <= int(minutes) < 60 and len(minutes) == 2
        ):
            raise ValueError(f"daily_at must be HH:MM, got {value!r}")
        return f"{int(hours):02d}:{minutes}"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _generic_needs_path(self) -> ConnectorConfig:
        if self.type == "http_json" and not self.data_path:
            raise ValueError("an http_json connector needs data_path")
        return self

    def login_fields(self) -> dict[str, str]:
        """The token login's fields with ``env:NAME`` values read."""
        assert self.token_login is not None
        return {
            k: self._resolve(k, v.get_secret_value())
            for k, v in self.token_login.fields.items()
        }

    def _resolve(self, key: str, value: str) -> str:
        if not value.startswith("env:"):
            return value
        if value[4:] not in os.environ:
            raise ConnectorError(
                f"connector {self.name}: environment variable {value[4:]} with its "
                f"credential {key!r} is not set."
            )
        return os.environ[value[4:]]

    def secret(self, key: str) -> str:
        """Credential ``key``, reading ``env:NAME`` from the environment."""
        if key not in self.credentials:
            raise ConnectorError(
                f"connector {self.name}: credential {key!r} is missing; add it under "
                f'[connectors.credentials] ("env:NAME" reads the environment).'
            )
        return self._resolve(key, self.credentials[key].get_secret_value())

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
