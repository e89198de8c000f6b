"""Pydantic request and response schemas of the API (separate from tables)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from fleetplan.api.security import Role


class Health(BaseModel):
    status: str
    version: str


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class Me(BaseModel):
    username: str
    role: Role
    csrf_token: str


class UserPublic(BaseModel):
    username: str
    role: Role
    active: bool
    has_password: bool


_CURRENT_PASSWORD = Field(
    default=None,
    max_length=256,
    description="The acting admin's own password; needed to create a user and "
    "to change a role or a password.",
)


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=64)
    role: Role
    password: str | None = Field(default=None, max_length=256)
    current_password: str | None = _CURRENT_PASSWORD


class UserUpdate(BaseModel):
    role: Role | None = None
    password: str | None = Field(default=None, max_length=256)
    active: bool | None = None
    current_password: str | None = _CURRENT_PASSWORD


class VehiclePublic(BaseModel):
    vehicle_id: str
    name: str
    vehicle_type: str
    fuel: str
    plate: str | None
    location_id: str | None
    department: str | None
    administration: str | None
    lease_type: str | None
    lease_end: str | None
    annual_cost_dkk: float | None
    is_candidate: bool
    # the register's category, else derived from type, seats and cargo volume
    category: str = ""
    cargo_m3: float | None = None


class LocationPublic(BaseModel):
    location_id: str
    name: str
    address: str | None
    lat: float | None
    lon: float | None
    parking_points: int


class JobStart(BaseModel):
    kind: str = Field(min_length=1, max_length=64)
    # each kind checks its own parameters; none takes more than about 20
    params: dict[str, Any] = Field(default_factory=dict, max_length=64)


class JobPublic(BaseModel):
    job_id: str
    kind: str
    owner: str
    state: str
    stage: str
    percent: float
    error: str | None = Field(description="A message key, e.g. job.no_home.")
    error_params: dict[str, str] = Field(default_factory=dict)
    error_message: str | None = None
    created_at: datetime = Field(description="UTC.")
    finished_at: datetime | None = Field(description="UTC.")


class JobResult(BaseModel):
    job_id: str
    state: str
    result: dict[str, Any] | None
